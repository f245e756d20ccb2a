using KerjasamaGraph.Model.Graph.Metrics;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Graph.Dynamics;

/// <summary>
/// <c>metrics --over-time</c>: the full set of metrics on the graph of each month (the agreements active that
/// month, plus borders when the layer has them), over the same nodes every month.
/// </summary>
public static class OverTimeMetrics
{
    public static IEnumerable<(string Month, MetricsResult Result)> Compute(Scenario scenario, CooperationGraphOptions options, ActivitySchedule schedule, MetricsOptions metrics)
    {
        if (metrics.Weight is { } w)
        {
            // Check the weight once, on every edge that ever exists; a month without such edges then weighs its edges 1.
            var union = CooperationGraphBuilder.Build(scenario, options with { ActiveAgreements = schedule.EverActive() });
            if (union.EdgeCount > 0 && !union.NumericEdgeAttributes().Contains(w))
                throw new GraphInputException($"--weight {w}: no edge has a numeric attribute '{w}' (numeric edge attributes: {string.Join(", ", union.NumericEdgeAttributes())})");
        }
        var perMonth = metrics with { CheckWeight = false };
        foreach (var state in schedule.Months)
        {
            var graph = CooperationGraphBuilder.Build(scenario, options with { ActiveAgreements = state.Active });
            yield return (state.Month.ToString(), NetworkMetrics.Compute(graph, perMonth));
        }
    }
}
