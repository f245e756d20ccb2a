using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>The state a region keeps between ticks (held by the region's grain, or by the reference engine).</summary>
public sealed class RegionState
{
    public required int Region { get; init; }
    /// <summary>Capacity per lane after the last tick.</summary>
    public required double[] Capacity { get; init; }
    /// <summary>Owned agreements' progress, [owned position × lanes]; between ticks it holds the state for the next tick.</summary>
    public required AgreementProgress[] Progress { get; init; }
    /// <summary>Knowledge agreements the region receives, ascending.</summary>
    public required int[] KnowledgeIn { get; init; }
    /// <summary>Cumulative capacity gained through each incoming knowledge agreement, [KnowledgeIn position × lanes].</summary>
    public required double[] KnowledgeGain { get; init; }
    /// <summary>Shared-service agreements the region is a member of, ascending.</summary>
    public required int[] SharedMember { get; init; }
    /// <summary>Consecutive loss-making active months per shared agreement, [SharedMember position × lanes].</summary>
    public required int[] LossStreak { get; init; }
    /// <summary>Food price per commodity after the last tick, [commodity × lanes] (0 where the region has no market for it).</summary>
    public required double[] Price { get; init; }
    /// <summary>CPI of the last twelve months, [slot × lanes] with slot = month index mod 12 (empty without commodities).</summary>
    public required double[] CpiRing { get; init; }
    /// <summary>Consecutive months each owned trigger's condition held, [SimulationWorld.OwnedTriggers position × lanes].</summary>
    public required int[] TriggerStreak { get; init; }
    /// <summary>1 once an owned trigger has fired in a lane, [position × lanes].</summary>
    public required byte[] TriggerFired { get; init; }
}

/// <summary>
/// One region's superstep: read last tick's snapshots, apply the mechanisms in a fixed order, publish this
/// tick's snapshot. The same code runs in the reference engine's loop and inside the region grains.
/// Order within a tick: capacity (knowledge, peer learning) → services (shared services, capital funding) →
/// general funding, coordination costs and capacity dividends (direct benefit by agreement) → spillover
/// received → losses and withdrawals → lifecycle of owned agreements for the next tick.
/// </summary>
public static class RegionStep
{
    public static (RegionState State, EntitySnapshot Snapshot) Initialise(SimulationWorld world, int region)
    {
        var lanes = world.Lanes;
        var owned = world.Owned[region];
        var knowledgeIn = world.PartyOf[region].Where(a => world.Agreements[a].Type == AgreementType.Knowledge && world.Agreements[a].To == region).ToArray();
        var shared = world.PartyOf[region].Where(a => world.Agreements[a].Type == AgreementType.SharedService).ToArray();
        var state = new RegionState
        {
            Region = region,
            Capacity = Enumerable.Repeat(world.InitialCapacity[region], lanes).ToArray(),
            Progress = new AgreementProgress[owned.Length * lanes],
            KnowledgeIn = knowledgeIn,
            KnowledgeGain = new double[knowledgeIn.Length * lanes],
            SharedMember = shared,
            LossStreak = new int[shared.Length * lanes],
            Price = new double[world.Commodities.Length * lanes],
            CpiRing = new double[world.Commodities.Length > 0 ? 12 * lanes : 0],
            TriggerStreak = new int[world.OwnedTriggers[region].Length * lanes],
            TriggerFired = new byte[world.OwnedTriggers[region].Length * lanes],
        };
        FoodMarkets.Initialise(world, state);
        var raw = new double[lanes];
        for (var l = 0; l < lanes; l++)
        {
            for (var s = 0; s < world.Services.Length; s++) raw[l] += SharedServices.Standalone(world, region, s, 0, state.Capacity[l]).Raw;
        }
        var conditions = new Conditions(world, region, [], [], state.Capacity, raw, state, state.Price, []);
        for (var l = 0; l < lanes; l++) Lifecycle.Advance(world, region, 0, l, state.Progress, conditions);
        var snapshot = new EntitySnapshot
        {
            Sender = region,
            Tick = -1,
            Capacity = (double[])state.Capacity.Clone(),
            Benefit = TaggedLanes.Empty(lanes),
            Announced = Announce(state.Progress),
            WithdrawAgreements = [],
            WithdrawFlags = [],
            Prices = (double[])state.Price.Clone(),
            Deliveries = new double[world.FoodOut[region].Length * lanes],
        };
        return (state, snapshot);
    }

    /// <summary>
    /// Advances a region by one tick. <paramref name="inbox"/> holds the previous tick's snapshots of the
    /// region's subscriptions, sorted by sender (missing senders are treated as silent).
    /// </summary>
    public static (EntitySnapshot Snapshot, RegionMonthOutput Output) Step(SimulationWorld world, RegionState st, int tick, IReadOnlyList<EntitySnapshot> inbox)
    {
        var region = st.Region;
        var lanes = world.Lanes;
        var p = world.Parameters;
        var subs = world.Subscriptions[region];
        var snaps = Align(subs, inbox);
        var owned = world.Owned[region];
        var current = Announce(st.Progress);

        LifecycleState StateOf(int a, int l)
        {
            var info = world.Agreements[a];
            var pos = world.OwnedPosition[a];
            if (info.Owner == region) return (LifecycleState)current[pos * lanes + l];
            var snap = Lookup(subs, snaps, info.Owner);
            return snap is null ? LifecycleState.NotStarted : (LifecycleState)snap.Announced[pos * lanes + l];
        }
        double LastCapacity(int e, int l)
        {
            if (e == region) return st.Capacity[l];
            var snap = Lookup(subs, snaps, e);
            return snap?.Capacity[l] ?? world.InitialCapacity[e];
        }

        var services = world.Services.Length;
        var metrics = new double[RegionMetrics.Count * lanes];
        var serviceCost = new double[services * lanes];
        var serviceSaving = new double[services * lanes];
        var newCapacity = new double[lanes];
        var raw = new double[lanes];
        var direct = TagAccumulator.For(world.Agreements.Length, lanes);
        Span<Capacity.Source> sources = st.KnowledgeIn.Length <= 64 ? stackalloc Capacity.Source[st.KnowledgeIn.Length] : new Capacity.Source[st.KnowledgeIn.Length];
        Span<double> gains = st.KnowledgeIn.Length <= 64 ? stackalloc double[st.KnowledgeIn.Length] : new double[st.KnowledgeIn.Length];
        Span<int> seen = st.KnowledgeIn.Length <= 64 ? stackalloc int[st.KnowledgeIn.Length] : new int[st.KnowledgeIn.Length];

        // Lane-independent parts of this month's service costs, computed once.
        var sharedTerms = new SharedServices.Terms[st.SharedMember.Length];
        for (var m = 0; m < st.SharedMember.Length; m++) sharedTerms[m] = SharedServices.MemberTerms(world, world.Agreements[st.SharedMember[m]], region, tick);
        var standaloneRaw = new double[services];
        for (var s = 0; s < services; s++) standaloneRaw[s] = world.BaseDemand[region][s] > 0 ? SharedServices.Standalone(world, region, s, tick, 0).Raw : 0;

        // Neighbours' last capacities (per lane) and the state look-up as a delegate, resolved once per step, not per lane.
        var neighbours = world.Neighbours[region];
        var neighbourCapacity = new double[neighbours.Length][];
        for (var k = 0; k < neighbours.Length; k++)
        {
            var j = neighbours[k].Region;
            neighbourCapacity[k] = Lookup(subs, snaps, j)?.Capacity ?? Enumerable.Repeat(world.InitialCapacity[j], lanes).ToArray();
        }
        Func<int, int, LifecycleState> stateOf = StateOf;

        for (var l = 0; l < lanes; l++)
        {
            // Capacity: knowledge agreements and peer learning, from last tick's levels.
            var c = st.Capacity[l];
            var n = 0;
            for (var k = 0; k < st.KnowledgeIn.Length; k++)
            {
                var a = st.KnowledgeIn[k];
                if (StateOf(a, l) != LifecycleState.Active) continue;
                sources[n] = new Capacity.Source(k, world.Agreements[a].TransferKey, LastCapacity(world.Agreements[a].From, l));
                n++;
            }
            var peer = Mechanisms.Capacity.PeerIncrement(c, neighbours, neighbourCapacity, l, p.PeerLearningRate);
            var cNew = Mechanisms.Capacity.Step(c, sources[..n], peer, p.KnowledgeRate, gains, seen);
            for (var i = 0; i < n; i++) st.KnowledgeGain[sources[i].Agreement * lanes + l] += gains[i];
            newCapacity[l] = cNew;

            // Services: shared where an agreement for the service is active, else standalone; capital funding lowers the facility cost.
            double totalCost = 0, totalSaving = 0, fundingBenefit = 0, coordination = 0, knowledgeBenefit = 0;
            for (var s = 0; s < services; s++)
            {
                var sharedAgreement = -1;
                var sharedPosition = -1;
                for (var m = 0; m < st.SharedMember.Length; m++)
                {
                    var a = st.SharedMember[m];
                    if (world.Agreements[a].Service == s && StateOf(a, l) == LifecycleState.Active) { sharedAgreement = a; sharedPosition = m; break; }
                }
                double cost, saving = 0;
                if (sharedAgreement >= 0)
                {
                    var info = world.Agreements[sharedAgreement];
                    var bill = sharedTerms[sharedPosition].ForCapacityFactor(SharedServices.CapacityFactor(world, cNew));
                    var reduction = CapitalFundingReduction(world, info.Host, s, bill.PooledCost, bill.Share, l, stateOf, direct);
                    cost = bill.Paid - reduction;
                    saving = bill.Saving;
                    raw[l] += bill.RawShare;
                    fundingBenefit += reduction;
                    direct.Row(sharedAgreement)[l] += bill.Saving;
                }
                else
                {
                    if (world.BaseDemand[region][s] <= 0) continue;
                    var rawAlone = standaloneRaw[s];
                    var alone = rawAlone * SharedServices.CapacityFactor(world, cNew);
                    var reduction = CapitalFundingReduction(world, region, s, rawAlone, 1.0, l, stateOf, direct);
                    cost = alone - reduction;
                    raw[l] += rawAlone;
                    fundingBenefit += reduction;
                }
                serviceCost[s * lanes + l] = cost;
                serviceSaving[s * lanes + l] = saving;
                totalCost += cost;
                totalSaving += saving;
            }

            // General funding, coordination costs of non-service agreements, active count.
            var active = 0;
            foreach (var a in world.PartyOf[region])
            {
                if (StateOf(a, l) != LifecycleState.Active) continue;
                active++;
                var info = world.Agreements[a];
                if (info.Type == AgreementType.SharedService) continue;
                coordination += p.AgreementCoordinationCost;
                direct.Row(a)[l] -= p.AgreementCoordinationCost;
                if (info.Type == AgreementType.Funding && info.Service < 0 && info.To == region)
                {
                    var amount = Funding.MonthlyAmount(info);
                    direct.Row(a)[l] += amount;
                    fundingBenefit += amount;
                }
            }

            // Capacity dividend: capacity gained through a knowledge agreement keeps lowering service costs.
            for (var k = 0; k < st.KnowledgeIn.Length; k++)
            {
                var gain = st.KnowledgeGain[k * lanes + l];
                if (gain == 0) continue;
                var dividend = p.CapacityCostEffect * gain * raw[l];
                direct.Row(st.KnowledgeIn[k])[l] += dividend;
                knowledgeBenefit += dividend;
            }

            metrics[RegionMetrics.Population * lanes + l] = world.Regions[region].Population;
            metrics[RegionMetrics.Capacity * lanes + l] = cNew;
            metrics[RegionMetrics.ServiceCost * lanes + l] = totalCost;
            metrics[RegionMetrics.ServiceSaving * lanes + l] = totalSaving;
            metrics[RegionMetrics.FundingBenefit * lanes + l] = fundingBenefit;
            metrics[RegionMetrics.KnowledgeBenefit * lanes + l] = knowledgeBenefit;
            metrics[RegionMetrics.CoordinationCost * lanes + l] = coordination;
            metrics[RegionMetrics.ActiveAgreements * lanes + l] = active;
        }
        var food = FoodMarkets.Step(world, st, tick, StateOf, e => Lookup(subs, snaps, e), direct);
        var directTags = direct.Build(0, new double[lanes]);

        // Spillover received from neighbours' last-tick benefit, then this tick's benefit to publish.
        var spill = Spillover.Receive(world, region, j => Lookup(subs, snaps, j)?.Benefit);
        for (var l = 0; l < lanes; l++)
        {
            var d = directTags.Total(l);
            var sp = spill.Total(l);
            metrics[RegionMetrics.DirectBenefit * lanes + l] = d;
            metrics[RegionMetrics.Spillover * lanes + l] = sp;
            metrics[RegionMetrics.Benefit * lanes + l] = d + sp;
        }
        var benefit = Spillover.Combine(world, directTags, spill);

        // Losses: a member withdraws after revoke_after_loss_months consecutive loss-making months.
        var lossLimit = world.Scenario.Policies.RevokeAfterLossMonths;
        var withdraw = new List<int>();
        var withdrawFlags = new List<byte>();
        for (var m = 0; m < st.SharedMember.Length; m++)
        {
            var a = st.SharedMember[m];
            var any = false;
            var flags = new byte[lanes];
            for (var l = 0; l < lanes; l++)
            {
                ref var streak = ref st.LossStreak[m * lanes + l];
                var saving = directTags.Tags.AsSpan().BinarySearch(a) is var pos and >= 0 ? directTags.Values[pos * lanes + l] : 0;
                streak = StateOf(a, l) == LifecycleState.Active && saving < 0 ? streak + 1 : 0;
                if (lossLimit > 0 && streak >= lossLimit) { flags[l] = 1; any = true; }
            }
            if (!any) continue;
            withdraw.Add(a);
            withdrawFlags.AddRange(flags);
        }
        var ownWithdrawals = withdraw.ToArray();
        var ownFlags = withdrawFlags.ToArray();

        // Triggers: a condition that has held long enough initiates its chosen agreements from next month.
        var triggers = world.OwnedTriggers[region];
        for (var k = 0; k < triggers.Length; k++)
        {
            var trigger = world.Triggers[triggers[k]];
            int[]? chosen = null;
            for (var l = 0; l < lanes; l++)
            {
                var i = k * lanes + l;
                var value = Triggers.Indicator(trigger.Indicator, food.Cpi[FoodColumns.MonthOnMonth * lanes + l], food.Cpi[FoodColumns.YearOnYear * lanes + l]);
                st.TriggerStreak[i] = value > trigger.Threshold ? st.TriggerStreak[i] + 1 : 0;
                if (st.TriggerFired[i] != 0 || st.TriggerStreak[i] < trigger.Months) continue;
                st.TriggerFired[i] = 1;
                chosen ??= Triggers.Choose(world, triggers[k], tick);
                foreach (var a in chosen)
                    Lifecycle.Initiate(world, world.Agreements[a], ref st.Progress[world.OwnedPosition[a] * lanes + l], tick + 1, l);
            }
        }

        // Lifecycle of owned agreements: decide and announce the state for the next tick.
        var conditions = new Conditions(world, region, subs, snaps, newCapacity, raw, st, food.Prices, ownWithdrawals, ownFlags);
        for (var l = 0; l < lanes; l++) Lifecycle.Advance(world, region, tick + 1, l, st.Progress, conditions);
        Array.Copy(newCapacity, st.Capacity, lanes);

        var snapshot = new EntitySnapshot
        {
            Sender = region,
            Tick = tick,
            Capacity = newCapacity,
            Benefit = benefit,
            Announced = Announce(st.Progress),
            WithdrawAgreements = ownWithdrawals,
            WithdrawFlags = ownFlags,
            Prices = food.Prices,
            Deliveries = food.Deliveries,
        };
        var output = new RegionMonthOutput
        {
            Region = region,
            Tick = tick,
            Metrics = metrics,
            ServiceCost = serviceCost,
            ServiceSaving = serviceSaving,
            Direct = directTags,
            Spill = spill,
            OwnedStates = current,
            Food = food.Outputs,
            Cpi = food.Cpi,
        };
        return (snapshot, output);
    }

    /// <summary>
    /// Capital funding for a facility: the facility's funding agreements (owned by its operator) that are active
    /// give min(Σ monthly amounts, φ·facility cost); the member's part is its cost share of that, attributed to
    /// each funding agreement pro rata to its monthly amount.
    /// </summary>
    private static double CapitalFundingReduction(SimulationWorld world, int facilityOwner, int service, double facilityCost, double share, int lane,
        Func<int, int, LifecycleState> stateOf, TagAccumulator direct)
    {
        var agreements = world.CapitalFunding[facilityOwner][service];
        if (agreements.Length == 0) return 0;
        var total = 0.0;
        foreach (var f in agreements) if (stateOf(f, lane) == LifecycleState.Active) total += Funding.MonthlyAmount(world.Agreements[f]);
        if (total <= 0) return 0;
        var reduction = share * Funding.FacilityReduction(world, total, facilityCost);
        foreach (var f in agreements)
        {
            if (stateOf(f, lane) != LifecycleState.Active) continue;
            direct.Row(f)[lane] += reduction * (Funding.MonthlyAmount(world.Agreements[f]) / total);
        }
        return reduction;
    }

    private static byte[] Announce(AgreementProgress[] progress)
    {
        var result = new byte[progress.Length];
        for (var i = 0; i < progress.Length; i++) result[i] = (byte)progress[i].State;
        return result;
    }

    /// <summary>Aligns the inbox (sorted by sender) with the subscription list; senders that sent nothing stay null.</summary>
    internal static EntitySnapshot?[] Align(int[] subscriptions, IReadOnlyList<EntitySnapshot> inbox)
    {
        var result = new EntitySnapshot?[subscriptions.Length];
        var i = 0;
        for (var k = 0; k < inbox.Count; k++)
        {
            var sender = inbox[k].Sender;
            while (i < subscriptions.Length && subscriptions[i] < sender) i++;
            if (i < subscriptions.Length && subscriptions[i] == sender) result[i] = inbox[k];
        }
        return result;
    }

    internal static EntitySnapshot? Lookup(int[] subscriptions, EntitySnapshot?[] aligned, int entity)
    {
        var i = Array.BinarySearch(subscriptions, entity);
        return i >= 0 ? aligned[i] : null;
    }

    private sealed class Conditions(SimulationWorld world, int region, int[] subs, EntitySnapshot?[] snaps, double[] capacity, double[] raw,
        RegionState state, double[] prices, int[] ownWithdrawals, byte[]? ownFlags = null) : ILifecycleConditions
    {
        public double PriceOf(int entity, int commodity, int lane)
        {
            if (entity == region) return prices[commodity * world.Lanes + lane];
            var snap = Lookup(subs, snaps, entity);
            if (snap is not null && snap.Prices.Length > 0) return snap.Prices[commodity * world.Lanes + lane];
            return world.Food[entity][commodity]?.BasePrice ?? 0;
        }

        public double CapacityOf(int entity, int lane)
        {
            if (entity == region) return capacity[lane];
            var snap = Lookup(subs, snaps, entity);
            return snap?.Capacity[lane] ?? world.InitialCapacity[entity];
        }

        public double OwnerRawServiceCost(int lane) => raw[lane];

        public bool WithdrawalRequested(int agreement, int lane)
        {
            var lanes = world.Lanes;
            var own = Array.BinarySearch(ownWithdrawals, agreement);
            if (own >= 0 && ownFlags![own * lanes + lane] != 0) return true;
            foreach (var party in world.Agreements[agreement].RegionParties)
            {
                if (party == region) continue;
                var snap = Lookup(subs, snaps, party);
                if (snap is null) continue;
                var k = Array.BinarySearch(snap.WithdrawAgreements, agreement);
                if (k >= 0 && snap.WithdrawFlags[k * lanes + lane] != 0) return true;
            }
            return false;
        }

        public RegionState State => state;
    }
}

/// <summary>A partner's superstep: partners publish their capacity level (the knowledge they can transfer).</summary>
public static class PartnerStep
{
    public static EntitySnapshot Initialise(SimulationWorld world, int entity) => new()
    {
        Sender = entity,
        Tick = -1,
        Capacity = Enumerable.Repeat(world.InitialCapacity[entity], world.Lanes).ToArray(),
        Benefit = TaggedLanes.Empty(world.Lanes),
        Announced = [],
        WithdrawAgreements = [],
        WithdrawFlags = [],
        Prices = [],
        Deliveries = [],
    };
}
