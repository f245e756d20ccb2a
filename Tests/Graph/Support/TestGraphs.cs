using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Graph;

namespace KerjasamaGraph.Tests.Graph.Support;

/// <summary>Seeded graphs for comparing with NetworkX: nodes are n0, n1, ... in order.</summary>
public static class TestGraphs
{
    public static CooperationGraph Empty(int n, bool directed)
    {
        var g = new CooperationGraph(directed);
        for (var i = 0; i < n; i++) g.AddNode($"n{i}", $"node {i}", "test");
        return g;
    }

    public static void Link(CooperationGraph g, int u, int v, double? weight = null)
    {
        var e = g.GetOrAddEdge($"n{u}", $"n{v}", out _);
        e.Kinds.Add("test");
        if (weight is { } w) e.Attributes["weight"] = w;
    }

    /// <summary>G(n, m): m distinct edges chosen uniformly; weights integers 1..5 (ties) or reals in [0.5, 3) when requested.</summary>
    public static CooperationGraph Random(int n, int m, bool directed, ulong seed, WeightKind weights = WeightKind.None)
    {
        var g = Empty(n, directed);
        var rng = new SplitMix64(seed);
        var added = 0;
        while (added < m)
        {
            int u = rng.NextInt(n), v = rng.NextInt(n);
            if (u == v || g.FindEdge($"n{u}", $"n{v}") is not null) continue;
            Link(g, u, v, Weight(ref rng, weights));
            added++;
        }
        return g;
    }

    public enum WeightKind { None, Integer, Real }

    private static double? Weight(ref SplitMix64 rng, WeightKind kind) => kind switch
    {
        WeightKind.Integer => 1 + rng.NextInt(5),
        WeightKind.Real => 0.5 + 2.5 * rng.NextDouble(),
        _ => null,
    };

    /// <summary>A rows × cols grid: many shortest paths of equal length (ties).</summary>
    public static CooperationGraph Grid(int rows, int cols)
    {
        var g = Empty(rows * cols, false);
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                var v = r * cols + c;
                if (c + 1 < cols) Link(g, v, v + 1);
                if (r + 1 < rows) Link(g, v, v + cols);
            }
        return g;
    }

    public static CooperationGraph Cycle(int n, bool directed)
    {
        var g = Empty(n, directed);
        for (var i = 0; i < n; i++) Link(g, i, (i + 1) % n);
        return g;
    }

    /// <summary>Two random parts, a path, and isolated nodes: a disconnected graph.</summary>
    public static CooperationGraph Disconnected(bool directed, ulong seed, WeightKind weights)
    {
        var g = Empty(70, directed);
        var rng = new SplitMix64(seed);
        void Part(int from, int size, int m, ref SplitMix64 r)
        {
            var added = 0;
            while (added < m)
            {
                int u = from + r.NextInt(size), v = from + r.NextInt(size);
                if (u == v || g.FindEdge($"n{u}", $"n{v}") is not null) continue;
                Link(g, u, v, Weight(ref r, weights));
                added++;
            }
        }
        Part(0, 30, 70, ref rng);
        Part(30, 25, 50, ref rng);
        for (var i = 55; i < 62; i++) Link(g, i, i + 1, Weight(ref rng, weights));
        return g; // 62..69 isolated
    }

    /// <summary>Planted partition: <paramref name="blocks"/> dense blocks joined by a few edges.</summary>
    public static (CooperationGraph Graph, int[] Block) Planted(int blocks, int size, bool directed, ulong seed)
    {
        var n = blocks * size;
        var g = Empty(n, directed);
        var rng = new SplitMix64(seed);
        var block = new int[n];
        for (var v = 0; v < n; v++) block[v] = v / size;
        for (var u = 0; u < n; u++)
            for (var v = directed ? 0 : u + 1; v < n; v++)
            {
                if (u == v) continue;
                var p = block[u] == block[v] ? 0.6 : 0.01;
                if (rng.NextDouble() < p) Link(g, u, v);
            }
        return (g, block);
    }
}
