using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Graph.Dynamics;

/// <summary>One month: the agreements active in it (id → share of replications in which each is active) and per-node values (node id → column → value).</summary>
public sealed record MonthState(
    YearMonth Month,
    IReadOnlyDictionary<string, double> Active,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> NodeValues);

/// <summary>
/// Which agreements are active month by month, with per-node values (benefit, capacity, price index, ...): what
/// <c>metrics --over-time</c> and the dynamic GEXF export work from. It comes from a run folder
/// (<see cref="FromRun"/>) or, without a run, from the dates a scenario fixes (<see cref="FromScenario"/>).
/// </summary>
public sealed class ActivitySchedule
{
    public required IReadOnlyList<MonthState> Months { get; init; }
    /// <summary>Per-node value columns available, in order.</summary>
    public required IReadOnlyList<string> NodeColumns { get; init; }

    public static ActivitySchedule FromRun(RunTables run) => new()
    {
        Months = run.Months.Select(m => new MonthState(
            m,
            run.Active.GetValueOrDefault(m) ?? new Dictionary<string, double>(),
            run.RegionValues.GetValueOrDefault(m) ?? new Dictionary<string, IReadOnlyDictionary<string, double>>())).ToList(),
        NodeColumns = run.RegionColumns,
    };

    /// <summary>
    /// The schedule a scenario fixes without simulating it: an agreement with <c>active_from</c> is active from that
    /// month for its term (the lifecycle default when unset) or until <c>revoke_at</c>. Agreements that only have an
    /// initiation month depend on the simulated procedure and are left out: run the scenario and use the run folder.
    /// </summary>
    public static ActivitySchedule FromScenario(Scenario scenario)
    {
        var months = new List<MonthState>();
        for (var t = 0; t < scenario.Run.Months; t++)
        {
            var month = scenario.Run.Start.AddMonths(t);
            var active = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var a in scenario.Agreements)
            {
                if (a.Timing.ActiveFrom is not { } from) continue;
                var end = from.AddMonths(a.Timing.TermMonths ?? scenario.Lifecycle.DefaultTermMonths);
                if (a.Timing.RevokeAt is { } revoke && revoke < end) end = revoke;
                if (month >= from && month < end) active[a.Id] = 1;
            }
            months.Add(new MonthState(month, active, new Dictionary<string, IReadOnlyDictionary<string, double>>()));
        }
        return new ActivitySchedule { Months = months, NodeColumns = [] };
    }

    /// <summary>The agreements active in at least one month, with their largest share.</summary>
    public IReadOnlyDictionary<string, double> EverActive()
    {
        var all = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in Months)
            foreach (var (id, share) in m.Active)
                all[id] = Math.Max(share, all.GetValueOrDefault(id));
        return all;
    }
}
