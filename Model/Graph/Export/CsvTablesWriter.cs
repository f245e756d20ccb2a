using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace KerjasamaGraph.Model.Graph.Export;

/// <summary>
/// A node table and an edge table with the column names of Gephi's spreadsheet import (Data Laboratory →
/// Import Spreadsheet): nodes <c>Id, Label, Kind, ...attributes</c>; edges
/// <c>Source, Target, Type (Directed|Undirected), Kind, Weight, ...attributes</c>. The same files load in Cytoscape
/// (File → Import → Network from File, Source/Target columns) and pandas (<c>pd.read_csv</c>, then
/// <c>nx.from_pandas_edgelist(df, "Source", "Target", edge_attr=True)</c>). RFC 4180 quoting, UTF-8, invariant numbers.
/// </summary>
public static class CsvTablesWriter
{
    public static void WriteNodes(CooperationGraph graph, TextWriter output)
    {
        using var csv = new CsvWriter(output, Config, leaveOpen: true);
        var columns = GraphAttributes.Columns(graph.Nodes.Select(n => (IReadOnlyDictionary<string, object>)n.Attributes));
        foreach (var h in new[] { "Id", "Label", "Kind" }.Concat(columns.Select(c => c.Name))) csv.WriteField(h);
        csv.NextRecord();
        foreach (var node in graph.Nodes)
        {
            csv.WriteField(node.Id);
            csv.WriteField(node.Label);
            csv.WriteField(node.Kind);
            foreach (var (name, type) in columns)
                csv.WriteField(node.Attributes.TryGetValue(name, out var v) ? GraphAttributes.Format(v, type) : "");
            csv.NextRecord();
        }
    }

    public static void WriteEdges(CooperationGraph graph, TextWriter output, ExportOptions? options = null)
    {
        options ??= new ExportOptions();
        using var csv = new CsvWriter(output, Config, leaveOpen: true);
        var columns = GraphAttributes.Columns(graph.Edges.Select(e => (IReadOnlyDictionary<string, object>)e.Attributes));
        foreach (var h in new[] { "Source", "Target", "Type", "Kind", "Weight" }.Concat(columns.Select(c => c.Name))) csv.WriteField(h);
        csv.NextRecord();
        var type = graph.Directed ? "Directed" : "Undirected";
        foreach (var edge in graph.Edges)
        {
            csv.WriteField(edge.Source);
            csv.WriteField(edge.Target);
            csv.WriteField(type);
            csv.WriteField(edge.Kind);
            csv.WriteField(GraphAttributes.FormatDouble(options.WeightOf(graph, edge)));
            foreach (var (name, t) in columns)
                csv.WriteField(edge.Attributes.TryGetValue(name, out var v) ? GraphAttributes.Format(v, t) : "");
            csv.NextRecord();
        }
    }

    /// <summary>File names for --out PATH: PATH.nodes.csv and PATH.edges.csv (a trailing .csv on PATH is dropped).</summary>
    public static (string Nodes, string Edges) Paths(string path)
    {
        var stem = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;
        return (stem + ".nodes.csv", stem + ".edges.csv");
    }

    internal static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture) { NewLine = "\n" };
}
