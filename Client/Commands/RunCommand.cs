using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using KerjasamaGraph.Client.Hosting;
using KerjasamaGraph.Client.Presentation;
using KerjasamaGraph.Model.Calibration;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class RunSettings : SimulationSettings
{
    [CommandOption("--variant <NAME>")]
    [Description("Apply one of the scenario's variants (what-if overlays).")]
    public string? Variant { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Run folder to create (must not exist). Default: runs/NAME-YYYYMMDD-HHMMSS.")]
    public string? Out { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("Tables of the run folder: csv (default; what brief and the web app read) or parquet (regions.parquet, agreements.parquet, summary.parquet).")]
    [DefaultValue("csv")]
    public string Format { get; init; } = "csv";
}

/// <summary>`kerjasama run`: simulate a scenario month by month and write a run folder.</summary>
public sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var cancellationToken = cancel.Token;
        var format = settings.Format switch
        {
            "csv" => OutputFormat.Csv,
            "parquet" => OutputFormat.Parquet,
            _ => throw new InputException($"--format: unknown format '{settings.Format}' (csv or parquet)"),
        };
        var (loaded, hash) = ScenarioInput.Load(settings.File, settings.Variant);
        var scenario = ScenarioInput.WithRunOverrides(loaded, settings.Months, settings.Seed, settings.Replications);
        if (settings.Engine == "reference" && settings.Silos != 1) throw new InputException("--silos needs --engine orleans");
        var name = Path.GetFileNameWithoutExtension(settings.File) + (settings.Variant is null ? "" : "-" + settings.Variant);
        var outDir = settings.Out ?? RunWriter.UniqueFolder("runs", name, DateTime.UtcNow);
        if (Directory.Exists(outDir) || System.IO.File.Exists(outDir))
        {
            throw new InputException($"{outDir}: output folder already exists; runs never overwrite earlier results (choose another --out)");
        }
        var observed = Observed(scenario);

        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            await using var session = await EngineSession.StartAsync(settings.Engine, settings.Silos, settings.Connect, cancellationToken);
            InflationView? inflation = null;
            var monthsDone = 0;
            if (!settings.Quiet) session.Recovered = r => console.MarkupLineInterpolated($"[yellow]Silo {string.Join(", ", r.LostSilos)} died after month {r.MonthsDone}: running again on the surviving silos.[/]");
            // On a cluster, a run whose silo dies under it is run again on the survivors (same result: the run is deterministic).
            var (folder, headline) = await session.RerunIfSiloLostAsync(runToken =>
            {
                monthsDone = 0;
                return Execute(console, session.Engine, scenario, outDir, settings.Quiet, runToken,
                    Origin(settings.File, hash, session, started, clock),
                    (_, rows) => { monthsDone++; inflation?.Add(rows); }, headers => inflation = settings.Quiet ? null : InflationView.For(scenario, headers.Regions), format: format);
            }, name, cancellationToken, () => monthsDone);
            if (settings.Quiet)
            {
                console.WriteLine(folder);
                return ExitCodes.Ok;
            }
            HeadlineView.Title(console, scenario, headline);
            inflation?.Render(console, HeadlineView.RegionsShown, observed);
            HeadlineView.Render(console, scenario, headline);
            console.Write(new Markup("[green]Run folder:[/] "));
            console.WriteLine(folder);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // The writer has removed its hidden, incomplete folder.
            throw new CommandInterruptedException($"no run folder was written ({outDir} does not exist)", e);
        }
    }

    /// <summary>
    /// Runs a scenario on an engine into a new run folder (<see cref="RunFolders.WriteAsync"/>, the code the web app uses too),
    /// with a progress bar unless quiet; shared by `run` and `compare`.
    /// </summary>
    public static async Task<(string Folder, Headline Headline)> Execute(IAnsiConsole console, ISimulationEngine engine, Scenario scenario, string outDir, bool quiet,
        CancellationToken cancellationToken, RunOrigin origin, Action<MonthDone, MonthRows>? observe = null, Action<RunHeaders>? started = null, string? label = null,
        OutputFormat format = OutputFormat.Csv)
    {
        if (quiet)
        {
            return await RunFolders.WriteAsync(engine, scenario, outDir, origin, observe, cancellationToken, label, started, format);
        }
        (string Folder, Headline Headline) result = default;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Describe(scenario, 0), maxValue: scenario.Run.Months);
                result = await RunFolders.WriteAsync(engine, scenario, outDir, origin, (done, rows) =>
                {
                    observe?.Invoke(done, rows);
                    task.Increment(1);
                    task.Description = Describe(scenario, done.Month);
                }, cancellationToken, label, started, format);
            });
        return result;
    }

    /// <summary>Where a command's run comes from, for its manifest: the scenario as named, its hash, the command line, the command's clock.</summary>
    public static RunOrigin Origin(string path, string hash, EngineSession session, DateTime started, Stopwatch clock) =>
        new(path, hash, CommandLine(), session.Cluster is not null, started, () => clock.Elapsed, session.Cluster);

    private static string Describe(Scenario scenario, int done) =>
        Markup.Escape($"{(scenario.Variant is null ? scenario.Name : "variant " + scenario.Variant)}: month {done} of {scenario.Run.Months} ({scenario.Run.Start.AddMonths(Math.Max(0, done - 1))})");

    /// <summary>The observed inflation series the scenario names (<c>observed:</c>), read over the months of the run.</summary>
    private static ObservedInflation? Observed(Scenario scenario)
    {
        if (scenario.Observed is not { } o || scenario.Commodities.Count == 0) return null;
        // An empty window: every month the file has is read, none is required.
        var series = ObservedSeries.Read(o.File, scenario.Run.Start, scenario.Run.Start.AddMonths(-1), out var errors);
        if (errors.Count > 0) throw new InputException(errors.Select(e => $"{e} (observed: in the scenario)").ToArray());
        var months = series.MonthOnMonth.Where(kv => kv.Key >= scenario.Run.Start && kv.Key < scenario.Run.Start.AddMonths(scenario.Run.Months))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var shown = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(o.File));
        return months.Count == 0 ? null : new ObservedInflation(o.Region, shown.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(o.File) : shown, months);
    }

    public static string ProgramVersion() => RunFolders.ProgramVersion();

    public static string CommandLine() => KerjasamaApp.CommandLine();
}
