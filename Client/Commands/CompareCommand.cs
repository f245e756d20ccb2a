using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using KerjasamaGraph.Client.Hosting;
using KerjasamaGraph.Client.Presentation;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class CompareSettings : SimulationSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Scenario file (YAML).")]
    public override string File { get; init; } = "";

    [CommandOption("--variants <LIST>")]
    [Description("Comma-separated variant names, or all (default).")]
    [DefaultValue("all")]
    public string Variants { get; init; } = "all";

    [CommandOption("--by <INDICATOR>")]
    [Description("Indicator that ranks the variants: benefit_total (default), benefit_per_capita, direct_benefit, spillover, non_signatory_share, gini_per_capita_benefit, agreements_active, mtm_inflation, yoy_inflation (with food markets).")]
    [DefaultValue("benefit_total")]
    public string By { get; init; } = "benefit_total";

    [CommandOption("--out <DIR>")]
    [Description("Comparison folder to create (must not exist). Default: runs/NAME-compare-YYYYMMDD-HHMMSS.")]
    public string? Out { get; init; }
}

/// <summary>
/// `kerjasama compare`: the baseline and each variant with common random numbers (lane k of every run uses the same
/// random streams), paired differences with 95% intervals per indicator and month, per region and month, and for the
/// whole run; a table ranks the variants.
/// </summary>
public sealed class CompareCommand(IAnsiConsole console) : AsyncCommand<CompareSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CompareSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var token = cancel.Token;
        EmbeddedTelemetry.From(settings); // bad metrics options are input errors before anything is read or written
        var by = Array.IndexOf(LaneIndicators.Names, settings.By);
        if (by < 0) throw new InputException($"--by: unknown indicator '{settings.By}' (one of {string.Join(", ", LaneIndicators.Names)})");

        var (baseline, hash) = ScenarioInput.Load(settings.File, null);
        baseline = ScenarioInput.WithRunOverrides(baseline, settings.Months, settings.Seed, settings.Replications);
        var names = settings.Variants == "all"
            ? baseline.VariantNames.ToArray()
            : settings.Variants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new InputException($"{settings.File}: the scenario declares no variants to compare");
        // Each variant is loaded as `run --variant` loads it, so a misspelled name gets the same "did you mean" line.
        var variants = new List<Scenario>();
        var errors = new List<string>();
        foreach (var name in names)
        {
            try
            {
                var (v, _) = ScenarioInput.Load(settings.File, name);
                variants.Add(v with { Run = baseline.Run });
            }
            catch (InputException e)
            {
                errors.AddRange(e.Lines);
            }
        }
        if (errors.Count > 0) throw new InputException(errors.Distinct().ToArray());
        if (baseline.Run.Replications < 2 && !settings.Quiet)
        {
            console.MarkupLine("[yellow]One replication: differences have no intervals; use --replications 2 or more.[/]");
        }

        var stem = Path.GetFileNameWithoutExtension(settings.File) + "-compare";
        var outDir = Path.GetFullPath(settings.Out ?? RunWriter.UniqueFolder("runs", stem, DateTime.UtcNow));
        if (Directory.Exists(outDir) || System.IO.File.Exists(outDir))
        {
            throw new InputException($"{outDir}: output folder already exists; comparisons never overwrite earlier results (choose another --out)");
        }
        try
        {
            var started = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            await using var session = await EngineSession.StartAsync(settings, token);
            if (!settings.Quiet) console.MarkupLineInterpolated($"Comparing {names.Length} variant(s) with the baseline: {baseline.Run.Replications} paired replications of {baseline.Run.Months} months");
            // The comparison folder is written by the code the web app uses too, each run with this command's progress bar.
            var origin = RunCommand.Origin(settings.File, hash, session, started, clock);
            // On a cluster, a run whose silo dies under it is run again on the survivors (its folder is written only once complete).
            var result = await ComparisonFolders.WriteAsync(session.Engine, baseline, variants, outDir, origin, cancellationToken: token,
                runOne: (scenario, dir, label, onMonth) => session.RerunIfSiloLostAsync(
                    runToken => RunCommand.Execute(console, session.Engine, scenario, dir, settings.Quiet, runToken, origin, onMonth, label: label), label, token));
            var series = result.Series.ToList();
            var notes = result.Notes;

            if (settings.Quiet)
            {
                console.WriteLine(outDir);
                return ExitCodes.Ok;
            }
            Render(console, names, series, by, baseline);
            foreach (var note in notes) console.Write(new Text(note.Describe() + "\n", new Style(Color.Yellow)));
            MetricsNote.Write(console, session.Metrics);
            console.Write(new Markup("[green]Comparison folder:[/] "));
            console.WriteLine(outDir);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException e) when (token.IsCancellationRequested)
        {
            // The comparison's hidden, incomplete folder is already gone.
            throw new CommandInterruptedException($"no comparison folder was written ({outDir} does not exist)", e);
        }
    }

    private static void Render(IAnsiConsole console, string[] names, List<LaneSeries> series, int by, Scenario baseline)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"Variants against the baseline, whole run, ranked by {LaneIndicators.Names[by]}"));
        table.AddColumn("Variant");
        foreach (var i in new[] { LaneIndicators.BenefitTotal, LaneIndicators.NonSignatoryShareCumulative, LaneIndicators.GiniCumulative, LaneIndicators.AgreementsActive })
        {
            table.AddColumn(new TableColumn("Δ " + LaneIndicators.Names[i]).RightAligned());
        }
        var ranked = names.Select((n, k) => (Name: n, Series: series[k + 1]))
            .OrderByDescending(v => VariantComparison.RunLevel(series[0], v.Series, by).Mean)
            .ThenBy(v => v.Name, StringComparer.Ordinal);
        foreach (var (name, s) in ranked)
        {
            var cells = new List<string> { name };
            foreach (var i in new[] { LaneIndicators.BenefitTotal, LaneIndicators.NonSignatoryShareCumulative, LaneIndicators.GiniCumulative, LaneIndicators.AgreementsActive })
            {
                var d = VariantComparison.RunLevel(series[0], s, i);
                var scale = i == LaneIndicators.BenefitTotal ? 1e-6 : 1.0;
                var format = i == LaneIndicators.BenefitTotal ? "N1" : "0.000";
                string F(double v) => double.IsNaN(v) ? "–" : (v * scale).ToString(format, CultureInfo.InvariantCulture);
                cells.Add(double.IsNaN(d.Low) ? F(d.Mean) : $"{F(d.Mean)} [{F(d.Low)}, {F(d.High)}]");
            }
            table.AddPlainRow([.. cells]);
        }
        console.WriteTable(table, $"Each cell: difference (variant − baseline) [95% interval] over {baseline.Run.Replications} paired replications; money in Rp million. " +
            "Per indicator and month in comparison.csv, per region in regions_comparison.csv.");
    }
}
