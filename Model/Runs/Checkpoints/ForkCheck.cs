using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Runs.Checkpoints;

/// <summary>
/// Whether a variant can be forked from a checkpoint of another run (<c>kerjasama run FILE --variant V --from DIR --at YYYY-MM</c>).
/// A checkpoint holds every region's state laid out by the run's world: its regions, partners and neighbours, its triggers and
/// commodities, and the run's calendar, seed and replications (which fix the random streams). A variant must keep all of
/// these. It may change everything else: parameters, policies, shocks, costs, amounts, volumes and the dates of agreements,
/// and it may add agreements, remove them or change their parties, host, service or commodity: the checkpoint is remapped
/// by agreement id (<see cref="CheckpointRemap"/>) and the tables before the fork are rewritten (<see cref="ForkTables"/>).
/// That is exact when nothing changes before the fork, so an agreement the variant adds (or changes the parties, host,
/// service or commodity of) must start after the fork month: its initiated or active_from month, and any revoke_at month,
/// later than <c>--at</c>, because the states of month <c>--at</c> are decided at the month barrier before it, which the
/// checkpoint holds. An agreement the variant removes or changes must not have started by then in any replication (checked
/// against the checkpoint by <see cref="CheckpointRemap.Remap"/>).
/// </summary>
public static class ForkCheck
{
    /// <summary>
    /// The first difference that keeps <paramref name="variant"/> from going on from the checkpoint of <paramref name="baseline"/>
    /// taken after <paramref name="tick"/> months, or null.
    /// </summary>
    public static string? FirstDifference(Scenario baseline, Scenario variant, int tick)
    {
        if (baseline.Run.Start != variant.Run.Start) return $"the run starts in {variant.Run.Start}, the checkpointed run in {baseline.Run.Start}";
        if (baseline.Run.Months != variant.Run.Months) return $"the run has {variant.Run.Months} months, the checkpointed run {baseline.Run.Months} (give --months {baseline.Run.Months})";
        if (baseline.Run.Seed != variant.Run.Seed) return $"seed {variant.Run.Seed}, the checkpointed run's is {baseline.Run.Seed} (common random numbers need the same seed)";
        if (baseline.Run.Replications != variant.Run.Replications) return $"{variant.Run.Replications} replications, the checkpointed run has {baseline.Run.Replications}";
        return Sequence("regions", baseline.Regions.Select(r => r.Id), variant.Regions.Select(r => r.Id))
               ?? Sequence("partners", baseline.Partners.Select(p => p.Id), variant.Partners.Select(p => p.Id))
               ?? Sequence("neighbours", baseline.Neighbours.Select(n => $"{n.A}–{n.B}"), variant.Neighbours.Select(n => $"{n.A}–{n.B}"))
               ?? Sequence("commodities", baseline.Commodities.Keys.Order(StringComparer.Ordinal), variant.Commodities.Keys.Order(StringComparer.Ordinal))
               ?? Sequence("triggers", baseline.Triggers.Select(Shape), variant.Triggers.Select(Shape))
               ?? Agreements(baseline, variant, tick);
    }

    private static string Shape(Trigger t) => $"{t.Id} ({t.Region}, {t.Commodity}, {string.Join(",", t.Candidates ?? [])}, top {t.Top})";

    private static string? Agreements(Scenario baseline, Scenario variant, int tick)
    {
        var before = baseline.Agreements.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var b in variant.Agreements)
        {
            if (before.TryGetValue(b.Id, out var a) && a.Type == b.Type && Host(a) == Host(b) && a.Service == b.Service && a.Commodity == b.Commodity
                && a.Parties.SequenceEqual(b.Parties, StringComparer.Ordinal))
            {
                continue;
            }
            if (StartProblem(b, a is null, variant.Run.Start, tick) is { } problem) return problem;
        }
        return null;
    }

    /// <summary>A shared service's host as the engine reads it (its first party when none is named); null for other types.</summary>
    private static string? Host(Agreement a) => a.Type == AgreementType.SharedService ? a.Host ?? a.Parties.FirstOrDefault() : null;

    /// <summary>
    /// Why an agreement that a branch adds (or whose parties, host, service or commodity it changes) would not be not started at
    /// the branch month in a run of the variant (so the branch would not equal that run), or null. The branch month is
    /// <paramref name="runStart"/> + <paramref name="tick"/>; the agreement must enter the procedure or become active after it,
    /// and not be revoked by then.
    /// </summary>
    public static string? StartProblem(Agreement agreement, bool added, YearMonth runStart, int tick)
    {
        var at = runStart.AddMonths(tick);
        var what = added ? "adds" : "changes the parties, host, service or commodity of";
        var timing = agreement.Timing;
        var first = timing.ActiveFrom ?? timing.Initiated;
        var field = timing.ActiveFrom is not null ? "active_from" : "initiated";
        const string how = "a branch can add or change only agreements that start after its month (branch at an earlier checkpoint, or run the variant from the start)";
        if (first is { } month && month <= at) return $"the variant {what} agreement {agreement.Id}, which starts in {month} ({field}), not after the branch month {at}; {how}";
        if (timing.RevokeAt is { } revoke && revoke <= at) return $"the variant {what} agreement {agreement.Id}, which is revoked in {revoke} (revoke_at), not after the branch month {at}; {how}";
        return null;
    }

    /// <summary><see cref="StartProblem(Agreement, bool, YearMonth, int)"/> for a compiled agreement; a trigger's candidate agreements are kept as they are.</summary>
    public static string? StartProblem(AgreementInfo agreement, bool added, YearMonth runStart, int tick) => agreement.Trigger >= 0
        ? $"the variant adds or changes {agreement.Id}, a candidate agreement of a trigger; a branch keeps the triggers' candidates (their producers' food entries)"
        : StartProblem(agreement.Definition, added, runStart, tick);

    private static string? Sequence(string what, IEnumerable<string> baseline, IEnumerable<string> variant)
    {
        var (a, b) = (baseline.ToList(), variant.ToList());
        if (a.SequenceEqual(b, StringComparer.Ordinal)) return null;
        var i = 0;
        while (i < a.Count && i < b.Count && a[i] == b[i]) i++;
        var detail = i < a.Count && i < b.Count ? $"{b[i]} where the checkpointed run has {a[i]}"
            : i < b.Count ? $"{b[i]} is new" : $"{a[i]} is missing";
        return $"the variant's {what} differ from the checkpointed run's ({detail})";
    }
}
