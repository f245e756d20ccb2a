namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// Eigenvector centrality: x with A^T x = λ x for the largest eigenvalue λ, scaled to unit Euclidean norm;
/// in a directed graph a node is central when central nodes point <em>to</em> it (in-edges, "left" eigenvector).
/// <para>
/// Reference: Bonacich (1972), "Factoring and weighting approaches to status scores and clique identification",
/// J. Math. Sociol. 2(1); Bonacich (1987). Matches <c>networkx.eigenvector_centrality(G, max_iter, tol, weight=W)</c>
/// step for step: start at 1/n everywhere, iterate x ← (A^T + I) x / ‖(A^T + I) x‖₂ (the shift by I makes the
/// iteration converge on bipartite graphs without changing the eigenvector), stop when Σ|x − x_last| &lt; n·tol.
/// With the same tolerance the two stop at the same iteration and agree to rounding; NetworkX's own guarantee is
/// that tolerance (default 1e-6, so individual values are good to about 1e-6).
/// Weights are strengths (a heavier tie passes on more centrality).
/// </para>
/// <para>
/// igraph: <c>eigenvector_centrality()</c> uses ARPACK and scales the largest value to 1 (scale=True) rather
/// than the vector to unit length; divide by the norm to compare. On disconnected graphs the eigenvector is not
/// unique and the two libraries can return different vectors.
/// </para>
/// </summary>
public static class EigenvectorCentrality
{
    public static double[] Compute(CsrGraph g, int maxIterations = 100, double tolerance = 1e-6)
    {
        var n = g.NodeCount;
        if (n == 0) return [];
        var x = new double[n];
        Array.Fill(x, 1.0 / n);
        var last = new double[n];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Copy(x, last, n);
            // x = x_last (the identity shift), then add x_last[u]·w(u,v) into every successor v of u, u in node order.
            for (var u = 0; u < n; u++)
            {
                var xu = last[u];
                for (var k = g.OutOffsets[u]; k < g.OutOffsets[u + 1]; k++) x[g.OutTargets[k]] += xu * g.OutWeights[k];
            }
            var norm = Hypot(x);
            if (norm == 0) norm = 1;
            var err = 0.0;
            for (var v = 0; v < n; v++)
            {
                x[v] /= norm;
                err += Math.Abs(x[v] - last[v]);
            }
            if (err < n * tolerance) return x;
        }
        throw new PowerIterationFailedConvergence("eigenvector centrality", maxIterations, tolerance);
    }

    /// <summary>Euclidean norm without overflow or undue underflow (like Python's math.hypot).</summary>
    private static double Hypot(double[] x)
    {
        var scale = 0.0;
        foreach (var v in x) scale = Math.Max(scale, Math.Abs(v));
        if (scale == 0 || double.IsInfinity(scale)) return scale;
        var sum = 0.0;
        foreach (var v in x)
        {
            var r = v / scale;
            sum += r * r;
        }
        return scale * Math.Sqrt(sum);
    }
}
