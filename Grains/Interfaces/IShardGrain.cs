using KerjasamaGraph.Grains.Serialization;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using Orleans.Concurrency;

namespace KerjasamaGraph.Grains.Interfaces;

/// <summary>
/// One shard of a run (key: "{runId}/{shard}"): the state of its regions for every lane, stepped locally by the model's
/// <see cref="ShardStepper"/>. Each month the coordinator calls <see cref="Step"/>; the shard pushes one batch of boundary
/// snapshots to each neighbouring shard (<see cref="Deliver"/>) and answers with a few numbers. The client pulls the
/// month's region outputs with <see cref="TakeOutputs"/>, asked together with the month, so they never pass through the
/// coordinator and leave each shard as soon as it has computed them.
/// </summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>Loads the run's world (once per silo) and initialises the shard's regions.</summary>
    Task Initialise(string runId, int shard, int shards);

    /// <summary>Replaces the shard's state with a blob of <see cref="ShardStepper.Capture"/> (same run, same shard count); returns the months done.</summary>
    Task<int> Restore(string runId, int shards, Immutable<byte[]> blob);

    /// <summary>Steps tick <paramref name="tick"/> for every region of the shard and delivers the boundary batches; returns once they are delivered.</summary>
    Task<ShardReport> Step(int tick);

    /// <summary>A neighbouring shard's boundary snapshots of <paramref name="tick"/>. Interleaves with <see cref="Step"/>, so shards that deliver to each other never wait on each other.</summary>
    [AlwaysInterleave]
    Task Deliver(int tick, int fromShard, SnapshotBatch batch);

    /// <summary>
    /// The outputs of tick <paramref name="tick"/> of the shard's regions (ascending region index), for the client of
    /// <see cref="ShardGrain.OutputsKey"/>; the shard forgets them. It may be asked before <see cref="Step"/> of that tick
    /// and then answers once the regions are computed, while the step still delivers its boundary batches: it interleaves,
    /// so a waiting request never holds up the step it waits for.
    /// </summary>
    [AlwaysInterleave]
    Task<OutputBatch> TakeOutputs(int tick);

    /// <summary>The shard's state at the month barrier, for a checkpoint.</summary>
    Task<Immutable<byte[]>> Capture();

    /// <summary>A region of this shard as it stands after the last completed month.</summary>
    Task<RegionStatus> DescribeRegion(int region);

    /// <summary>Ends the shard's part in the run.</summary>
    Task Release();
}

/// <summary>What a shard reports to the coordinator for one month: counts that add up exactly in any order.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardReport(
    [property: Id(0)] int Tick,
    [property: Id(1)] int Regions,
    [property: Id(2)] int Batches,
    [property: Id(3)] long BoundarySnapshots,
    [property: Id(4)] long ActiveAgreementLanes);

/// <summary>A region in a run, as its grain reports it.</summary>
[GenerateSerializer, Immutable]
public sealed record RegionStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] int Index,
    [property: Id(2)] int Shard,
    [property: Id(3)] int MonthsDone,
    [property: Id(4)] double[] Capacity,
    [property: Id(5)] string[] Agreements,
    [property: Id(6)] string[] OwnedAgreements,
    [property: Id(7)] string[][] OwnedStates);

/// <summary>A partner in a run, as its grain reports it.</summary>
[GenerateSerializer, Immutable]
public sealed record PartnerStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] int Index,
    [property: Id(2)] double Capacity,
    [property: Id(3)] string[] Agreements);
