namespace KerjasamaGraph.Model.Graph.Import;

/// <summary>A node or edge as read from an external file, with where it was (for error messages).</summary>
public sealed record ImportedElement(string File, int Line, SortedDictionary<string, object> Attributes)
{
    public string Where => $"{File}:{Line}";
}

/// <summary>A network read from GraphML or CSV tables, before it is mapped to a scenario: nodes and edges with raw attributes.</summary>
public sealed class ImportedNetwork
{
    public required string File { get; init; }
    public required bool Directed { get; init; }
    public List<(string Id, ImportedElement Element)> Nodes { get; } = [];
    public List<(string Source, string Target, ImportedElement Element)> Edges { get; } = [];

    /// <summary>
    /// The network as a <see cref="CooperationGraph"/> for metrics and exports: node label from <c>label</c>
    /// (or <c>Label</c>, <c>name</c>), kind from <c>kind</c> (or <c>Kind</c>); parallel edges merge into one, summing
    /// numeric attributes; self-loops are refused.
    /// </summary>
    public CooperationGraph ToGraph()
    {
        var g = new CooperationGraph(Directed);
        g.Attributes["source_file"] = Path.GetFileName(File);
        foreach (var (id, e) in Nodes)
        {
            var label = Text(e.Attributes, "label", "Label", "name") ?? id;
            var kind = Text(e.Attributes, "kind", "Kind") ?? "node";
            var node = g.AddNode(id, label, kind);
            foreach (var (k, v) in e.Attributes)
                if (k is not ("label" or "Label" or "kind" or "Kind" or "Id" or "id")) node.Attributes[k] = v;
        }
        foreach (var (s, t, e) in Edges)
        {
            if (s == t) throw new GraphInputException($"{e.Where}: self-loop on '{s}' (not supported)");
            var edge = g.GetOrAddEdge(s, t, out var created);
            var kind = Text(e.Attributes, "kind", "Kind") ?? "edge";
            foreach (var k in kind.Split(';', StringSplitOptions.RemoveEmptyEntries)) edge.Kinds.Add(k);
            edge.Relations.Add(kind);
            foreach (var (k, v) in e.Attributes)
            {
                if (k is "kind" or "Kind" or "Source" or "Target" or "Type" or "id" or "Id") continue;
                if (!created && edge.Attributes.TryGetValue(k, out var old) && GraphAttributes.ToDouble(old) is { } a && GraphAttributes.ToDouble(v) is { } b && v is not string)
                    edge.Attributes[k] = a + b;
                else edge.Attributes[k] = v;
            }
        }
        return g;
    }

    internal static string? Text(IReadOnlyDictionary<string, object> attributes, params string[] keys)
    {
        foreach (var k in keys)
            if (attributes.TryGetValue(k, out var v) && v.ToString() is { Length: > 0 } s) return s;
        return null;
    }
}
