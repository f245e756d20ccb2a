using System.Text;
using System.Xml;

namespace KerjasamaGraph.Model.Graph.Export;

/// <summary>
/// GraphML (http://graphml.graphdrawing.org/specification.html). Every attribute gets a typed
/// <c>&lt;key&gt;</c> (string, double, long, boolean) with its own id — d0, d1, ... — separately for graph, node and edge
/// attributes, even when names coincide: NetworkX's <c>read_graphml</c> refuses one key id declared with two types.
/// Node data: <c>label</c>, <c>kind</c> and the node's attributes; edge data: <c>kind</c> and the edge's attributes.
/// Opens in NetworkX (<c>read_graphml</c>), igraph (<c>Graph.Read_GraphML</c>), Gephi and Cytoscape.
/// </summary>
public static class GraphMLWriter
{
    public static void Write(CooperationGraph graph, TextWriter output)
    {
        using var xml = XmlWriter.Create(output, Settings);
        const string ns = "http://graphml.graphdrawing.org/xmlns";
        xml.WriteStartDocument();
        xml.WriteStartElement("graphml", ns);
        xml.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        xml.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd");

        var graphKeys = Keys(xml, "graph", [graph.Attributes], 0);
        var nodeKeys = Keys(xml, "node", graph.Nodes.Select(NodeData), graphKeys.Count);
        var edgeKeys = Keys(xml, "edge", graph.Edges.Select(EdgeData), graphKeys.Count + nodeKeys.Count);

        xml.WriteStartElement("graph", ns);
        xml.WriteAttributeString("id", "G");
        xml.WriteAttributeString("edgedefault", graph.Directed ? "directed" : "undirected");
        Data(xml, graphKeys, graph.Attributes);
        foreach (var node in graph.Nodes)
        {
            xml.WriteStartElement("node", ns);
            xml.WriteAttributeString("id", node.Id);
            Data(xml, nodeKeys, NodeData(node));
            xml.WriteEndElement();
        }
        foreach (var edge in graph.Edges)
        {
            xml.WriteStartElement("edge", ns);
            xml.WriteAttributeString("source", edge.Source);
            xml.WriteAttributeString("target", edge.Target);
            Data(xml, edgeKeys, EdgeData(edge));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    internal static readonly XmlWriterSettings Settings = new()
    {
        Indent = true,
        IndentChars = "  ",
        Encoding = new UTF8Encoding(false),
        NewLineChars = "\n",
        CloseOutput = false,
    };

    internal static IReadOnlyDictionary<string, object> NodeData(GraphNode node)
    {
        var data = new SortedDictionary<string, object>(node.Attributes, StringComparer.Ordinal) { ["label"] = node.Label, ["kind"] = node.Kind };
        return data;
    }

    internal static IReadOnlyDictionary<string, object> EdgeData(GraphEdge edge) =>
        new SortedDictionary<string, object>(edge.Attributes, StringComparer.Ordinal) { ["kind"] = edge.Kind };

    private static Dictionary<string, (string Id, AttributeType Type)> Keys(XmlWriter xml, string domain, IEnumerable<IReadOnlyDictionary<string, object>> rows, int firstId)
    {
        var keys = new Dictionary<string, (string, AttributeType)>(StringComparer.Ordinal);
        var next = firstId;
        foreach (var (name, type) in GraphAttributes.Columns(rows))
        {
            var id = $"d{next++}";
            keys[name] = (id, type);
            xml.WriteStartElement("key", "http://graphml.graphdrawing.org/xmlns");
            xml.WriteAttributeString("id", id);
            xml.WriteAttributeString("for", domain);
            xml.WriteAttributeString("attr.name", name);
            xml.WriteAttributeString("attr.type", GraphAttributes.TypeName(type));
            xml.WriteEndElement();
        }
        return keys;
    }

    private static void Data(XmlWriter xml, Dictionary<string, (string Id, AttributeType Type)> keys, IReadOnlyDictionary<string, object> values)
    {
        foreach (var (name, value) in values)
        {
            var (id, type) = keys[name];
            xml.WriteStartElement("data", "http://graphml.graphdrawing.org/xmlns");
            xml.WriteAttributeString("key", id);
            xml.WriteString(GraphAttributes.Format(value, type));
            xml.WriteEndElement();
        }
    }
}
