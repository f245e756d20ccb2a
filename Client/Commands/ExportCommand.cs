using System.ComponentModel;
using System.Text;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Dynamics;
using KerjasamaGraph.Model.Graph.Export;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class ExportSettings : GraphInputSettings
{
    [CommandOption("--format <FORMAT>")]
    [Description("graphml, gexf, gml, dot, json (node-link, edges under \"edges\") or csv (Gephi node and edge tables).")]
    public string Format { get; init; } = "";

    [CommandOption("--out <PATH>")]
    [Description("Write here (never overwritten); csv writes PATH.nodes.csv and PATH.edges.csv. Default: standard output (not for csv).")]
    public string? Out { get; init; }

    [CommandOption("--at <YYYY-MM>")]
    [Description("Export the graph of this month (run folder or scenario dates) instead of the whole network.")]
    public string? At { get; init; }

    [CommandOption("--dynamic")]
    [Description("GEXF of a scenario over its months (from its dates); a run folder's GEXF is always dynamic.")]
    public bool Dynamic { get; init; }

    [CommandOption("--gexf-version <VERSION>")]
    [Description("GEXF schema: 1.2draft (default; Gephi, NetworkX 2.x and 3.x, igraph) or 1.3 (Gephi 0.9+, NetworkX 3.x).")]
    [DefaultValue("1.2draft")]
    public string GexfVersion { get; init; } = "1.2draft";

    [CommandOption("--weight <ATTR>")]
    [Description("Edge attribute written as the weight (default: weight if edges have it, else relations).")]
    public string? Weight { get; init; }
}

/// <summary>`kerjasama export`: the cooperation network in formats NetworkX, igraph, Gephi, Cytoscape and pandas read (docs/graph-metrics.md).</summary>
public sealed class ExportCommand(IAnsiConsole console) : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings s, CancellationToken cancellationToken)
    {
        var format = s.Format switch
        {
            "graphml" => ExportFormat.GraphML,
            "gexf" => ExportFormat.Gexf,
            "gml" => ExportFormat.Gml,
            "dot" => ExportFormat.Dot,
            "json" => ExportFormat.Json,
            "csv" => ExportFormat.Csv,
            "" => throw new InputException("--format is required: graphml, gexf, gml, dot, json or csv"),
            _ => throw new InputException($"--format: '{s.Format}' is not graphml, gexf, gml, dot, json or csv"),
        };
        var gexfVersion = s.GexfVersion switch
        {
            "1.2draft" or "1.2" => Model.Graph.Export.GexfVersion.V1_2Draft,
            "1.3" => Model.Graph.Export.GexfVersion.V1_3,
            _ => throw new InputException($"--gexf-version: '{s.GexfVersion}' is not 1.2draft or 1.3"),
        };
        if (format != ExportFormat.Gexf && s.GexfVersion is not ("1.2draft")) throw new InputException("--gexf-version applies to --format gexf only");
        if (format == ExportFormat.Csv && s.Out is null) throw new InputException("--format csv writes two tables: give --out PATH (PATH.nodes.csv, PATH.edges.csv)");
        var at = GraphInput.Month(s.At, "--at");
        if (format == ExportFormat.Csv) GraphInput.RefuseExisting(CsvTablesWriter.Paths(s.Out!).Nodes, CsvTablesWriter.Paths(s.Out!).Edges);
        else GraphInput.RefuseExisting(s.Out);
        var input = GraphInput.Load(s);
        if (input.IsNetwork && (s.Layer ?? s.Type ?? s.SharedService ?? s.At) is not null) input.RequireScenario("--layer, --type, --shared-service and --at");
        if (input.IsNetwork && s.Dynamic) input.RequireScenario("--dynamic");
        var options = GraphInput.Options(s);
        var export = new ExportOptions { Weight = s.Weight, GexfVersion = gexfVersion };
        var utf8 = new UTF8Encoding(false);
        try
        {
            if (format == ExportFormat.Gexf && at is null && (input.Run is not null || s.Dynamic))
            {
                var timeline = GraphTimeline.Build(input.Scenario!, options, input.Schedule());
                OutputFile.WriteOrPrint(console, s.Out, stream => { using var w = new StreamWriter(stream, utf8, leaveOpen: true) { NewLine = "\n" }; GexfWriter.WriteDynamic(timeline, w, export); });
                return ExitCodes.Ok;
            }
            // A run folder without --at: every edge that is active in some month.
            var graph = input.Run is not null && at is null
                ? CooperationGraphBuilder.Build(input.Scenario!, options with { ActiveAgreements = input.Schedule().EverActive() })
                : input.Graph(options, at);
            if (format == ExportFormat.Csv)
            {
                var (nodes, edges) = CsvTablesWriter.Paths(s.Out!);
                OutputFile.WriteOrPrint(console, nodes, stream => { using var w = new StreamWriter(stream, utf8, leaveOpen: true); CsvTablesWriter.WriteNodes(graph, w); });
                OutputFile.WriteOrPrint(console, edges, stream => { using var w = new StreamWriter(stream, utf8, leaveOpen: true); CsvTablesWriter.WriteEdges(graph, w, export); });
                return ExitCodes.Ok;
            }
            OutputFile.WriteOrPrint(console, s.Out, stream =>
            {
                if (format == ExportFormat.Json)
                {
                    NodeLinkJsonWriter.Write(graph, stream);
                    return;
                }
                using var w = new StreamWriter(stream, utf8, leaveOpen: true) { NewLine = "\n" };
                switch (format)
                {
                    case ExportFormat.GraphML: GraphMLWriter.Write(graph, w); break;
                    case ExportFormat.Gexf: GexfWriter.Write(graph, w, export); break;
                    case ExportFormat.Gml: GmlWriter.Write(graph, w, export); break;
                    case ExportFormat.Dot: DotWriter.Write(graph, w, export); break;
                }
            });
            return ExitCodes.Ok;
        }
        catch (GraphInputException e)
        {
            throw new InputException($"{s.File}: {e.Message}");
        }
    }
}
