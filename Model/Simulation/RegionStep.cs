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
/// Each mechanism lives in its own file under Model/Mechanisms with its definition; this class only fixes their order:
/// <list type="number">
/// <item><see cref="Capacity"/>: knowledge agreements and peer learning, from last tick's levels;</item>
/// <item><see cref="ServiceChoice"/>: each service shared where an agreement for it is active, else standalone, with
/// capital <see cref="Funding"/> lowering the facility cost;</item>
/// <item><see cref="CoordinationCosts"/>: active agreements, their coordination cost and general funding;</item>
/// <item><see cref="CapacityDividend"/>: capacity gained through knowledge agreements keeps lowering service costs;</item>
/// <item><see cref="FoodMarkets"/>: deliveries, supply, prices and the CPI (<see cref="FoodSupply"/>, <see cref="Prices"/>,
/// <see cref="ConsumerPrices"/>);</item>
/// <item><see cref="Spillover"/>: spillover received from neighbours' last-tick benefit, and this tick's benefit to publish;</item>
/// <item><see cref="LossStreaks"/>: members withdraw after repeated loss-making months;</item>
/// <item><see cref="TriggerEvaluation"/>: triggers whose condition held long enough initiate their agreements;</item>
/// <item><see cref="Lifecycle"/>: owned agreements move to their state for the next tick and announce it.</item>
/// </list>
/// Within a mechanism the lanes loop is innermost and every sum is taken in the same order in every lane, so a lane's
/// numbers do not depend on how many lanes run. Scratch buffers are per thread (<see cref="StepContext"/>); what a step
/// allocates is what it publishes (the snapshot and the month's output).
/// </summary>
public static class RegionStep
{
    public static (RegionState State, EntitySnapshot Snapshot) Initialise(SimulationWorld world, int region)
    {
        var lanes = world.Lanes;
        var owned = world.Owned[region];
        var knowledgeIn = world.KnowledgeIn[region];
        var shared = world.SharedMember[region];
        var capacity = new double[lanes];
        Array.Fill(capacity, world.InitialCapacity[region]);
        var state = new RegionState
        {
            Region = region,
            Capacity = capacity,
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
        var ctx = StepContext.Begin(world, state, 0, [], null, []);
        try
        {
            var conditions = ctx.Conditions(state.Capacity, raw, state.Price, [], []);
            for (var l = 0; l < lanes; l++) Lifecycle.Advance(world, region, 0, l, state.Progress, conditions);
        }
        finally
        {
            ctx.End();
        }
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
    public static (EntitySnapshot Snapshot, RegionMonthOutput Output) Step(SimulationWorld world, RegionState st, int tick, IReadOnlyList<EntitySnapshot> inbox) =>
        Step(world, st, tick, inbox, null, null);

    /// <summary>
    /// <see cref="Step(SimulationWorld, RegionState, int, IReadOnlyList{EntitySnapshot})"/> that publishes into the arrays of
    /// the region's own snapshot and output of an earlier tick (<paramref name="spareSnapshot"/>, <paramref name="spareOutput"/>)
    /// where their sizes fit, so a month allocates almost nothing. The caller guarantees that nothing reads those any more
    /// (a shard recycles what its regions published two ticks ago); every reused array is cleared first, so the numbers are
    /// exactly those of a step into fresh arrays.
    /// </summary>
    public static (EntitySnapshot Snapshot, RegionMonthOutput Output) Step(SimulationWorld world, RegionState st, int tick, IReadOnlyList<EntitySnapshot> inbox,
        EntitySnapshot? spareSnapshot, RegionMonthOutput? spareOutput) =>
        Step(world, st, tick, inbox, null, spareSnapshot, spareOutput);

    /// <summary>
    /// <see cref="Step(SimulationWorld, RegionState, int, IReadOnlyList{EntitySnapshot}, EntitySnapshot?, RegionMonthOutput?)"/> reading
    /// last tick's snapshots straight from <paramref name="view"/> (by entity index; the region reads those of its subscriptions
    /// that are not null), the inbox <see cref="ReferenceEngine.Inbox"/> would build from it, without building it: a shard steps
    /// every region every month, and an inbox array per region and month was garbage and a covariant store per subscription.
    /// </summary>
    public static (EntitySnapshot Snapshot, RegionMonthOutput Output) Step(SimulationWorld world, RegionState st, int tick, EntitySnapshot?[] view,
        EntitySnapshot? spareSnapshot, RegionMonthOutput? spareOutput) =>
        Step(world, st, tick, null, view, spareSnapshot, spareOutput);

    private static (EntitySnapshot Snapshot, RegionMonthOutput Output) Step(SimulationWorld world, RegionState st, int tick, IReadOnlyList<EntitySnapshot>? inbox,
        EntitySnapshot?[]? view, EntitySnapshot? spareSnapshot, RegionMonthOutput? spareOutput)
    {
        if (spareSnapshot is not null && spareSnapshot.Sender != st.Region) throw new ArgumentException($"region {st.Region} cannot reuse the snapshot of {spareSnapshot.Sender}");
        if (spareOutput is not null && spareOutput.Region != st.Region) throw new ArgumentException($"region {st.Region} cannot reuse the output of {spareOutput.Region}");
        var region = st.Region;
        var lanes = world.Lanes;
        var services = world.Services.Length;
        var current = Announce(st.Progress, spareOutput?.OwnedStates);
        var ctx = StepContext.Begin(world, st, tick, inbox, view, current);
        ctx.SpareSnapshot = spareSnapshot;
        ctx.SpareOutput = spareOutput;
        try
        {
            var metrics = StepContext.Reuse(spareOutput?.Metrics, RegionMetrics.Count * lanes);
            var serviceCost = StepContext.Reuse(spareOutput?.ServiceCost, services * lanes);
            var serviceSaving = StepContext.Reuse(spareOutput?.ServiceSaving, services * lanes);
            var newCapacity = StepContext.Reuse(spareSnapshot?.Capacity, lanes);

            Capacity.Advance(ctx, newCapacity);
            ServiceChoice.Apply(ctx, newCapacity, serviceCost, serviceSaving, metrics);
            CoordinationCosts.Apply(ctx, metrics);
            CapacityDividend.Apply(ctx, metrics);
            var population = world.Regions[region].Population;
            for (var l = 0; l < lanes; l++)
            {
                metrics[RegionMetrics.Population * lanes + l] = population;
                metrics[RegionMetrics.Capacity * lanes + l] = newCapacity[l];
            }

            var food = FoodMarkets.Step(ctx);
            var directTags = ctx.BuildDirect();
            var spill = Spillover.Receive(ctx);
            var directTotal = StepContext.Ensure(ref ctx.TotalsA, lanes);
            var spillTotal = StepContext.Ensure(ref ctx.TotalsB, lanes);
            directTags.Totals(directTotal);
            spill.Totals(spillTotal);
            for (var l = 0; l < lanes; l++)
            {
                var d = directTotal[l];
                var sp = spillTotal[l];
                metrics[RegionMetrics.DirectBenefit * lanes + l] = d;
                metrics[RegionMetrics.Spillover * lanes + l] = sp;
                metrics[RegionMetrics.Benefit * lanes + l] = d + sp;
            }
            var benefit = Spillover.Combine(ctx, directTags, spill);

            var (ownWithdrawals, ownFlags) = LossStreaks.Update(ctx);
            TriggerEvaluation.Apply(ctx, food.Cpi);

            var conditions = ctx.Conditions(newCapacity, ctx.Raw, food.Prices, ownWithdrawals, ownFlags);
            for (var l = 0; l < lanes; l++) Lifecycle.Advance(world, region, tick + 1, l, st.Progress, conditions);
            Array.Copy(newCapacity, st.Capacity, lanes);

            var snapshot = new EntitySnapshot
            {
                Sender = region,
                Tick = tick,
                Capacity = newCapacity,
                Benefit = benefit,
                Announced = Announce(st.Progress, spareSnapshot?.Announced),
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
        finally
        {
            ctx.End();
        }
    }

    private static byte[] Announce(AgreementProgress[] progress, byte[]? spare = null)
    {
        var result = spare is not null && spare.Length == progress.Length ? spare : new byte[progress.Length];
        for (var i = 0; i < progress.Length; i++) result[i] = (byte)progress[i].State;
        return result;
    }
}

/// <summary>
/// What one region's step reads and the scratch it works in, reused per thread (the step functions are synchronous, so a
/// thread runs one step at a time): last tick's snapshots by sender, this tick's agreement states, the direct benefit per
/// slot of <see cref="SimulationWorld.DirectTags"/> and lane, and buffers for the mechanisms. Looking up a sender or an
/// agreement's state is an array index, not a search; <see cref="End"/> clears what <see cref="Begin"/> set.
/// </summary>
internal sealed class StepContext
{
    [ThreadStatic] private static StepContext? _instance;

    public SimulationWorld World = null!;
    public RegionState State = null!;
    public int Region;
    public int Tick;
    public int Lanes;
    /// <summary>States of the region's owned agreements this tick, [owned position × lanes].</summary>
    public byte[] Current = [];
    /// <summary>Direct benefit, [slot of <see cref="SimulationWorld.DirectTags"/> × lanes].</summary>
    public double[] Direct = [];
    /// <summary>Whether any snapshot read this step asks to withdraw from some agreement (most months none does).</summary>
    public bool SendersWithdraw;
    /// <summary>The region's raw monthly service cost (before the capacity factor), per lane.</summary>
    public double[] Raw = [];

    // Scratch for the mechanisms (sized up as needed, never shrunk).
    public SharedServices.Terms[] Terms = [];
    public int[] Chosen = [];
    public LaneRow<double>[] Rows = [];
    public double[] Peer = [];
    public Capacity.Source[] Sources = [];
    public double[] Gains = [];
    public int[] Seen = [];
    public int[] Cursor = [];
    public int[] Heads = [];
    public TaggedLanes?[] Benefits = [];
    public Spillover.Summand[] Summands = [];
    public double[] Factors = [];
    public double[] TotalsA = [];
    public double[] CapacityFactors = [];
    public double[] TotalsB = [];
    public LaneRow<byte>[] StateRows = [];
    public int[] StateAt = [];
    public int[] Keys = [];
    public byte[] Flags = [];
    public readonly TagBuilder Tags = new();
    /// <summary>The region's snapshot and output of an earlier tick whose arrays this step may publish into (null: allocate).</summary>
    public EntitySnapshot? SpareSnapshot;
    public RegionMonthOutput? SpareOutput;

    private EntitySnapshot?[] _byEntity = [];
    private int[] _set = [];
    private int _setCount;
    private byte[] _silent = [];
    private bool _busy;
    private readonly StepConditions _conditions = new();

    /// <summary>Last tick's snapshots come from <paramref name="inbox"/> (sorted by sender) or, when it is null, from <paramref name="view"/> by entity index.</summary>
    public static StepContext Begin(SimulationWorld world, RegionState state, int tick, IReadOnlyList<EntitySnapshot>? inbox, EntitySnapshot?[]? view, byte[] current)
    {
        var ctx = _instance ??= new StepContext();
        if (ctx._busy) throw new InvalidOperationException("a region step is already running on this thread");
        ctx._busy = true;
        try
        {
            ctx.Fill(world, state, tick, inbox, view, current);
        }
        catch
        {
            ctx.End();
            throw;
        }
        return ctx;
    }

    private void Fill(SimulationWorld world, RegionState state, int tick, IReadOnlyList<EntitySnapshot>? inbox, EntitySnapshot?[]? view, byte[] current)
    {
        var ctx = this;
        ctx.World = world;
        ctx.State = state;
        ctx.Region = state.Region;
        ctx.Tick = tick;
        ctx.Lanes = world.Lanes;
        ctx.Current = current;
        var lanes = world.Lanes;
        if (ctx._byEntity.Length < world.EntityCount) ctx._byEntity = new EntitySnapshot?[world.EntityCount];
        if (ctx._silent.Length < lanes) ctx._silent = new byte[lanes];
        ctx.Raw = Grow(ref ctx._raw, lanes);
        Array.Clear(ctx.Raw, 0, lanes);
        var direct = world.DirectTags[state.Region].Length * lanes;
        ctx.Direct = Grow(ref ctx._direct, direct);
        Array.Clear(ctx.Direct, 0, direct);

        var subs = world.Subscriptions[state.Region];
        if (ctx._set.Length < subs.Length) ctx._set = new int[subs.Length];
        ctx._setCount = 0;
        if (inbox is null)
        {
            // Subscriptions are ascending and distinct: each one's snapshot in the view, where it has one, is what the inbox would hold.
            foreach (var sender in subs)
            {
                var snap = view![sender];
                if (snap is null) continue;
                ctx._byEntity[sender] = snap;
                ctx._set[ctx._setCount++] = sender;
            }
        }
        else
        {
            // The inbox is sorted by sender; keep the senders the region subscribes to (a later duplicate wins).
            var i = 0;
            for (var k = 0; k < inbox.Count; k++)
            {
                var snap = inbox[k];
                var sender = snap.Sender;
                while (i < subs.Length && subs[i] < sender) i++;
                if (i < subs.Length && subs[i] == sender)
                {
                    if (ctx._byEntity[sender] is null) ctx._set[ctx._setCount++] = sender;
                    ctx._byEntity[sender] = snap;
                }
            }
        }
        ctx.SendersWithdraw = false;
        for (var k = 0; k < ctx._setCount; k++)
            if (ctx._byEntity[ctx._set[k]]!.WithdrawAgreements.Length > 0) ctx.SendersWithdraw = true;
    }

    public void End()
    {
        for (var k = 0; k < _setCount; k++) _byEntity[_set[k]] = null;
        _setCount = 0;
        _conditions.Clear();
        World = null!;
        State = null!;
        Current = [];
        SpareSnapshot = null;
        SpareOutput = null;
        _busy = false;
    }

    private double[] _raw = [];
    private double[] _direct = [];

    private static double[] Grow(ref double[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new double[Math.Max(length, buffer.Length * 2)];
        return buffer;
    }

    /// <summary><paramref name="spare"/> cleared when it has exactly <paramref name="length"/> elements, else a new array: what a fresh array would hold.</summary>
    public static T[] Reuse<T>(T[]? spare, int length)
    {
        if (spare is null || spare.Length != length) return new T[length];
        Array.Clear(spare);
        return spare;
    }

    public static T[] Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[Math.Max(length, buffer.Length * 2)];
        return buffer;
    }

    /// <summary>Last tick's snapshot of a subscribed entity, or null (not subscribed, silent, or the region itself).</summary>
    public EntitySnapshot? Snapshot(int entity) => _byEntity[entity];

    /// <summary>An agreement's state this tick in every lane: from the region's own progress, or as its owner announced it.</summary>
    public ReadOnlySpan<byte> States(int agreement)
    {
        var owner = World.Agreements[agreement].Owner;
        var at = World.OwnedPosition[agreement] * Lanes;
        if (owner == Region) return Current.AsSpan(at, Lanes);
        var snap = _byEntity[owner];
        return snap is null ? _silent.AsSpan(0, Lanes) : snap.Announced.AsSpan(at, Lanes);
    }

    public LifecycleState StateOf(int agreement, int lane) => (LifecycleState)States(agreement)[lane];

    /// <summary><see cref="States"/> as an array and the offset of lane 0 in it, for keeping in scratch across a lanes loop.</summary>
    public byte[] StateRow(int agreement, out int at)
    {
        var owner = World.Agreements[agreement].Owner;
        at = World.OwnedPosition[agreement] * Lanes;
        if (owner == Region) return Current;
        var snap = _byEntity[owner];
        if (snap is not null) return snap.Announced;
        at = 0;
        return _silent;
    }

    /// <summary>The slot of an agreement in the region's direct benefit (it must be one of <see cref="SimulationWorld.DirectTags"/>).</summary>
    public int DirectSlot(int agreement) => Array.BinarySearch(World.DirectTags[Region], agreement);

    /// <summary>The direct benefit by agreement, as published: slots whose lanes are all zero join the untagged remainder.</summary>
    public TaggedLanes BuildDirect()
    {
        var tags = World.DirectTags[Region];
        var spare = SpareOutput?.Direct;
        Tags.Begin(Lanes, Reuse(spare?.Untracked, Lanes), spare);
        for (var t = 0; t < tags.Length; t++) Tags.Offer(tags[t], Direct.AsSpan(t * Lanes, Lanes), 0);
        return Tags.Finish();
    }

    public ILifecycleConditions Conditions(double[] capacity, double[] raw, double[] prices, int[] ownWithdrawals, byte[] ownFlags)
    {
        _conditions.Set(this, capacity, raw, prices, ownWithdrawals, ownFlags);
        return _conditions;
    }

    /// <summary>What the lifecycle reads about current conditions, from the step's own numbers and last tick's snapshots.</summary>
    private sealed class StepConditions : ILifecycleConditions
    {
        private StepContext _ctx = null!;
        private double[] _capacity = [];
        private double[] _raw = [];
        private double[] _prices = [];
        private int[] _ownWithdrawals = [];
        private byte[] _ownFlags = [];

        public void Set(StepContext ctx, double[] capacity, double[] raw, double[] prices, int[] ownWithdrawals, byte[] ownFlags)
        {
            _ctx = ctx;
            _capacity = capacity;
            _raw = raw;
            _prices = prices;
            _ownWithdrawals = ownWithdrawals;
            _ownFlags = ownFlags;
        }

        public void Clear() => Set(null!, [], [], [], [], []);

        public double PriceOf(int entity, int commodity, int lane)
        {
            var world = _ctx.World;
            if (entity == _ctx.Region) return _prices[commodity * world.Lanes + lane];
            var snap = _ctx.Snapshot(entity);
            if (snap is not null && snap.Prices.Length > 0) return snap.Prices[commodity * world.Lanes + lane];
            return world.Food[entity][commodity]?.BasePrice ?? 0;
        }

        public double CapacityOf(int entity, int lane)
        {
            if (entity == _ctx.Region) return _capacity[lane];
            var snap = _ctx.Snapshot(entity);
            return snap?.Capacity[lane] ?? _ctx.World.InitialCapacity[entity];
        }

        public double OwnerRawServiceCost(int lane) => _raw[lane];

        public bool WithdrawalRequested(int agreement, int lane)
        {
            var world = _ctx.World;
            var lanes = world.Lanes;
            if (_ownWithdrawals.Length > 0)
            {
                var own = Array.BinarySearch(_ownWithdrawals, agreement);
                if (own >= 0 && _ownFlags[own * lanes + lane] != 0) return true;
            }
            if (!_ctx.SendersWithdraw) return false;
            foreach (var party in world.Agreements[agreement].RegionParties)
            {
                if (party == _ctx.Region) continue;
                var snap = _ctx.Snapshot(party);
                if (snap is null || snap.WithdrawAgreements.Length == 0) continue;
                var k = Array.BinarySearch(snap.WithdrawAgreements, agreement);
                if (k >= 0 && snap.WithdrawFlags[k * lanes + lane] != 0) return true;
            }
            return false;
        }
    }
}

/// <summary>
/// An array held in scratch: an array of these structs takes a store without the covariance check that storing into an
/// array of arrays needs (a helper call per store, in loops that run per neighbour and month).
/// </summary>
public readonly struct LaneRow<T>(T[] values)
{
    public readonly T[] Values = values;
}

/// <summary>A partner's superstep: partners publish their capacity level (the knowledge they can transfer).</summary>
public static class PartnerStep
{
    public static EntitySnapshot Initialise(SimulationWorld world, int entity) => new()
    {
        Sender = entity,
        Tick = -1,
        Capacity = Filled(world.Lanes, world.InitialCapacity[entity]),
        Benefit = TaggedLanes.Empty(world.Lanes),
        Announced = [],
        WithdrawAgreements = [],
        WithdrawFlags = [],
        Prices = [],
        Deliveries = [],
    };

    private static double[] Filled(int lanes, double value)
    {
        var values = new double[lanes];
        Array.Fill(values, value);
        return values;
    }
}
