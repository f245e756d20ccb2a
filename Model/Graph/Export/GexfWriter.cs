using System.Globalization;
using System.Xml;
using KerjasamaGraph.Model.Graph.Dynamics;

namespace KerjasamaGraph.Model.Graph.Export;

/// <summary>
/// GEXF (https://gexf.net), Gephi's native format: 1.2draft by default, 1.3 with <see cref="ExportOptions.GexfVersion"/>.
/// The two differ here only in namespace, schema location, <c>version</c> and 1.3's <c>timerepresentation</c>.
/// <para>
/// Static (<see cref="Write"/>): one graph, typed attribute columns for nodes and edges, the export weight as the
/// edge <c>weight</c>.
/// </para>
/// <para>
/// Dynamic (<see cref="WriteDynamic"/>): <c>mode="dynamic"</c>, <c>timerepresentation="interval"</c>,
/// <c>timeformat="double"</c>, time in months since the run's first month. Month t is the half-open interval
/// [t, t+1). GEXF intervals are closed and Gephi refuses overlapping ones (two months' values touching at t+1 would
/// overlap), and NetworkX's <c>read_gexf</c> needs <c>start</c> and <c>end</c> (it cannot read <c>endopen</c>); so
/// [t, t+1) is written as the closed interval [t, t+1⁻], with t+1⁻ the largest double below t+1 — exactly the
/// doubles of [t, t+1). Consecutive months with the same value, and consecutive months an edge exists in, are
/// merged into one interval. Edges carry <c>&lt;spells&gt;</c> (when each agreement link is active, so Gephi's
/// timeline animates the network); nodes carry dynamic attributes: the run's per-region values (benefit,
/// capacity, price index, ...) and the centralities of each month's graph.
/// </para>
/// Reads back with <c>networkx.read_gexf</c> (1.2draft with NetworkX 2.x and 3.x; 1.3 with NetworkX ≥ 3.0), igraph's
/// GEXF-reading tools and Gephi 0.9+.
/// </summary>
public static class GexfWriter
{
    private static (string Ns, string Schema, string Version) Schema(GexfVersion version) => version == GexfVersion.V1_3
        ? ("http://gexf.net/1.3", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", "1.3")
        : ("http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd", "1.2");

    public static void Write(CooperationGraph graph, TextWriter output, ExportOptions? options = null) =>
        WriteCore(graph, output, options ?? new ExportOptions(), null);

    public static void WriteDynamic(GraphTimeline timeline, TextWriter output, ExportOptions? options = null) =>
        WriteCore(timeline.Union, output, options ?? new ExportOptions(), timeline);

    /// <summary>The closed-interval end of month t: the largest double below t + 1.</summary>
    public static double MonthEnd(int t) => Math.BitDecrement(t + 1.0);

    private static void WriteCore(CooperationGraph graph, TextWriter output, ExportOptions options, GraphTimeline? timeline)
    {
        var (ns, schema, version) = Schema(options.GexfVersion);
        using var xml = XmlWriter.Create(output, GraphMLWriter.Settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("gexf", ns);
        xml.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        xml.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance", schema);
        xml.WriteAttributeString("version", version);

        xml.WriteStartElement("meta", ns);
        xml.WriteElementString("creator", ns, "KerjasamaGraph");
        var description = string.Join("; ", graph.Attributes.Select(kv => $"{kv.Key}={GraphAttributes.Format(kv.Value, GraphAttributes.TypeOf(kv.Value))}"));
        if (timeline is not null)
            description += $"; time t = months since {(timeline.Months.Count > 0 ? timeline.Months[0].ToString() : "-")}, month t is [t, t+1)";
        xml.WriteElementString("description", ns, description);
        xml.WriteEndElement();

        xml.WriteStartElement("graph", ns);
        xml.WriteAttributeString("defaultedgetype", graph.Directed ? "directed" : "undirected");
        if (timeline is null)
        {
            xml.WriteAttributeString("mode", "static");
        }
        else
        {
            xml.WriteAttributeString("mode", "dynamic");
            xml.WriteAttributeString("timeformat", "double");
            if (options.GexfVersion == GexfVersion.V1_3) xml.WriteAttributeString("timerepresentation", "interval");
            xml.WriteAttributeString("start", Time(0));
            xml.WriteAttributeString("end", Time(MonthEnd(Math.Max(0, timeline.Months.Count - 1))));
        }

        // A value that changes over time (capacity, say) replaces the static attribute of the same name.
        var dynamicNames = new HashSet<string>(timeline?.NodeSeries.Select(s => s.Name) ?? [], StringComparer.Ordinal);
        SortedDictionary<string, object> StaticData(GraphNode n)
        {
            var data = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["kind"] = n.Kind };
            foreach (var (k, v) in n.Attributes) if (!dynamicNames.Contains(k)) data[k] = v;
            return data;
        }
        var nodeColumns = GraphAttributes.Columns(graph.Nodes.Select(n => (IReadOnlyDictionary<string, object>)StaticData(n)));
        var edgeColumns = GraphAttributes.Columns(graph.Edges.Select(GraphMLWriter.EdgeData));
        var nodeIds = Declare(xml, ns, "node", "static", "n", nodeColumns, 0);
        var dynamicIds = new Dictionary<string, string>(StringComparer.Ordinal);
        if (timeline is not null)
        {
            var dynamicColumns = timeline.NodeSeries.Select(s => (s.Name, AttributeType.Double)).ToList();
            dynamicIds = Declare(xml, ns, "node", "dynamic", "n", dynamicColumns, nodeColumns.Count);
        }
        var edgeIds = Declare(xml, ns, "edge", "static", "e", edgeColumns, 0);

        xml.WriteStartElement("nodes", ns);
        for (var v = 0; v < graph.NodeCount; v++)
        {
            var node = graph.Nodes[v];
            xml.WriteStartElement("node", ns);
            xml.WriteAttributeString("id", node.Id);
            xml.WriteAttributeString("label", node.Label);
            xml.WriteStartElement("attvalues", ns);
            foreach (var (name, value) in StaticData(node)) AttValue(xml, ns, nodeIds[name], GraphAttributes.Format(value, nodeColumns.First(c => c.Name == name).Type));
            if (timeline is not null)
            {
                foreach (var (name, series) in timeline.NodeSeries)
                {
                    foreach (var (start, end, value) in Runs(series[v]))
                        AttValue(xml, ns, dynamicIds[name], GraphAttributes.FormatDouble(value), Time(start), Time(MonthEnd(end)));
                }
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("edges", ns);
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            var edge = graph.Edges[e];
            xml.WriteStartElement("edge", ns);
            xml.WriteAttributeString("id", e.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("source", edge.Source);
            xml.WriteAttributeString("target", edge.Target);
            xml.WriteAttributeString("weight", GraphAttributes.FormatDouble(options.WeightOf(graph, edge)));
            xml.WriteStartElement("attvalues", ns);
            foreach (var (name, value) in GraphMLWriter.EdgeData(edge))
                AttValue(xml, ns, edgeIds[name], GraphAttributes.Format(value, edgeColumns.First(c => c.Name == name).Type));
            xml.WriteEndElement();
            if (timeline is not null)
            {
                xml.WriteStartElement("spells", ns);
                foreach (var (start, end) in ActiveRuns(timeline.EdgeActive[e]))
                {
                    xml.WriteStartElement("spell", ns);
                    xml.WriteAttributeString("start", Time(start));
                    xml.WriteAttributeString("end", Time(MonthEnd(end)));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement(); // graph
        xml.WriteEndElement(); // gexf
        xml.WriteEndDocument();
    }

    private static Dictionary<string, string> Declare(XmlWriter xml, string ns, string cls, string mode, string prefix, List<(string Name, AttributeType Type)> columns, int first)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (columns.Count == 0) return ids;
        xml.WriteStartElement("attributes", ns);
        xml.WriteAttributeString("class", cls);
        xml.WriteAttributeString("mode", mode);
        var next = first;
        foreach (var (name, type) in columns)
        {
            var id = prefix + next++.ToString(CultureInfo.InvariantCulture);
            ids[name] = id;
            xml.WriteStartElement("attribute", ns);
            xml.WriteAttributeString("id", id);
            xml.WriteAttributeString("title", name);
            xml.WriteAttributeString("type", GraphAttributes.TypeName(type));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        return ids;
    }

    private static void AttValue(XmlWriter xml, string ns, string id, string value, string? start = null, string? end = null)
    {
        xml.WriteStartElement("attvalue", ns);
        xml.WriteAttributeString("for", id);
        xml.WriteAttributeString("value", value);
        if (start is not null) xml.WriteAttributeString("start", start);
        if (end is not null) xml.WriteAttributeString("end", end);
        xml.WriteEndElement();
    }

    private static string Time(double t) => GraphAttributes.FormatDouble(t);

    /// <summary>Runs of consecutive months with the same (non-NaN) value: (first month, last month, value).</summary>
    internal static IEnumerable<(int Start, int End, double Value)> Runs(double[] values)
    {
        var t = 0;
        while (t < values.Length)
        {
            if (double.IsNaN(values[t])) { t++; continue; }
            var start = t;
            while (t + 1 < values.Length && values[t + 1].Equals(values[start])) t++;
            yield return (start, t, values[start]);
            t++;
        }
    }

    internal static IEnumerable<(int Start, int End)> ActiveRuns(bool[] active)
    {
        var t = 0;
        while (t < active.Length)
        {
            if (!active[t]) { t++; continue; }
            var start = t;
            while (t + 1 < active.Length && active[t + 1]) t++;
            yield return (start, t);
            t++;
        }
    }
}
