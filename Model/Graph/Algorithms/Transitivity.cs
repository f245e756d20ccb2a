namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// Transitivity (global clustering): T = 3 × triangles / connected triples = Σ_v 2T(v) / Σ_v k_v(k_v−1),
/// 0 when there is no triangle. Defined for undirected graphs only (as in NetworkX, which refuses directed ones;
/// null is reported for directed layers). Weights are ignored.
/// <para>
/// Reference: Newman, Strogatz and Watts (2001), "Random graphs with arbitrary degree distributions and their
/// applications", Phys. Rev. E 64, 026118; Wasserman and Faust (1994), §14.2. Matches <c>networkx.transitivity(G)</c>;
/// igraph's <c>transitivity_undirected()</c> is the same number (it treats directed graphs as undirected instead of refusing them).
/// </para>
/// </summary>
public static class Transitivity
{
    public static double? Compute(CsrGraph g)
    {
        if (g.Directed) return null;
        var triangles = Clustering.UndirectedTriangleSums(g, weighted: false);
        double t = 0, triples = 0;
        for (var v = 0; v < g.NodeCount; v++)
        {
            double d = g.OutDegree(v);
            t += triangles[v];
            triples += d * (d - 1);
        }
        return t == 0 ? 0 : t / triples;
    }
}
