using System.Text.Json;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Algorithms;
using KerjasamaGraph.Model.Graph.Metrics;
using KerjasamaGraph.Tests.Graph.Support;
using Xunit;
using static KerjasamaGraph.Tests.Graph.Support.TestGraphs;

namespace KerjasamaGraph.Tests.Graph;

/// <summary>
/// Every metric against NetworkX, computed live on graphs generated here: directed and undirected, weighted and
/// unweighted, disconnected, and with many equal-length shortest paths. Closed-form metrics must agree to 1e-9;
/// power iterations agree to 1e-9 when both run with tolerance 1e-12, and to NetworkX's own tolerance at its defaults.
/// </summary>
public sealed class NetworkXMetricsTests
{
    private const double ClosedForm = 1e-9;
    private const int MaxIterations = 3000;

    public static TheoryData<string> Cases => new(
        "random-undirected", "random-undirected-int-weights", "random-undirected-real-weights",
        "random-directed", "random-directed-int-weights", "random-directed-real-weights",
        "disconnected-undirected", "disconnected-directed-weighted", "grid", "cycle-directed", "planted-undirected", "planted-directed",
        "sparse-tree-like");

    private static (CooperationGraph Graph, bool Weighted) Make(string name) => name switch
    {
        "random-undirected" => (Random(60, 150, false, 11), false),
        "random-undirected-int-weights" => (Random(60, 150, false, 12, WeightKind.Integer), true),
        "random-undirected-real-weights" => (Random(60, 150, false, 13, WeightKind.Real), true),
        "random-directed" => (Random(60, 220, true, 14), false),
        "random-directed-int-weights" => (Random(60, 220, true, 15, WeightKind.Integer), true),
        "random-directed-real-weights" => (Random(60, 220, true, 16, WeightKind.Real), true),
        "disconnected-undirected" => (Disconnected(false, 17, WeightKind.None), false),
        "disconnected-directed-weighted" => (Disconnected(true, 18, WeightKind.Integer), true),
        "grid" => (Grid(6, 7), false),
        "cycle-directed" => (Cycle(15, true), false),
        "planted-undirected" => (Planted(4, 12, false, 19).Graph, false),
        "planted-directed" => (Planted(3, 12, true, 20).Graph, false),
        "sparse-tree-like" => (Random(80, 85, false, 21, WeightKind.Integer), true),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_match_networkx(string name)
    {
        var (graph, weighted) = Make(name);
        var options = new MetricsOptions { Weight = weighted ? "weight" : null, Tolerance = 1e-12, MaxIterations = MaxIterations, Seed = 7 };
        var ours = NetworkMetrics.Compute(graph, options);
        var csr = graph.ToCsr(options.Weight);
        var nx = RunNetworkX(graph, csr, ours.Column("community"), 1e-12);

        foreach (var metric in new[] { "degree", "strength", "betweenness", "closeness", "clustering", "core_number" })
            AssertClose(name, metric, nx.GetProperty(metric), ours.Column(metric), ClosedForm);
        if (weighted) AssertClose(name, "clustering_weighted", nx.GetProperty("clustering_weighted"), ours.Column("clustering_weighted"), ClosedForm);
        if (graph.Directed)
            foreach (var metric in new[] { "in_degree", "out_degree", "in_strength", "out_strength" })
                AssertClose(name, metric, nx.GetProperty(metric), ours.Column(metric), ClosedForm);
        // Power iterations: the same steps and stopping rule, so both converge (or both give up) at the same iteration.
        var eigen = nx.GetProperty("eigenvector");
        if (eigen.ValueKind == JsonValueKind.Null)
        {
            Assert.All(ours.Column("eigenvector"), v => Assert.True(double.IsNaN(v)));
            Assert.Contains(ours.Warnings, w => w.StartsWith("eigenvector centrality: power iteration did not converge"));
        }
        else
        {
            Assert.Empty(ours.Warnings);
            AssertClose(name, "eigenvector", eigen, ours.Column("eigenvector"), ClosedForm);
        }
        AssertClose(name, "pagerank", nx.GetProperty("pagerank"), ours.Column("pagerank"), ClosedForm);

        // At NetworkX's defaults (tol 1e-6, stop when the L1 change is below n·tol, 100 iterations) values agree to that tolerance.
        var n = graph.NodeCount;
        var eigenDefault = nx.GetProperty("eigenvector_default");
        if (eigenDefault.ValueKind == JsonValueKind.Null)
            Assert.Throws<PowerIterationFailedConvergence>(() => EigenvectorCentrality.Compute(csr));
        else
            AssertClose(name, "eigenvector@1e-6", eigenDefault, EigenvectorCentrality.Compute(csr), 1e-6);
        AssertClose(name, "pagerank@1e-6", nx.GetProperty("pagerank_default"), PageRank.Compute(csr), 1e-6);

        var g = nx.GetProperty("graph");
        foreach (var metric in new[] { "nodes", "edges", "density", "components", "largest_component_nodes", "diameter",
                     "average_shortest_path_length", "transitivity", "average_clustering", "degree_assortativity" })
            AssertScalar(name, metric, g.GetProperty(metric), ours.Graph(metric));
        if (graph.Directed) AssertScalar(name, "strongly_connected_components", g.GetProperty("strongly_connected_components"), ours.Graph("strongly_connected_components"));
        if (weighted) AssertScalar(name, "average_clustering_weighted", g.GetProperty("average_clustering_weighted"), ours.Graph("average_clustering_weighted"));

        // Louvain: our partition's modularity as NetworkX computes it, and no worse than NetworkX's own Louvain by more than noise.
        AssertScalar(name, "modularity", g.GetProperty("modularity_of_ours"), ours.Graph("modularity"));
        var theirs = g.GetProperty("modularity_networkx_louvain");
        if (theirs.ValueKind != JsonValueKind.Null) // null: NetworkX's Louvain did not finish (its directed-graph loop)
            Assert.True(ours.Graph("modularity") >= theirs.GetDouble() - 0.03, $"{name}: Louvain modularity {ours.Graph("modularity")} vs NetworkX {theirs}");
        Assert.True(n > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Louvain_recovers_a_planted_partition(bool directed)
    {
        var (graph, block) = Planted(4, 15, directed, 23);
        var csr = graph.ToCsr(null);
        var result = Louvain.Compute(csr, seed: 3);
        Assert.Equal(4, result.CommunityCount);
        for (var v = 0; v < block.Length; v++)
            for (var u = 0; u < v; u++)
                Assert.Equal(block[u] == block[v], result.Community[u] == result.Community[v]);
    }

    [Fact]
    public void Results_are_identical_run_to_run()
    {
        var graph = Random(400, 1600, false, 31, WeightKind.Real);
        var a = NetworkMetrics.Compute(graph, new MetricsOptions { Weight = "weight" });
        var b = NetworkMetrics.Compute(graph, new MetricsOptions { Weight = "weight" });
        foreach (var (name, values) in a.NodeColumns)
            Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), b.Column(name).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(a.GraphValues, b.GraphValues);
    }

    internal static JsonElement RunNetworkX(CooperationGraph graph, CsrGraph csr, double[] communities, double tol)
    {
        var edges = new List<object[]>();
        for (var u = 0; u < csr.NodeCount; u++)
            for (var k = csr.OutOffsets[u]; k < csr.OutOffsets[u + 1]; k++)
            {
                var v = csr.OutTargets[k];
                if (csr.Directed || u < v) edges.Add([graph.Nodes[u].Id, graph.Nodes[v].Id, csr.OutWeights[k]]);
            }
        var spec = new
        {
            directed = csr.Directed,
            weighted = csr.Weighted,
            nodes = graph.Nodes.Select(n => n.Id).ToArray(),
            edges,
            tol,
            max_iter = MaxIterations,
            communities = communities.Select(c => (int)c).ToArray(),
        };
        var path = Path.Combine(Path.GetTempPath(), $"kg-graph-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(spec));
        try { return PythonNetworkX.RunJson(NetworkXScripts.Metrics, path); }
        finally { File.Delete(path); }
    }

    internal static void AssertClose(string graph, string metric, JsonElement expected, double[] actual, double tolerance)
    {
        var values = expected.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(values.Length, actual.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var diff = Math.Abs(values[i] - actual[i]);
            Assert.True(diff <= tolerance * Math.Max(1, Math.Abs(values[i])),
                $"{graph}: {metric} of n{i}: NetworkX {values[i]:R}, ours {actual[i]:R} (difference {diff:E2} > {tolerance:E0})");
        }
    }

    internal static void AssertScalar(string graph, string metric, JsonElement expected, double? actual)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual is null || double.IsNaN(actual.Value), $"{graph}: {metric}: NetworkX has none, ours {actual}");
            return;
        }
        var e = expected.GetDouble();
        Assert.True(actual is not null, $"{graph}: {metric}: NetworkX {e:R}, ours missing");
        var diff = Math.Abs(e - actual!.Value);
        Assert.True(diff <= ClosedForm * Math.Max(1, Math.Abs(e)), $"{graph}: {metric}: NetworkX {e:R}, ours {actual:R} (difference {diff:E2})");
    }
}

public sealed class LouvainTerminationTests
{
    /// <summary>Graphs on which NetworkX 2.8–3.6 Louvain never returns (networkx#5175, #5704).</summary>
    [Fact]
    public void Louvain_terminates_on_directed_graphs_where_networkx_loops()
    {
        var cycle = TestGraphs.Cycle(15, directed: true).ToCsr(null);
        for (ulong seed = 0; seed < 20; seed++) Assert.True(Louvain.Compute(cycle, seed).CommunityCount >= 1);

        var g = TestGraphs.Empty(11, directed: true);
        foreach (var (u, v) in new[] { (0, 1), (0, 5), (0, 8), (1, 2), (1, 3), (1, 4), (2, 3), (3, 2), (3, 4), (4, 3), (5, 6), (5, 7), (8, 9), (8, 10), (9, 10), (10, 9) })
            TestGraphs.Link(g, u, v);
        var csr = g.ToCsr(null);
        for (ulong seed = 0; seed < 20; seed++)
        {
            var r = Louvain.Compute(csr, seed);
            Assert.Equal(Modularity.Compute(csr, r.Community), r.Modularity, 12);
        }
    }
}
