namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// Modularity of a partition: Q = Σ_c [ L_c/m − γ (k_c/2m)² ] for undirected graphs, where L_c is the weight of
/// edges inside community c, k_c the total (weighted) degree of its nodes and m the total edge weight; for directed
/// graphs Q = Σ_c [ L_c/m − γ k_c^out k_c^in / m² ] (Leicht and Newman 2008).
/// <para>
/// Reference: Newman and Girvan (2004), "Finding and evaluating community structure in networks", Phys. Rev. E 69,
/// 026113; Newman (2006), "Modularity and community structure in networks", PNAS 103(23); Leicht and Newman (2008),
/// Phys. Rev. Lett. 100, 118703 (directed). Matches <c>networkx.community.modularity(G, communities, weight=W, resolution=γ)</c>.
/// NaN for a graph without edges (NetworkX divides by zero there).
/// igraph's <c>modularity()</c> gives the same value (for directed graphs with directed=True, its default).
/// </para>
/// </summary>
public static class Modularity
{
    /// <param name="community">Community label of every node.</param>
    public static double Compute(CsrGraph g, IReadOnlyList<int> community, double resolution = 1.0)
    {
        var n = g.NodeCount;
        var labels = community.Count == 0 ? 0 : community.Max() + 1;
        var inside = new double[labels];
        var outSum = new double[labels];
        var inSum = new double[labels];
        var total = 0.0;
        for (var u = 0; u < n; u++)
        {
            var cu = community[u];
            for (var k = g.OutOffsets[u]; k < g.OutOffsets[u + 1]; k++)
            {
                var w = g.OutWeights[k];
                total += w;
                outSum[cu] += w;
                inSum[community[g.OutTargets[k]]] += w;
                if (community[g.OutTargets[k]] == cu) inside[cu] += w;
            }
        }
        if (total == 0) return double.NaN;
        // Undirected graphs list every edge twice in the out-arrays: total = 2m, inside = 2L_c, outSum = inSum = k_c.
        var m = g.Directed ? total : total / 2;
        var q = 0.0;
        for (var c = 0; c < labels; c++)
        {
            var lc = g.Directed ? inside[c] : inside[c] / 2;
            q += lc / m - resolution * outSum[c] * inSum[c] / (g.Directed ? m * m : 4 * m * m);
        }
        return q;
    }
}
