namespace KerjasamaGraph.Model.Simulation.Sharding;

/// <summary>
/// Who sends what at the end of a month, for a partition of the regions into shards. A region's snapshot must reach
/// every entity that subscribes to it (<see cref="SimulationWorld.Subscriptions"/>); inside a shard it is read in
/// place, across shards it travels in one batch per (sending shard, receiving shard) pair that has anything to send:
/// <see cref="Sends"/>[s] lists, per destination shard, the regions of s whose snapshots that shard reads.
/// Partners never change their snapshot, so every shard computes theirs itself and they never travel.
/// Built in O(S log S) for the S subscriptions that cross shards.
/// </summary>
public sealed class ShardPlan
{
    public ShardPartition Partition { get; }
    /// <summary>Per shard: its outgoing batches (destination ascending), each with the sender's regions it carries (ascending).</summary>
    public ShardSend[][] Sends { get; }
    /// <summary>Per shard: the shards that send it a batch each month (ascending).</summary>
    public int[][] Sources { get; }

    public ShardPlan(SimulationWorld world, ShardPartition partition)
    {
        Partition = partition;
        var shardOf = partition.ShardOf;
        var k = partition.Count;
        // Every (sending shard, reading shard, region) triple, sorted, then cut into batches.
        var pairs = new List<(int From, int To, int Region)>();
        for (var e = 0; e < world.RegionCount; e++)
        {
            var reader = shardOf[e];
            foreach (var source in world.Subscriptions[e])
            {
                if (source >= world.RegionCount) continue;
                var from = shardOf[source];
                if (from != reader) pairs.Add((from, reader, source));
            }
        }
        // Partners subscribe too, but partners never step, so nobody needs to send them anything.
        pairs.Sort();
        var sends = Enumerable.Range(0, k).Select(_ => new List<ShardSend>()).ToArray();
        var sources = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < pairs.Count;)
        {
            var (from, to, _) = pairs[i];
            var regions = new List<int>();
            for (; i < pairs.Count && pairs[i].From == from && pairs[i].To == to; i++)
            {
                if (regions.Count == 0 || regions[^1] != pairs[i].Region) regions.Add(pairs[i].Region);
            }
            sends[from].Add(new ShardSend(to, regions.ToArray()));
            sources[to].Add(from);
        }
        Sends = sends.Select(l => l.ToArray()).ToArray();
        Sources = sources.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Snapshots that cross shard boundaries each month (the sum of every batch's length).</summary>
    public long BoundarySnapshots => Sends.Sum(s => s.Sum(b => (long)b.Regions.Length));

    /// <summary>Batches sent each month (one grain call each in the Orleans engine).</summary>
    public int Batches => Sends.Sum(s => s.Length);
}

/// <summary>One batch a shard sends each month: the snapshots of <paramref name="Regions"/> (ascending) to shard <paramref name="To"/>.</summary>
public sealed record ShardSend(int To, int[] Regions);
