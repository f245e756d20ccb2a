namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>Diameter and average shortest path length of one component.</summary>
public sealed record PathStats(int Nodes, double Diameter, double AverageShortestPathLength);

/// <summary>
/// Diameter (largest eccentricity) and average shortest path length a = Σ_{s≠t} d(s,t) / (k(k−1)) over the
/// k nodes of one component: the largest connected component of an undirected graph, the largest
/// <em>strongly</em> connected component of a directed graph (elsewhere some distances are infinite).
/// Weights, when chosen, are distances.
/// <para>
/// Matches <c>networkx.diameter(C, weight=W)</c> and <c>networkx.average_shortest_path_length(C, weight=W)</c>
/// on <c>C = G.subgraph(largest component)</c>; a single-node component gives 0 and 0.
/// Reference: West (2001), Introduction to Graph Theory, §2.1 (eccentricity, diameter); Watts & Strogatz (1998) for
/// the characteristic path length. All-pairs by one BFS/Dijkstra per source, in parallel; partial sums are
/// added in fixed chunk order.
/// </para>
/// <para>
/// igraph: <c>diameter()</c> and <c>average_path_length()</c> run on the whole graph and by default skip
/// unreachable pairs (unconn=True), so on a disconnected graph they are computed over all components together;
/// restrict to the same component to compare.
/// </para>
/// </summary>
public static class ShortestPathStats
{
    public static PathStats Compute(CsrGraph g, IReadOnlyList<int> members)
    {
        g.RequirePositiveWeights("shortest paths");
        var k = members.Count;
        if (k <= 1) return new PathStats(k, 0, 0);
        var inside = new bool[g.NodeCount];
        foreach (var v in members) inside[v] = true;
        var chunks = SingleSourcePaths.Chunks(k);
        var sums = new double[chunks.Length];
        var maxima = new double[chunks.Length];
        Parallel.For(0, chunks.Length, c =>
        {
            var paths = new SingleSourcePaths(g, reverse: false) { CountPaths = false };
            double sum = 0, max = 0;
            for (var i = chunks[c].Start; i < chunks[c].End; i++)
            {
                paths.Run(members[i]);
                for (var j = 0; j < paths.Count; j++)
                {
                    var v = paths.Order[j];
                    if (!inside[v]) continue;
                    var d = paths.Dist[v];
                    sum += d;
                    if (d > max) max = d;
                }
            }
            sums[c] = sum;
            maxima[c] = max;
        });
        var total = 0.0;
        foreach (var s in sums) total += s;
        return new PathStats(k, maxima.Max(), total / ((double)k * (k - 1)));
    }
}
