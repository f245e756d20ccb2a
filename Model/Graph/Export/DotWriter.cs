using System.Globalization;
using System.Text;

namespace KerjasamaGraph.Model.Graph.Export;

/// <summary>
/// Graphviz DOT (https://graphviz.org/doc/info/lang.html): <c>graph</c> or <c>digraph</c>, every id and value a
/// quoted string (backslash-escaped), node attributes <c>label</c>, <c>kind</c> and the rest, edge attributes
/// <c>kind</c>, <c>weight</c> (the export weight) and the rest. Renders with <c>dot</c>/<c>neato</c>/<c>sfdp</c>; reads
/// into NetworkX with <c>nx.nx_agraph.read_dot</c> or <c>nx.nx_pydot.read_dot</c>, and into Gephi.
/// Graphviz's own attributes (label, weight) keep their meaning: weight pulls endpoints together in dot layouts.
/// </summary>
public static class DotWriter
{
    public static void Write(CooperationGraph graph, TextWriter output, ExportOptions? options = null)
    {
        options ??= new ExportOptions();
        var edgeOp = graph.Directed ? "->" : "--";
        output.Write(graph.Directed ? "digraph " : "graph ");
        output.Write(Quote(graph.Attributes.TryGetValue("name", out var name) ? name.ToString() ?? "G" : "G"));
        output.Write(" {\n");
        foreach (var (k, v) in graph.Attributes)
        {
            if (k == "name") continue;
            output.Write($"  {Quote(k)}={Quote(Text(v))};\n");
        }
        foreach (var node in graph.Nodes)
        {
            output.Write("  ");
            output.Write(Quote(node.Id));
            Attributes(output, GraphMLWriter.NodeData(node));
            output.Write(";\n");
        }
        var weightAttribute = options.WeightAttribute(graph);
        foreach (var edge in graph.Edges)
        {
            output.Write($"  {Quote(edge.Source)} {edgeOp} {Quote(edge.Target)}");
            var data = new SortedDictionary<string, object>(GraphMLWriter.EdgeData(edge).ToDictionary(), StringComparer.Ordinal)
            {
                ["weight"] = edge.Numeric(weightAttribute, 1.0),
            };
            Attributes(output, data);
            output.Write(";\n");
        }
        output.Write("}\n");
    }

    private static void Attributes(TextWriter output, IReadOnlyDictionary<string, object> data)
    {
        if (data.Count == 0) return;
        output.Write(" [");
        output.Write(string.Join(", ", data.Select(kv => $"{Quote(kv.Key)}={Quote(Text(kv.Value))}")));
        output.Write(']');
    }

    private static string Text(object v) => v switch
    {
        double d => GraphAttributes.FormatDouble(d),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            if (c is '"' or '\\') sb.Append('\\');
            if (c == '\n') { sb.Append("\\n"); continue; }
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
