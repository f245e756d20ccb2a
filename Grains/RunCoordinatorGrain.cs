using KerjasamaGraph.Grains.Interfaces;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace KerjasamaGraph.Grains;

/// <summary>
/// Drives one run as supersteps over its shard grains (MODEL.md section 6). Each month: one <see cref="IShardGrain.Step"/>
/// call per shard, all concurrent; each shard steps its regions and delivers one batch of boundary snapshots to each
/// neighbouring shard before it answers, and a shard installs the batches of month t only when it starts month t+1, so
/// no region ever reads a message of the month it is computing, whatever the arrival order. The coordinator counts
/// the barrier and sums the shards' integer reports in shard order; it carries no region data.
/// Grain calls per month: 1 (the client's Advance) + K (Step) + the plan's batches (Deliver, at most K·(K−1), about
/// 2–6 per shard for a spatial partition) + K (the client taking the outputs): they grow with shards, not with regions,
/// agreements or lanes.
/// </summary>
public sealed class RunCoordinatorGrain(WorldCache worlds) : Grain, IRunCoordinatorGrain
{
    private string? _json;
    private readonly Lock _jsonLock = new();
    private SimulationWorld? _world;
    private ShardPlan? _plan;
    private IShardGrain[] _shards = [];
    private int _tick;

    private string RunId => this.GetPrimaryKeyString();

    public async Task<RunLayout?> Start(string? scenarioJson, int shards)
    {
        if (await Prepare(scenarioJson) is not { } silos) return null;
        var count = shards > 0 ? shards : 2 * Math.Max(1, silos);
        await Connect(count, s => _shards[s].Initialise(RunId, s, _plan!.Partition.Count));
        return new RunLayout(_shards.Length, silos, _tick, _world!.Lanes);
    }

    public async Task<RunLayout?> Resume(string? scenarioJson, Immutable<byte[][]> shardBlobs)
    {
        if (await Prepare(scenarioJson) is not { } silos) return null;
        var blobs = shardBlobs.Value;
        var ticks = new int[blobs.Length];
        await Connect(blobs.Length, async s => ticks[s] = await _shards[s].Restore(RunId, blobs.Length, blobs[s].AsImmutable()));
        if (_shards.Length != blobs.Length) throw new InvalidOperationException($"run {RunId}: checkpoint has {blobs.Length} shards, the run {_shards.Length}");
        if (ticks.Distinct().Count() != 1) throw new InvalidOperationException($"run {RunId}: checkpoint shards stand at different months ({string.Join(", ", ticks)})");
        _tick = ticks[0];
        return new RunLayout(_shards.Length, silos, _tick, _world!.Lanes);
    }

    /// <summary>
    /// Takes the run's world: compiled from <paramref name="scenarioJson"/>, or (null) the one a client of this process offered,
    /// with no second compilation and the JSON made only if a grain on a silo of another process asks for it. Returns the
    /// active silos, or null when no world was offered here.
    /// </summary>
    private async Task<int?> Prepare(string? scenarioJson)
    {
        if (_world is not null) throw new InvalidOperationException($"run {RunId} has already started");
        if (scenarioJson is null)
        {
            if (!WorldCache.TryOffered(RunId, out var offered)) return null;
            _world = offered;
        }
        else
        {
            _json = scenarioJson;
            _world = new SimulationWorld(ScenarioJson.Deserialize(scenarioJson));
        }
        worlds.Put(RunId, _world);
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return hosts.Count;
    }

    private async Task Connect(int shards, Func<int, Task> initialise)
    {
        _plan = worlds.Plan(RunId, _world!, shards);
        var count = _plan.Partition.Count;
        _shards = Enumerable.Range(0, count).Select(s => GrainFactory.GetGrain<IShardGrain>(ShardGrain.ShardKey(RunId, s))).ToArray();
        await Task.WhenAll(Enumerable.Range(0, count).Select(initialise));
    }

    public async Task<MonthBarrier> Advance()
    {
        var world = _world ?? throw new InvalidOperationException($"run {RunId} has not started");
        if (_tick >= world.Months) throw new InvalidOperationException($"run {RunId} has no months left");
        var tick = _tick;
        var reports = await Task.WhenAll(_shards.Select(s => s.Step(tick)));
        int regions = 0, batches = 0;
        long boundary = 0, active = 0;
        foreach (var r in reports)
        {
            if (r.Tick != tick) throw new InvalidOperationException($"run {RunId}: a shard reported tick {r.Tick} for tick {tick}");
            regions += r.Regions;
            batches += r.Batches;
            boundary += r.BoundarySnapshots;
            active += r.ActiveAgreementLanes;
        }
        if (regions != world.RegionCount) throw new InvalidOperationException($"run {RunId}: shards stepped {regions} regions of {world.RegionCount}");
        _tick++;
        return new MonthBarrier(tick, regions, boundary, active, 1 + _shards.Length + batches);
    }

    public async Task<Immutable<byte[][]>> Capture()
    {
        if (_world is null) throw new InvalidOperationException($"run {RunId} has not started");
        var blobs = await Task.WhenAll(_shards.Select(s => s.Capture()));
        return blobs.Select(b => b.Value).ToArray().AsImmutable();
    }

    public async Task Finish()
    {
        if (_world is null) return;
        await Task.WhenAll(_shards.Select(g => g.Release()));
        worlds.Release(RunId);
        WorldCache.Withdraw(RunId);
        _world = null;
        _plan = null;
        _shards = [];
        DeactivateOnIdle();
    }

    public Task<string> GetScenarioJson()
    {
        var world = _world ?? throw new InvalidOperationException($"run {RunId} has not started");
        // A world taken in process is serialised only when a grain on a silo of another process needs it (once).
        lock (_jsonLock) return Task.FromResult(_json ??= ScenarioJson.Serialize(world.Scenario));
    }

    public Task<EntityLocation> Locate(string entityId)
    {
        var world = _world ?? throw new InvalidOperationException($"run {RunId} has not started or has finished");
        if (!world.TryIndex(entityId, out var index)) throw new KeyNotFoundException($"run {RunId} has no region or partner '{entityId}'");
        var isRegion = world.IsRegion(index);
        return Task.FromResult(new EntityLocation(index, isRegion, isRegion ? _plan!.Partition.ShardOf[index] : -1));
    }

    public Task<PartnerStatus> DescribePartner(string partnerId)
    {
        var world = _world ?? throw new InvalidOperationException($"run {RunId} has not started or has finished");
        if (!world.TryIndex(partnerId, out var index) || world.IsRegion(index)) throw new KeyNotFoundException($"run {RunId} has no partner '{partnerId}'");
        return Task.FromResult(new PartnerStatus(partnerId, index, world.InitialCapacity[index], world.PartyOf[index].Select(a => world.Agreements[a].Id).ToArray()));
    }
}
