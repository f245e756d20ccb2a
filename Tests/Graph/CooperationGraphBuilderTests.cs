using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Graph.Support;
using Xunit;

namespace KerjasamaGraph.Tests.Graph;

public sealed class CooperationGraphBuilderTests
{
    private static readonly Scenario Scenario = GraphScenarios.Jambi();

    [Fact]
    public void Borders_layer_is_undirected_with_every_region_and_no_partner()
    {
        var g = CooperationGraphBuilder.Build(Scenario, new CooperationGraphOptions { Layer = GraphLayer.Borders });
        Assert.False(g.Directed);
        Assert.Equal(["kota-jambi", "muaro-jambi", "batanghari", "tanjabtim", "kerinci"], g.Nodes.Select(n => n.Id));
        Assert.Equal(4, g.EdgeCount);
        Assert.Equal(42.5, g.FindEdge("muaro-jambi", "kota-jambi")!.Attributes["border_km"]);
        Assert.False(g.FindEdge("muaro-jambi", "tanjabtim")!.Attributes.ContainsKey("border_km"));
        // A missing length counts 1 as a weight, NetworkX's default for a missing attribute.
        Assert.Equal(1.0, g.FindEdge("muaro-jambi", "tanjabtim")!.Numeric("border_km"));
    }

    [Fact]
    public void Shared_service_becomes_a_clique_by_default_and_a_star_on_request()
    {
        var only = new HashSet<AgreementType> { AgreementType.SharedService };
        var clique = CooperationGraphBuilder.Build(Scenario, new CooperationGraphOptions { Layer = GraphLayer.Agreements, Types = only });
        Assert.False(clique.Directed);
        Assert.Equal(3, clique.EdgeCount);
        Assert.NotNull(clique.FindEdge("muaro-jambi", "batanghari"));

        var star = CooperationGraphBuilder.Build(Scenario, new CooperationGraphOptions { Layer = GraphLayer.Agreements, Types = only, SharedService = SharedServiceExpansion.Star });
        Assert.Equal(2, star.EdgeCount);
        Assert.Null(star.FindEdge("muaro-jambi", "batanghari"));
        Assert.NotNull(star.FindEdge("batanghari", "kota-jambi"));
    }

    [Fact]
    public void Directed_types_alone_give_a_directed_graph_from_source_to_recipient()
    {
        var g = CooperationGraphBuilder.Build(Scenario, new CooperationGraphOptions
        {
            Layer = GraphLayer.Agreements,
            Types = new HashSet<AgreementType> { AgreementType.Knowledge, AgreementType.Funding, AgreementType.FoodSupply },
        });
        Assert.True(g.Directed);
        Assert.Equal(3, g.EdgeCount);
        var food = g.FindEdge("kerinci", "kota-jambi")!;
        Assert.Equal("kerinci", food.Source);
        Assert.Null(g.FindEdge("kota-jambi", "kerinci"));
        Assert.Equal(2.5e9, g.FindEdge("jica", "tanjabtim")!.Attributes["amount"]);
        // Partners appear only when party to an included agreement.
        Assert.True(g.ContainsNode("itb"));
        Assert.False(g.ContainsNode("unused"));
    }

    [Fact]
    public void All_layer_merges_borders_and_agreements_into_one_undirected_edge()
    {
        var g = CooperationGraphBuilder.Build(Scenario);
        Assert.False(g.Directed);
        var e = g.FindEdge("kota-jambi", "muaro-jambi")!;
        Assert.Equal(["border", "shared_service"], e.Kinds);
        Assert.Equal(2L, e.Attributes["relations"]);
        Assert.Equal(1L, e.Attributes["agreements"]);
        Assert.Equal("ss-waste", e.Attributes["agreement_ids"]);
        Assert.Equal("border;shared_service", e.Kind);
    }

    [Fact]
    public void Active_agreements_filter_keeps_the_node_set()
    {
        var all = CooperationGraphBuilder.Build(Scenario);
        var some = CooperationGraphBuilder.Build(Scenario, new CooperationGraphOptions { ActiveAgreements = new Dictionary<string, double> { ["food-1"] = 0.75 } });
        Assert.Equal(all.Nodes.Select(n => n.Id), some.Nodes.Select(n => n.Id));
        Assert.Equal(["border"], some.FindEdge("muaro-jambi", "batanghari")!.Kinds); // the shared service is not active
        Assert.Null(some.FindEdge("kota-jambi", "batanghari"));
        Assert.Equal(0.75, some.FindEdge("kerinci", "kota-jambi")!.Attributes["active_share"]);
    }

    [Fact]
    public void Unknown_party_is_reported_with_the_agreement()
    {
        var bad = Scenario with { Agreements = [new Agreement { Id = "x-1", Type = AgreementType.Knowledge, Parties = ["nowhere", "kerinci"] }] };
        var e = Assert.Throws<GraphInputException>(() => CooperationGraphBuilder.Build(bad));
        Assert.Equal("agreement x-1: unknown region or partner 'nowhere'", e.Message);
    }
}
