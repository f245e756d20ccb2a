namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// Core number: the largest k such that the node belongs to the k-core, the maximal subgraph in which every node
/// has degree ≥ k. In a directed graph degree is in-degree + out-degree (a reciprocated pair counts twice).
/// <para>
/// Algorithm: Batagelj and Zaveršnik (2003), "An O(m) algorithm for cores decomposition of networks",
/// arXiv:cs/0310049 (bucket sort by degree, peel the lowest). Reference for k-cores: Seidman (1983), Social Networks 5(3).
/// Matches <c>networkx.core_number(G)</c>. Weights are ignored. igraph's <c>coreness(mode="all")</c> gives the same numbers.
/// </para>
/// </summary>
public static class CoreNumber
{
    public static int[] Compute(CsrGraph g)
    {
        var n = g.NodeCount;
        var degree = new int[n];
        var maxDegree = 0;
        for (var v = 0; v < n; v++)
        {
            degree[v] = g.Directed ? g.InDegree(v) + g.OutDegree(v) : g.OutDegree(v);
            maxDegree = Math.Max(maxDegree, degree[v]);
        }
        // Bucket sort by degree.
        var binStart = new int[maxDegree + 2];
        foreach (var d in degree) binStart[d + 1]++;
        for (var d = 0; d <= maxDegree; d++) binStart[d + 1] += binStart[d];
        var position = new int[n];
        var order = new int[n];
        var fill = (int[])binStart.Clone();
        for (var v = 0; v < n; v++)
        {
            position[v] = fill[degree[v]]++;
            order[position[v]] = v;
        }
        var core = degree;
        for (var i = 0; i < n; i++)
        {
            var v = order[i];
            Peel(g.OutOffsets, g.OutTargets, v, core, binStart, position, order);
            if (g.Directed) Peel(g.InOffsets, g.InTargets, v, core, binStart, position, order);
        }
        return core;
    }

    private static void Peel(int[] offsets, int[] targets, int v, int[] core, int[] binStart, int[] position, int[] order)
    {
        for (var k = offsets[v]; k < offsets[v + 1]; k++)
        {
            var u = targets[k];
            if (core[u] <= core[v]) continue;
            // Move u to the front of its bin, then shrink the bin by one: u's core drops by one.
            var du = core[u];
            var pu = position[u];
            var pw = binStart[du];
            var w = order[pw];
            if (u != w)
            {
                order[pu] = w;
                position[w] = pu;
                order[pw] = u;
                position[u] = pw;
            }
            binStart[du]++;
            core[u]--;
        }
    }
}
