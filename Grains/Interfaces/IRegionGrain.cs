using KerjasamaGraph.Model.Simulation;
using Orleans.Concurrency;

namespace KerjasamaGraph.Grains.Interfaces;

/// <summary>
/// A region (kota, kabupaten, provinsi) in one run. Key: "{runId}/{regionId}". The grain holds the region's
/// state for every replication lane and runs the model's <see cref="RegionStep"/> once per tick.
/// </summary>
public interface IRegionGrain : IGrainWithStringKey
{
    /// <summary>Loads the run's world (once per silo) and returns the region's initial snapshot.</summary>
    Task<Immutable<EntitySnapshot>> Initialise(string runId, int index);

    /// <summary>One superstep: reads last tick's snapshots of its subscriptions (sorted by sender), returns this tick's snapshot and outputs.</summary>
    Task<StepResult> Step(int tick, Immutable<EntitySnapshot[]> inbox);

    /// <summary>Ends the grain's part in the run.</summary>
    Task Release();
}

/// <summary>A partner (foreign city, donor, network, university, firm, central agency) in one run. Key: "{runId}/{partnerId}".</summary>
public interface IPartnerGrain : IGrainWithStringKey
{
    /// <summary>Loads the run's world and returns the partner's snapshot (partners publish their capacity level).</summary>
    Task<Immutable<EntitySnapshot>> Initialise(string runId, int index);

    Task Release();
}

/// <summary>What a region's superstep produces.</summary>
[GenerateSerializer, Immutable]
public sealed class StepResult
{
    [Id(0)] public required EntitySnapshot Snapshot { get; init; }
    [Id(1)] public required RegionMonthOutput Output { get; init; }
}
