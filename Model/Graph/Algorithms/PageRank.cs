namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// PageRank: the stationary distribution of a random surfer who follows an out-edge with probability α
/// (choosing edges in proportion to their weight) and jumps to a uniformly random node otherwise; from a node
/// without out-edges (dangling) the surfer jumps uniformly. An undirected edge is a pair of opposite arcs.
/// <para>
/// Reference: Page, Brin, Motwani and Winograd (1999), "The PageRank citation ranking: bringing order to the web",
/// Stanford InfoLab; Langville and Meyer (2006), Google's PageRank and Beyond, for the dangling-node treatment.
/// Matches <c>networkx.pagerank(G, alpha=0.85, weight=W, tol, max_iter)</c> (its SciPy implementation, uniform
/// personalisation and dangling distribution): start at 1/n, iterate
/// x ← α(x·P + (Σ_dangling x)/n) + (1−α)/n, stop when Σ|x − x_last| &lt; n·tol. Weights are strengths.
/// With the same tolerance the two stop at the same iteration and agree to rounding.
/// </para>
/// <para>
/// igraph: <c>pagerank()</c> solves the same chain exactly (PRPACK) instead of iterating, so it differs from
/// NetworkX by up to NetworkX's tolerance; run both here with a small tolerance to compare with igraph.
/// </para>
/// </summary>
public static class PageRank
{
    public static double[] Compute(CsrGraph g, double alpha = 0.85, int maxIterations = 100, double tolerance = 1e-6)
    {
        var n = g.NodeCount;
        if (n == 0) return [];
        // Row-stochastic transition weights.
        var strength = new double[n];
        for (var u = 0; u < n; u++)
        {
            var s = 0.0;
            for (var k = g.OutOffsets[u]; k < g.OutOffsets[u + 1]; k++) s += g.OutWeights[k];
            strength[u] = s;
        }
        var dangling = Enumerable.Range(0, n).Where(u => strength[u] == 0).ToArray();
        var x = new double[n];
        Array.Fill(x, 1.0 / n);
        var next = new double[n];
        var teleport = (1 - alpha) / n;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(next);
            for (var u = 0; u < n; u++)
            {
                if (strength[u] == 0) continue;
                var share = x[u] / strength[u];
                for (var k = g.OutOffsets[u]; k < g.OutOffsets[u + 1]; k++) next[g.OutTargets[k]] += share * g.OutWeights[k];
            }
            var danglingSum = 0.0;
            foreach (var u in dangling) danglingSum += x[u];
            var danglingShare = danglingSum / n;
            var err = 0.0;
            for (var v = 0; v < n; v++)
            {
                var value = alpha * (next[v] + danglingShare) + teleport;
                err += Math.Abs(value - x[v]);
                next[v] = value;
            }
            (x, next) = (next, x);
            if (err < n * tolerance) return x;
        }
        throw new PowerIterationFailedConvergence("pagerank", maxIterations, tolerance);
    }
}
