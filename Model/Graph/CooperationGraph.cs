using QuikGraph;

namespace KerjasamaGraph.Model.Graph;

/// <summary>A node of a <see cref="CooperationGraph"/>: a region, a partner, or a node of an imported network.</summary>
public sealed class GraphNode
{
    public GraphNode(string id, string label, string kind)
    {
        Id = id;
        Label = label;
        Kind = kind;
    }

    public string Id { get; }
    public string Label { get; }
    /// <summary><c>kota</c>, <c>kabupaten</c>, <c>provinsi</c>, <c>partner</c>, or an imported node's kind.</summary>
    public string Kind { get; }
    /// <summary>
    /// Attributes carried to exports, in key order. Values are <see cref="string"/>, <see cref="double"/>,
    /// <see cref="long"/> or <see cref="bool"/> (see <see cref="GraphAttributes"/>).
    /// </summary>
    public SortedDictionary<string, object> Attributes { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// An edge of a <see cref="CooperationGraph"/>. Parallel relations between the same two nodes (a border and
/// two agreements, say) are merged into one edge: <see cref="Relations"/> lists them, <see cref="Kinds"/> their
/// kinds. In an undirected graph <see cref="Source"/> is the endpoint that comes first in node order.
/// </summary>
public sealed class GraphEdge : IEdge<string>
{
    public GraphEdge(string source, string target)
    {
        Source = source;
        Target = target;
    }

    public string Source { get; }
    public string Target { get; }
    /// <summary>Distinct kinds of the merged relations, sorted: <c>border</c>, <c>shared_service</c>, <c>food_supply</c>, ...</summary>
    public SortedSet<string> Kinds { get; } = new(StringComparer.Ordinal);
    /// <summary>What the edge merges, in the order added: <c>border</c> or an agreement id.</summary>
    public List<string> Relations { get; } = [];
    /// <summary>Attributes carried to exports and available as weights (numeric ones), in key order.</summary>
    public SortedDictionary<string, object> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>The kinds joined with ';' (the Kind column of CSV exports).</summary>
    public string Kind => string.Join(';', Kinds);

    /// <summary>Value of a numeric attribute, or <paramref name="fallback"/> where the edge does not have it (NetworkX's default of 1).</summary>
    public double Numeric(string attribute, double fallback = 1.0) =>
        Attributes.TryGetValue(attribute, out var v) ? GraphAttributes.ToDouble(v) ?? fallback : fallback;
}

/// <summary>
/// The cooperation network as a simple graph (no parallel edges, no self-loops), directed or undirected, on
/// QuikGraph's <see cref="BidirectionalGraph{TVertex,TEdge}"/>. Nodes keep the order they were added in; every
/// algorithm reports results in that order, and <see cref="ToCsr"/> numbers nodes by it.
/// </summary>
public sealed class CooperationGraph
{
    private readonly List<GraphNode> _nodes = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<GraphEdge> _edges = [];
    private readonly Dictionary<(int, int), GraphEdge> _edgeByPair = [];

    public CooperationGraph(bool directed)
    {
        Directed = directed;
        Structure = new BidirectionalGraph<string, GraphEdge>(allowParallelEdges: false);
    }

    public bool Directed { get; }
    public IReadOnlyList<GraphNode> Nodes => _nodes;
    public IReadOnlyList<GraphEdge> Edges => _edges;
    /// <summary>Graph-level attributes (name, layer, weight, month, ...), exported where a format has them.</summary>
    public SortedDictionary<string, object> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>The QuikGraph structure: vertices are node ids. For undirected graphs each edge is stored once.</summary>
    public BidirectionalGraph<string, GraphEdge> Structure { get; }

    public int NodeCount => _nodes.Count;
    public int EdgeCount => _edges.Count;

    public int IndexOf(string id) => _index.TryGetValue(id, out var i) ? i : -1;
    public bool ContainsNode(string id) => _index.ContainsKey(id);
    public GraphNode Node(string id) => _nodes[_index[id]];

    public GraphNode AddNode(string id, string label, string kind)
    {
        if (_index.ContainsKey(id)) throw new ArgumentException($"node '{id}' already exists", nameof(id));
        var node = new GraphNode(id, label, kind);
        _index[id] = _nodes.Count;
        _nodes.Add(node);
        Structure.AddVertex(id);
        return node;
    }

    /// <summary>The edge between two nodes (either orientation when undirected), or null.</summary>
    public GraphEdge? FindEdge(string a, string b)
    {
        var (u, v) = (IndexOf(a), IndexOf(b));
        if (u < 0 || v < 0) return null;
        return _edgeByPair.GetValueOrDefault(Key(u, v));
    }

    /// <summary>
    /// The edge between <paramref name="from"/> and <paramref name="to"/>, created if missing. Self-loops are
    /// refused: none of the relations in a scenario is one, and several metrics (core number, clustering) are
    /// not defined on them the same way by every library.
    /// </summary>
    public GraphEdge GetOrAddEdge(string from, string to, out bool created)
    {
        var u = IndexOf(from);
        var v = IndexOf(to);
        if (u < 0) throw new ArgumentException($"unknown node '{from}'", nameof(from));
        if (v < 0) throw new ArgumentException($"unknown node '{to}'", nameof(to));
        if (u == v) throw new ArgumentException($"self-loop on '{from}' is not allowed", nameof(to));
        var key = Key(u, v);
        if (_edgeByPair.TryGetValue(key, out var existing))
        {
            created = false;
            return existing;
        }
        var edge = Directed || u < v ? new GraphEdge(from, to) : new GraphEdge(to, from);
        _edgeByPair[key] = edge;
        _edges.Add(edge);
        Structure.AddEdge(edge);
        created = true;
        return edge;
    }

    private (int, int) Key(int u, int v) => Directed || u < v ? (u, v) : (v, u);

    /// <summary>
    /// The array (CSR) form used by the algorithms. <paramref name="weight"/> names the numeric edge attribute to
    /// use as weight (missing values count 1, as in NetworkX); null gives every edge weight 1.
    /// </summary>
    public CsrGraph ToCsr(string? weight)
    {
        var n = _nodes.Count;
        var src = new int[_edges.Count];
        var dst = new int[_edges.Count];
        var w = new double[_edges.Count];
        for (var e = 0; e < _edges.Count; e++)
        {
            var edge = _edges[e];
            src[e] = _index[edge.Source];
            dst[e] = _index[edge.Target];
            w[e] = weight is null ? 1.0 : edge.Numeric(weight);
            if (double.IsNaN(w[e])) throw new GraphInputException($"edge {edge.Source}-{edge.Target}: weight '{weight}' is not a number");
        }
        return CsrGraph.FromEdges(n, Directed, src, dst, w, weight is not null);
    }

    /// <summary>Names of the edge attributes that are numeric on at least one edge (candidates for --weight).</summary>
    public IReadOnlyList<string> NumericEdgeAttributes() =>
        _edges.SelectMany(e => e.Attributes.Where(kv => GraphAttributes.ToDouble(kv.Value) is not null && kv.Value is not bool).Select(kv => kv.Key))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>A graph input (an imported file, a weight choice, a layer) that cannot be used; the message says why.</summary>
public sealed class GraphInputException(string message) : Exception(message);
