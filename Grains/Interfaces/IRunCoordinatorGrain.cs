using Orleans.Concurrency;

namespace KerjasamaGraph.Grains.Interfaces;

/// <summary>
/// Drives one run (key: the run id) as supersteps over its shard grains: one call per shard per month, the barrier
/// counted when every shard has stepped and delivered its boundary batches, the shards' reports merged in shard order.
/// Region outputs do not pass through it (the client pulls them from the shards).
/// </summary>
public interface IRunCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Compiles the scenario (JSON of a resolved scenario) and initialises its shard grains: <paramref name="shards"/> of them,
    /// or, when 0, two per active silo (never more than the regions). With <paramref name="scenarioJson"/> null the run takes the
    /// world a client in this silo's process compiled and offered (<c>WorldCache.Offer</c>: an embedded silo); null when
    /// there is none (a silo of another process), and the client calls again with the JSON.
    /// </summary>
    Task<RunLayout?> Start(string? scenarioJson, int shards);

    /// <summary>Like <see cref="Start"/>, with the shards restored from checkpoint blobs (one per shard, in shard order).</summary>
    Task<RunLayout?> Resume(string? scenarioJson, Immutable<byte[][]> shardBlobs);

    /// <summary>Runs one month on every shard; returns when every shard has stepped and delivered its boundary batches.</summary>
    Task<MonthBarrier> Advance();

    /// <summary>Every shard's state at the current month barrier, in shard order.</summary>
    Task<Immutable<byte[][]>> Capture();

    /// <summary>Releases the run's shard grains.</summary>
    Task Finish();

    /// <summary>The scenario JSON, for grains on other silos loading the run's world while the coordinator waits on them.</summary>
    [AlwaysInterleave]
    Task<string> GetScenarioJson();

    /// <summary>Where a region or partner lives: its entity index and (for regions) its shard.</summary>
    [AlwaysInterleave]
    Task<EntityLocation> Locate(string entityId);

    /// <summary>A partner's capacity and agreements (partners never step, so the run's world answers).</summary>
    [AlwaysInterleave]
    Task<PartnerStatus> DescribePartner(string partnerId);
}

/// <summary>A started run: its shard grains, the active silos, the months done and its lanes (replications).</summary>
[GenerateSerializer, Immutable]
public sealed record RunLayout([property: Id(0)] int Shards, [property: Id(1)] int Silos, [property: Id(2)] int MonthsDone, [property: Id(3)] int Lanes);

/// <summary>The end of a month: the shards' reports summed in shard order, and the grain calls the month took.</summary>
[GenerateSerializer, Immutable]
public sealed record MonthBarrier(
    [property: Id(0)] int Tick,
    [property: Id(1)] int Regions,
    [property: Id(2)] long BoundarySnapshots,
    [property: Id(3)] long ActiveAgreementLanes,
    [property: Id(4)] long Calls);

[GenerateSerializer, Immutable]
public sealed record EntityLocation([property: Id(0)] int Index, [property: Id(1)] bool IsRegion, [property: Id(2)] int Shard);
