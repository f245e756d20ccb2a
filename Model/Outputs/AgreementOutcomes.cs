using System.Globalization;
using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Outputs;

/// <summary>
/// How each agreement of a run ended in each replication, accumulated month by month in constant memory from the
/// per-lane states of <see cref="MonthRows.AgreementStates"/>: whether it was ever active, and its state at the last month.
/// An agreement that is never active and ends <c>rejected</c> was turned down by its owner's One Gate screen and brings
/// nothing (no saving, no cost, no spillover).
/// </summary>
public sealed class AgreementOutcomes
{
    private readonly int _lanes;
    private string[] _ids = [];
    private bool[] _everActive = [];
    private byte[] _last = [];

    public AgreementOutcomes(int lanes) => _lanes = lanes;

    public int Lanes => _lanes;
    public IReadOnlyList<string> Ids => _ids;

    public void Add(MonthRows month)
    {
        var states = month.AgreementStates;
        if (_ids.Length == 0 && month.Agreements.Count > 0)
        {
            _ids = Enumerable.Range(0, month.Agreements.Count).Select(row => month.Agreements.Text(row)[0]).ToArray();   // agreements.csv: month, agreement, ...
            _everActive = new bool[_ids.Length * _lanes];
        }
        if (states.Length != _ids.Length * _lanes)
        {
            throw new ArgumentException($"expected {_ids.Length * _lanes} agreement states (agreements × lanes), got {states.Length}");
        }
        for (var i = 0; i < states.Length; i++) _everActive[i] |= states[i] == (byte)LifecycleState.Active;
        _last = states;
    }

    /// <summary>Replications in which the agreement was never active and ended rejected.</summary>
    public int RejectedReplications(string agreement)
    {
        var a = Array.IndexOf(_ids, agreement);
        if (a < 0) return 0;
        var count = 0;
        for (var l = 0; l < _lanes; l++)
        {
            if (!_everActive[a * _lanes + l] && _last[a * _lanes + l] == (byte)LifecycleState.Rejected) count++;
        }
        return count;
    }

    /// <summary>Agreements rejected (and never active) in every replication, in agreement order.</summary>
    public IEnumerable<string> RejectedEverywhere() => _ids.Where(id => RejectedReplications(id) == _lanes);
}

/// <summary>Why the One Gate screen turns a proposal down (docs/model.md, "Lifecycle and One Gate").</summary>
public enum RejectionCause
{
    /// <summary>Its ex-ante net benefit was below the quality threshold.</summary>
    BelowThreshold,
    /// <summary>It duplicates an agreement of the same type, parties, service and subject that was already past review or active.</summary>
    Duplicate,
}

/// <summary>
/// An agreement that a variant adds or changes and that the One Gate screen rejected in every replication.
/// <see cref="ExAnteNetBenefit"/> is the screen's estimate (Rp a month, all parties) at the scenario's starting
/// conditions in the month the proposal was initiated: an indication of the figure the screen saw at review time.
/// </summary>
public sealed record RejectedAgreement(
    string Id,
    string Name,
    string Owner,
    string OwnerName,
    int Replications,
    RejectionCause Cause,
    string? DuplicateOf,
    double? ExAnteNetBenefit,
    double QualityThreshold)
{
    /// <summary>One English sentence for the terminal and comparison.json.</summary>
    public string Describe()
    {
        var what = Name.Length > 0 ? $"“{Name}” ({Id})" : Id;
        var why = Cause == RejectionCause.Duplicate
            ? $"it duplicates {DuplicateOf}"
            : ExAnteNetBenefit is { } b
                ? $"its expected net benefit, Rp {Money(b)} a month for all parties, is below the quality threshold of Rp {Money(QualityThreshold)}"
                : $"its expected net benefit is below the quality threshold of Rp {Money(QualityThreshold)} a month";
        return $"{what} was rejected by {OwnerName}'s One Gate screen in all {Replications} replications: {why}";
    }

    private static string Money(double rupiah) => (Math.Abs(rupiah) >= 1e6
        ? (rupiah / 1e6).ToString("N1", CultureInfo.InvariantCulture) + " million"
        : rupiah.ToString("N0", CultureInfo.InvariantCulture)).Replace('-', '−');
}

/// <summary>What a comparison says about a variant beyond its numbers: whether it changed anything, and which of its agreements never got through.</summary>
public sealed record VariantNote(string Variant, bool IdenticalToBaseline, IReadOnlyList<RejectedAgreement> Rejected)
{
    public bool HasSomethingToSay => IdenticalToBaseline || Rejected.Count > 0;

    /// <summary>One English paragraph for the terminal and comparison.json.</summary>
    public string Describe()
    {
        var rejected = string.Join("; ", Rejected.Select(r => r.Describe()));
        if (IdenticalToBaseline)
        {
            return Rejected.Count > 0
                ? $"{Variant} changes nothing: {rejected}. Its results equal the baseline's in every replication."
                : $"{Variant} changes nothing: its results equal the baseline's in every replication.";
        }
        return $"{Variant}: {rejected}.";
    }

    /// <summary>The entry of comparison.json's <c>variant_notes</c>: the structured facts and the English sentence.</summary>
    public Dictionary<string, object?> ToJson() => new()
    {
        ["variant"] = Variant,
        ["identical_to_baseline"] = IdenticalToBaseline,
        ["rejected_agreements"] = Rejected.Select(r => new Dictionary<string, object?>
        {
            ["agreement"] = r.Id, ["name"] = r.Name, ["owner"] = r.Owner, ["owner_name"] = r.OwnerName, ["replications"] = r.Replications,
            ["cause"] = r.Cause == RejectionCause.Duplicate ? "duplicate" : "below_quality_threshold", ["duplicate_of"] = r.DuplicateOf,
            ["ex_ante_net_benefit_per_month"] = r.ExAnteNetBenefit, ["quality_threshold"] = r.QualityThreshold,
        }).ToList(),
        ["note"] = Describe(),
    };

    /// <summary>
    /// The note for a variant: agreements rejected in every replication of the variant that were not rejected in every
    /// replication of the baseline (or that the baseline does not have), with the reason, and whether the variant's
    /// results equal the baseline's exactly.
    /// </summary>
    public static VariantNote Of(string variant, Scenario variantScenario, LaneSeries baselineSeries, AgreementOutcomes baseline,
        LaneSeries variantSeries, AgreementOutcomes outcomes)
    {
        var baselineRejected = new HashSet<string>(baseline.RejectedEverywhere(), StringComparer.Ordinal);
        var ids = outcomes.RejectedEverywhere().Where(id => !baselineRejected.Contains(id)).ToList();
        var rejected = ids.Count == 0 ? [] : Reasons(variantScenario, ids, outcomes.Lanes);
        return new VariantNote(variant, VariantComparison.Identical(baselineSeries, variantSeries), rejected);
    }

    private static List<RejectedAgreement> Reasons(Scenario scenario, IReadOnlyList<string> ids, int lanes)
    {
        var world = new SimulationWorld(scenario);
        var threshold = scenario.Policies.OneGate.QualityThreshold;
        var result = new List<RejectedAgreement>();
        foreach (var id in ids)
        {
            var a = world.Agreements.First(x => x.Id == id);
            var owner = world.Regions[a.Owner];
            var duplicate = world.Owned[a.Owner].Select(k => world.Agreements[k]).FirstOrDefault(o => o.Index != a.Index && Lifecycle.IsDuplicate(a, o));
            double? exAnte = null;
            if (duplicate is null)
            {
                var tick = a.Definition.Timing.Initiated is { } initiated ? Math.Max(0, initiated - world.Start) : 0;
                var estimate = Lifecycle.ExpectedNetBenefit(world, a, tick, 0, new StartingConditions(world, a.Owner, tick));
                if (estimate < threshold) exAnte = estimate;
            }
            result.Add(new RejectedAgreement(id, a.Definition.Name, owner.Id, string.IsNullOrEmpty(owner.Name) ? owner.Id : owner.Name, lanes,
                duplicate is null ? RejectionCause.BelowThreshold : RejectionCause.Duplicate, duplicate?.Id, exAnte, threshold));
        }
        return result;
    }

    /// <summary>The scenario's starting conditions: initial capacities, base prices, standalone service costs, no withdrawals.</summary>
    private sealed class StartingConditions(SimulationWorld world, int owner, int tick) : ILifecycleConditions
    {
        public double CapacityOf(int entity, int lane) => world.InitialCapacity[entity];

        public double OwnerRawServiceCost(int lane)
        {
            var raw = 0.0;
            for (var s = 0; s < world.Services.Length; s++) raw += SharedServices.Standalone(world, owner, s, tick, world.InitialCapacity[owner]).Raw;
            return raw;
        }

        public bool WithdrawalRequested(int agreement, int lane) => false;

        public double PriceOf(int entity, int commodity, int lane) => world.Food[entity][commodity]?.BasePrice ?? 0;
    }
}
