using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;

namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>A labelling of nodes by component: <c>Of[v]</c> is v's component, numbered in order of each component's first node.</summary>
public sealed record ComponentLabels(int[] Of, int Count)
{
    /// <summary>Sizes by component label.</summary>
    public int[] Sizes()
    {
        var sizes = new int[Count];
        foreach (var c in Of) sizes[c]++;
        return sizes;
    }

    /// <summary>
    /// The largest component; among equally large ones the one whose first node comes first — the same choice as
    /// <c>max(nx.connected_components(G), key=len)</c>, which yields components in order of their first node.
    /// Null for an empty graph.
    /// </summary>
    public int? Largest()
    {
        if (Count == 0) return null;
        var sizes = Sizes();
        var best = 0;
        for (var c = 1; c < Count; c++) if (sizes[c] > sizes[best]) best = c;
        return best;
    }
}

/// <summary>
/// Connected components with QuikGraph: <see cref="ConnectedComponentsAlgorithm{TVertex,TEdge}"/> on the
/// undirected view of an undirected graph, <see cref="WeaklyConnectedComponentsAlgorithm{TVertex,TEdge}"/> and
/// <see cref="StronglyConnectedComponentsAlgorithm{TVertex,TEdge}"/> (Tarjan 1972) for directed ones.
/// Matches <c>networkx.number_connected_components</c> (undirected), <c>number_weakly_connected_components</c>
/// and <c>number_strongly_connected_components</c> (directed); igraph's <c>connected_components(mode="weak"|"strong")</c>.
/// Labels are renumbered in order of each component's first node so that they do not depend on traversal order.
/// </summary>
public static class Components
{
    /// <summary>Connected components of an undirected graph, weakly connected components of a directed one.</summary>
    public static ComponentLabels Weak(CooperationGraph graph)
    {
        IDictionary<string, int> raw;
        if (graph.Directed)
        {
            var alg = new WeaklyConnectedComponentsAlgorithm<string, GraphEdge>(graph.Structure);
            alg.Compute();
            raw = alg.Components;
        }
        else
        {
            var alg = new ConnectedComponentsAlgorithm<string, GraphEdge>(new UndirectedBidirectionalGraph<string, GraphEdge>(graph.Structure));
            alg.Compute();
            raw = alg.Components;
        }
        return Canonical(graph, raw);
    }

    /// <summary>Strongly connected components (for an undirected graph, the connected components).</summary>
    public static ComponentLabels Strong(CooperationGraph graph)
    {
        if (!graph.Directed) return Weak(graph);
        var alg = new StronglyConnectedComponentsAlgorithm<string, GraphEdge>(graph.Structure);
        alg.Compute();
        return Canonical(graph, alg.Components);
    }

    private static ComponentLabels Canonical(CooperationGraph graph, IDictionary<string, int> raw)
    {
        var labels = new int[graph.NodeCount];
        var map = new Dictionary<int, int>();
        for (var v = 0; v < graph.NodeCount; v++)
        {
            var r = raw[graph.Nodes[v].Id];
            if (!map.TryGetValue(r, out var c))
            {
                c = map.Count;
                map[r] = c;
            }
            labels[v] = c;
        }
        return new ComponentLabels(labels, map.Count);
    }
}
