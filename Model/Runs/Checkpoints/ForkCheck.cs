using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Runs.Checkpoints;

/// <summary>
/// Whether a variant can be forked from a checkpoint of another run (<c>kerjasama run FILE --variant V --from DIR --at YYYY-MM</c>).
/// A checkpoint holds every region's state laid out by the run's world: its regions, partners and neighbours, its agreements
/// (with their parties, host, service and commodity, which fix who subscribes to whom and which states each region keeps),
/// its triggers and commodities, and the run's calendar, seed and replications (which fix the random streams). A variant
/// that keeps all of these can go on from the checkpoint; what it may change is everything else: parameters, policies,
/// shocks, costs, amounts, volumes and the dates of agreements (for instance an agreement that starts earlier or later
/// than in the baseline, or is revoked). A variant that adds or removes agreements, or changes their parties, cannot;
/// the message says which and how to get the same what-if (put the agreement in the baseline with a start after the
/// fork month, then change its dates in the variant).
/// </summary>
public static class ForkCheck
{
    /// <summary>The first difference that keeps <paramref name="variant"/> from going on from a checkpoint of <paramref name="baseline"/>, or null.</summary>
    public static string? FirstDifference(Scenario baseline, Scenario variant)
    {
        if (baseline.Run.Start != variant.Run.Start) return $"the run starts in {variant.Run.Start}, the checkpointed run in {baseline.Run.Start}";
        if (baseline.Run.Months != variant.Run.Months) return $"the run has {variant.Run.Months} months, the checkpointed run {baseline.Run.Months} (give --months {baseline.Run.Months})";
        if (baseline.Run.Seed != variant.Run.Seed) return $"seed {variant.Run.Seed}, the checkpointed run's is {baseline.Run.Seed} (common random numbers need the same seed)";
        if (baseline.Run.Replications != variant.Run.Replications) return $"{variant.Run.Replications} replications, the checkpointed run has {baseline.Run.Replications}";
        return Sequence("regions", baseline.Regions.Select(r => r.Id), variant.Regions.Select(r => r.Id))
               ?? Sequence("partners", baseline.Partners.Select(p => p.Id), variant.Partners.Select(p => p.Id))
               ?? Sequence("neighbours", baseline.Neighbours.Select(n => $"{n.A}–{n.B}"), variant.Neighbours.Select(n => $"{n.A}–{n.B}"))
               ?? Sequence("commodities", baseline.Commodities.Keys.Order(StringComparer.Ordinal), variant.Commodities.Keys.Order(StringComparer.Ordinal))
               ?? Agreements(baseline.Agreements, variant.Agreements)
               ?? Sequence("triggers", baseline.Triggers.Select(Shape), variant.Triggers.Select(Shape));
    }

    private static string Shape(Trigger t) => $"{t.Id} ({t.Region}, {t.Commodity}, {string.Join(",", t.Candidates ?? [])}, top {t.Top})";

    private static string? Agreements(IReadOnlyList<Agreement> baseline, IReadOnlyList<Agreement> variant)
    {
        var before = baseline.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var added = variant.FirstOrDefault(a => !before.Contains(a.Id));
        if (added is not null)
        {
            return $"the variant adds agreement {added.Id}; a fork keeps the checkpointed run's agreements (put {added.Id} in the baseline " +
                   "with a start after the fork month and change its dates in the variant, or run the variant from the start)";
        }
        var after = variant.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        if (baseline.FirstOrDefault(a => !after.Contains(a.Id)) is { } removed)
        {
            return $"the variant removes agreement {removed.Id}; a fork keeps the checkpointed run's agreements (revoke it in the variant instead)";
        }
        for (var i = 0; i < baseline.Count; i++)
        {
            var (a, b) = (baseline[i], variant[i]);
            if (a.Id != b.Id) return $"agreement {b.Id} is in another place than in the checkpointed run";
            if (a.Type != b.Type || a.Host != b.Host || a.Service != b.Service || a.Commodity != b.Commodity || !a.Parties.SequenceEqual(b.Parties))
            {
                return $"the variant changes agreement {a.Id}'s type, parties, host, service or commodity; a fork keeps them";
            }
        }
        return null;
    }

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
