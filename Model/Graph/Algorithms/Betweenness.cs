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

    private static void Accumulate(CsrGraph g, SingleSourcePaths paths, double[] delta, int s, double[] acc)
    {
        paths.Run(s);
        var dist = paths.Dist;
        var sigma = paths.Sigma;
        var order = paths.Order;
        var weighted = g.Weighted;
        // Reverse order of distance: every successor of v on a shortest path is finished before v.
        for (var i = paths.Count - 1; i >= 0; i--)
        {
            var v = order[i];
            var (start, end, targets, weights) = paths.Arcs(v);
            var dv = dist[v];
            var sv = sigma[v];
            var sum = 0.0;
            for (var k = start; k < end; k++)
            {
                var w = targets[k];
                var through = weighted ? dv + weights[k] : dv + 1;
                if (dist[w] == through) sum += sv / sigma[w] * (1 + delta[w]);
            }
            delta[v] = sum;
            if (v != s) acc[v] += sum;
        }
        for (var i = 0; i < paths.Count; i++) delta[order[i]] = 0;
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
