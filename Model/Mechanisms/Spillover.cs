using System.Numerics;
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
        // Every pair is listed under both its regions, in the order of the scenario (one pass, then one array per region
        // sorted by neighbour and listing order): where a pair is given twice, its last border length counts, and each
        // region's neighbours are taken in ascending order, as a sorted map per region would give them without its cost.
        var regions = world.RegionCount;
        var pairA = new int[neighbours.Count];
        var pairB = new int[neighbours.Count];
        var degree = new int[regions + 1];
        for (var k = 0; k < neighbours.Count; k++)
        {
            var n = neighbours[k];
            pairA[k] = -1;
            if (!world.TryIndex(n.A, out var a) || !world.TryIndex(n.B, out var b)) continue;
            if (!world.IsRegion(a) || !world.IsRegion(b) || a == b) continue;
            (pairA[k], pairB[k]) = (a, b);
            degree[a + 1]++;
            degree[b + 1]++;
        }
        for (var i = 0; i < regions; i++) degree[i + 1] += degree[i];
        var start = degree;
        var fill = new int[regions];
        // (neighbour, listing order) per entry: sorting by both keeps a pair's entries in the order they were given.
        var keys = new long[start[regions]];
        var border = new double?[start[regions]];
        for (var k = 0; k < neighbours.Count; k++)
        {
            var a = pairA[k];
            if (a < 0) continue;
            var b = pairB[k];
            var at = start[a] + fill[a]++;
            keys[at] = ((long)b << 32) | (uint)k;
            border[at] = neighbours[k].BorderKm;
            at = start[b] + fill[b]++;
            keys[at] = ((long)a << 32) | (uint)k;
            border[at] = neighbours[k].BorderKm;
        }
        var result = new NeighbourLink[regions][];
        // Regions are independent of each other: their weights are computed in parallel, each exactly as before.
        Parallel.For(0, regions, new ParallelOptions(), () => new List<(int Key, double? Value)>(), (i, _, entries) =>
        {
            var from = start[i];
            var count = start[i + 1] - from;
            Array.Sort(keys, border, from, count);
            entries.Clear();
            for (var e = from; e < from + count; e++)
            {
                var key = (int)(keys[e] >> 32);
                if (entries.Count > 0 && entries[^1].Key == key) entries[^1] = (key, border[e]);
                else entries.Add((key, border[e]));
            }
            var known = entries.Select(e => e.Value).Where(v => v is > 0).Select(v => v!.Value).ToArray();
            var imputed = known.Length > 0 ? known.Average() : 1.0;
            var raw = entries.Select(e => (e.Key, Length: known.Length > 0 ? (e.Value is > 0 ? e.Value.Value : imputed) : 1.0)).ToArray();
            var total = raw.Sum(r => r.Length);
            result[i] = raw.Select(r => new NeighbourLink(r.Key, r.Length / total)).ToArray();
            return entries;
        }, _ => { });
        return result;
    }

    /// <summary>
    /// Spillover a region receives this month from its neighbours' last-month benefit (direct plus spillover), with tags:
    /// per tag, <c>Σ_j ρ·w_ij·b_j</c> summed over the neighbours in ascending order; the neighbours' untagged remainders,
    /// then the tags below the attribution floor (ascending), make the untagged remainder. A neighbour that published
    /// nothing (e.g. before the first month) contributes nothing. The neighbours' tag lists are merged (they are ascending),
    /// so the cost is in proportion to the tags they carry.
    /// </summary>
    internal static TaggedLanes Receive(StepContext ctx)
    {
        var world = ctx.World;
        var lanes = ctx.Lanes;
        var rho = world.Parameters.SpilloverRate;
        var links = world.Neighbours[ctx.Region];
        var benefit = StepContext.Ensure(ref ctx.Benefits, links.Length);
        var factors = StepContext.Ensure(ref ctx.Factors, links.Length);
        var cursor = StepContext.Ensure(ref ctx.Cursor, links.Length);
        // Each neighbour's next tag not yet merged (int.MaxValue when it has none left), kept in one small array so that finding
        // the smallest reads a few ints instead of each neighbour's vector, cursor, count and tag array.
        var head = StepContext.Ensure(ref ctx.Heads, links.Length);
        var spare = ctx.SpareOutput?.Spill;
        var untracked = StepContext.Reuse(spare?.Untracked, lanes);
        var tag = int.MaxValue;
        for (var k = 0; k < links.Length; k++)
        {
            var b = ctx.Snapshot(links[k].Region)?.Benefit;
            benefit[k] = b;
            cursor[k] = 0;
            head[k] = b is null || b.Count == 0 ? int.MaxValue : b.TagStore[0];
            tag = Math.Min(tag, head[k]);
            if (b is null) continue;
            var f = rho * links[k].Weight;
            factors[k] = f;
            AddScaled(untracked, b.Untracked, f);
        }

        var floor = world.Parameters.SpilloverAttributionFloor;
        ctx.Tags.Begin(lanes, untracked, spare);
        var terms = StepContext.Ensure(ref ctx.Summands, links.Length);
        while (tag != int.MaxValue)
        {
            // The smallest tag not yet merged: every neighbour's amount for it, in neighbour order; the next smallest tag is
            // found in the same pass over the heads.
            var n = 0;
            var next = int.MaxValue;
            for (var k = 0; k < links.Length; k++)
            {
                var h = head[k];
                if (h == tag)
                {
                    var b = benefit[k]!;
                    var c = cursor[k];
                    terms[n++] = new Summand(b.ValueStore, c * lanes, factors[k]);
                    cursor[k] = ++c;
                    h = head[k] = c < b.Count ? b.TagStore[c] : int.MaxValue;
                }
                if (h < next) next = h;
            }
            SumScaled(ctx.Tags.NextRow(clear: false), terms.AsSpan(0, n));
            ctx.Tags.Commit(tag, floor);
            tag = next;
        }
        Array.Clear(benefit, 0, links.Length);
        terms.AsSpan(0, links.Length).Clear();
        return ctx.Tags.Finish();
    }

    /// <summary>One term of a tag's row: <c>Factor · Values[At + l]</c> for lane l.</summary>
    internal readonly record struct Summand(double[] Values, int At, double Factor);

    /// <summary>
    /// <c>row[l] = 0 + Σ_t f_t · src_t[l]</c> for every lane, the terms added in the order given: per lane the same products
    /// and sums, in the same order, as adding each term into a cleared row (no fused multiply-add, so the bits are the
    /// scalar loop's). Lanes are summed a block of four hardware vectors at a time in registers, so the row is written once
    /// instead of loaded and stored per term (with 16 lanes and 256-bit vectors, the whole row).
    /// </summary>
    internal static void SumScaled(Span<double> row, ReadOnlySpan<Summand> terms)
    {
        var l = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<double>.Count;
            for (; l <= row.Length - 4 * w; l += 4 * w)
            {
                Vector<double> a0 = Vector<double>.Zero, a1 = Vector<double>.Zero, a2 = Vector<double>.Zero, a3 = Vector<double>.Zero;
                foreach (var t in terms)
                {
                    var src = t.Values.AsSpan(t.At + l, 4 * w);
                    var f = new Vector<double>(t.Factor);
                    a0 += new Vector<double>(src) * f;
                    a1 += new Vector<double>(src[w..]) * f;
                    a2 += new Vector<double>(src[(2 * w)..]) * f;
                    a3 += new Vector<double>(src[(3 * w)..]) * f;
                }
                a0.CopyTo(row[l..]);
                a1.CopyTo(row[(l + w)..]);
                a2.CopyTo(row[(l + 2 * w)..]);
                a3.CopyTo(row[(l + 3 * w)..]);
            }
            for (; l <= row.Length - w; l += w)
            {
                var a = Vector<double>.Zero;
                foreach (var t in terms) a += new Vector<double>(t.Values.AsSpan(t.At + l, w)) * new Vector<double>(t.Factor);
                a.CopyTo(row[l..]);
            }
        }
        for (; l < row.Length; l++)
        {
            var sum = 0.0;
            foreach (var t in terms) sum += t.Factor * t.Values[t.At + l];
            row[l] = sum;
        }
    }

    /// <summary>
    /// <c>row[l] += f · src[l]</c> for every lane: a product then a sum per lane, as the scalar loop does, a vector of lanes
    /// at a time where the hardware has vectors (no fused multiply-add, so every lane gets the same bits either way).
    /// </summary>
    private static void AddScaled(Span<double> row, ReadOnlySpan<double> src, double f)
    {
        var l = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var factor = new Vector<double>(f);
            for (; l <= row.Length - Vector<double>.Count; l += Vector<double>.Count)
            {
                var r = new Vector<double>(row[l..]);
                var product = new Vector<double>(src[l..]) * factor;
                (r + product).CopyTo(row[l..]);
            }
        }
        for (; l < row.Length; l++) row[l] += f * src[l];
    }

    /// <summary>
    /// Direct plus received spillover: the benefit a region publishes to its neighbours. Per tag, 0 + direct + spillover
    /// (in that order); tags that are zero in every lane join the untagged remainder, direct's plus spillover's.
    /// </summary>
    public static TaggedLanes Combine(SimulationWorld world, TaggedLanes direct, TaggedLanes spill) =>
        Combine(new TagBuilder(), world.Lanes, direct, spill, null);

    internal static TaggedLanes Combine(StepContext ctx, TaggedLanes direct, TaggedLanes spill) =>
        Combine(ctx.Tags, ctx.Lanes, direct, spill, ctx.SpareSnapshot?.Benefit, StepContext.Ensure(ref ctx.Summands, 2));

    private static TaggedLanes Combine(TagBuilder builder, int lanes, TaggedLanes direct, TaggedLanes spill, TaggedLanes? spare, Summand[]? scratch = null)
    {
        var untracked = StepContext.Reuse(spare?.Untracked, lanes);
        for (var l = 0; l < lanes; l++) untracked[l] = direct.Untracked[l] + spill.Untracked[l];
        builder.Begin(lanes, untracked, spare);
        var terms = scratch ?? new Summand[2];
        var directTags = direct.Tags;
        var spillTags = spill.Tags;
        int i = 0, j = 0;
        while (i < directTags.Length || j < spillTags.Length)
        {
            var tag = Math.Min(i < directTags.Length ? directTags[i] : int.MaxValue, j < spillTags.Length ? spillTags[j] : int.MaxValue);
            var n = 0;
            if (i < directTags.Length && directTags[i] == tag) terms[n++] = new Summand(direct.ValueStore, i++ * lanes, 1.0);
            if (j < spillTags.Length && spillTags[j] == tag) terms[n++] = new Summand(spill.ValueStore, j++ * lanes, 1.0);
            SumScaled(builder.NextRow(clear: false), terms.AsSpan(0, n));
            builder.Commit(tag, 0);
        }
        terms.AsSpan(0, 2).Clear();
        return builder.Finish();
    }
}
