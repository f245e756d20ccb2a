using KerjasamaGraph.Grains.Interfaces;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using Orleans.Concurrency;

namespace KerjasamaGraph.Grains;

/// <summary>
/// Drives one run as two-phase supersteps (MODEL.md section 6). Phase 1: every region grain steps tick t
/// on the snapshots published at t−1 (one call per grain, all concurrent, each carrying that grain's whole
/// inbox for every lane). Phase 2: the new snapshots replace the old ones only after every grain has
/// answered, so no grain ever sees a message of the tick it is computing, whatever the arrival order.
/// Inboxes are built in ascending sender order and outputs are aggregated in region order.
/// Grain calls per tick: one per region grain, independent of edges and replications.
/// </summary>
public sealed class RunCoordinatorGrain(WorldCache worlds) : Grain, IRunCoordinatorGrain
{
    private string? _json;
    private SimulationWorld? _world;
    private RunAggregator? _aggregator;
    private IRegionGrain[] _regions = [];
    private IPartnerGrain[] _partners = [];
    private EntitySnapshot[] _snapshots = [];
    private int _tick;

    private string RunId => this.GetPrimaryKeyString();

    public async Task<RunHeaders> Start(string scenarioJson)
    {
        if (_world is not null) throw new InvalidOperationException($"run {RunId} has already started");
        _json = scenarioJson;
        _world = new SimulationWorld(ScenarioJson.Deserialize(scenarioJson));
        worlds.Put(RunId, _world);
        _aggregator = new RunAggregator(_world);
        var world = _world;
        _regions = Enumerable.Range(0, world.RegionCount)
            .Select(r => GrainFactory.GetGrain<IRegionGrain>($"{RunId}/{world.EntityIds[r]}")).ToArray();
        _partners = Enumerable.Range(world.RegionCount, world.EntityCount - world.RegionCount)
            .Select(p => GrainFactory.GetGrain<IPartnerGrain>($"{RunId}/{world.EntityIds[p]}")).ToArray();
        var initial = _regions.Select((g, r) => g.Initialise(RunId, r))
            .Concat(_partners.Select((g, k) => g.Initialise(RunId, world.RegionCount + k)));
        var snapshots = await Task.WhenAll(initial);
        _snapshots = snapshots.Select(s => s.Value).ToArray();
        return RunHeaders.From(_aggregator);
    }

    public async Task<AdvanceResult> Advance()
    {
        var world = _world ?? throw new InvalidOperationException($"run {RunId} has not started");
        if (_tick >= world.Months) throw new InvalidOperationException($"run {RunId} has no months left");
        var tick = _tick;
        var calls = new Task<StepResult>[world.RegionCount];
        for (var r = 0; r < world.RegionCount; r++)
        {
            calls[r] = _regions[r].Step(tick, ReferenceEngine.Inbox(world, _snapshots, r).AsImmutable());
        }
        var results = await Task.WhenAll(calls);
        var next = (EntitySnapshot[])_snapshots.Clone();
        var outputs = new RegionMonthOutput[world.RegionCount];
        for (var r = 0; r < world.RegionCount; r++)
        {
            next[r] = results[r].Snapshot;
            outputs[r] = results[r].Output;
        }
        _snapshots = next;
        _tick++;
        return new AdvanceResult { Rows = _aggregator!.AddMonth(tick, outputs), Calls = world.RegionCount + 1 };
    }

    public async Task<Headline> Finish()
    {
        var headline = _aggregator?.Finish() ?? throw new InvalidOperationException($"run {RunId} has not started");
        await Task.WhenAll(_regions.Select(g => g.Release()).Concat(_partners.Select(g => g.Release())));
        worlds.Release(RunId);
        _world = null;
        _snapshots = [];
        DeactivateOnIdle();
        return headline;
    }

    public Task<string> GetScenarioJson() =>
        Task.FromResult(_json ?? throw new InvalidOperationException($"run {RunId} has not started"));
}
