using System.Globalization;
using System.Text;

namespace KerjasamaGraph.Model.Graph.Export;

/// <summary>
/// GML (Himsolt 1997, "GML: A portable Graph File Format"), in the dialect NetworkX's <c>write_gml</c> writes and
/// <c>read_gml</c> reads: nodes numbered by <c>id</c> (0..n−1 in node order), <b><c>label</c> holding the node id</b>
/// (NetworkX names nodes by label, so it must be unique) and <c>name</c> the display name; strings quoted, in 7-bit
/// ASCII with no entity igraph does not know (see <see cref="Quote"/>); reals always with a
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

    /// <summary>
    /// A quoted GML string in 7-bit ASCII, readable without warnings by both NetworkX (whose <c>read_gml</c> refuses
    /// non-ASCII input) and igraph (which knows only the entities <c>&amp;quot;</c>, <c>&amp;amp;</c>, <c>&amp;apos;</c>,
    /// <c>&amp;lt;</c>, <c>&amp;gt;</c> and warns about any other). Accented letters lose their accents, typographic
    /// dashes, quotes and spaces become their ASCII forms, other symbols their usual ASCII spelling; a character with no
    /// ASCII form (Chinese or Korean names, say) is written as a numeric character reference, which NetworkX decodes
    /// and igraph 0.10 returns verbatim.
    /// </summary>
    internal static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '"') sb.Append("&quot;");
            else if (rune.Value == '&') sb.Append("&amp;");
            else if (rune.Value is >= 32 and <= 126) sb.Append((char)rune.Value);
            else if (Ascii(rune) is { } ascii) sb.Append(ascii);
            else sb.Append("&#").Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
        }
        return sb.Append('"').ToString();
    }

    /// <summary>The text a GML reader gets back for <paramref name="text"/> (ASCII spellings in place of other characters).</summary>
    public static string ReadBack(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= 32 and <= 126) sb.Append((char)rune.Value);
            else if (Ascii(rune) is { } ascii) sb.Append(ascii.Replace("&quot;", "\""));
            else sb.Append(rune.ToString());
        }
        return sb.ToString();
    }

    /// <summary>The ASCII spelling of a character, or null when it has none.</summary>
    internal static string? Ascii(Rune rune)
    {
        switch (rune.Value)
        {
            case '\t' or '\n' or '\r' or 0xA0 or 0x2002 or 0x2003 or 0x2009 or 0x202F: return " ";
            case 0x2010 or 0x2011 or 0x2012 or 0x2013 or 0x2212: return "-";
            case 0x2014 or 0x2015: return "--";
            case 0x2018 or 0x2019 or 0x201A or 0x2032: return "'";
            case 0x201C or 0x201D or 0x201E or 0x2033: return "&quot;";
            case 0x2026: return "...";
            case 0xB7 or 0x2022: return "*";
            case 0xD7: return "x";
            case 0xB1: return "+/-";
            case 0xB0: return " deg";
            case 0x2192: return "->";
            case 0x2190: return "<-";
            case 0x2248: return "~";
            case 0x2264: return "<=";
            case 0x2265: return ">=";
            case 0xDF: return "ss";
            case 0xD0: return "D";
            case 0xF0: return "d";
            case 0xDE: return "Th";
            case 0xFE: return "th";
            case 0x131: return "i";
            case 0x152: return "OE";
            case 0x153: return "oe";
            case 0xC6: return "AE";
            case 0xE6: return "ae";
            case 0xD8: return "O";
            case 0xF8: return "o";
            case 0x141: return "L";
            case 0x142: return "l";
            case 0x110: return "D";
            case 0x111: return "d";
        }
        // Latin letters with diacritics (é, ü, ñ, ş, ł handled above): their base letter.
        if (rune.Value is >= 0xC0 and < 0x180 && LatinBase[rune.Value - 0xC0] != '?') return LatinBase[rune.Value - 0xC0].ToString();
        return rune.Value switch
        {
            0xB2 or 0x2082 => "2", 0xB3 or 0x2083 => "3", 0xB9 or 0x2081 => "1", 0x2080 => "0",
            _ => null,
        };
    }

    /// <summary>
    /// Base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A), from their Unicode
    /// decompositions ('?': none). A table, because the program runs with invariant globalization (no normalisation).
    /// </summary>
    private const string LatinBase =
        "AAAAAA?CEEEEIIII?NOOOOO??UUUUY??aaaaaa?ceeeeiiii?nooooo??uuuuy?yAaAaAaCcCcCcCcDd??EeEeEeEeEeGgGgGgGgHh??IiIiIiIiI???JjKk?LlLlLlLl??NnNnNnn??OoOoOo??RrRrRrSsSsSsSsTtTt??UuUuUuUuUuUuWwYyYZzZzZzs";
}
