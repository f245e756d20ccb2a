using System.Diagnostics;
using KerjasamaGraph.Model.Graph.Algorithms;

namespace KerjasamaGraph.Model.Graph.Metrics;

/// <summary>Settings of <see cref="NetworkMetrics.Compute"/>; defaults are NetworkX's.</summary>
public sealed record MetricsOptions
{
    /// <summary>Numeric edge attribute used as weight; null: unweighted. Path metrics read it as a distance, the others as a strength.</summary>
    public string? Weight { get; init; }
    /// <summary>Tolerance of the power iterations (eigenvector, PageRank): stop when Σ|x − x_last| &lt; n·tol. NetworkX's default 1e-6.</summary>
    public double Tolerance { get; init; } = 1e-6;
    public int MaxIterations { get; init; } = 100;
    /// <summary>PageRank damping factor α.</summary>
    public double Alpha { get; init; } = 0.85;
    /// <summary>Seed of Louvain's node order.</summary>
    public ulong Seed { get; init; } = 1;
    public double Resolution { get; init; } = 1.0;
    /// <summary>Refuse a <see cref="Weight"/> that no edge has (a typo); off where a month may simply have none of those edges yet.</summary>
    public bool CheckWeight { get; init; } = true;
}

/// <summary>Per-node and per-graph metrics of one graph, in node order, with how long each took.</summary>
public sealed class MetricsResult
{
    public required IReadOnlyList<GraphNode> Nodes { get; init; }
    public required bool Directed { get; init; }
    public required string? Weight { get; init; }
    /// <summary>Node metric columns in output order.</summary>
    public List<(string Name, double[] Values)> NodeColumns { get; } = [];
    /// <summary>Graph metrics in output order; null where a metric is not defined for this graph (transitivity of a directed graph).</summary>
    public List<(string Name, double? Value)> GraphValues { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<(string Metric, TimeSpan Time)> Timings { get; } = [];

    public double[] Column(string name) => NodeColumns.First(c => c.Name == name).Values;
    public double? Graph(string name) => GraphValues.First(c => c.Name == name).Value;
}

/// <summary>
/// Every metric of the issue on one graph. Definitions, references and igraph differences are on each
/// algorithm's class (Model/Graph/Algorithms) and in docs/graph-metrics.md.
/// </summary>
public static class NetworkMetrics
{
    public static readonly string[] GraphMetricNames =
    [
        "nodes", "edges", "directed", "weighted", "density", "components", "strongly_connected_components",
        "largest_component_nodes", "diameter", "average_shortest_path_length", "transitivity", "average_clustering",
        "average_clustering_weighted", "degree_assortativity", "communities", "modularity",
    ];

    public static MetricsResult Compute(CooperationGraph graph, MetricsOptions? options = null)
    {
        options ??= new MetricsOptions();
        if (options.Weight is { } w && options.CheckWeight && graph.EdgeCount > 0 && !graph.NumericEdgeAttributes().Contains(w))
        {
            var known = graph.NumericEdgeAttributes();
            throw new GraphInputException($"--weight {w}: no edge has a numeric attribute '{w}' (numeric edge attributes: {(known.Count == 0 ? "none" : string.Join(", ", known))})");
        }
        var csr = graph.ToCsr(options.Weight);
        var result = new MetricsResult { Nodes = graph.Nodes, Directed = graph.Directed, Weight = options.Weight };
        var weighted = options.Weight is not null;
        var sw = new Stopwatch();

        T Timed<T>(string metric, Func<T> f)
        {
            sw.Restart();
            var value = f();
            result.Timings.Add((metric, sw.Elapsed));
            return value;
        }

        double[] Iterative(string metric, Func<double[]> f)
        {
            try { return Timed(metric, f); }
            catch (PowerIterationFailedConvergence e)
            {
                result.Warnings.Add(e.Message + "; values are NaN (raise --max-iter or --tolerance)");
                return Enumerable.Repeat(double.NaN, csr.NodeCount).ToArray();
            }
        }

        var deg = Timed("degree", () => Degree.Compute(csr));
        result.NodeColumns.Add(("degree", ToDouble(deg.Degree)));
        if (csr.Directed)
        {
            result.NodeColumns.Add(("in_degree", ToDouble(deg.InDegree)));
            result.NodeColumns.Add(("out_degree", ToDouble(deg.OutDegree)));
        }
        result.NodeColumns.Add(("strength", deg.Strength));
        if (csr.Directed)
        {
            result.NodeColumns.Add(("in_strength", deg.InStrength));
            result.NodeColumns.Add(("out_strength", deg.OutStrength));
        }
        result.NodeColumns.Add(("betweenness", Timed("betweenness", () => Betweenness.Compute(csr))));
        result.NodeColumns.Add(("closeness", Timed("closeness", () => Closeness.Compute(csr))));
        result.NodeColumns.Add(("eigenvector", Iterative("eigenvector", () => EigenvectorCentrality.Compute(csr, options.MaxIterations, options.Tolerance))));
        result.NodeColumns.Add(("pagerank", Iterative("pagerank", () => PageRank.Compute(csr, options.Alpha, options.MaxIterations, options.Tolerance))));
        var clustering = Timed("clustering", () => Clustering.Compute(csr, weighted: false));
        result.NodeColumns.Add(("clustering", clustering));
        double[]? clusteringWeighted = null;
        if (weighted)
        {
            clusteringWeighted = Timed("clustering_weighted", () => Clustering.Compute(csr, weighted: true));
            result.NodeColumns.Add(("clustering_weighted", clusteringWeighted));
        }
        result.NodeColumns.Add(("core_number", ToDouble(Timed("core_number", () => CoreNumber.Compute(csr)))));
        var louvain = Timed("louvain", () => Louvain.Compute(csr, options.Seed, options.Resolution));
        result.NodeColumns.Add(("community", ToDouble(louvain.Community)));

        var weak = Timed("components", () => Components.Weak(graph));
        var strong = graph.Directed ? Timed("strong_components", () => Components.Strong(graph)) : weak;
        var largest = strong.Largest();
        var members = largest is null ? [] : Enumerable.Range(0, csr.NodeCount).Where(v => strong.Of[v] == largest).ToList();
        var paths = Timed("shortest_paths", () => ShortestPathStats.Compute(csr, members));

        result.GraphValues.Add(("nodes", csr.NodeCount));
        result.GraphValues.Add(("edges", csr.EdgeCount));
        result.GraphValues.Add(("directed", csr.Directed ? 1 : 0));
        result.GraphValues.Add(("weighted", weighted ? 1 : 0));
        result.GraphValues.Add(("density", Degree.Density(csr)));
        result.GraphValues.Add(("components", weak.Count));
        result.GraphValues.Add(("strongly_connected_components", graph.Directed ? strong.Count : null));
        result.GraphValues.Add(("largest_component_nodes", paths.Nodes));
        result.GraphValues.Add(("diameter", csr.NodeCount == 0 ? null : paths.Diameter));
        result.GraphValues.Add(("average_shortest_path_length", csr.NodeCount == 0 ? null : paths.AverageShortestPathLength));
        result.GraphValues.Add(("transitivity", Timed("transitivity", () => Transitivity.Compute(csr))));
        result.GraphValues.Add(("average_clustering", Clustering.Average(clustering)));
        result.GraphValues.Add(("average_clustering_weighted", clusteringWeighted is null ? null : Clustering.Average(clusteringWeighted)));
        result.GraphValues.Add(("degree_assortativity", Timed("assortativity", () => Assortativity.Degree(csr))));
        result.GraphValues.Add(("communities", louvain.CommunityCount));
        result.GraphValues.Add(("modularity", louvain.Modularity));
        return result;
    }

    private static double[] ToDouble(int[] values) => Array.ConvertAll(values, v => (double)v);
}
