using System.ComponentModel;
using System.Text;
using KerjasamaGraph.Client.Presentation;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Import;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class ImportSettings : CommandSettings
{
    [CommandArgument(0, "<GRAPHFILE>")]
    [Description("GraphML file, or the edge table (or stem of STEM.nodes.csv/STEM.edges.csv) of CSV tables.")]
    public string File { get; init; } = "";

    [CommandOption("--format <FORMAT>")]
    [Description("graphml or csv (default: from the file name).")]
    public string? Format { get; init; }

    [CommandOption("--nodes <FILE>")]
    [Description("CSV node table, when it is not STEM.nodes.csv beside the edge table.")]
    public string? Nodes { get; init; }

    [CommandOption("--map <KEY=VALUE>")]
    [Description("Attribute mapping, repeatable or comma-separated: node.FIELD=ATTR, edge.FIELD=ATTR, kind.VALUE=RELATION, default=RELATION, service=ID, start=YYYY-MM, months=N, name=TEXT (docs/graph-metrics.md).")]
    public string[] Map { get; init; } = [];

    [CommandOption("--out <FILE>")]
    [Description("Scenario file to write (never overwritten); default standard output.")]
    public string? Out { get; init; }
}

/// <summary>`kerjasama import`: an external network (GraphML or CSV tables) as a scenario file.</summary>
public sealed class ImportCommand(IAnsiConsole console) : Command<ImportSettings>
{
    public override int Execute(CommandContext context, ImportSettings s, CancellationToken cancellationToken)
    {
        var format = s.Format ?? (s.File.EndsWith(".graphml", StringComparison.OrdinalIgnoreCase) || s.File.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? "graphml" : "csv");
        if (format is not ("graphml" or "csv")) throw new InputException($"--format: '{format}' is not graphml or csv");
        try
        {
            var map = ImportMapping.Parse(s.Map);
            var network = format == "graphml" ? GraphMLReader.Read(s.File) : CsvNetworkReader.Read(s.File, s.Nodes);
            var scenario = ScenarioImporter.Import(network, map);
            var yaml = ScenarioYamlWriter.ToYaml(scenario);
            // The output must load: report anything the scenario checks refuse, against the written text.
            var check = ScenarioLoader.LoadText(yaml, s.Out ?? "<import>");
            if (check.Errors.Count > 0) throw new InputException(check.Errors.Select(e => e.ToString()).ToArray());
            OutputFile.WriteOrPrint(console, s.Out, stream =>
            {
                using var w = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                w.Write(yaml);
            }, announce: false);
            if (s.Out is not null)
            {
                console.Write(new Markup("[green]Wrote[/] "));
                console.WriteLine($"{s.Out}: {PlainText.ScenarioCounts(scenario)}");
            }
            return ExitCodes.Ok;
        }
        catch (GraphInputException e)
        {
            throw new InputException(e.Message);
        }
    }
}
