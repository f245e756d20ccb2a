using System.Globalization;
using System.Text.Json;
using CsvHelper;
using KerjasamaGraph.Model.Graph.Export;

namespace KerjasamaGraph.Model.Graph.Metrics;

/// <summary>
/// Writes metrics. CSV: one row per node (<c>node, label, kind</c>, then one column per metric) and, separately,
/// the graph table (<c>metric, value</c>). JSON: <c>{"graph": {...}, "nodes": [{"id", "label", "kind", metrics...}], "warnings": [...]}</c>.
/// Over time: one long table <c>month, node, metric, value</c>, graph-level metrics with an empty node.
/// Numbers use round-trip formatting; undefined values are empty in CSV and null in JSON.
/// </summary>
public static class MetricsWriter
{
    public static void WriteNodesCsv(MetricsResult result, TextWriter output)
    {
        using var csv = new CsvWriter(output, CsvTablesWriter.Config, leaveOpen: true);
        foreach (var h in new[] { "node", "label", "kind" }.Concat(result.NodeColumns.Select(c => c.Name))) csv.WriteField(h);
        csv.NextRecord();
        for (var v = 0; v < result.Nodes.Count; v++)
        {
            csv.WriteField(result.Nodes[v].Id);
            csv.WriteField(result.Nodes[v].Label);
            csv.WriteField(result.Nodes[v].Kind);
            foreach (var (_, values) in result.NodeColumns) csv.WriteField(Number(values[v]));
            csv.NextRecord();
        }
    }

    public static void WriteGraphCsv(MetricsResult result, TextWriter output)
    {
        using var csv = new CsvWriter(output, CsvTablesWriter.Config, leaveOpen: true);
        csv.WriteField("metric");
        csv.WriteField("value");
        csv.NextRecord();
        foreach (var (name, value) in result.GraphValues)
        {
            csv.WriteField(name);
            csv.WriteField(value is { } x ? Number(x) : "");
            csv.NextRecord();
        }
    }

    public static void WriteJson(MetricsResult result, Stream output, IReadOnlyDictionary<string, string>? settings = null)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        if (settings is not null)
        {
            json.WriteStartObject("settings");
            foreach (var (k, v) in settings) json.WriteString(k, v);
            json.WriteEndObject();
        }
        WriteGraph(json, result);
        WriteNodes(json, result);
        json.WriteStartArray("warnings");
        foreach (var w in result.Warnings) json.WriteStringValue(w);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteGraph(Utf8JsonWriter json, MetricsResult result)
    {
        json.WriteStartObject("graph");
        foreach (var (name, value) in result.GraphValues) Value(json, name, value);
        json.WriteEndObject();
    }

    private static void WriteNodes(Utf8JsonWriter json, MetricsResult result)
    {
        json.WriteStartArray("nodes");
        for (var v = 0; v < result.Nodes.Count; v++)
        {
            json.WriteStartObject();
            json.WriteString("id", result.Nodes[v].Id);
            json.WriteString("label", result.Nodes[v].Label);
            json.WriteString("kind", result.Nodes[v].Kind);
            foreach (var (name, values) in result.NodeColumns) Value(json, name, values[v]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>The long table of <c>--over-time</c>: month, node, metric, value.</summary>
    public static void WriteOverTimeCsv(IEnumerable<(string Month, MetricsResult Result)> months, TextWriter output)
    {
        using var csv = new CsvWriter(output, CsvTablesWriter.Config, leaveOpen: true);
        foreach (var h in new[] { "month", "node", "metric", "value" }) csv.WriteField(h);
        csv.NextRecord();
        foreach (var (month, result) in months)
        {
            foreach (var (name, value) in result.GraphValues)
            {
                csv.WriteField(month);
                csv.WriteField("");
                csv.WriteField(name);
                csv.WriteField(value is { } x ? Number(x) : "");
                csv.NextRecord();
            }
            for (var v = 0; v < result.Nodes.Count; v++)
            {
                foreach (var (name, values) in result.NodeColumns)
                {
                    csv.WriteField(month);
                    csv.WriteField(result.Nodes[v].Id);
                    csv.WriteField(name);
                    csv.WriteField(Number(values[v]));
                    csv.NextRecord();
                }
            }
        }
    }

    /// <summary>Over time as JSON: <c>{"months": [{"month", "graph": {...}, "nodes": [...]}]}</c>.</summary>
    public static void WriteOverTimeJson(IEnumerable<(string Month, MetricsResult Result)> months, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("months");
        foreach (var (month, result) in months)
        {
            json.WriteStartObject();
            json.WriteString("month", month);
            WriteGraph(json, result);
            WriteNodes(json, result);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Number(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    private static void Value(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } x && double.IsFinite(x)) json.WriteNumber(name, x);
        else json.WriteNull(name);
    }
}
