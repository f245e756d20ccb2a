using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using KerjasamaGraph.Client.Hosting;
using KerjasamaGraph.Client.Presentation;
using KerjasamaGraph.Model.Outputs;
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
}

/// <summary>`kerjasama run`: simulate a scenario month by month and write a run folder.</summary>
public sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var cancellationToken = cancel.Token;
        var (loaded, hash) = ScenarioInput.Load(settings.File, settings.Variant);
        var scenario = ScenarioInput.WithRunOverrides(loaded, settings.Months, settings.Seed, settings.Replications);
        if (settings.Engine == "reference" && settings.Silos != 1) throw new InputException("--silos needs --engine orleans");
        var name = Path.GetFileNameWithoutExtension(settings.File) + (settings.Variant is null ? "" : "-" + settings.Variant);
        var outDir = settings.Out ?? RunWriter.UniqueFolder("runs", name, DateTime.UtcNow);
        if (Directory.Exists(outDir) || System.IO.File.Exists(outDir))
        {
            throw new InputException($"{outDir}: output folder already exists; runs never overwrite earlier results (choose another --out)");
        }

        try
        {
            return await Run(settings, scenario, hash, outDir, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Reported once, by the application's exception handler; the writer has already removed its partial folder.
            throw;
        }
    }

    private static async Task<int> Run(RunSettings settings, Scenario scenario, string hash, string outDir, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await using var session = await EngineSession.StartAsync(settings.Engine, settings.Silos, settings.Connect, cancellationToken);
        var (folder, headline) = await Execute(session.Engine, scenario, outDir, settings.Quiet, cancellationToken,
            files => Manifest(settings.File, scenario, hash, session.Engine, settings.Connect is not null, started, clock, files));
        if (settings.Quiet)
        {
            AnsiConsole.WriteLine(folder);
        }
        else
        {
            HeadlineView.Render(AnsiConsole.Console, scenario, headline);
            AnsiConsole.MarkupLineInterpolated($"[green]Run folder:[/] {folder}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>Runs a scenario on an engine into a new run folder; shared by `run` and the tests.</summary>
    public static async Task<(string Folder, Headline Headline)> Execute(ISimulationEngine engine, Scenario scenario, string outDir, bool quiet,
        CancellationToken cancellationToken, Func<IReadOnlyList<string>, RunManifest> manifest, Action<MonthRows>? observe = null)
    {
        await using var run = await engine.StartAsync(scenario, cancellationToken);
        using var writer = RunWriter.Begin(outDir, run.Headers);
        if (quiet)
        {
            for (var m = 0; m < run.Months; m++)
            {
                var rows = await run.AdvanceAsync(cancellationToken);
                writer.Write(rows);
                observe?.Invoke(rows);
            }
        }
        else
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(Describe(scenario, 0), maxValue: run.Months);
                    for (var m = 0; m < run.Months; m++)
                    {
                        var rows = await run.AdvanceAsync(cancellationToken);
                        writer.Write(rows);
                        observe?.Invoke(rows);
                        task.Increment(1);
                        task.Description = Describe(scenario, m + 1);
                    }
                });
        }
        var headline = await run.FinishAsync(cancellationToken);
        writer.Complete(manifest);
        return (writer.FinalDirectory, headline);
    }

    /// <summary>The manifest of a run folder.</summary>
    public static RunManifest Manifest(string path, Scenario scenario, string hash, ISimulationEngine engine, bool connected, DateTime started,
        Stopwatch clock, IReadOnlyList<string> files) => new()
    {
        ScenarioPath = path,
        ScenarioName = scenario.Name,
        ScenarioHash = hash,
        Variant = scenario.Variant,
        Start = scenario.Run.Start.ToString(),
        Months = scenario.Run.Months,
        Seed = scenario.Run.Seed,
        Replications = scenario.Run.Replications,
        Engine = engine.Name,
        Silos = connected ? 0 : engine.Silos,
        ProgramVersion = ProgramVersion(),
        Command = CommandLine(),
        StartedUtc = started.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        WallTimeSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
        Files = files,
    };

    private static string Describe(Scenario scenario, int done) =>
        $"months {done}/{scenario.Run.Months} ({scenario.Run.Start.AddMonths(Math.Max(0, done - 1))})";

    public static string ProgramVersion() =>
        typeof(RunCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(RunCommand).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static string CommandLine() => KerjasamaApp.CommandLine();
}
