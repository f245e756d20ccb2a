using System.ComponentModel;
using System.Globalization;
using System.Text;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Dynamics;
using KerjasamaGraph.Model.Graph.Metrics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class MetricsSettings : GraphInputSettings
{
    [CommandOption("--at <YYYY-MM>")]
    [Description("The graph of the agreements active in this month (run folder: from the run; scenario: from its dates).")]
    public string? At { get; init; }

    [CommandOption("--over-time")]
    [Description("Metrics of every month's graph as one long table: month, node, metric, value.")]
    public bool OverTime { get; init; }

    [CommandOption("--weight <ATTR>")]
    [Description("none (default) or a numeric edge attribute (relations, border_km, amount, active_share, ...). Distances for betweenness, closeness and path lengths; strengths elsewhere.")]
    public string? Weight { get; init; }

    [CommandOption("--tolerance <TOL>")]
    [Description("Power-iteration tolerance for eigenvector and PageRank (NetworkX's default 1e-6).")]
    public double? Tolerance { get; init; }

    [CommandOption("--max-iter <N>")]
    [Description("Power-iteration limit (default 100, as NetworkX).")]
    public int? MaxIterations { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Seed of Louvain's node order (default 1).")]
    public ulong? Seed { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("csv (default) or json.")]
    public string Format { get; init; } = "csv";

    [CommandOption("--out <PATH>")]
    [Description("Write here (never overwritten). CSV: node table at PATH, graph table at PATH with .graph.csv.")]
    public string? Out { get; init; }
}

/// <summary>`kerjasama metrics`: centralities, clustering, cores, communities and graph statistics, matching NetworkX (docs/graph-metrics.md).</summary>
public sealed class MetricsCommand(IAnsiConsole console) : Command<MetricsSettings>
{
    public override int Execute(CommandContext context, MetricsSettings s, CancellationToken cancellationToken)
    {
        if (s.Format is not ("csv" or "json")) throw new InputException($"--format: '{s.Format}' is not csv or json");
        if (s.OverTime && s.At is not null) throw new InputException("--at and --over-time exclude each other");
        if (s.Tolerance is <= 0) throw new InputException($"--tolerance: {s.Tolerance} must be positive");
        if (s.MaxIterations is < 1) throw new InputException($"--max-iter: {s.MaxIterations} must be at least 1");
        var at = GraphInput.Month(s.At, "--at");
        var graphPath = s.Out is null ? null : (s.Out.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? s.Out[..^4] : s.Out) + ".graph.csv";
        GraphInput.RefuseExisting(s.Out, s.Format == "csv" && !s.OverTime ? graphPath : null);
        var input = GraphInput.Load(s);
        if (input.IsNetwork && (s.Layer ?? s.Type ?? s.SharedService) is not null) input.RequireScenario("--layer, --type and --shared-service");
        if (input.IsNetwork && (s.OverTime || at is not null)) input.RequireScenario("--at and --over-time");
        var options = GraphInput.Options(s);
        var metrics = new MetricsOptions
        {
            Weight = s.Weight is null or "none" ? null : s.Weight,
            Tolerance = s.Tolerance ?? 1e-6,
            MaxIterations = s.MaxIterations ?? 100,
            Seed = s.Seed ?? 1,
        };
        try
        {
            if (s.OverTime)
            {
                var months = OverTimeMetrics.Compute(input.Scenario!, options, input.Schedule(), metrics);
                Write(s.Out, s.Format == "csv"
                    ? stream => { using var w = Text(stream); MetricsWriter.WriteOverTimeCsv(months, w); }
                    : stream => MetricsWriter.WriteOverTimeJson(months, stream));
                return ExitCodes.Ok;
            }
            var graph = input.Graph(options, at);
            var result = NetworkMetrics.Compute(graph, metrics);
            foreach (var w in result.Warnings) Console.Error.WriteLine($"warning: {w}");
            if (s.Format == "json")
            {
                var settings = new Dictionary<string, string>
                {
                    ["file"] = s.File,
                    ["directed"] = graph.Directed ? "true" : "false",
                    ["weight"] = metrics.Weight ?? "none",
                    ["tolerance"] = metrics.Tolerance.ToString("R", CultureInfo.InvariantCulture),
                    ["seed"] = metrics.Seed.ToString(CultureInfo.InvariantCulture),
                };
                foreach (var (k, v) in graph.Attributes) settings["graph." + k] = Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
                Write(s.Out, stream => MetricsWriter.WriteJson(result, stream, settings));
                return ExitCodes.Ok;
            }
            Write(s.Out, stream => { using var w = Text(stream); MetricsWriter.WriteNodesCsv(result, w); });
            if (graphPath is not null)
            {
                Write(graphPath, stream => { using var w = Text(stream); MetricsWriter.WriteGraphCsv(result, w); });
            }
            else
            {
                Console.Error.WriteLine(string.Join(", ", result.GraphValues.Where(g => g.Value is not null)
                    .Select(g => $"{g.Name}={(double.IsFinite(g.Value!.Value) ? g.Value.Value.ToString("G6", CultureInfo.InvariantCulture) : "undefined")}")));
            }
            return ExitCodes.Ok;
        }
        catch (GraphInputException e)
        {
            throw new InputException($"{s.File}: {e.Message}");
        }
    }

    private static StreamWriter Text(Stream stream) => new(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };

    private void Write(string? path, Action<Stream> write) => OutputFile.WriteOrPrint(console, path, write);
}
