using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Benefit spillover through spatial weights (MODEL.md section 4):
/// <c>spill_i(t) = ρ · Σ_j w_ij · (direct_j(t−1) + spill_j(t−1))</c>, ρ = spillover_rate (default 0.3).
/// Spillover adds to the receiving region's benefit and is not taken from the source; it keeps the tag
/// of the agreement it came from. The recurrence is a spatial lag of order one (Anselin 1988), so its
/// long-run effect is <c>(I − ρW)⁻¹</c>, finite because W is row-normalised and ρ &lt; 1.
/// <para>
/// Weights w_ij: shared border length, row-normalised (LeSage &amp; Pace 2009). Where some of a region's
/// border lengths are unknown they are imputed with the mean of its known lengths; where none is known
/// every neighbour gets an equal weight.
/// </para>
/// <para>
/// Attribution: tagged amounts are kept per agreement as long as some replication carries at least
/// spillover_attribution_floor (Rp); smaller amounts join an untagged remainder, so totals stay exact while
/// the number of tags a region carries stays bounded.
/// </para>
/// </summary>
public static class Spillover
{
    public static NeighbourLink[][] BuildWeights(SimulationWorld world, IReadOnlyList<Neighbour> neighbours)
    {
        var lists = Enumerable.Range(0, world.RegionCount).Select(_ => new SortedDictionary<int, double?>()).ToArray();
        foreach (var n in neighbours)
        {
            if (!world.TryIndex(n.A, out var a) || !world.TryIndex(n.B, out var b)) continue;
            if (!world.IsRegion(a) || !world.IsRegion(b) || a == b) continue;
            lists[a][b] = n.BorderKm;
            lists[b][a] = n.BorderKm;
        }
        var result = new NeighbourLink[world.RegionCount][];
        for (var i = 0; i < world.RegionCount; i++)
        {
            var entries = lists[i];
            var known = entries.Values.Where(v => v is > 0).Select(v => v!.Value).ToArray();
            var imputed = known.Length > 0 ? known.Average() : 1.0;
            var raw = entries.Select(e => (e.Key, Length: known.Length > 0 ? (e.Value is > 0 ? e.Value.Value : imputed) : 1.0)).ToArray();
            var total = raw.Sum(r => r.Length);
            result[i] = raw.Select(r => new NeighbourLink(r.Key, r.Length / total)).ToArray();
        }
        return result;
    }

    /// <summary>
    /// Spillover a region receives this month from its neighbours' last-month benefit (direct plus spillover),
    /// with tags. <paramref name="neighbourBenefit"/> gives each neighbour's published benefit (or null when
    /// the neighbour published none, e.g. in the first month).
    /// </summary>
    public static TaggedLanes Receive(SimulationWorld world, int region, Func<int, TaggedLanes?> neighbourBenefit)
    {
        var lanes = world.Lanes;
        var rho = world.Parameters.SpilloverRate;
        var acc = TagAccumulator.For(world.Agreements.Length, lanes);
        var untracked = new double[lanes];
        foreach (var link in world.Neighbours[region])
        {
            var b = neighbourBenefit(link.Region);
            if (b is null) continue;
            var f = rho * link.Weight;
            acc.Add(b, f);
            for (var l = 0; l < lanes; l++) untracked[l] += f * b.Untracked[l];
        }
        return acc.Build(world.Parameters.SpilloverAttributionFloor, untracked);
    }

    /// <summary>Direct plus received spillover: the benefit a region publishes to its neighbours.</summary>
    public static TaggedLanes Combine(SimulationWorld world, TaggedLanes direct, TaggedLanes spill)
    {
        var lanes = world.Lanes;
        var acc = TagAccumulator.For(world.Agreements.Length, lanes);
        acc.Add(direct, 1.0);
        acc.Add(spill, 1.0);
        var untracked = new double[lanes];
        for (var l = 0; l < lanes; l++) untracked[l] = direct.Untracked[l] + spill.Untracked[l];
        return acc.Build(0, untracked);
    }
}
