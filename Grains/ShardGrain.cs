using KerjasamaGraph.Grains.Interfaces;
using KerjasamaGraph.Grains.Serialization;
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
    /// <summary>
    /// The outputs of tick <see cref="_outputsTick"/>, set when <see cref="Step"/> has computed them. The client asks for them
    /// (<see cref="TakeOutputs"/>) together with the month, so the request may come first and wait here; whichever of the two
    /// comes first makes the source.
    /// </summary>
    private TaskCompletionSource<RegionMonthOutput[]>? _outputs;
    private int _outputsTick = -1;
    /// <summary>Boundary batches that came from other silos, by tick, until nothing reads them (<see cref="GiveBack"/>).</summary>
    private readonly List<(int Tick, SnapshotBatch Batch)> _received = new();
    private readonly Lock _receivedLock = new();

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
        ReceiveSpares.OpenSnapshots(ShardKey(runId, Stepper.Shard), _world!.EntityCount);
        _peers = new IShardGrain[shards];
        foreach (var send in plan.Sends[Stepper.Shard]) _peers[send.To] = GrainFactory.GetGrain<IShardGrain>(ShardKey(runId, send.To));
    }

    public static string ShardKey(string runId, int shard) => $"{runId}/{shard}";

    /// <summary>The key under which the engine client of run <paramref name="runId"/> receives the shards' outputs (<see cref="OutputBatch"/>).</summary>
    public static string OutputsKey(string runId) => $"{runId}/outputs";

    public async Task<ShardReport> Step(int tick)
    {
        var stepper = Stepper;
        GiveBack(stepper);
        var outputs = OutputsOf(tick);
        ShardMonth month;
        try
        {
            month = stepper.Step(tick);
        }
        catch (Exception e)
        {
            // A client waiting for this month's outputs, or asking later, hears of the failure instead of waiting for its timeout.
            outputs.TrySetException(e);
            throw;
        }
        // Set before the boundary batches are delivered: a waiting TakeOutputs interleaves at that await, so the outputs
        // travel to the client while the neighbours' batches do and the other shards still compute.
        outputs.SetResult(month.Outputs);
        var deliveries = new Task[month.Batches.Length];
        long boundary = 0;
        for (var b = 0; b < month.Batches.Length; b++)
        {
            var batch = month.Batches[b];
            boundary += batch.Snapshots.Length;
            deliveries[b] = _peers[batch.To].Deliver(tick, stepper.Shard, new SnapshotBatch(ShardKey(_runId!, batch.To), batch.Snapshots));
        }
        await Task.WhenAll(deliveries);
        long active = 0;
        foreach (var o in month.Outputs)
            foreach (var s in o.OwnedStates)
                if (s == (byte)LifecycleState.Active) active++;
        return new ShardReport(tick, month.Outputs.Length, month.Batches.Length, boundary, active);
    }

    public Task Deliver(int tick, int fromShard, SnapshotBatch batch)
    {
        Stepper.Deliver(tick, fromShard, batch.Snapshots);
        if (batch.Received)
        {
            lock (_receivedLock) _received.Add((tick, batch));
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Gives the arrays of the boundary batches received from other silos back to this shard's spares once the stepper no
    /// longer reads them (<see cref="ShardStepper.OldestBatchTickRead"/>, asked before the next tick is stepped);
    /// the batches of this tick, which arrive while it runs, are read into them.
    /// </summary>
    private void GiveBack(ShardStepper stepper)
    {
        var oldest = stepper.OldestBatchTickRead;
        lock (_receivedLock)
        {
            var done = 0;
            while (done < _received.Count && _received[done].Tick < oldest) done++;
            for (var i = 0; i < done; i++) ReceiveSpares.GiveBack(_received[i].Batch);
            _received.RemoveRange(0, done);
        }
    }

    public async Task<OutputBatch> TakeOutputs(int tick)
    {
        var stepper = Stepper;
        // The month being stepped or about to be (the request came first), or the last one stepped if its outputs are still held.
        var held = _outputs is not null && _outputsTick == tick;
        if (tick != stepper.Tick && !held)
            throw new InvalidOperationException($"shard grain {this.GetPrimaryKeyString()} has no outputs of tick {tick} (it stands at tick {stepper.Tick}, holds outputs of tick {_outputsTick})");
        var source = OutputsOf(tick);
        var outputs = await source.Task;
        // Two requests for one month: the first takes the outputs, the second finds them gone, as it would have without waiting.
        if (!ReferenceEquals(_outputs, source)) throw new InvalidOperationException($"shard grain {this.GetPrimaryKeyString()}: the outputs of tick {tick} were already taken");
        _outputs = null;
        return new OutputBatch(OutputsKey(_runId!), outputs);
    }

    /// <summary>
    /// The source of tick <paramref name="tick"/>'s outputs, made by the first of <see cref="Step"/> and <see cref="TakeOutputs"/>
    /// to ask. A source of another tick that nobody took is dropped; one that a request still waits on fails that request.
    /// </summary>
    private TaskCompletionSource<RegionMonthOutput[]> OutputsOf(int tick)
    {
        if (_outputs is { } current && _outputsTick == tick) return current;
        _outputs?.TrySetException(new InvalidOperationException($"shard grain {this.GetPrimaryKeyString()} stepped tick {tick} while outputs of tick {_outputsTick} were awaited"));
        _outputs = new TaskCompletionSource<RegionMonthOutput[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _outputsTick = tick;
        return _outputs;
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
        CloseSpares();
        if (_runId is not null) worlds.Release(_runId);
        _runId = null;
        _world = null;
        _stepper = null;
        FailWaitingOutputs();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>A shard that goes away without <see cref="Release"/> (its silo stopping) closes its spares too.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CloseSpares();
        FailWaitingOutputs();
        return Task.CompletedTask;
    }

    /// <summary>A request still waiting for outputs (the run abandoned mid-month) is answered with a failure, not left to time out.</summary>
    private void FailWaitingOutputs()
    {
        _outputs?.TrySetException(new InvalidOperationException($"shard grain {this.GetPrimaryKeyString()} was released before its outputs of tick {_outputsTick} were computed"));
        _outputs = null;
    }

    private void CloseSpares()
    {
        if (_runId is not null && _stepper is not null) ReceiveSpares.Close(ShardKey(_runId, _stepper.Shard));
        lock (_receivedLock) _received.Clear();
    }
}
