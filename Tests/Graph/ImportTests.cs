using System.Text;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Export;
using KerjasamaGraph.Model.Graph.Import;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Graph.Support;
using Xunit;

namespace KerjasamaGraph.Tests.Graph;

public sealed class ImportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kg-import-");

    public void Dispose() => _dir.Delete(true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        System.IO.File.WriteAllText(path, text.Replace("\r", ""), new UTF8Encoding(false));
        return path;
    }

    [Theory]
    [InlineData("graphml")]
    [InlineData("csv")]
    public void Our_export_imports_back_to_a_valid_scenario_with_the_same_network(string format)
    {
        var source = GraphScenarios.Jambi();
        var graph = CooperationGraphBuilder.Build(source);
        var path = ExportRoundTripTests.Write(graph, format, Path.Combine(_dir.FullName, "jambi." + format));
        var network = format == "graphml" ? GraphMLReader.Read(path) : CsvNetworkReader.Read(path);
        var scenario = ScenarioImporter.Import(network, ImportMapping.Parse(["start=2023-01", "months=12"]));

        var loaded = ScenarioLoader.LoadText(ScenarioYamlWriter.ToYaml(scenario), "imported.yaml");
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        var s = loaded.Scenario!;
        Assert.Equal(source.Regions.Select(r => r.Id), s.Regions.Select(r => r.Id));
        Assert.Equal(source.Regions.Select(r => r.Population), s.Regions.Select(r => r.Population));
        Assert.Equal(["itb", "jica"], s.Partners.Select(p => p.Id).Order());
        Assert.Equal(source.Neighbours.Count, s.Neighbours.Count);
        Assert.Equal(42.5, s.Neighbours.Single(n => n.A == "kota-jambi" || n.B == "kota-jambi").BorderKm);
        // The three-member shared service comes back as one agreement (its clique is one connected group).
        var ss = s.Agreements.Single(a => a.Type == AgreementType.SharedService);
        Assert.Equal("ss-waste", ss.Id);
        Assert.Equal(["kota-jambi", "muaro-jambi", "batanghari"], ss.Parties);
        Assert.Equal(2.5e9, s.Agreements.Single(a => a.Type == AgreementType.Funding).Amount);
        // The same graph again.
        var again = CooperationGraphBuilder.Build(s);
        Assert.Equal(graph.EdgeCount, again.EdgeCount);
        foreach (var e in graph.Edges) Assert.Equal(e.Kinds, again.FindEdge(e.Source, e.Target)!.Kinds);
    }

    [Fact]
    public void Csv_with_a_mapping_of_foreign_column_names()
    {
        File("net.nodes.csv", """
            Id,Label,tipe,penduduk
            a,Kota A,kota,1000
            b,Kab B,kabupaten,2500.5
            p,Donor P,donor,
            """);
        var edges = File("net.edges.csv", """
            Source,Target,Type,jenis,panjang
            a,b,Undirected,batas,12.5
            p,b,Undirected,hibah,
            """);
        var map = ImportMapping.Parse(["node.kind=tipe,node.population=penduduk", "kind.batas=border", "kind.hibah=knowledge", "edge.border_km=panjang", "edge.kind=jenis"]);
        var s = ScenarioImporter.Import(CsvNetworkReader.Read(edges), map);
        Assert.Equal([RegionKind.Kota, RegionKind.Kabupaten], s.Regions.Select(r => r.Kind));
        Assert.Equal(2500.5, s.Regions[1].Population);
        Assert.Equal(PartnerKind.Donor, Assert.Single(s.Partners).Kind);
        Assert.Equal(12.5, Assert.Single(s.Neighbours).BorderKm);
        Assert.Equal(["p", "b"], Assert.Single(s.Agreements).Parties);
    }

    [Fact]
    public void Errors_name_the_file_and_line()
    {
        File("e.nodes.csv", "Id,Label\na,A\nb,B\na,again\n");
        var edges = File("e.edges.csv", "Source,Target\na,b\n");
        var e = Assert.Throws<GraphInputException>(() => CsvNetworkReader.Read(edges));
        Assert.Equal($"{Path.Combine(_dir.FullName, "e.nodes.csv")}:4: duplicate Id 'a'", e.Message);

        File("m.nodes.csv", "Id\na\nb\n");
        var missing = File("m.edges.csv", "Source,Target\na,b\nb,zz\n");
        e = Assert.Throws<GraphInputException>(() => CsvNetworkReader.Read(missing));
        Assert.Equal($"{missing}:3: 'zz' is not an Id in {Path.Combine(_dir.FullName, "m.nodes.csv")}", e.Message);

        var dup = File("d.edges.csv", "Source,Target,kind\na,b,border\nb,a,border\n");
        e = Assert.Throws<GraphInputException>(() => ScenarioImporter.Import(CsvNetworkReader.Read(dup), ImportMapping.Parse([])));
        Assert.Equal($"{dup}:3: duplicate border b-a (first at {dup}:2)", e.Message);

        var bad = File("b.edges.csv", "Source,Target,kind,len\na,b,border,twelve\n");
        e = Assert.Throws<GraphInputException>(() => ScenarioImporter.Import(CsvNetworkReader.Read(bad), ImportMapping.Parse(["edge.border_km=len"])));
        Assert.Equal($"{bad}:2: border_km ('len'): 'twelve' is not a number", e.Message);

        var unknown = File("u.edges.csv", "Source,Target,kind\na,b,friendship\n");
        e = Assert.Throws<GraphInputException>(() => ScenarioImporter.Import(CsvNetworkReader.Read(unknown), ImportMapping.Parse([])));
        Assert.StartsWith($"{unknown}:2: edge kind 'friendship' has no mapping (add --map kind.friendship=", e.Message);

        var graphml = File("x.graphml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="d0" for="node" attr.name="population" attr.type="double"/>
              <graph edgedefault="undirected">
                <node id="a"><data key="d0">12</data></node>
                <node id="b"><data key="d0">lots</data></node>
              </graph>
            </graphml>
            """);
        e = Assert.Throws<GraphInputException>(() => GraphMLReader.Read(graphml));
        Assert.Equal($"{graphml}:6: population: 'lots' is not a valid double", e.Message);

        e = Assert.Throws<GraphInputException>(() => ImportMapping.Parse(["kind.x=friendship"]));
        Assert.Equal("--map 'kind.x=friendship': 'friendship' is not a relation (border, shared_service, food_supply, knowledge, funding, ignore)", e.Message);
    }

    [Fact]
    public void A_networkx_written_graphml_becomes_a_graph_for_metrics()
    {
        const string script = """
import sys, json
import networkx as nx
G = nx.karate_club_graph()
for u, v, d in G.edges(data=True):
    d["strength"] = float(d.get("weight", 1))
nx.write_graphml(G, sys.argv[1])
print(json.dumps({"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}))
""";
        var path = Path.Combine(_dir.FullName, "karate.graphml");
        var info = PythonNetworkX.RunJsonWith(PythonNetworkX.PythonForFiles, script, path);
        var graph = GraphMLReader.Read(path).ToGraph();
        Assert.Equal(info.GetProperty("nodes").GetInt32(), graph.NodeCount);
        Assert.Equal(info.GetProperty("edges").GetInt32(), graph.EdgeCount);
        Assert.Contains("strength", graph.NumericEdgeAttributes());
    }
}
