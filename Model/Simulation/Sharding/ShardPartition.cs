namespace KerjasamaGraph.Model.Simulation.Sharding;

/// <summary>
/// A balanced partition of a world's regions into K shards, the unit the engines step as one piece
/// (one shard grain each in the Orleans engine). Shard sizes differ by at most one region.
/// <para>
/// With coordinates (any region with a non-zero, finite latitude or longitude): recursive coordinate bisection
/// (Berger and Bokhari 1987, "A partitioning strategy for nonuniform problems on multiprocessors", IEEE Trans.
/// Computers 36(5)): split the regions along the axis of their larger spread (longitude scaled by the cosine of the
/// mean latitude) at the position that gives each half its share of shards, and recurse. Neighbouring regions are
/// close in space, so most of a region's subscriptions stay inside its shard and the boundary exchange stays small.
/// Without coordinates: contiguous blocks of a breadth-first order of the neighbour graph (lowest index first).
/// </para>
/// <para>Deterministic: ties are broken by region index, so the same world and K always give the same partition.
/// Cost O(R log R · log K) for the bisection, O(R + E) for the breadth-first order.</para>
/// </summary>
public sealed class ShardPartition
{
    /// <summary>Number of shards (at least 1, at most the number of regions when there are any).</summary>
    public int Count { get; }
    /// <summary>Per region: its shard.</summary>
    public int[] ShardOf { get; }
    /// <summary>Per shard: its regions, ascending index.</summary>
    public int[][] Regions { get; }
    /// <summary>Per region: its position in its shard's <see cref="Regions"/> list.</summary>
    public int[] PositionOf { get; }

    private ShardPartition(int[] shardOf, int count)
    {
        Count = count;
        ShardOf = shardOf;
        var sizes = new int[count];
        foreach (var s in shardOf) sizes[s]++;
        Regions = sizes.Select(n => new int[n]).ToArray();
        PositionOf = new int[shardOf.Length];
        var fill = new int[count];
        for (var r = 0; r < shardOf.Length; r++)
        {
            var s = shardOf[r];
            PositionOf[r] = fill[s];
            Regions[s][fill[s]++] = r;
        }
    }

    /// <summary>Partitions the world's regions into <paramref name="shards"/> shards (fewer when there are fewer regions).</summary>
    public static ShardPartition Create(SimulationWorld world, int shards)
    {
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "at least one shard");
        var n = world.RegionCount;
        var k = Math.Max(1, Math.Min(shards, n));
        var shardOf = new int[n];
        if (k > 1)
        {
            if (HasCoordinates(world)) Bisect(world, Enumerable.Range(0, n).ToArray(), 0, k, shardOf);
            else Blocks(BreadthFirstOrder(world), k, shardOf);
        }
        return new ShardPartition(shardOf, k);
    }

    private static bool HasCoordinates(SimulationWorld world)
    {
        var any = false;
        foreach (var r in world.Regions)
        {
            if (!double.IsFinite(r.Lat) || !double.IsFinite(r.Lon)) return false;
            if (r.Lat != 0 || r.Lon != 0) any = true;
        }
        return any;
    }

    /// <summary>Assigns shards first..first+k-1 to <paramref name="regions"/>, each getting its share (sizes differ by at most one).</summary>
    private static void Bisect(SimulationWorld world, int[] regions, int first, int k, int[] shardOf)
    {
        if (k == 1)
        {
            foreach (var r in regions) shardOf[r] = first;
            return;
        }
        double minLat = double.MaxValue, maxLat = double.MinValue, minLon = double.MaxValue, maxLon = double.MinValue, sumLat = 0;
        foreach (var r in regions)
        {
            var g = world.Regions[r];
            minLat = Math.Min(minLat, g.Lat); maxLat = Math.Max(maxLat, g.Lat);
            minLon = Math.Min(minLon, g.Lon); maxLon = Math.Max(maxLon, g.Lon);
            sumLat += g.Lat;
        }
        var scale = Math.Cos(sumLat / regions.Length * Math.PI / 180);
        var byLon = (maxLon - minLon) * scale > maxLat - minLat;
        var keys = regions.Select(r => byLon ? world.Regions[r].Lon : world.Regions[r].Lat).ToArray();
        var order = (int[])regions.Clone();
        Array.Sort(keys, order);
        // Ties on the key: keep region order (Array.Sort is not stable), so re-sort equal runs by index.
        for (var i = 0; i < order.Length;)
        {
            var j = i + 1;
            while (j < order.Length && keys[j] == keys[i]) j++;
            if (j - i > 1) Array.Sort(order, i, j - i);
            i = j;
        }
        var left = k / 2;
        // Each shard gets floor or ceiling of n/k regions: the left part takes the share of its `left` shards.
        var split = Share(regions.Length, k, left);
        Bisect(world, order[..split], first, left, shardOf);
        Bisect(world, order[split..], first + left, k - left, shardOf);
    }

    /// <summary>Regions the first <paramref name="shards"/> of <paramref name="k"/> shards hold when n regions are spread evenly (larger shards first).</summary>
    private static int Share(int n, int k, int shards) => shards * (n / k) + Math.Min(shards, n % k);

    private static void Blocks(int[] order, int k, int[] shardOf)
    {
        var n = order.Length;
        var s = 0;
        for (var i = 0; i < n; i++)
        {
            while (i >= Share(n, k, s + 1)) s++;
            shardOf[order[i]] = s;
        }
    }

    /// <summary>Breadth-first order of the neighbour graph, starting from the lowest unvisited region, neighbours in ascending index.</summary>
    private static int[] BreadthFirstOrder(SimulationWorld world)
    {
        var n = world.RegionCount;
        var seen = new bool[n];
        var order = new int[n];
        int head = 0, tail = 0;
        for (var start = 0; start < n; start++)
        {
            if (seen[start]) continue;
            seen[start] = true;
            order[tail++] = start;
            while (head < tail)
            {
                var r = order[head++];
                foreach (var link in world.Neighbours[r])
                {
                    if (seen[link.Region]) continue;
                    seen[link.Region] = true;
                    order[tail++] = link.Region;
                }
            }
        }
        return order;
    }
}
