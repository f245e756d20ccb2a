using KerjasamaGraph.Model.Graph.Algorithms;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Graph.Dynamics;

/// <summary>
/// A cooperation graph through time, for the dynamic GEXF export: the union of every month's graph (same nodes,
/// each edge that exists in some month), which months each edge exists in, and per-node series of values — run
/// outputs (benefit, capacity, price index, ...) and centralities of each month's graph.
/// Month t (0-based from the first month) is the interval [t, t+1).
/// </summary>
public sealed class GraphTimeline
{
    /// <summary>Centralities computed per month by default: degree, betweenness, closeness and PageRank of that month's graph.</summary>
    public static readonly string[] DefaultCentralities = ["degree", "betweenness", "closeness", "pagerank"];

    /// <summary>Run columns shown over time by default, where the run has them (a prefix match for price and CPI columns).</summary>
    public static readonly string[] DefaultRunColumns = ["benefit", "direct_benefit", "spillover", "capacity", "active_agreements", "cpi", "price"];

    public required CooperationGraph Union { get; init; }
    public required IReadOnlyList<YearMonth> Months { get; init; }
    /// <summary>EdgeActive[e][t]: whether union edge e exists in month t.</summary>
    public required bool[][] EdgeActive { get; init; }
    /// <summary>Dynamic node values: name → [node][month], NaN where there is no value.</summary>
    public required IReadOnlyList<(string Name, double[][] Values)> NodeSeries { get; init; }

    public static GraphTimeline Build(Scenario scenario, CooperationGraphOptions options, ActivitySchedule schedule,
        IReadOnlyList<string>? runColumns = null, IReadOnlyList<string>? centralities = null, string? weight = null)
    {
        centralities ??= DefaultCentralities;
        runColumns ??= schedule.NodeColumns.Where(c => DefaultRunColumns.Any(d => c == d || (d is "cpi" or "price") && c.StartsWith(d, StringComparison.Ordinal))).ToList();
        var union = CooperationGraphBuilder.Build(scenario, options with { ActiveAgreements = schedule.EverActive() });
        union.Attributes["first_month"] = schedule.Months.Count > 0 ? schedule.Months[0].Month.ToString() : "";
        var months = schedule.Months.Count;
        var n = union.NodeCount;
        var active = union.Edges.Select(_ => new bool[months]).ToArray();
        var series = new List<(string, double[][])>();
        foreach (var column in runColumns.Concat(centralities))
            series.Add((column, Enumerable.Range(0, n).Select(_ => Filled(months)).ToArray()));

        for (var t = 0; t < months; t++)
        {
            var state = schedule.Months[t];
            var graph = CooperationGraphBuilder.Build(scenario, options with { ActiveAgreements = state.Active });
            for (var e = 0; e < union.EdgeCount; e++)
                active[e][t] = graph.FindEdge(union.Edges[e].Source, union.Edges[e].Target) is not null;
            var s = 0;
            foreach (var column in runColumns)
            {
                var values = series[s++].Item2;
                for (var v = 0; v < n; v++)
                    if (state.NodeValues.TryGetValue(union.Nodes[v].Id, out var row) && row.TryGetValue(column, out var x)) values[v][t] = x;
            }
            var csr = graph.ToCsr(weight);
            foreach (var metric in centralities)
            {
                var values = series[s++].Item2;
                var computed = Centrality(csr, metric);
                for (var v = 0; v < n; v++) values[v][t] = computed[v];
            }
        }
        return new GraphTimeline { Union = union, Months = schedule.Months.Select(m => m.Month).ToList(), EdgeActive = active, NodeSeries = series };
    }

    private static double[] Filled(int months)
    {
        var a = new double[months];
        Array.Fill(a, double.NaN);
        return a;
    }

    private static double[] Centrality(CsrGraph csr, string metric)
    {
        try
        {
            return metric switch
            {
                "degree" => Array.ConvertAll(Degree.Compute(csr).Degree, d => (double)d),
                "strength" => Degree.Compute(csr).Strength,
                "betweenness" => Betweenness.Compute(csr),
                "closeness" => Closeness.Compute(csr),
                "pagerank" => PageRank.Compute(csr),
                "eigenvector" => EigenvectorCentrality.Compute(csr),
                "clustering" => Clustering.Compute(csr, weighted: false),
                "core_number" => Array.ConvertAll(CoreNumber.Compute(csr), d => (double)d),
                _ => throw new GraphInputException($"unknown centrality '{metric}' (degree, strength, betweenness, closeness, pagerank, eigenvector, clustering, core_number)"),
            };
        }
        catch (PowerIterationFailedConvergence)
        {
            var nan = new double[csr.NodeCount];
            Array.Fill(nan, double.NaN);
            return nan;
        }
    }
}
