using System.Text.Json;

namespace KerjasamaGraph.Model.Graph.Export;

/// <summary>
/// Node-link JSON, the layout of <c>networkx.node_link_data</c> (and of d3-force):
/// <c>{"directed", "multigraph": false, "graph": {...}, "nodes": [{"id", "label", "kind", ...}], "edges": [{"source", "target", "kind", ...}]}</c>.
/// <para>
/// The edges are under the key <b><c>edges</c></b>, NetworkX's default since 3.4. Load with
/// <c>nx.node_link_graph(data, edges="edges")</c>; NetworkX older than 3.4 looks for "links" by default, so pass
/// <c>link="edges"</c> there; d3 users rename it to links.
/// </para>
/// Numbers are JSON numbers (NaN and infinities, which JSON cannot hold, become null); booleans are JSON booleans.
/// </summary>
public static class NodeLinkJsonWriter
{
    public const string EdgesKey = "edges";

    public static void Write(CooperationGraph graph, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteBoolean("directed", graph.Directed);
        json.WriteBoolean("multigraph", false);
        json.WriteStartObject("graph");
        foreach (var (k, v) in graph.Attributes) WriteValue(json, k, v);
        json.WriteEndObject();
        json.WriteStartArray("nodes");
        foreach (var node in graph.Nodes)
        {
            json.WriteStartObject();
            json.WriteString("id", node.Id);
            foreach (var (k, v) in GraphMLWriter.NodeData(node)) WriteValue(json, k, v);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray(EdgesKey);
        foreach (var edge in graph.Edges)
        {
            json.WriteStartObject();
            json.WriteString("source", edge.Source);
            json.WriteString("target", edge.Target);
            foreach (var (k, v) in GraphMLWriter.EdgeData(edge)) WriteValue(json, k, v);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static void WriteValue(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case double d when double.IsFinite(d): json.WriteNumber(name, d); break;
            case double: json.WriteNull(name); break;
            case long l: json.WriteNumber(name, l); break;
            case int i: json.WriteNumber(name, i); break;
            case bool b: json.WriteBoolean(name, b); break;
            default: json.WriteString(name, value.ToString()); break;
        }
    }
}
