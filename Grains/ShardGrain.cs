using KerjasamaGraph.Grains.Interfaces;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using Orleans.Concurrency;

namespace KerjasamaGraph.Grains;

/// <summary>
/// A shard of a run: holds its regions' state and steps them with the model's <see cref="ShardStepper"/> (regions in
/// parallel inside the call). It moves messages and never re-implements the model: one batch of boundary snapshots per
/// neighbouring shard per month, the month's outputs kept until the client takes them.
/// </summary>
[ShardPlacement]
public sealed class ShardGrain(WorldCache worlds) : Grain, IShardGrain
{
    private string? _runId;
    private SimulationWorld? _world;
    private ShardStepper? _stepper;
    private IShardGrain[] _peers = [];
    private RegionMonthOutput[]? _outputs;
    private int _outputsTick = -1;

    private ShardStepper Stepper => _stepper ?? throw new InvalidOperationException($"shard grain {this.GetPrimaryKeyString()} was not initialised (was its silo restarted?)");

    public async Task Initialise(string runId, int shard, int shards)
    {
        var (world, plan) = await Load(runId, shards);
        _stepper = new ShardStepper(world, plan, shard);
        Connect(runId, plan, shards);
    }

    public async Task<int> Restore(string runId, int shards, Immutable<byte[]> blob)
    {
        var (world, plan) = await Load(runId, shards);
        _stepper = ShardStepper.Restore(world, plan, blob.Value);
        Connect(runId, plan, shards);
        return _stepper.Tick;
    }

    private async Task<(SimulationWorld, ShardPlan)> Load(string runId, int shards)
    {
        if (_runId is not null) throw new InvalidOperationException($"shard grain {this.GetPrimaryKeyString()} is already initialised");
        var coordinator = GrainFactory.GetGrain<IRunCoordinatorGrain>(runId);
        _world = await worlds.Acquire(runId, () => coordinator.GetScenarioJson());
        _runId = runId;
        return (_world, worlds.Plan(runId, _world, shards));
    }

    private void Connect(string runId, ShardPlan plan, int shards)
    {
        _peers = new IShardGrain[shards];
        foreach (var send in plan.Sends[Stepper.Shard]) _peers[send.To] = GrainFactory.GetGrain<IShardGrain>(ShardKey(runId, send.To));
    }

    public static string ShardKey(string runId, int shard) => $"{runId}/{shard}";

    public async Task<ShardReport> Step(int tick)
    {
        var stepper = Stepper;
        var month = stepper.Step(tick);
        _outputs = month.Outputs;
        _outputsTick = tick;
        var deliveries = new Task[month.Batches.Length];
        long boundary = 0;
        for (var b = 0; b < month.Batches.Length; b++)
        {
            var batch = month.Batches[b];
            boundary += batch.Snapshots.Length;
            deliveries[b] = _peers[batch.To].Deliver(tick, stepper.Shard, batch.Snapshots.AsImmutable());
        }
        await Task.WhenAll(deliveries);
        long active = 0;
        foreach (var o in month.Outputs)
            foreach (var s in o.OwnedStates)
                if (s == (byte)LifecycleState.Active) active++;
        return new ShardReport(tick, month.Outputs.Length, month.Batches.Length, boundary, active);
    }

    public Task Deliver(int tick, int fromShard, Immutable<EntitySnapshot[]> snapshots)
    {
        Stepper.Deliver(tick, fromShard, snapshots.Value);
        return Task.CompletedTask;
    }

    public Task<Immutable<RegionMonthOutput[]>> TakeOutputs(int tick)
    {
        if (_outputs is null || _outputsTick != tick) throw new InvalidOperationException($"shard grain {this.GetPrimaryKeyString()} has no outputs of tick {tick} (it holds tick {_outputsTick})");
        var outputs = _outputs;
        _outputs = null;
        return Task.FromResult(outputs.AsImmutable());
    }

    public Task<Immutable<byte[]>> Capture() => Task.FromResult(Stepper.Capture().AsImmutable());

    public Task<RegionStatus> DescribeRegion(int region)
    {
        var stepper = Stepper;
        var world = _world!;
        var state = stepper.StateOf(region);
        var owned = world.Owned[region];
        var lanes = world.Lanes;
        var states = new string[owned.Length][];
        for (var k = 0; k < owned.Length; k++)
        {
            states[k] = new string[lanes];
            for (var l = 0; l < lanes; l++) states[k][l] = state.Progress[k * lanes + l].State.Name();
        }
        return Task.FromResult(new RegionStatus(world.EntityIds[region], region, stepper.Shard, stepper.Tick, (double[])state.Capacity.Clone(),
            world.PartyOf[region].Select(a => world.Agreements[a].Id).ToArray(), owned.Select(a => world.Agreements[a].Id).ToArray(), states));
    }

    public Task Release()
    {
        if (_runId is not null) worlds.Release(_runId);
        _runId = null;
        _world = null;
        _stepper = null;
        _outputs = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
