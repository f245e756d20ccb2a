using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// Shortest-path betweenness centrality: c_B(v) = Σ_{s≠v≠t} σ(s,t|v) / σ(s,t), the share of shortest s–t paths
/// that pass through v, summed over ordered pairs.
/// <para>
/// Algorithm: Brandes (2001), "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2), with
/// the dependency accumulation δ_s(v) = Σ_{w: v∈P_s(w)} σ_sv/σ_sw · (1 + δ_s(w)); variants in Brandes (2008),
/// "On variants of shortest-path betweenness centrality and their generic computation", Social Networks 30(2).
/// O(nm) unweighted, O(nm + n² log n) weighted. Sources run in parallel; partial sums are kept per fixed chunk of
/// sources and added in chunk order, so results are identical run to run and on any number of cores.
/// </para>
/// <para>
/// Matches <c>networkx.betweenness_centrality(G, normalized=True, weight=W, endpoints=False)</c>: weights are
/// distances (path length = sum of weights); normalised by 1/((n−1)(n−2)) for directed graphs and 2/((n−1)(n−2))
/// for undirected ones (each unordered pair is counted once), no rescaling when n ≤ 2.
/// </para>
/// <para>
/// igraph: <c>betweenness()</c> is unnormalised by default and counts an undirected pair once (NetworkX's
/// value × (n−1)(n−2)/2); with <c>normalized</c> it divides by that same count, giving NetworkX's value. igraph
/// compares weighted path lengths with a relative tolerance (1e-10), so on weighted graphs with near-ties the two can differ.
/// </para>
/// </summary>
public static class Betweenness
{
    public static double[] Compute(CsrGraph g, bool normalized = true)
    {
        g.RequirePositiveWeights("betweenness");
        var n = g.NodeCount;
        var chunks = SingleSourcePaths.Chunks(n);
        var partial = new double[chunks.Length][];
        Parallel.For(0, chunks.Length, c =>
        {
            var acc = new double[n];
            var paths = new SingleSourcePaths(g, reverse: false);
            var delta = new double[n];
            for (var s = chunks[c].Start; s < chunks[c].End; s++) Accumulate(g, paths, delta, s, acc);
            partial[c] = acc;
        });
        var bc = new double[n];
        foreach (var p in partial)
        {
            for (var v = 0; v < n; v++) bc[v] += p[v];
        }
        Rescale(bc, n, g.Directed, normalized);
        return bc;
    }

    private static void Accumulate(CsrGraph g, SingleSourcePaths paths, double[] deltaArray, int s, double[] accArray)
    {
        paths.Run(s);
        ref var dist = ref MemoryMarshal.GetArrayDataReference(paths.Dist);
        ref var sigma = ref MemoryMarshal.GetArrayDataReference(paths.Sigma);
        ref var order = ref MemoryMarshal.GetArrayDataReference(paths.Order);
        ref var delta = ref MemoryMarshal.GetArrayDataReference(deltaArray);
        ref var acc = ref MemoryMarshal.GetArrayDataReference(accArray);
        var (_, _, targetArray, weightArray) = paths.Arcs(s);
        ref var targets = ref MemoryMarshal.GetArrayDataReference(targetArray);
        ref var weights = ref MemoryMarshal.GetArrayDataReference(weightArray);
        var offsets = paths.ArcOffsets;
        ref var off = ref MemoryMarshal.GetArrayDataReference(offsets);
        var weighted = g.Weighted;
        // Reverse order of distance: every successor w of v on a shortest path is finished before v. delta[w] holds
        // (1 + δ(w)) / σ(w) once w is finished, so δ(v) = σ(v) · Σ_w delta[w] needs no division per arc.
        for (var i = paths.Count - 1; i >= 0; i--)
        {
            var v = Unsafe.Add(ref order, i);
            int start = Unsafe.Add(ref off, v), end = Unsafe.Add(ref off, v + 1);
            var dv = Unsafe.Add(ref dist, v);
            var sum = 0.0;
            if (weighted)
            {
                for (var k = start; k < end; k++)
                {
                    var w = Unsafe.Add(ref targets, k);
                    if (Unsafe.Add(ref dist, w) == dv + Unsafe.Add(ref weights, k)) sum += Unsafe.Add(ref delta, w);
                }
            }
            else
            {
                var next = dv + 1;
                for (var k = start; k < end; k++)
                {
                    var w = Unsafe.Add(ref targets, k);
                    if (Unsafe.Add(ref dist, w) == next) sum += Unsafe.Add(ref delta, w);
                }
            }
            var sv = Unsafe.Add(ref sigma, v);
            var dependency = sv * sum;
            if (v != s) Unsafe.Add(ref acc, v) += dependency;
            Unsafe.Add(ref delta, v) = (1 + dependency) / sv;
        }
        for (var i = 0; i < paths.Count; i++) Unsafe.Add(ref delta, Unsafe.Add(ref order, i)) = 0;
    }

    /// <summary>NetworkX's <c>_rescale</c> (endpoints=False, all sources).</summary>
    internal static void Rescale(double[] bc, int n, bool directed, bool normalized)
    {
        double? scale;
        if (normalized) scale = n <= 2 ? null : 1.0 / ((n - 1.0) * (n - 2.0));
        else scale = directed ? null : 0.5;
        if (scale is null) return;
        for (var v = 0; v < n; v++) bc[v] *= scale.Value;
    }
}
