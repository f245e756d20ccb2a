using System.Numerics;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Institutional capacity (MODEL.md section 4). Each month, region i's capacity c_i rises toward the
/// level of the source of every active knowledge agreement it receives (rate γ = knowledge_rate) and
/// toward better-capacity neighbours through peer learning (rate δ = peer_learning_rate, spatial weights):
/// <c>Δc_i = Σ_sources γ·(c_src − c_i)⁺ + δ·Σ_j w_ij·(c_j − c_i)⁺</c>, all from last month's levels.
/// Capacity never exceeds 1: when the increments would pass it they are scaled down together.
/// Several active agreements with the same source, recipient and subject transfer once (the first by id);
/// the others are duplicates that only cost coordination. Different subjects from one source each transfer.
/// <para>
/// Attribution: each agreement's share of the increments is accumulated as that agreement's capacity
/// gain for the region; since capacity lowers service costs by η·c, the agreement's benefit in a month is
/// <c>η · gain · (raw service cost)</c> (the capacity dividend). Peer learning is not attributed to agreements.
/// </para>
/// </summary>
public static class Capacity
{
    /// <summary>
    /// One knowledge source feeding a region this month: the agreement's position in the region's list, the key under
    /// which its transfer counts (agreements sharing a key are duplicates), and the source's capacity.
    /// </summary>
    public readonly record struct Source(int Agreement, int Position, double SourceCapacity);

    /// <summary>
    /// Updates capacity for one lane. <paramref name="sources"/> lists the active knowledge agreements
    /// (ascending agreement index) with their source's capacity; <paramref name="gains"/> receives each
    /// agreement's increment at its <see cref="Source.Position"/>. Returns the new capacity.
    /// </summary>
    public static double Step(double c, ReadOnlySpan<Source> sources, double peerIncrement, double knowledgeRate, Span<double> gains, Span<int> seenSources)
    {
        var total = 0.0;
        var seen = 0;
        for (var k = 0; k < sources.Length; k++)
        {
            gains[k] = 0;
            var src = sources[k];
            var duplicate = false;
            for (var s = 0; s < seen; s++) if (seenSources[s] == src.Position) { duplicate = true; break; }
            if (duplicate) continue;
            seenSources[seen++] = src.Position;
            var inc = knowledgeRate * Math.Max(0, src.SourceCapacity - c);
            gains[k] = inc;
            total += inc;
        }
        total += peerIncrement;
        if (total <= 0) return c;
        var scale = c + total > 1 ? (1 - c) / total : 1.0;
        for (var k = 0; k < sources.Length; k++) gains[k] *= scale;
        return Math.Min(1, c + total * scale);
    }

    /// <summary>
    /// Peer-learning increment δ·Σ_j w_ij·(c_j − c_i)⁺ for one lane, with the neighbours' last capacities given per lane
    /// (<paramref name="capacities"/>[k][lane] for neighbour k).
    /// </summary>
    public static double PeerIncrement(double c, NeighbourLink[] neighbours, double[][] capacities, int lane, double peerRate)
    {
        if (peerRate <= 0) return 0;
        var sum = 0.0;
        for (var k = 0; k < neighbours.Length; k++) sum += neighbours[k].Weight * Math.Max(0, capacities[k][lane] - c);
        return peerRate * sum;
    }

    /// <summary>
    /// A region's capacity for this month in every lane (into <paramref name="newCapacity"/>), from last month's levels: its
    /// own, its active knowledge agreements' sources and its neighbours'. Each agreement's increment is added to the
    /// region's cumulative gain through it (<see cref="RegionState.KnowledgeGain"/>), the base of its capacity dividend.
    /// </summary>
    internal static void Advance(StepContext ctx, double[] newCapacity)
    {
        var world = ctx.World;
        var st = ctx.State;
        var lanes = ctx.Lanes;
        var p = world.Parameters;
        var knowledge = st.KnowledgeIn;
        var neighbours = world.Neighbours[ctx.Region];

        // Lane-independent look-ups, once per step: the neighbours' and the sources' last capacities.
        var capacities = StepContext.Ensure(ref ctx.Rows, neighbours.Length + knowledge.Length);
        for (var k = 0; k < neighbours.Length; k++)
        {
            var j = neighbours[k].Region;
            capacities[k] = new(ctx.Snapshot(j)?.Capacity ?? Filled(lanes, world.InitialCapacity[j]));
        }
        for (var k = 0; k < knowledge.Length; k++)
        {
            var from = world.Agreements[knowledge[k]].From;
            capacities[neighbours.Length + k] = new(from == ctx.Region ? st.Capacity : ctx.Snapshot(from)?.Capacity ?? Filled(lanes, world.InitialCapacity[from]));
        }
        var stateRows = StepContext.Ensure(ref ctx.StateRows, knowledge.Length);
        var stateAt = StepContext.Ensure(ref ctx.StateAt, knowledge.Length);
        var keys = StepContext.Ensure(ref ctx.Keys, knowledge.Length);
        for (var k = 0; k < knowledge.Length; k++)
        {
            stateRows[k] = new(ctx.StateRow(knowledge[k], out stateAt[k]));
            keys[k] = world.Agreements[knowledge[k]].TransferKey;
        }
        var sources = StepContext.Ensure(ref ctx.Sources, knowledge.Length).AsSpan(0, knowledge.Length);
        var gains = StepContext.Ensure(ref ctx.Gains, knowledge.Length).AsSpan(0, knowledge.Length);
        var seen = StepContext.Ensure(ref ctx.Seen, knowledge.Length).AsSpan(0, knowledge.Length);
        var peer = StepContext.Ensure(ref ctx.Peer, lanes).AsSpan(0, lanes);
        PeerIncrements(st.Capacity, neighbours, capacities.AsSpan(0, neighbours.Length), p.PeerLearningRate, peer);

        for (var l = 0; l < lanes; l++)
        {
            var c = st.Capacity[l];
            var n = 0;
            for (var k = 0; k < knowledge.Length; k++)
            {
                if (stateRows[k].Values[stateAt[k] + l] != (byte)LifecycleState.Active) continue;
                sources[n] = new Source(k, keys[k], capacities[neighbours.Length + k].Values[l]);
                n++;
            }
            var cNew = Step(c, sources[..n], peer[l], p.KnowledgeRate, gains, seen);
            for (var i = 0; i < n; i++) st.KnowledgeGain[sources[i].Agreement * lanes + l] += gains[i];
            newCapacity[l] = cNew;
        }
        Array.Clear(capacities, 0, neighbours.Length + knowledge.Length);
        Array.Clear(stateRows, 0, knowledge.Length);
    }

    /// <summary>
    /// <see cref="PeerIncrement"/> for every lane at once (<paramref name="capacities"/>[k] holds neighbour k's last capacity
    /// per lane): per lane the same products and the same sum in neighbour order, a vector of lanes at a time where the
    /// hardware has vectors (no fused multiply-add; the positive part keeps NaN and turns −0 into +0, as Math.Max(0, x) does),
    /// so each lane's increment is bit for bit the one-lane function's.
    /// </summary>
    public static void PeerIncrements(ReadOnlySpan<double> c, NeighbourLink[] neighbours, ReadOnlySpan<LaneRow<double>> capacities, double peerRate, Span<double> increments)
    {
        increments.Clear();
        if (peerRate <= 0) return;
        var lanes = increments.Length;
        for (var k = 0; k < neighbours.Length; k++)
        {
            var w = neighbours[k].Weight;
            var cap = capacities[k].Values;
            var l = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var weight = new Vector<double>(w);
                for (; l <= lanes - Vector<double>.Count; l += Vector<double>.Count)
                {
                    var gap = new Vector<double>(cap.AsSpan(l)) - new Vector<double>(c[l..]);
                    var keep = Vector.GreaterThan(gap, Vector<double>.Zero) | ~Vector.Equals(gap, gap);
                    var positive = Vector.ConditionalSelect(keep.As<long, double>(), gap, Vector<double>.Zero);
                    (new Vector<double>(increments[l..]) + weight * positive).CopyTo(increments[l..]);
                }
            }
            for (; l < lanes; l++) increments[l] += w * Math.Max(0, cap[l] - c[l]);
        }
        for (var l = 0; l < lanes; l++) increments[l] = peerRate * increments[l];
    }

    private static double[] Filled(int lanes, double value)
    {
        var values = new double[lanes];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>
    /// Ex-ante monthly benefit of a knowledge agreement for the One Gate screen: the capacity dividend of
    /// closing the gap at rate γ, averaged over the term (linearised: γ·term/2 of the gap, at most all of it).
    /// </summary>
    public static double ExpectedBenefit(SimulationWorld world, AgreementInfo a, double recipientCapacity, double sourceCapacity, double rawServiceCost)
    {
        var gap = Math.Max(0, sourceCapacity - recipientCapacity);
        var share = Math.Min(1, world.Parameters.KnowledgeRate * a.TermMonths / 2.0);
        return world.Parameters.CapacityCostEffect * gap * share * rawServiceCost;
    }
}
