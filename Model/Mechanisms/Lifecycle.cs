using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>Progress of one agreement in one replication lane, kept by the agreement's owner.</summary>
public struct AgreementProgress
{
    public LifecycleState State;
    /// <summary>Tick at which the current stage ends (for review: when the review finishes; int.MaxValue while queued).</summary>
    public int StageEnd;
    /// <summary>Tick the current state began (for review: when the proposal joined the queue).</summary>
    public int Since;
    /// <summary>Last tick of the active term plus one.</summary>
    public int ActiveUntil;
    /// <summary>0 for the first procedure, +1 for each renewal (keys the random draws of each cycle).</summary>
    public int Cycle;
}

/// <summary>What the lifecycle needs to know about current conditions (capacities, costs) when it screens proposals.</summary>
public interface ILifecycleConditions
{
    /// <summary>Capacity of an entity in a lane, as last known to the owner.</summary>
    double CapacityOf(int entity, int lane);
    /// <summary>The owner's raw monthly service cost (before the capacity factor) in a lane.</summary>
    double OwnerRawServiceCost(int lane);
    /// <summary>Whether a party asked to withdraw from the agreement in this lane.</summary>
    bool WithdrawalRequested(int agreement, int lane);
    /// <summary>Price of a commodity in a region's market, as last known to the owner (its base price before any tick; 0 without a market).</summary>
    double PriceOf(int entity, int commodity, int lane);
}

/// <summary>
/// The agreement lifecycle and the One Gate policy (MODEL.md section 3).
/// <para>
/// Stages: initiative → review (One Gate only) → offer → joint_agreement (KB, signed by the regional heads) →
/// council_approval (DPRD; for ksdln, or when the agreement burdens a party's budget) → implementing_agreement
/// (PKS; skipped by sinergi, which is a memorandum only) → active for the term (at most 60 months) →
/// expired, or renewed (the renewal goes through every stage again), or revoked (at a scenario date, or when a
/// party withdraws after repeated losses). Stage durations are Poisson draws around the scenario's means, one
/// per agreement, stage, renewal cycle and replication, from the counter-based streams. Observed KB-to-PKS gaps
/// range from 0 days (Banyuasin 2023) to about 9 months (Sleman 2023-2024).
/// </para>
/// <para>
/// One Gate (Kerjasama Satu Pintu): each proposal of a region that runs it joins one review queue (first in,
/// first out by month and agreement id). Up to review_capacity proposals start review each month; a review
/// takes review_months; then the quality screen rejects proposals whose ex-ante net benefit (Rp a month, all
/// parties, at current conditions) is below quality_threshold, and proposals that duplicate an agreement of the
/// same type, parties, service and subject already past review. Without One Gate there is no queue and no screen, but
/// agencies negotiate on their own: the offer stage takes coordination_delay_months longer on average.
/// </para>
/// <para>
/// Timing convention: at tick t the owner decides the state for tick t+1 and announces it, so every party
/// acts on the same state in the same month (no party learns of an activation later than another).
/// </para>
/// </summary>
public static class Lifecycle
{
    /// <summary>Moves every owned agreement of a region, in one lane, to its state for month <paramref name="tick"/>.</summary>
    public static void Advance(SimulationWorld world, int owner, int tick, int lane, Span<AgreementProgress> progress, ILifecycleConditions conditions)
    {
        var owned = world.Owned[owner];
        var lanes = world.Lanes;
        for (var k = 0; k < owned.Length; k++)
        {
            ref var p = ref progress[k * lanes + lane];
            Settle(world, owner, world.Agreements[owned[k]], tick, lane, ref p, owned, progress, conditions);
        }

        if (!world.OneGate[owner]) return;
        var policy = world.Scenario.Policies.OneGate;
        var starts = policy.ReviewCapacity;
        while (starts > 0)
        {
            // The oldest waiting proposal (ties: lowest agreement index) starts review.
            var next = -1;
            for (var k = 0; k < owned.Length; k++)
            {
                ref var p = ref progress[k * lanes + lane];
                if (p.State != LifecycleState.Review || p.StageEnd != int.MaxValue) continue;
                if (next < 0 || p.Since < progress[next * lanes + lane].Since) next = k;
            }
            if (next < 0) break;
            ref var chosen = ref progress[next * lanes + lane];
            chosen.StageEnd = tick + policy.ReviewMonths;
            starts--;
            Settle(world, owner, world.Agreements[owned[next]], tick, lane, ref chosen, owned, progress, conditions);
        }
    }

    private static void Settle(SimulationWorld world, int owner, AgreementInfo a, int tick, int lane, ref AgreementProgress p,
        int[] owned, Span<AgreementProgress> progress, ILifecycleConditions conditions)
    {
        var timing = a.Definition.Timing;
        if (timing.RevokeAt is { } revokeAt && tick >= revokeAt - world.Start && !p.State.IsTerminal())
        {
            p.State = LifecycleState.Revoked;
            p.Since = tick;
            return;
        }
        if (p.State == LifecycleState.Active && conditions.WithdrawalRequested(a.Index, lane))
        {
            p.State = LifecycleState.Revoked;
            p.Since = tick;
            return;
        }

        for (var guard = 0; guard < 64; guard++)
        {
            var before = p.State;
            switch (p.State)
            {
                case LifecycleState.NotStarted:
                    if (a.Trigger >= 0) return; // a trigger's potential agreement waits for Initiate
                    if (timing.ActiveFrom is { } from)
                    {
                        var start = from - world.Start;
                        if (start > tick) return;
                        Activate(a, ref p, start);
                    }
                    else if (timing.Initiated is { } initiated)
                    {
                        var start = Math.Max(0, initiated - world.Start);
                        if (start > tick) return;
                        Enter(world, a, ref p, LifecycleState.Initiative, start, lane, 0);
                    }
                    else return;
                    break;
                case LifecycleState.Initiative:
                case LifecycleState.Renewed:
                    if (p.StageEnd > tick) return;
                    if (world.OneGate[owner])
                    {
                        p.State = LifecycleState.Review;
                        p.Since = p.StageEnd;
                        p.StageEnd = int.MaxValue;
                    }
                    else
                    {
                        Enter(world, a, ref p, LifecycleState.Offer, p.StageEnd, lane, world.Scenario.Policies.CoordinationDelayMonths);
                    }
                    break;
                case LifecycleState.Review:
                    if (p.StageEnd > tick) return;
                    if (PassesScreen(world, a, tick, lane, owned, progress, conditions))
                        Enter(world, a, ref p, LifecycleState.Offer, p.StageEnd, lane, 0);
                    else
                    {
                        p.State = LifecycleState.Rejected;
                        p.Since = p.StageEnd;
                    }
                    break;
                case LifecycleState.Offer:
                    if (p.StageEnd > tick) return;
                    Enter(world, a, ref p, LifecycleState.JointAgreement, p.StageEnd, lane, 0);
                    break;
                case LifecycleState.JointAgreement:
                    if (p.StageEnd > tick) return;
                    if (NeedsCouncilApproval(world, a, tick, lane, conditions))
                        Enter(world, a, ref p, LifecycleState.CouncilApproval, p.StageEnd, lane, 0);
                    else if (a.Definition.LegalForm == LegalForm.Sinergi)
                        Activate(a, ref p, p.StageEnd);
                    else
                        Enter(world, a, ref p, LifecycleState.ImplementingAgreement, p.StageEnd, lane, 0);
                    break;
                case LifecycleState.CouncilApproval:
                    if (p.StageEnd > tick) return;
                    if (a.Definition.LegalForm == LegalForm.Sinergi) Activate(a, ref p, p.StageEnd);
                    else Enter(world, a, ref p, LifecycleState.ImplementingAgreement, p.StageEnd, lane, 0);
                    break;
                case LifecycleState.ImplementingAgreement:
                    if (p.StageEnd > tick) return;
                    Activate(a, ref p, p.StageEnd);
                    break;
                case LifecycleState.Active:
                    if (p.ActiveUntil > tick) return;
                    if (timing.Renew)
                    {
                        var ended = p.ActiveUntil;
                        p.Cycle++;
                        Enter(world, a, ref p, LifecycleState.Renewed, ended, lane, 0);
                    }
                    else
                    {
                        p.State = LifecycleState.Expired;
                        p.Since = p.ActiveUntil;
                    }
                    break;
                default:
                    return;
            }
            if (p.State == before && p.StageEnd > tick) return;
        }
    }

    /// <summary>A trigger fired: the potential agreement enters the procedure (initiative) in month <paramref name="start"/>.</summary>
    public static void Initiate(SimulationWorld world, AgreementInfo a, ref AgreementProgress p, int start, int lane)
    {
        if (p.State != LifecycleState.NotStarted) return;
        Enter(world, a, ref p, LifecycleState.Initiative, start, lane, 0);
    }

    private static void Activate(AgreementInfo a, ref AgreementProgress p, int start)
    {
        p.State = LifecycleState.Active;
        p.Since = start;
        p.ActiveUntil = start + a.TermMonths;
        p.StageEnd = p.ActiveUntil;
    }

    private static void Enter(SimulationWorld world, AgreementInfo a, ref AgreementProgress p, LifecycleState stage, int start, int lane, double extraMean)
    {
        var mean = MeanMonths(world.Scenario.Lifecycle, stage) + extraMean;
        var u = RandomStreams.Uniform(world.Seed, lane, a.Hash, DrawPurpose.StageDuration, (ulong)p.Cycle * 16 + (ulong)stage);
        p.State = stage;
        p.Since = start;
        p.StageEnd = start + RandomStreams.Poisson(mean, u);
    }

    public static double MeanMonths(LifecycleSettings s, LifecycleState stage) => stage switch
    {
        LifecycleState.Initiative or LifecycleState.Renewed => s.Initiative,
        LifecycleState.Offer => s.Offer,
        LifecycleState.JointAgreement => s.JointAgreement,
        LifecycleState.CouncilApproval => s.CouncilApproval,
        LifecycleState.ImplementingAgreement => s.ImplementingAgreement,
        _ => 0,
    };

    /// <summary>
    /// Council (DPRD) approval is needed for agreements with foreign parties (ksdln) and for agreements that
    /// burden a party's budget: an expected monthly cost above budget_burden_share of its monthly budget
    /// (budget shocks applied), unless the scenario says so explicitly with burdens_budget.
    /// </summary>
    public static bool NeedsCouncilApproval(SimulationWorld world, AgreementInfo a, int tick, int lane, ILifecycleConditions conditions)
    {
        if (a.Definition.LegalForm == LegalForm.Ksdln) return true;
        if (a.Definition.BurdensBudget is { } explicitBurden) return explicitBurden;
        foreach (var r in a.RegionParties)
        {
            var monthlyBudget = world.Regions[r].Budget / 12 * world.ShockFactor(r, ShockKind.Budget, tick);
            var cost = a.Type == AgreementType.SharedService
                ? SharedServices.MemberBill(world, a, r, tick, conditions.CapacityOf(r, lane)).Paid
                : world.Parameters.AgreementCoordinationCost;
            if (cost > world.Parameters.BudgetBurdenShare * monthlyBudget) return true;
        }
        return false;
    }

    /// <summary>The One Gate quality screen: ex-ante net benefit at or above the threshold, and not a duplicate.</summary>
    public static bool PassesScreen(SimulationWorld world, AgreementInfo a, int tick, int lane, int[] owned, Span<AgreementProgress> progress, ILifecycleConditions conditions)
    {
        var lanes = world.Lanes;
        for (var k = 0; k < owned.Length; k++)
        {
            var other = world.Agreements[owned[k]];
            if (other.Index == a.Index || !IsDuplicate(a, other)) continue;
            var s = progress[k * lanes + lane].State;
            if (s is LifecycleState.Active or >= LifecycleState.Offer and <= LifecycleState.ImplementingAgreement) return false;
        }
        return ExpectedNetBenefit(world, a, tick, lane, conditions) >= world.Scenario.Policies.OneGate.QualityThreshold;
    }

    /// <summary>Same type, same set of parties, same service, same commodity and same subject.</summary>
    public static bool IsDuplicate(AgreementInfo a, AgreementInfo b) =>
        a.Type == b.Type && a.Service == b.Service && a.Commodity == b.Commodity && a.Parties.Length == b.Parties.Length
        && string.Equals(a.Definition.Subject, b.Definition.Subject, StringComparison.Ordinal)
        && a.Parties.Order().SequenceEqual(b.Parties.Order());

    /// <summary>Ex-ante net benefit of a proposal, Rp a month, all parties together, at current conditions.</summary>
    public static double ExpectedNetBenefit(SimulationWorld world, AgreementInfo a, int tick, int lane, ILifecycleConditions conditions)
    {
        var coordination = world.Parameters.AgreementCoordinationCost * a.RegionParties.Length;
        switch (a.Type)
        {
            case AgreementType.SharedService:
                return SharedServices.ExpectedNetBenefit(world, a, tick, e => conditions.CapacityOf(e, lane));
            case AgreementType.Knowledge:
                return Capacity.ExpectedBenefit(world, a, conditions.CapacityOf(a.To, lane), conditions.CapacityOf(a.From, lane),
                    conditions.OwnerRawServiceCost(lane)) - coordination;
            case AgreementType.Funding:
                var monthly = Funding.MonthlyAmount(a);
                if (a.Service >= 0)
                {
                    var facility = SharedServices.Standalone(world, a.To, a.Service, tick, conditions.CapacityOf(a.To, lane)).Raw;
                    monthly = Funding.FacilityReduction(world, monthly, facility);
                }
                return monthly - coordination;
            case AgreementType.FoodSupply when a.Commodity >= 0:
                // Volume × (buyer's price − producer's price − the freight the buyer still pays), at current prices.
                var c = a.Commodity;
                var band = Prices.Band(world.Commodities[c].FreightRate, world.FoodShockFactor(a.To, ShockKind.Freight, tick, c),
                    world.DistanceKm(a.From, a.To), a.Definition.FreightSubsidy);
                return a.Definition.Volume * (conditions.PriceOf(a.To, c, lane) - conditions.PriceOf(a.From, c, lane) - band) - coordination;
            default:
                return -coordination;
        }
    }
}
