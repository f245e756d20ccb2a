using System.Globalization;
using System.Text;

namespace KerjasamaGraph.Model.Graph.Export;

/// <summary>
/// GML (Himsolt 1997, "GML: A portable Graph File Format"), in the dialect NetworkX's <c>write_gml</c> writes and
/// <c>read_gml</c> reads: nodes numbered by <c>id</c> (0..n−1 in node order), <b><c>label</c> holding the node id</b>
/// (NetworkX names nodes by label, so it must be unique) and <c>name</c> the display name; strings quoted with
/// non-ASCII characters and quotes as HTML character references (NetworkX unescapes them); reals always with a
/// decimal point so they read back as floats; booleans as 1/0 (GML has no boolean).
/// Gephi, Cytoscape and igraph (<c>Graph.Read_GML</c>) read it too; Gephi shows <c>label</c>, so nodes appear under their ids.
/// </summary>
public static class GmlWriter
{
    public static void Write(CooperationGraph graph, TextWriter output, ExportOptions? options = null)
    {
        options ??= new ExportOptions();
        output.Write("graph [\n");
        output.Write($"  directed {(graph.Directed ? 1 : 0)}\n");
        foreach (var (k, v) in graph.Attributes) Pair(output, "  ", k, v);
        for (var i = 0; i < graph.NodeCount; i++)
        {
            var node = graph.Nodes[i];
            output.Write("  node [\n");
            output.Write($"    id {i}\n");
            Pair(output, "    ", "label", node.Id);
            Pair(output, "    ", "name", node.Label);
            Pair(output, "    ", "kind", node.Kind);
            foreach (var (k, v) in node.Attributes)
            {
                if (k is "id" or "label" or "name" or "kind") continue;
                Pair(output, "    ", k, v);
            }
            output.Write("  ]\n");
        }
        foreach (var edge in graph.Edges)
        {
            output.Write("  edge [\n");
            output.Write($"    source {graph.IndexOf(edge.Source)}\n");
            output.Write($"    target {graph.IndexOf(edge.Target)}\n");
            Pair(output, "    ", "kind", edge.Kind);
            foreach (var (k, v) in edge.Attributes)
            {
                if (k is "source" or "target" or "kind") continue;
                Pair(output, "    ", k, v);
            }
            output.Write("  ]\n");
        }
        output.Write("]\n");
    }

    private static void Pair(TextWriter output, string indent, string key, object value)
    {
        output.Write(indent);
        output.Write(Key(key));
        output.Write(' ');
        output.Write(value switch
        {
            double d => Real(d),
            long or int => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            bool b => b ? "1" : "0",
            _ => Quote(value.ToString() ?? ""),
        });
        output.Write('\n');
    }

    /// <summary>GML keys are [A-Za-z][A-Za-z0-9_]*; other characters become '_' (a leading digit gets a leading '_').</summary>
    internal static string Key(string key)
    {
        var sb = new StringBuilder(key.Length + 1);
        foreach (var c in key) sb.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' ? c : '_');
        if (sb.Length == 0 || !char.IsAsciiLetter(sb[0])) sb.Insert(0, 'k');
        return sb.ToString();
    }

    internal static string Real(double d)
    {
        if (double.IsNaN(d)) return "NAN";
        if (double.IsPositiveInfinity(d)) return "+INF";
        if (double.IsNegativeInfinity(d)) return "-INF";
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? s : s[..e];
        if (!mantissa.Contains('.')) s = mantissa + ".0" + (e < 0 ? "" : s[e..]);
        return s;
    }

    internal static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '"') sb.Append("&quot;");
            else if (rune.Value == '&') sb.Append("&amp;");
            else if (rune.Value < 32 || rune.Value > 126) sb.Append("&#").Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
            else sb.Append((char)rune.Value);
        }
        return sb.Append('"').ToString();
    }
}
