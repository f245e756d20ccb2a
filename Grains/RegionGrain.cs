using KerjasamaGraph.Grains.Interfaces;
using KerjasamaGraph.Model.Simulation;
using Orleans.Concurrency;

namespace KerjasamaGraph.Grains;

/// <summary>
/// A region in a run. Holds the region's <see cref="RegionState"/> (all replication lanes) in memory and runs
/// the model's <see cref="RegionStep"/>; it moves messages and never re-implements the model.
/// </summary>
public sealed class RegionGrain(WorldCache worlds) : Grain, IRegionGrain
{
    private string? _runId;
    private SimulationWorld? _world;
    private RegionState? _state;

    public async Task<Immutable<EntitySnapshot>> Initialise(string runId, int index)
    {
        if (_runId is not null) throw new InvalidOperationException($"region grain {this.GetPrimaryKeyString()} is already initialised");
        var coordinator = GrainFactory.GetGrain<IRunCoordinatorGrain>(runId);
        _world = await worlds.Acquire(runId, () => coordinator.GetScenarioJson());
        _runId = runId;
        var (state, snapshot) = RegionStep.Initialise(_world, index);
        _state = state;
        return snapshot.AsImmutable();
    }

    public Task<StepResult> Step(int tick, Immutable<EntitySnapshot[]> inbox)
    {
        if (_world is null || _state is null) throw new InvalidOperationException($"region grain {this.GetPrimaryKeyString()} was not initialised (was its silo restarted?)");
        var (snapshot, output) = RegionStep.Step(_world, _state, tick, inbox.Value);
        return Task.FromResult(new StepResult { Snapshot = snapshot, Output = output });
    }

    public Task Release()
    {
        if (_runId is not null) worlds.Release(_runId);
        _runId = null;
        _world = null;
        _state = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>A partner in a run: publishes its capacity level, the knowledge it can transfer.</summary>
public sealed class PartnerGrain(WorldCache worlds) : Grain, IPartnerGrain
{
    private string? _runId;

    public async Task<Immutable<EntitySnapshot>> Initialise(string runId, int index)
    {
        var coordinator = GrainFactory.GetGrain<IRunCoordinatorGrain>(runId);
        var world = await worlds.Acquire(runId, () => coordinator.GetScenarioJson());
        _runId = runId;
        return PartnerStep.Initialise(world, index).AsImmutable();
    }

    public Task Release()
    {
        if (_runId is not null) worlds.Release(_runId);
        _runId = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
