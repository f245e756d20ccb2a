using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using KerjasamaGraph.Client.Hosting;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class CompareSettings : SimulationSettings
{
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
public sealed class CompareCommand : AsyncCommand<CompareSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CompareSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var token = cancel.Token;
        var by = Array.IndexOf(LaneIndicators.Names, settings.By);
        if (by < 0) throw new InputException($"--by: unknown indicator '{settings.By}' (one of {string.Join(", ", LaneIndicators.Names)})");

        var (baseline, hash) = ScenarioInput.Load(settings.File, null);
        baseline = ScenarioInput.WithRunOverrides(baseline, settings.Months, settings.Seed, settings.Replications);
        var names = settings.Variants == "all"
            ? baseline.VariantNames.ToArray()
            : settings.Variants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new InputException($"{settings.File}: the scenario declares no variants to compare");
        var unknown = names.Where(n => !baseline.VariantNames.Contains(n, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw new InputException($"--variants: unknown variant(s) {string.Join(", ", unknown)}; {settings.File} declares {string.Join(", ", baseline.VariantNames)}");
        }
        var variants = new List<Scenario>();
        foreach (var name in names)
        {
            var (v, _) = ScenarioInput.Load(settings.File, name);
            v = v with { Run = baseline.Run };
            variants.Add(v);
        }
        if (baseline.Run.Replications < 2 && !settings.Quiet)
        {
            AnsiConsole.MarkupLine("[yellow]One replication: differences have no intervals; use --replications 2 or more.[/]");
        }

        var stem = Path.GetFileNameWithoutExtension(settings.File) + "-compare";
        var outDir = Path.GetFullPath(settings.Out ?? RunWriter.UniqueFolder("runs", stem, DateTime.UtcNow));
        if (Directory.Exists(outDir) || System.IO.File.Exists(outDir))
        {
            throw new InputException($"{outDir}: output folder already exists; comparisons never overwrite earlier results (choose another --out)");
        }
        var work = Path.Combine(Path.GetDirectoryName(outDir)!, "." + Path.GetFileName(outDir) + ".incomplete-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var started = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            await using var session = await EngineSession.StartAsync(settings.Engine, settings.Silos, settings.Connect, token);
            var series = new List<LaneSeries>();
            var outcomes = new List<AgreementOutcomes>();
            foreach (var scenario in variants.Prepend(baseline))
            {
                var label = scenario.Variant ?? "baseline";
                if (!settings.Quiet) AnsiConsole.MarkupLineInterpolated($"[bold]{label}[/]");
                var months = new List<LaneValues>();
                var outcome = new AgreementOutcomes(scenario.Run.Replications);
                await RunCommand.Execute(session.Engine, scenario, Path.Combine(work, label), settings.Quiet, token,
                    files => RunCommand.Manifest(settings.File, scenario, hash, session.Engine, settings.Connect is not null, started, clock, files),
                    rows => { months.Add(rows.Lanes); outcome.Add(rows); });
                series.Add(new LaneSeries(scenario.Run.Replications, scenario.Run.Start, LaneSeries.RegionOrder(scenario), months));
                outcomes.Add(outcome);
            }
            var notes = names.Select((n, i) => VariantNote.Of(n, variants[i], series[0], outcomes[0], series[i + 1], outcomes[i + 1]))
                .Where(n => n.HasSomethingToSay).ToList();

            CsvFiles.Write(Path.Combine(work, "comparison.csv"), VariantComparison.Header,
                names.SelectMany((n, i) => VariantComparison.IndicatorRows(n, series[0], series[i + 1])));
            CsvFiles.Write(Path.Combine(work, "regions_comparison.csv"), VariantComparison.RegionHeader,
                names.SelectMany((n, i) => VariantComparison.RegionRows(n, series[0], series[i + 1])));
            var manifest = new Dictionary<string, object?>
            {
                ["scenario_path"] = settings.File, ["scenario_hash"] = hash, ["baseline"] = "baseline", ["variants"] = names,
                ["seed"] = baseline.Run.Seed, ["replications"] = baseline.Run.Replications, ["months"] = baseline.Run.Months,
                ["start"] = baseline.Run.Start.ToString(), ["engine"] = session.Engine.Name, ["silos"] = settings.Connect is null ? session.Engine.Silos : 0,
                ["program_version"] = RunCommand.ProgramVersion(), ["command"] = RunCommand.CommandLine(),
                ["common_random_numbers"] = "lane k of every run uses the random streams of (seed, k)",
                ["wall_time_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
                ["variant_notes"] = notes.Select(n => n.ToJson()).ToList(),
            };
            System.IO.File.WriteAllText(Path.Combine(work, "comparison.json"), JsonSerializer.Serialize(manifest, RunManifest.JsonOptions) + "\n", new UTF8Encoding(false));
            Directory.Move(work, outDir);

            if (settings.Quiet) AnsiConsole.WriteLine(outDir);
            else Render(names, series, by, baseline);
            if (!settings.Quiet) foreach (var note in notes) AnsiConsole.Write(new Text(note.Describe() + "\n", new Style(Color.Yellow)));
            if (!settings.Quiet) AnsiConsole.MarkupLineInterpolated($"[green]Comparison folder:[/] {outDir}");
            return ExitCodes.Ok;
        }
        catch
        {
            try { Directory.Delete(work, true); } catch (IOException) { }
            throw;
        }
    }

    private static void Render(string[] names, List<LaneSeries> series, int by, Scenario baseline)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"Variants against the baseline, whole run, ranked by {LaneIndicators.Names[by]}"))
            .Caption(Markup.Escape($"difference (variant − baseline) [95% interval], {baseline.Run.Replications} paired replications; money in Rp million"));
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
            table.AddRow(cells.Select(c => new Text(c)).ToArray<Spectre.Console.Rendering.IRenderable>());
        }
        AnsiConsole.Write(table);
    }
}
