namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// Degree assortativity: the Pearson correlation between the degrees at the two ends of an edge. Undirected
/// graphs count each edge in both directions; directed graphs correlate the source's out-degree with the
/// target's in-degree. NaN when either side has no variance (every degree the same), as in NetworkX.
/// Weights are ignored (degrees, not strengths).
/// <para>
/// Reference: Newman (2002), "Assortative mixing in networks", Phys. Rev. Lett. 89, 208701; Newman (2003),
/// "Mixing patterns in networks", Phys. Rev. E 67, 026126. Matches <c>networkx.degree_assortativity_coefficient(G)</c>
/// (x="out", y="in" for directed graphs). igraph's <c>assortativity_degree(directed=True)</c> uses the same out/in
/// pairing and gives the same value.
/// </para>
/// </summary>
public static class Assortativity
{
    public static double Degree(CsrGraph g)
    {
        var n = g.NodeCount;
        var xDeg = new double[n]; // degree at the source end
        var yDeg = new double[n]; // degree at the target end
        for (var v = 0; v < n; v++)
        {
            xDeg[v] = g.OutDegree(v);
            yDeg[v] = g.Directed ? g.InDegree(v) : g.OutDegree(v);
        }
        // Two passes (means, then centred sums) over all arcs u→v (both directions of an undirected edge).
        double count = 0, sx = 0, sy = 0;
        for (var u = 0; u < n; u++)
        {
            for (var k = g.OutOffsets[u]; k < g.OutOffsets[u + 1]; k++)
            {
                count++;
                sx += xDeg[u];
                sy += yDeg[g.OutTargets[k]];
            }
        }
        if (count == 0) return double.NaN;
        double mx = sx / count, my = sy / count, cov = 0, vx = 0, vy = 0;
        for (var u = 0; u < n; u++)
        {
            var dx = xDeg[u] - mx;
            for (var k = g.OutOffsets[u]; k < g.OutOffsets[u + 1]; k++)
            {
                var dy = yDeg[g.OutTargets[k]] - my;
                cov += dx * dy;
                vx += dx * dx;
                vy += dy * dy;
            }
        }
        if (vx == 0 || vy == 0) return double.NaN;
        return cov / Math.Sqrt(vx * vy);
    }
}
