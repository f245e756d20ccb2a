namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// Closeness centrality with the Wasserman–Faust correction for disconnected graphs:
/// C(u) = (r−1)/(n−1) · (r−1)/Σ_v d(v,u), where r is the number of nodes that can reach u (u included),
/// and 0 when nothing else reaches u. In a directed graph distances are <em>incoming</em> (from v to u).
/// <para>
/// Reference: Wasserman, S. and Faust, K. (1994), Social Network Analysis, Cambridge University Press,
/// eq. 5.3 and the correction for unreachable nodes; Freeman (1979) for the basic index.
/// Matches <c>networkx.closeness_centrality(G, distance=W, wf_improved=True)</c>: weights are distances.
/// One BFS (or Dijkstra) per node on the reversed graph, nodes in parallel; each node's value is computed by
/// one worker alone, so results do not depend on scheduling.
/// </para>
/// <para>
/// igraph: <c>closeness()</c> uses <em>outgoing</em> distances by default (mode="out"; use mode="in" to match)
/// and, on disconnected graphs, 1/mean distance to the reachable nodes only, without the (r−1)/(n−1) factor;
/// on a connected graph with mode="in" it equals NetworkX's value.
/// </para>
/// </summary>
public static class Closeness
{
    public static double[] Compute(CsrGraph g, bool wfImproved = true)
    {
        g.RequirePositiveWeights("closeness");
        var n = g.NodeCount;
        var result = new double[n];
        var chunks = SingleSourcePaths.Chunks(n, 256);
        Parallel.For(0, chunks.Length, c =>
        {
            var paths = new SingleSourcePaths(g, reverse: true) { CountPaths = false };
            for (var u = chunks[c].Start; u < chunks[c].End; u++)
            {
                paths.Run(u);
                var total = 0.0;
                for (var i = 0; i < paths.Count; i++) total += paths.Dist[paths.Order[i]];
                var reached = paths.Count;
                var value = 0.0;
                if (total > 0 && n > 1)
                {
                    value = (reached - 1.0) / total;
                    if (wfImproved) value *= (reached - 1.0) / (n - 1.0);
                }
                result[u] = value;
            }
        });
        return result;
    }
}
