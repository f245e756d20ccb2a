using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>
/// The single-source shortest-path kernel shared by <see cref="Betweenness"/>, <see cref="Closeness"/> and
/// <see cref="ShortestPathStats"/>: breadth-first search when the graph is unweighted, Dijkstra's algorithm
/// (binary heap, lazy deletion) when weights are distances. Besides distances it counts shortest paths (σ),
/// counting paths of equal length exactly as NetworkX does: two float path lengths tie when they are equal as
/// doubles, each computed as <c>dist[v] + w(v, u)</c>.
/// One instance holds the scratch arrays of one worker; <see cref="Run"/> resets only what the previous run touched.
/// </summary>
internal sealed class SingleSourcePaths
{
    private readonly CsrGraph _g;
    private readonly bool _reverse;
    private readonly bool[] _settled;
    private readonly PriorityQueue<int, double>? _heap;

    /// <summary>Whether to count shortest paths (σ); closeness and path lengths only need distances.</summary>
    public bool CountPaths { get; init; } = true;

    public SingleSourcePaths(CsrGraph g, bool reverse)
    {
        _g = g;
        _reverse = reverse && g.Directed;
        var n = g.NodeCount;
        Dist = new double[n];
        Sigma = new double[n];
        Order = new int[n];
        _settled = new bool[n];
        Array.Fill(Dist, double.PositiveInfinity);
        if (g.Weighted) _heap = new PriorityQueue<int, double>();
    }

    /// <summary>Distance from the source; +∞ where unreached.</summary>
    public double[] Dist { get; }
    /// <summary>Number of shortest paths from the source.</summary>
    public double[] Sigma { get; }
    /// <summary>Reached nodes in order of non-decreasing distance; the first <see cref="Count"/> entries are valid.</summary>
    public int[] Order { get; }
    public int Count { get; private set; }

    private int[] Offsets => _reverse ? _g.InOffsets : _g.OutOffsets;
    private int[] Targets => _reverse ? _g.InTargets : _g.OutTargets;
    private double[] Weights => _reverse ? _g.InWeights : _g.OutWeights;

    /// <summary>Shortest paths from <paramref name="source"/> along out-arcs (along in-arcs when built with reverse).</summary>
    public void Run(int source)
    {
        for (var i = 0; i < Count; i++)
        {
            var v = Order[i];
            Dist[v] = double.PositiveInfinity;
            Sigma[v] = 0;
            _settled[v] = false;
        }
        if (_heap is null) Bfs(source);
        else Dijkstra(source);
    }

    private void Bfs(int s)
    {
        // The hot loop of betweenness and closeness: array accesses without bounds checks (indices come from the
        // CSR arrays, which the constructor of CsrGraph checked), distances compared as doubles (exact for hop counts).
        ref var off = ref MemoryMarshal.GetArrayDataReference(Offsets);
        ref var tgt = ref MemoryMarshal.GetArrayDataReference(Targets);
        ref var dist = ref MemoryMarshal.GetArrayDataReference(Dist);
        ref var sigma = ref MemoryMarshal.GetArrayDataReference(Sigma);
        ref var order = ref MemoryMarshal.GetArrayDataReference(Order);
        Unsafe.Add(ref dist, s) = 0;
        Unsafe.Add(ref sigma, s) = 1;
        order = s;
        int head = 0, tail = 1;
        var countPaths = CountPaths;
        while (head < tail)
        {
            var v = Unsafe.Add(ref order, head++);
            var next = Unsafe.Add(ref dist, v) + 1;
            var sv = Unsafe.Add(ref sigma, v);
            var end = Unsafe.Add(ref off, v + 1);
            for (var k = Unsafe.Add(ref off, v); k < end; k++)
            {
                var w = Unsafe.Add(ref tgt, k);
                ref var dw = ref Unsafe.Add(ref dist, w);
                if (double.IsPositiveInfinity(dw))
                {
                    dw = next;
                    Unsafe.Add(ref order, tail++) = w;
                }
                if (countPaths && dw == next) Unsafe.Add(ref sigma, w) += sv;
            }
        }
        Count = tail;
    }

    private void Dijkstra(int s)
    {
        var off = Offsets;
        var tgt = Targets;
        var wts = Weights;
        var dist = Dist;
        var sigma = Sigma;
        var heap = _heap!;
        heap.Clear();
        dist[s] = 0;
        sigma[s] = 1;
        heap.Enqueue(s, 0);
        var count = 0;
        while (heap.TryDequeue(out var v, out var d))
        {
            if (_settled[v] || d > dist[v]) continue;
            _settled[v] = true;
            Order[count++] = v;
            var sv = sigma[v];
            for (var k = off[v]; k < off[v + 1]; k++)
            {
                var w = tgt[k];
                if (_settled[w]) continue;
                var nd = d + wts[k];
                if (nd < dist[w])
                {
                    dist[w] = nd;
                    sigma[w] = sv;
                    heap.Enqueue(w, nd);
                }
                else if (nd == dist[w])
                {
                    sigma[w] += sv;
                }
            }
        }
        Count = count;
    }

    /// <summary>Row offsets of the arcs in the direction searched.</summary>
    public int[] ArcOffsets => Offsets;

    /// <summary>Arcs leaving <paramref name="v"/> in the direction searched, for the dependency accumulation.</summary>
    public (int Start, int End, int[] Targets, double[] Weights) Arcs(int v) => (Offsets[v], Offsets[v + 1], Targets, Weights);

    /// <summary>
    /// A fixed partition of <c>0..n-1</c> into at most <paramref name="maxChunks"/> contiguous ranges. The partition
    /// depends only on n, never on the number of threads, so per-chunk partial sums added in chunk order give the
    /// same bits on any machine and in any schedule.
    /// </summary>
    public static (int Start, int End)[] Chunks(int n, int maxChunks = 64)
    {
        var count = Math.Max(1, Math.Min(n, maxChunks));
        var chunks = new (int, int)[count];
        for (var c = 0; c < count; c++) chunks[c] = ((int)((long)n * c / count), (int)((long)n * (c + 1) / count));
        return chunks;
    }
}
