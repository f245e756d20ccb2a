namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// Local clustering coefficient, and its mean over all nodes (average clustering).
/// <list type="bullet">
/// <item>Undirected, unweighted: c_v = 2T(v) / (k_v(k_v−1)), T(v) the triangles through v
/// (Watts and Strogatz 1998, "Collective dynamics of 'small-world' networks", Nature 393).</item>
/// <item>Undirected, weighted (Onnela et al. 2005, "Intensity and coherence of motifs in weighted complex
/// networks", Phys. Rev. E 71, 065103): c_v = 1/(k_v(k_v−1)) Σ_{u,w} (ŵ_vu ŵ_uw ŵ_wv)^{1/3}, with weights
/// normalised by the largest weight in the graph, ŵ = w / max w.</item>
/// <item>Directed (Fagiolo 2007, "Clustering in complex directed networks", Phys. Rev. E 76, 026107):
/// c_v = T_v / (2(k_v^tot(k_v^tot−1) − 2k_v^↔)), counting all directed triangles through v; weighted, each
/// triangle counts (ŵŵŵ)^{1/3} as above.</item>
/// </list>
/// Nodes with fewer than two neighbours have 0. Matches <c>networkx.clustering(G, weight=W)</c> and
/// <c>networkx.average_clustering(G, weight=W)</c> (zeros counted).
/// <para>
/// igraph: <c>transitivity_local_undirected()</c> ignores edge directions, gives NaN (not 0) for degree &lt; 2
/// unless mode="zero", and its weighted version is Barrat et al. (2004), not Onnela's, so weighted values differ;
/// <c>transitivity_avglocal_undirected()</c> by default leaves out nodes of degree &lt; 2 from the mean.
/// </para>
/// </summary>
public static class Clustering
{
    public static double[] Compute(CsrGraph g, bool weighted)
    {
        weighted &= g.Weighted;
        return g.Directed ? Directed(g, weighted) : Undirected(g, weighted);
    }

    public static double Average(double[] clustering) => clustering.Length == 0 ? 0 : clustering.Sum() / clustering.Length;

    /// <summary>2T(v) (unweighted) or twice the Onnela sum (weighted) for every node of an undirected graph.</summary>
    internal static double[] UndirectedTriangleSums(CsrGraph g, bool weighted)
    {
        var n = g.NodeCount;
        var sums = new double[n];
        var max = weighted ? g.MaxWeight() : 1.0;
        var chunks = SingleSourcePaths.Chunks(n, 256);
        Parallel.For(0, chunks.Length, c =>
        {
            var mark = new double[n];  // normalised weight of the edge v–x
            var stamp = new int[n];    // v + 1 where x is a neighbour of v
            for (var v = chunks[c].Start; v < chunks[c].End; v++)
            {
                int s = g.OutOffsets[v], e = g.OutOffsets[v + 1];
                for (var k = s; k < e; k++)
                {
                    mark[g.OutTargets[k]] = g.OutWeights[k] / max;
                    stamp[g.OutTargets[k]] = v + 1;
                }
                var t = 0.0;
                for (var k = s; k < e; k++)
                {
                    var u = g.OutTargets[k];
                    var wvu = g.OutWeights[k] / max;
                    for (var j = g.OutOffsets[u]; j < g.OutOffsets[u + 1]; j++)
                    {
                        var w = g.OutTargets[j];
                        if (w <= u || stamp[w] != v + 1) continue; // each pair {u, w} once
                        t += weighted ? Math.Cbrt(wvu * (g.OutWeights[j] / max) * mark[w]) : 1.0;
                    }
                }
                sums[v] = 2 * t;
            }
        });
        return sums;
    }

    private static double[] Undirected(CsrGraph g, bool weighted)
    {
        var sums = UndirectedTriangleSums(g, weighted);
        var result = new double[g.NodeCount];
        for (var v = 0; v < g.NodeCount; v++)
        {
            var d = (double)g.OutDegree(v);
            result[v] = sums[v] == 0 ? 0 : sums[v] / (d * (d - 1));
        }
        return result;
    }

    private static double[] Directed(CsrGraph g, bool weighted)
    {
        var n = g.NodeCount;
        var result = new double[n];
        var max = weighted ? g.MaxWeight() : 1.0;
        var chunks = SingleSourcePaths.Chunks(n, 256);
        Parallel.For(0, chunks.Length, c =>
        {
            var inW = new double[n];  // ŵ(x→i) for predecessors x of i
            var outW = new double[n]; // ŵ(i→x) for successors x of i
            var isPred = new int[n];  // i + 1 where x→i
            var isSucc = new int[n];  // i + 1 where i→x
            for (var i = chunks[c].Start; i < chunks[c].End; i++)
            {
                var me = i + 1;
                for (var k = g.InOffsets[i]; k < g.InOffsets[i + 1]; k++)
                {
                    inW[g.InTargets[k]] = g.InWeights[k] / max;
                    isPred[g.InTargets[k]] = me;
                }
                for (var k = g.OutOffsets[i]; k < g.OutOffsets[i + 1]; k++)
                {
                    outW[g.OutTargets[k]] = g.OutWeights[k] / max;
                    isSucc[g.OutTargets[k]] = me;
                }
                var marks = new Marks(inW, outW, isPred, isSucc, me);
                var t = 0.0;
                // Every neighbour j in each role (j→i, then i→j), and every k linked to both i and j, in each direction.
                for (var k = g.InOffsets[i]; k < g.InOffsets[i + 1]; k++) t += Triangles(g, g.InTargets[k], g.InWeights[k] / max, marks, weighted, max);
                for (var k = g.OutOffsets[i]; k < g.OutOffsets[i + 1]; k++) t += Triangles(g, g.OutTargets[k], g.OutWeights[k] / max, marks, weighted, max);
                double total = g.InDegree(i) + g.OutDegree(i);
                var reciprocal = 0;
                foreach (var x in g.OutNeighbours(i)) if (g.HasArc(x, i)) reciprocal++;
                result[i] = t == 0 ? 0 : t / ((total * (total - 1) - 2.0 * reciprocal) * 2);
            }
        });
        return result;
    }

    private readonly record struct Marks(double[] InW, double[] OutW, int[] IsPred, int[] IsSucc, int Me);

    private static double Triangles(CsrGraph g, int j, double wij, Marks m, bool weighted, double max)
    {
        var t = 0.0;
        for (var k = g.InOffsets[j]; k < g.InOffsets[j + 1]; k++) // x→j
        {
            var x = g.InTargets[k];
            var wxj = g.InWeights[k] / max;
            if (m.IsPred[x] == m.Me) t += weighted ? Math.Cbrt(wij * m.InW[x] * wxj) : 1;
            if (m.IsSucc[x] == m.Me) t += weighted ? Math.Cbrt(wij * m.OutW[x] * wxj) : 1;
        }
        for (var k = g.OutOffsets[j]; k < g.OutOffsets[j + 1]; k++) // j→x
        {
            var x = g.OutTargets[k];
            var wjx = g.OutWeights[k] / max;
            if (m.IsPred[x] == m.Me) t += weighted ? Math.Cbrt(wij * m.InW[x] * wjx) : 1;
            if (m.IsSucc[x] == m.Me) t += weighted ? Math.Cbrt(wij * m.OutW[x] * wjx) : 1;
        }
        return t;
    }
}
