namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>Degree and strength of every node.</summary>
public sealed record DegreeTable(int[] Degree, int[] InDegree, int[] OutDegree, double[] Strength, double[] InStrength, double[] OutStrength);

/// <summary>
/// Degree (number of incident edges; in a directed graph in-degree + out-degree), in- and out-degree, and
/// strength, the sum of incident edge weights (Barrat et al. 2004, "The architecture of complex weighted networks",
/// PNAS 101(11)). Matches <c>G.degree()</c>, <c>G.in_degree()</c>, <c>G.out_degree()</c> and <c>G.degree(weight=W)</c>
/// in NetworkX (no self-loops here), and igraph's <c>degree()</c> and <c>strength()</c>.
/// </summary>
public static class Degree
{
    public static DegreeTable Compute(CsrGraph g)
    {
        var n = g.NodeCount;
        var deg = new int[n];
        var inDeg = new int[n];
        var outDeg = new int[n];
        var str = new double[n];
        var inStr = new double[n];
        var outStr = new double[n];
        for (var v = 0; v < n; v++)
        {
            outDeg[v] = g.OutDegree(v);
            inDeg[v] = g.InDegree(v);
            deg[v] = g.Directed ? inDeg[v] + outDeg[v] : outDeg[v];
            foreach (var w in g.OutWeightsOf(v)) outStr[v] += w;
            foreach (var w in g.InWeightsOf(v)) inStr[v] += w;
            str[v] = g.Directed ? inStr[v] + outStr[v] : outStr[v];
        }
        return new DegreeTable(deg, inDeg, outDeg, str, inStr, outStr);
    }

    /// <summary>Density: 2m/(n(n−1)) undirected, m/(n(n−1)) directed, 0 for n ≤ 1 (<c>networkx.density</c>).</summary>
    public static double Density(CsrGraph g)
    {
        var n = (double)g.NodeCount;
        if (n <= 1) return 0;
        return (g.Directed ? g.EdgeCount : 2.0 * g.EdgeCount) / (n * (n - 1));
    }
}
