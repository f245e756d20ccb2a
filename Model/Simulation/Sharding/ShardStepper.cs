using KerjasamaGraph.Model.Mechanisms;

namespace KerjasamaGraph.Model.Simulation.Sharding;

/// <summary>
/// One shard of a run: the state of its regions for every lane, and the snapshots its regions read. Both engines
/// step through this class (the reference engine holds all shards in one process, the Orleans engine one per shard
/// grain), so the superstep and the boundary exchange are written once.
/// <para>
/// A month, for tick t: <see cref="Step"/> installs the boundary snapshots of tick t−1 that neighbouring shards
/// delivered (<see cref="Deliver"/>), steps every region of the shard with <see cref="RegionStep.Step"/> on the snapshots of its
/// subscriptions (read from the shard's view, the inbox <see cref="ReferenceEngine.Inbox"/> would build), and returns the
/// outputs and one batch per neighbouring shard (<see cref="ShardPlan.Sends"/>). Each snapshot slot is written by
/// exactly one sender, and batches of tick t are installed only when tick t+1 starts, so the result does not depend
/// on the order in which batches arrive.
/// </para>
/// <para>
/// Initial snapshots of boundary regions are not exchanged: <see cref="RegionStep.Initialise"/> is a pure function
/// of the world, so each shard computes those it reads. Partners never step; each shard computes their snapshots too.
/// </para>
/// </summary>
public sealed class ShardStepper
{
    private readonly SimulationWorld _world;
    private readonly ShardPlan _plan;
    private readonly int[] _regions;
    private readonly RegionState[] _states;
    /// <summary>By entity index: the snapshot of the last completed tick of every entity this shard reads (null elsewhere).</summary>
    private readonly EntitySnapshot?[] _view;
    private readonly Dictionary<int, EntitySnapshot[]> _pending = new();
    /// <summary>
    /// Per region of the shard (by position): what it published two ticks ago and its output of the last and the one before,
    /// whose arrays the next step publishes into (<see cref="RegionStep.Step(SimulationWorld, RegionState, int, IReadOnlyList{EntitySnapshot}, EntitySnapshot?, RegionMonthOutput?)"/>).
    /// A snapshot of tick t is read during tick t+1 (here and by the neighbouring shards it was sent to) and an output of
    /// tick t is aggregated before tick t+1 is asked for, so at tick t+2 nothing reads either: a month allocates almost nothing.
    /// </summary>
    private readonly EntitySnapshot?[] _spareSnapshots;
    private readonly RegionMonthOutput?[] _spareOutputs;
    private readonly RegionMonthOutput?[] _lastOutputs;
    private readonly Lock _lock = new();
    private readonly bool _parallel;
    /// <summary>Positions of the shard's regions in the order they are stepped (<see cref="LocalityOrder"/>).</summary>
    private readonly int[] _order;

    public int Shard { get; }
    /// <summary>The shard's regions, ascending.</summary>
    public IReadOnlyList<int> Regions => _regions;
    /// <summary>The next tick to step (the number of months done).</summary>
    public int Tick { get; private set; }

    public ShardStepper(SimulationWorld world, ShardPlan plan, int shard, bool parallel = true)
        : this(world, plan, shard, parallel, initialise: true)
    {
    }

    private ShardStepper(SimulationWorld world, ShardPlan plan, int shard, bool parallel, bool initialise)
    {
        _world = world;
        _plan = plan;
        Shard = shard;
        _parallel = parallel;
        _regions = plan.Partition.Regions[shard];
        _states = new RegionState[_regions.Length];
        _view = new EntitySnapshot?[world.EntityCount];
        _spareSnapshots = new EntitySnapshot?[_regions.Length];
        _spareOutputs = new RegionMonthOutput?[_regions.Length];
        _lastOutputs = new RegionMonthOutput?[_regions.Length];
        _order = LocalityOrder(world, _regions);
        if (!initialise) return;
        var snapshots = new EntitySnapshot[_regions.Length];
        For(_regions.Length, i => (_states[i], snapshots[i]) = RegionStep.Initialise(world, _regions[i]));
        for (var i = 0; i < _regions.Length; i++) _view[_regions[i]] = snapshots[i];
        var boundary = BoundaryRegions().ToArray();
        var initial = new EntitySnapshot[boundary.Length];
        For(boundary.Length, i => initial[i] = RegionStep.Initialise(world, boundary[i]).Snapshot);
        for (var i = 0; i < boundary.Length; i++) _view[boundary[i]] = initial[i];
        InstallPartners();
    }

    /// <summary>The regions of other shards that this shard's regions read (ascending by source shard, then index).</summary>
    private IEnumerable<int> BoundaryRegions()
    {
        foreach (var source in _plan.Sources[Shard])
            foreach (var send in _plan.Sends[source])
                if (send.To == Shard) foreach (var r in send.Regions) yield return r;
    }

    private void InstallPartners()
    {
        foreach (var r in _regions)
            foreach (var e in _world.Subscriptions[r])
                if (e >= _world.RegionCount && _view[e] is null) _view[e] = PartnerStep.Initialise(_world, e);
    }

    /// <summary>Accepts a neighbouring shard's boundary snapshots of <paramref name="tick"/> (in its plan order); safe to call from any thread.</summary>
    public void Deliver(int tick, int fromShard, EntitySnapshot[] snapshots)
    {
        var send = SendFrom(fromShard);
        if (snapshots.Length != send.Regions.Length) throw new ArgumentException($"shard {Shard}: batch from shard {fromShard} has {snapshots.Length} snapshots, the plan says {send.Regions.Length}");
        lock (_lock)
        {
            if (tick != Tick - 1 && tick != Tick) throw new InvalidOperationException($"shard {Shard}: batch of tick {tick} from shard {fromShard} arrived at tick {Tick}");
            if (!_pending.TryAdd(Key(tick, fromShard), snapshots)) throw new InvalidOperationException($"shard {Shard}: second batch of tick {tick} from shard {fromShard}");
        }
    }

    private int Key(int tick, int fromShard) => (tick & 1) * _plan.Partition.Count + fromShard;

    private ShardSend SendFrom(int fromShard)
    {
        foreach (var send in _plan.Sends[fromShard]) if (send.To == Shard) return send;
        throw new ArgumentException($"shard {Shard} does not read anything from shard {fromShard}");
    }

    /// <summary>
    /// The oldest tick whose boundary batches the shard may still read: a batch of tick t waits until tick t+1 starts,
    /// is installed in the view then and is replaced when tick t+2 starts. Until <see cref="Step"/> of <see cref="Tick"/>
    /// has installed the batches of <see cref="Tick"/> − 1, the view still holds those of <see cref="Tick"/> − 2; batches of
    /// earlier ticks are read by nobody, and a receiver may reuse their arrays (also for batches of <see cref="Tick"/> that
    /// arrive while it is stepped).
    /// </summary>
    public int OldestBatchTickRead => Tick - 2;

    /// <summary>Whether every neighbouring shard has delivered its batch of the last completed tick.</summary>
    public bool BoundaryComplete
    {
        get
        {
            if (Tick == 0) return true;
            lock (_lock)
            {
                foreach (var source in _plan.Sources[Shard]) if (!_pending.ContainsKey(Key(Tick - 1, source))) return false;
                return true;
            }
        }
    }

    /// <summary>Steps tick <paramref name="tick"/> (which must be <see cref="Tick"/>) for every region of the shard.</summary>
    public ShardMonth Step(int tick)
    {
        if (tick != Tick) throw new InvalidOperationException($"shard {Shard}: asked to step tick {tick}, next is {Tick}");
        if (tick >= _world.Months) throw new InvalidOperationException($"shard {Shard}: the run has no months left");
        InstallBoundary();
        var next = new EntitySnapshot[_regions.Length];
        var outputs = new RegionMonthOutput[_regions.Length];
        var order = _order;
        For(_regions.Length, j =>
        {
            var i = order[j];
            (next[i], outputs[i]) = RegionStep.Step(_world, _states[i], tick, _view, _spareSnapshots[i], _spareOutputs[i]);
        });
        for (var i = 0; i < _regions.Length; i++)
        {
            _spareSnapshots[i] = _view[_regions[i]];
            _view[_regions[i]] = next[i];
            _spareOutputs[i] = _lastOutputs[i];
            _lastOutputs[i] = outputs[i];
        }
        var sends = _plan.Sends[Shard];
        var batches = new ShardBatch[sends.Length];
        for (var b = 0; b < sends.Length; b++)
        {
            var regions = sends[b].Regions;
            var snapshots = new EntitySnapshot[regions.Length];
            for (var i = 0; i < regions.Length; i++) snapshots[i] = next[_plan.Partition.PositionOf[regions[i]]];
            batches[b] = new ShardBatch(sends[b].To, snapshots);
        }
        Tick = tick + 1;
        return new ShardMonth(tick, outputs, batches);
    }

    private void InstallBoundary()
    {
        if (Tick == 0) return;
        lock (_lock)
        {
            foreach (var source in _plan.Sources[Shard])
            {
                if (!_pending.Remove(Key(Tick - 1, source), out var snapshots))
                {
                    throw new InvalidOperationException($"shard {Shard}: the boundary batch of tick {Tick - 1} from shard {source} has not arrived");
                }
                var regions = SendFrom(source).Regions;
                for (var i = 0; i < regions.Length; i++) _view[regions[i]] = snapshots[i];
            }
        }
    }

    /// <summary>
    /// The order in which a month steps the shard's regions (positions in <paramref name="regions"/>): along a Hilbert curve
    /// over their coordinates, so that regions stepped one after another are near each other and read mostly the same
    /// neighbours' snapshots while those are still in the processor's cache (in index order a synthetic grid's neighbours
    /// are anywhere in memory, and every read of one is a trip to main memory). Regions with equal curve positions (e.g. no
    /// coordinates) keep index order. The order changes no number: a step reads only last month's snapshots and writes only
    /// its own region's state and output.
    /// </summary>
    internal static int[] LocalityOrder(SimulationWorld world, int[] regions)
    {
        var order = new int[regions.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        if (regions.Length < 3) return order;
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        foreach (var r in regions)
        {
            var (x, y) = (world.Regions[r].Lon, world.Regions[r].Lat);
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
        }
        if (!(maxX > minX) && !(maxY > minY)) return order;
        const int bits = 16;
        const double side = (1 << bits) - 1;
        var keys = new long[regions.Length];
        for (var i = 0; i < regions.Length; i++)
        {
            var (x, y) = (world.Regions[regions[i]].Lon, world.Regions[regions[i]].Lat);
            var fx = double.IsFinite(x) && maxX > minX ? (x - minX) / (maxX - minX) : 0;
            var fy = double.IsFinite(y) && maxY > minY ? (y - minY) / (maxY - minY) : 0;
            keys[i] = HilbertIndex((int)(fx * side), (int)(fy * side), bits);
        }
        // Positions are ascending in the input, so a stable sort keeps index order among equal keys.
        var byKey = order.OrderBy(i => keys[i]).ToArray();
        return byKey;
    }

    /// <summary>The distance along a Hilbert curve over a 2^bits × 2^bits grid of the cell (x, y) (Hamilton's rotate-and-reflect walk).</summary>
    private static long HilbertIndex(int x, int y, int bits)
    {
        long d = 0;
        for (var s = 1 << (bits - 1); s > 0; s >>= 1)
        {
            var rx = (x & s) > 0 ? 1 : 0;
            var ry = (y & s) > 0 ? 1 : 0;
            d += (long)s * s * ((3 * rx) ^ ry);
            if (ry == 0)
            {
                if (rx == 1)
                {
                    x = (1 << bits) - 1 - x;
                    y = (1 << bits) - 1 - y;
                }
                (x, y) = (y, x);
            }
        }
        return d;
    }

    /// <summary>A region's state (for queries; the caller must not modify it).</summary>
    public RegionState StateOf(int region) => _states[_plan.Partition.PositionOf[region]];

    /// <summary>The last snapshot a region of this shard published.</summary>
    public EntitySnapshot SnapshotOf(int region) => _view[region] ?? throw new ArgumentException($"region {region} is not in shard {Shard}");

    private void For(int count, Action<int> body)
    {
        if (_parallel && count > 1) Parallel.For(0, count, body);
        else for (var i = 0; i < count; i++) body(i);
    }

    /// <summary>
    /// The shard's complete state at a month barrier (after <see cref="Step"/> and after every neighbour has delivered its
    /// batch, see <see cref="BoundaryComplete"/>), as a versioned binary blob: the tick, every region state, the regions'
    /// last snapshots and the boundary snapshots received for the next tick. <see cref="Restore"/> turns it back into a shard
    /// that continues exactly where this one stands.
    /// </summary>
    public byte[] Capture()
    {
        if (!BoundaryComplete) throw new InvalidOperationException($"shard {Shard}: cannot capture tick {Tick} before every boundary batch has arrived");
        var boundary = new List<EntitySnapshot>();
        lock (_lock)
        {
            foreach (var source in _plan.Sources[Shard])
            {
                var regions = SendFrom(source).Regions;
                boundary.AddRange(Tick == 0 ? regions.Select(r => _view[r]!) : _pending[Key(Tick - 1, source)]);
            }
        }
        // Measured first, then written in one pass into a blob of exactly that size: each region into its own slice, in parallel.
        var n = _regions.Length;
        var offsets = new long[n + 1];
        offsets[0] = CheckpointFormat.HeaderSize + 4 * 4;
        for (var i = 0; i < n; i++) offsets[i + 1] = offsets[i] + CheckpointFormat.SizeOf(_states[i]) + CheckpointFormat.SizeOf(_view[_regions[i]]!);
        var size = offsets[n];
        foreach (var s in boundary) size += CheckpointFormat.SizeOf(s);
        var blob = CheckpointFormat.Allocate(size);
        var w = new CheckpointWriter(blob.AsSpan(0, (int)offsets[0]));
        w.WriteHeader(CheckpointFormat.ShardMagic, _world);
        w.Write(Shard);
        w.Write(_plan.Partition.Count);
        w.Write(Tick);
        w.Write(n);
        w.CheckFull();
        For(n, i =>
        {
            var region = new CheckpointWriter(blob.AsSpan((int)offsets[i], (int)(offsets[i + 1] - offsets[i])));
            region.Write(_states[i]);
            region.Write(_view[_regions[i]]!);
            region.CheckFull();
        });
        var tail = new CheckpointWriter(blob.AsSpan((int)offsets[n]));
        foreach (var s in boundary) tail.Write(s);
        tail.CheckFull();
        return blob;
    }

    /// <summary>A shard restored from <see cref="Capture"/>'s blob; the world and plan must be those of the captured run.</summary>
    public static ShardStepper Restore(SimulationWorld world, ShardPlan plan, byte[] blob, bool parallel = true)
    {
        using var r = new BinaryReader(new MemoryStream(blob, writable: false));
        CheckpointFormat.ReadHeader(r, CheckpointFormat.ShardMagic, world);
        var shard = r.ReadInt32();
        var count = r.ReadInt32();
        if (count != plan.Partition.Count || shard < 0 || shard >= count) throw new InvalidDataException($"checkpoint of shard {shard} of {count}, the run has {plan.Partition.Count} shards");
        var stepper = new ShardStepper(world, plan, shard, parallel, initialise: false);
        stepper.Tick = r.ReadInt32();
        if (r.ReadInt32() != stepper._regions.Length) throw new InvalidDataException($"checkpoint of shard {shard}: region count differs from the partition");
        for (var i = 0; i < stepper._regions.Length; i++)
        {
            stepper._states[i] = CheckpointFormat.ReadState(r);
            stepper._view[stepper._regions[i]] = CheckpointFormat.ReadSnapshot(r);
            if (stepper._states[i].Region != stepper._regions[i]) throw new InvalidDataException($"checkpoint of shard {shard}: region {stepper._states[i].Region} where the partition has {stepper._regions[i]}");
        }
        foreach (var source in plan.Sources[shard])
        {
            var regions = stepper.SendFrom(source).Regions;
            var snapshots = new EntitySnapshot[regions.Length];
            for (var i = 0; i < regions.Length; i++) snapshots[i] = CheckpointFormat.ReadSnapshot(r);
            if (stepper.Tick == 0) for (var i = 0; i < regions.Length; i++) stepper._view[regions[i]] = snapshots[i];
            else
            {
                // Stale until the next Step installs them; the view slot just needs a placeholder of the right sender.
                stepper._pending[stepper.Key(stepper.Tick - 1, source)] = snapshots;
                for (var i = 0; i < regions.Length; i++) stepper._view[regions[i]] = snapshots[i];
            }
        }
        if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException($"checkpoint of shard {shard}: {r.BaseStream.Length - r.BaseStream.Position} trailing bytes");
        stepper.InstallPartners();
        return stepper;
    }
}

/// <summary>What a shard produces for one tick: its regions' outputs (in its region order) and its outgoing boundary batches.</summary>
public sealed record ShardMonth(int Tick, RegionMonthOutput[] Outputs, ShardBatch[] Batches);

/// <summary>Boundary snapshots for one neighbouring shard, in the order of the plan's <see cref="ShardSend.Regions"/>.</summary>
public sealed record ShardBatch(int To, EntitySnapshot[] Snapshots);
