namespace KerjasamaGraph.Model.Graph;

/// <summary>
/// Compressed sparse rows: the array form of a simple graph that the algorithm kernels run on. Nodes are
/// 0..N-1 (the order of <see cref="CooperationGraph.Nodes"/>); the out-neighbours of <c>u</c> are
/// <c>OutTargets[OutOffsets[u]..OutOffsets[u+1]]</c>, sorted by index, with their weights in <c>OutWeights</c>.
/// For an undirected graph every edge appears in both rows and the in-arrays are the out-arrays.
/// </summary>
public sealed class CsrGraph
{
    private CsrGraph(int n, bool directed, bool weighted, int edgeCount,
        int[] outOffsets, int[] outTargets, double[] outWeights, int[] inOffsets, int[] inTargets, double[] inWeights)
    {
        NodeCount = n;
        Directed = directed;
        Weighted = weighted;
        EdgeCount = edgeCount;
        OutOffsets = outOffsets;
        OutTargets = outTargets;
        OutWeights = outWeights;
        InOffsets = inOffsets;
        InTargets = inTargets;
        InWeights = inWeights;
    }

    public int NodeCount { get; }
    public bool Directed { get; }
    /// <summary>Whether a weight attribute was chosen (otherwise every weight is 1).</summary>
    public bool Weighted { get; }
    /// <summary>Number of edges (an undirected edge counts once).</summary>
    public int EdgeCount { get; }
    public int[] OutOffsets { get; }
    public int[] OutTargets { get; }
    public double[] OutWeights { get; }
    public int[] InOffsets { get; }
    public int[] InTargets { get; }
    public double[] InWeights { get; }

    public int OutDegree(int u) => OutOffsets[u + 1] - OutOffsets[u];
    public int InDegree(int u) => InOffsets[u + 1] - InOffsets[u];
    public ReadOnlySpan<int> OutNeighbours(int u) => OutTargets.AsSpan(OutOffsets[u], OutOffsets[u + 1] - OutOffsets[u]);
    public ReadOnlySpan<int> InNeighbours(int u) => InTargets.AsSpan(InOffsets[u], InOffsets[u + 1] - InOffsets[u]);
    public ReadOnlySpan<double> OutWeightsOf(int u) => OutWeights.AsSpan(OutOffsets[u], OutOffsets[u + 1] - OutOffsets[u]);
    public ReadOnlySpan<double> InWeightsOf(int u) => InWeights.AsSpan(InOffsets[u], InOffsets[u + 1] - InOffsets[u]);

    /// <summary>Builds the arrays from an edge list. Parallel edges and self-loops are rejected.</summary>
    public static CsrGraph FromEdges(int n, bool directed, IReadOnlyList<int> source, IReadOnlyList<int> target, IReadOnlyList<double> weight, bool weighted)
    {
        var m = source.Count;
        var arcs = directed ? m : 2 * m;
        var (outOff, outT, outW) = Build(n, arcs, i => directed ? source[i] : i < m ? source[i] : target[i - m],
            i => directed ? target[i] : i < m ? target[i] : source[i - m], i => weight[i < m ? i : i - m]);
        if (!directed) return new CsrGraph(n, false, weighted, m, outOff, outT, outW, outOff, outT, outW);
        var (inOff, inT, inW) = Build(n, m, i => target[i], i => source[i], i => weight[i]);
        return new CsrGraph(n, true, weighted, m, outOff, outT, outW, inOff, inT, inW);
    }

    private static (int[] Offsets, int[] Targets, double[] Weights) Build(int n, int arcs, Func<int, int> from, Func<int, int> to, Func<int, double> w)
    {
        var offsets = new int[n + 1];
        for (var i = 0; i < arcs; i++)
        {
            var u = from(i);
            if (u == to(i)) throw new GraphInputException($"self-loop on node {u}");
            offsets[u + 1]++;
        }
        for (var u = 0; u < n; u++) offsets[u + 1] += offsets[u];
        var fill = (int[])offsets.Clone();
        var targets = new int[arcs];
        var weights = new double[arcs];
        for (var i = 0; i < arcs; i++)
        {
            var slot = fill[from(i)]++;
            targets[slot] = to(i);
            weights[slot] = w(i);
        }
        for (var u = 0; u < n; u++)
        {
            var len = offsets[u + 1] - offsets[u];
            if (len < 2) continue;
            Array.Sort(targets, weights, offsets[u], len);
            for (var k = offsets[u] + 1; k < offsets[u + 1]; k++)
            {
                if (targets[k] == targets[k - 1]) throw new GraphInputException($"parallel edges between nodes {u} and {targets[k]}");
            }
        }
        return (offsets, targets, weights);
    }

    /// <summary>Weight of the arc u→v (either direction when undirected), or 0 when absent.</summary>
    public double WeightOf(int u, int v)
    {
        var i = Array.BinarySearch(OutTargets, OutOffsets[u], OutOffsets[u + 1] - OutOffsets[u], v);
        return i >= 0 ? OutWeights[i] : 0.0;
    }

    public bool HasArc(int u, int v) => Array.BinarySearch(OutTargets, OutOffsets[u], OutOffsets[u + 1] - OutOffsets[u], v) >= 0;

    /// <summary>Largest weight, 1 for an empty graph (NetworkX's normalisation of weighted clustering).</summary>
    public double MaxWeight() => OutWeights.Length == 0 ? 1.0 : OutWeights.Max();

    /// <summary>Throws when a weight is not a positive finite number (path metrics use weights as distances).</summary>
    public void RequirePositiveWeights(string metric)
    {
        if (!Weighted) return;
        foreach (var w in OutWeights)
        {
            if (!(w > 0) || double.IsInfinity(w)) throw new GraphInputException($"{metric}: weights are used as distances and must be positive and finite; found {w}");
        }
    }
}
