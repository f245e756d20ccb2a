using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using KerjasamaGraph.Client.Hosting;
using KerjasamaGraph.Client.Presentation;
using KerjasamaGraph.Model.Calibration;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Cluster;
using KerjasamaGraph.Cluster.Checkpoints;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Runs.Checkpoints;
using KerjasamaGraph.Model.Simulation.Sharding;
using System.Globalization;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class RunSettings : SimulationSettings
{
    [CommandArgument(0, "[FILE]")]
    [Description("Scenario file (YAML). Not with --resume, which reads the interrupted run's own.")]
    public override string File { get; init; } = "";

    [CommandOption("--variant <NAME>")]
    [Description("Apply one of the scenario's variants (what-if overlays).")]
    public string? Variant { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Run folder to create (must not exist). Default: runs/NAME-YYYYMMDD-HHMMSS.")]
    public string? Out { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("Tables of the run folder: csv (default; what brief and the web app read) or parquet (regions.parquet, agreements.parquet, summary.parquet).")]
    public string? Format { get; init; }

    [CommandOption("--checkpoint-every <K>")]
    [Description("Checkpoint the run every K months into its folder (checkpoints/ and checkpoints.json), so that it can be finished after an interruption (--resume) and variants can branch from it (--from ... --at). On a cluster (--connect) runs are checkpointed every " + RunCommand.ClusterCheckpointEveryText + " months for recovery from a silo's death unless 0 is given.")]
    public int? CheckpointEvery { get; init; }

    [CommandOption("--resume <DIR>")]
    [Description("Finish a run started with --checkpoint-every that was interrupted (Ctrl+C, a crash): DIR is the folder it was writing (its --out). It goes on from its last checkpoint, with the scenario and settings it was started with.")]
    public string? Resume { get; init; }

    [CommandOption("--from <DIR>")]
    [Description("Branch a variant from a checkpoint of the run in DIR (a run of FILE with --checkpoint-every): the new run keeps DIR's months before --at and simulates the variant from --at on, with the same random numbers. The variant may add agreements that start after --at and remove or re-party agreements that have not started by then; the months before --at are then written with the variant's agreements.")]
    public string? From { get; init; }

    [CommandOption("--at <YYYY-MM>")]
    [Description("With --from: the first month the variant simulates itself; DIR must have a checkpoint taken just before it.")]
    public string? At { get; init; }

    public override ValidationResult Validate()
    {
        if (Resume is not null)
        {
            var conflicts = new (bool Given, string Name)[]
            {
                (File.Length > 0, "FILE"), (Variant is not null, "--variant"), (Months is not null, "--months"), (Seed is not null, "--seed"),
                (Replications is not null, "--replications"), (Out is not null, "--out"), (Format is not null, "--format"), (CheckpointEvery is not null, "--checkpoint-every"),
                (From is not null, "--from"), (At is not null, "--at"),
            }.Where(c => c.Given).Select(c => c.Name).ToList();
            if (conflicts.Count > 0) return ValidationResult.Error($"--resume: the run goes on with the settings it was started with; drop {string.Join(", ", conflicts)}");
            return ValidationResult.Success();
        }
        if (File.Length == 0) return ValidationResult.Error("FILE: give the scenario file to run (or --resume DIR to finish an interrupted run)");
        if ((From is null) != (At is null)) return ValidationResult.Error(From is null ? "--at needs --from DIR (the run to branch from)" : "--from needs --at YYYY-MM (the first month of the variant)");
        if (CheckpointEvery is < 0 or > 1200) return ValidationResult.Error($"--checkpoint-every: {CheckpointEvery} is out of range (0 to 1200 months; 0: none)");
        return ValidationResult.Success();
    }
}

/// <summary>`kerjasama run`: simulate a scenario month by month and write a run folder.</summary>
public sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunSettings>
{
    /// <summary>Months between checkpoints of runs on a cluster when --checkpoint-every is not given (see the README's measurement of their cost).</summary>
    public const int ClusterCheckpointEvery = 24;
    public const string ClusterCheckpointEveryText = "24";

    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var cancellationToken = cancel.Token;
        if (settings.Engine == "reference" && settings.Silos != 1) throw new InputException("--silos needs --engine orleans");
        EmbeddedTelemetry.From(settings); // bad metrics options are input errors before anything is read or written
        if (settings.Resume is not null) return await ResumeAsync(settings, cancellationToken);
        var format = FormatOf(settings.Format);
        var (loaded, hash) = ScenarioInput.Load(settings.File, settings.Variant);
        var scenario = ScenarioInput.WithRunOverrides(loaded, settings.Months, settings.Seed, settings.Replications);
        var name = Path.GetFileNameWithoutExtension(settings.File) + (settings.Variant is null ? "" : "-" + settings.Variant) + (settings.At is null ? "" : "-from-" + settings.At);
        var outDir = settings.Out ?? RunWriter.UniqueFolder("runs", name, DateTime.UtcNow);
        if (RunWriter.FolderTaken(outDir, resumable: true) is { } taken) throw new InputException(taken);
        var observed = Observed(scenario);
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await using var session = await EngineSession.StartAsync(settings, cancellationToken);
        var origin = Origin(settings.File, hash, session, started, clock);
        var plan = await PlanAsync(settings.CheckpointEvery, settings.Connect, RunWriter.IncompleteFolder(outDir));
        if (settings.From is not null)
        {
            await using var fork = await ForkJobAsync(settings, scenario, hash, format, outDir, origin, plan, cancellationToken);
            return await RunJobAsync(fork, scenario, settings.Quiet, session, name, observed, cancellationToken);
        }
        await using var job = new RunJob(scenario, outDir, origin, format, checkpoints: plan);
        return await RunJobAsync(job, scenario, settings.Quiet, session, name, observed, cancellationToken);
    }

    private static OutputFormat FormatOf(string? format) => format switch
    {
        null or "csv" => OutputFormat.Csv,
        "parquet" => OutputFormat.Parquet,
        _ => throw new InputException($"--format: unknown format '{format}' (csv or parquet)"),
    };

    /// <summary>
    /// The checkpoints of a run: every K months as asked (kept in the run folder, or in the cluster's Redis), or on a cluster
    /// every <see cref="ClusterCheckpointEvery"/> months for recovery only; none otherwise.
    /// </summary>
    private static async Task<CheckpointPlan?> PlanAsync(int? every, string? connect, string workFolder)
    {
        var months = every ?? (connect is null ? 0 : ClusterCheckpointEvery);
        if (months == 0) return null;
        var (store, name) = await OpenStoreAsync(connect is null ? null : await ConnectTarget.ParseAsync(connect), workFolder);
        return new CheckpointPlan(months, store, name, Keep: every is not null);
    }

    /// <summary>The cluster's Redis when it has one, else the run folder's checkpoints/.</summary>
    private static async Task<(ICheckpointStore Store, string Name)> OpenStoreAsync(ConnectTarget? target, string workFolder)
    {
        if (target?.Redis is { } redis) return (await CheckpointStores.OpenAsync(redis, workFolder), "redis://" + redis);
        return (CheckpointPlan.FolderStore(workFolder), CheckpointPlan.FolderStoreName);
    }

    /// <summary>The store a checkpoint log names: its folder's checkpoints/, or the Redis it was written to.</summary>
    private static async Task<ICheckpointStore> StoreOfAsync(CheckpointLog log, string folder)
    {
        if (log.Store == CheckpointPlan.FolderStoreName) return CheckpointPlan.FolderStore(folder);
        if (!log.Store.StartsWith("redis://", StringComparison.Ordinal)) throw new InputException($"{Path.Combine(folder, CheckpointLog.FileName)}: store: unknown checkpoint store '{log.Store}'");
        return (await OpenStoreAsync(await ConnectTarget.ParseAsync(log.Store), folder)).Store;
    }

    /// <summary>Runs a job on the session (going on from its last checkpoint when a silo dies under it) and shows its results.</summary>
    private async Task<int> RunJobAsync(RunJob job, Scenario scenario, bool quiet, EngineSession session, string name, ObservedInflation? observed, CancellationToken cancellationToken)
    {
        try
        {
            InflationView? inflation = null;
            var monthsDone = job.RestartTick;
            if (!quiet)
            {
                session.Recovered = r =>
                {
                    if (r.RestoredFromTick > 0) console.MarkupLineInterpolated($"[yellow]Silo {string.Join(", ", r.LostSilos)} died after month {r.MonthsDone}: going on from the checkpoint after month {r.RestoredFromTick} on the surviving silos.[/]");
                    else console.MarkupLineInterpolated($"[yellow]Silo {string.Join(", ", r.LostSilos)} died after month {r.MonthsDone}: running again from month 1 on the surviving silos.[/]");
                };
            }
            var (folder, headline) = await session.RerunIfSiloLostAsync(runToken => ExecuteJob(console, job, session.Engine, scenario, quiet, runToken,
                (done, rows) => { monthsDone = done.Month; inflation?.Add(rows); },
                (headers, from) =>
                {
                    monthsDone = from;
                    // The inflation chart needs every month's rows: a run that starts from a checkpoint shows the headline only.
                    inflation ??= quiet || from > 0 ? null : InflationView.For(scenario, headers.Regions);
                }), name, cancellationToken, () => monthsDone, () => job.RestartTick);
            if (quiet)
            {
                console.WriteLine(folder);
                return ExitCodes.Ok;
            }
            HeadlineView.Title(console, scenario, headline);
            inflation?.Render(console, HeadlineView.RegionsShown, observed);
            HeadlineView.Render(console, scenario, headline);
            if (job.ForkedFrom is { } fork)
            {
                if (job.ForkRemapped) console.MarkupLineInterpolated($"[grey]Branched from {fork.Folder} at {fork.At}: the months before {fork.At} are that run's, with the variant's agreements (none of them started then); the variant runs from {fork.At} on.[/]");
                else console.MarkupLineInterpolated($"[grey]Branched from {fork.Folder} at {fork.At}: the months before {fork.At} are that run's, the variant runs from {fork.At} on.[/]");
            }
            if (job.Checkpoints is { } plan && plan.Keep)
            {
                var shown = plan.StoreName == CheckpointPlan.FolderStoreName ? Path.Combine(folder, CheckpointPlan.FolderName) : plan.StoreName;
                console.MarkupLineInterpolated($"[grey]Checkpoints: {job.CheckpointCount} (every {plan.Every} months, {job.CheckpointTime.TotalSeconds:0.00} s in all) in {shown}; branch a variant with --from {folder} --at YYYY-MM.[/]");
            }
            MetricsNote.Write(console, session.Metrics);
            console.Write(new Markup("[green]Run folder:[/] "));
            console.WriteLine(folder);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            // The caller disposes the job: a kept run's incomplete folder stays, any other is removed.
            if (job.KeptFolder is { } kept)
            {
                throw new CommandInterruptedException(job.RestartTick > 0
                    ? $"the run stopped after its checkpoint after month {job.RestartTick} ({kept}); finish it with: kerjasama run --resume {job.Folder}"
                    : $"the run stopped before its first checkpoint ({kept}); finish it with: kerjasama run --resume {job.Folder} (it starts again from month 1)", e);
            }
            // The writer has removed its hidden, incomplete folder.
            throw new CommandInterruptedException($"no run folder was written ({job.Folder} does not exist)", e);
        }
    }

    /// <summary>`run --resume DIR`: finishes an interrupted checkpointed run from its last checkpoint.</summary>
    private async Task<int> ResumeAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var dir = settings.Resume!.TrimEnd('/', Path.DirectorySeparatorChar);
        if (System.IO.File.Exists(Path.Combine(dir, RunWriter.ManifestFile))) throw new InputException($"{dir}: the run is complete (it has its manifest.json); nothing to resume");
        var work = RunWriter.IncompleteFolder(dir);
        if (!Directory.Exists(work))
        {
            throw new InputException($"{dir}: no interrupted run to resume ({work} does not exist; runs started with --checkpoint-every leave it when interrupted)");
        }
        var log = ReadLog(work);
        var (loaded, hash) = ScenarioInput.Load(log.ScenarioFile, log.Variant);
        if (hash != log.ScenarioFileHash)
        {
            throw new InputException($"{log.ScenarioFile}: changed since the run started ({log.StartedUtc}); a run goes on only with the inputs it started with (start it again)");
        }
        var scenario = ScenarioInput.WithRunOverrides(loaded, log.Months, log.Seed, log.Replications);
        var name = Path.GetFileName(Path.GetFullPath(dir));
        var clock = Stopwatch.StartNew();
        await using var session = await EngineSession.StartAsync(settings, cancellationToken);
        var origin = new RunOrigin(log.ScenarioPath, hash, log.Command, session.Cluster is not null, DateTime.Parse(log.StartedUtc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            () => clock.Elapsed, session.Cluster);
        await using var job = RunJob.Resume(work, dir, log, scenario, origin, await StoreOfAsync(log, work));
        if (!settings.Quiet) console.MarkupLineInterpolated($"Resuming {dir} after month {job.RestartTick} of {scenario.Run.Months} ({(job.RestartTick == 0 ? "no checkpoint yet: from the start" : "its last checkpoint, " + log.MonthBefore(job.RestartTick))}).");
        return await RunJobAsync(job, scenario, settings.Quiet, session, name, Observed(scenario), cancellationToken);
    }

    private static CheckpointLog ReadLog(string folder)
    {
        try { return CheckpointLog.Read(folder); }
        catch (InvalidDataException e) { throw new InputException(e.Message); }
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    /// <summary>`run FILE --variant V --from DIR --at YYYY-MM`: a job that branches the variant from DIR's checkpoint before --at.</summary>
    private static async Task<RunJob> ForkJobAsync(RunSettings settings, Scenario variant, string hash, OutputFormat format, string outDir, RunOrigin origin, CheckpointPlan? plan,
        CancellationToken cancellationToken)
    {
        var from = settings.From!.TrimEnd('/', Path.DirectorySeparatorChar);
        if (!Directory.Exists(from)) throw new InputException($"--from {from}: no such run folder");
        if (!System.IO.File.Exists(Path.Combine(from, RunWriter.ManifestFile))) throw new InputException($"--from {from}: not a finished run folder (no manifest.json); finish it first (kerjasama run --resume {from})");
        var log = ReadLog(from);
        // The file may have changed since the baseline ran in its variants only (a variant to branch added afterwards): checked below against the checkpoint.
        var sameFile = hash == log.ScenarioFileHash;
        if (!sameFile && (log.VariantNames is null || !SamePath(settings.File, log.ScenarioFile)))
        {
            throw new InputException($"{settings.File}: not the scenario {from} was run from ({log.ScenarioPath}, as it was then); a variant branches from a run of its own scenario file");
        }
        if (settings.Format is not null && format != log.OutputFormat) throw new InputException($"--format {settings.Format}: {from} has {log.TableFormat} tables, and a branch continues them (drop --format)");
        if (!YearMonth.TryParse(settings.At, out var at)) throw new InputException($"--at: '{settings.At}' is not a month in the form YYYY-MM");
        var (loadedBaseline, _) = ScenarioInput.Load(log.ScenarioFile, log.Variant);
        var baseline = ScenarioInput.WithRunOverrides(loadedBaseline, log.Months, log.Seed, log.Replications);
        if (!sameFile) baseline = baseline with { VariantNames = log.VariantNames!, VariantDescriptions = log.VariantDescriptions ?? new Dictionary<string, string>() };
        // Run settings not given come from the run branched from (the checkpoint fixes them).
        variant = ScenarioInput.WithRunOverrides(variant, settings.Months ?? log.Months, settings.Seed ?? log.Seed, settings.Replications ?? log.Replications);
        var tick = at.Index - baseline.Run.Start.Index;
        if (ForkCheck.FirstDifference(baseline, variant, tick) is { } difference)
        {
            throw new InputException($"--variant {settings.Variant ?? "(none)"}: cannot branch from {from}: {difference}");
        }
        var entry = log.Checkpoints.FirstOrDefault(c => c.Tick == tick);
        if (entry is null)
        {
            var months = log.Checkpoints.Select(c => baseline.Run.Start.AddMonths(c.Tick).ToString()).ToList();
            throw new InputException(months.Count == 0
                ? $"--at {settings.At}: {from} has no checkpoints"
                : $"--at {settings.At}: {from} has checkpoints before {string.Join(", ", months)} (every {log.Every} months); --at takes one of these");
        }
        var store = await StoreOfAsync(log, from);
        var payload = await store.LoadAsync(log.RunId, tick, cancellationToken)
                      ?? throw new InputException($"--from {from}: the checkpoint after {entry.Month} is not in {store.Description}");
        RunCheckpoint checkpoint;
        try
        {
            checkpoint = RunCheckpoint.FromBytes(payload);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"--from {from}: checkpoint after {entry.Month}: {e.Message}");
        }
        if (RunCheckpoint.HashOf(baseline) != checkpoint.ScenarioHash)
        {
            throw new InputException(sameFile
                ? $"--from {from}: checkpoint after {entry.Month}: belongs to another scenario than {log.ScenarioPath} resolves to now (a file it extends has changed)"
                : $"{settings.File}: changed since {from} ran in more than its variants; a branch needs the baseline it ran (run the baseline again, or restore the file)");
        }
        try
        {
            return await RunJob.ForkAsync(baseline, variant, outDir, origin, from, log, entry, checkpoint, plan, cancellationToken);
        }
        catch (ForkRefusedException e)
        {
            throw new InputException($"--variant {settings.Variant ?? "(none)"}: cannot branch from {from}: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"--from {from}: checkpoint after {entry.Month}: {e.Message}");
        }
    }

    /// <summary>
    /// Runs a scenario on an engine into a new run folder (<see cref="RunJob"/>, the code the web app uses too), with a progress bar
    /// unless quiet; `compare` runs each of its scenarios with it.
    /// </summary>
    public static async Task<(string Folder, Headline Headline)> Execute(IAnsiConsole console, ISimulationEngine engine, Scenario scenario, string outDir, bool quiet,
        CancellationToken cancellationToken, RunOrigin origin, Action<MonthDone, MonthRows>? observe = null, Action<RunHeaders>? started = null, string? label = null,
        OutputFormat format = OutputFormat.Csv)
    {
        await using var job = new RunJob(scenario, outDir, origin, format, label);
        return await ExecuteJob(console, job, engine, scenario, quiet, cancellationToken, observe, started is null ? null : (headers, _) => started(headers));
    }

    /// <summary>Runs (or goes on with) a job, with a progress bar from the month it starts at unless quiet.</summary>
    public static async Task<(string Folder, Headline Headline)> ExecuteJob(IAnsiConsole console, RunJob job, ISimulationEngine engine, Scenario scenario, bool quiet,
        CancellationToken cancellationToken, Action<MonthDone, MonthRows>? observe = null, Action<RunHeaders, int>? started = null)
    {
        if (quiet) return await job.RunAsync(engine, observe, started, cancellationToken);
        (string Folder, Headline Headline) result = default;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Describe(scenario, job.RestartTick), maxValue: scenario.Run.Months);
                result = await job.RunAsync(engine, (done, rows) =>
                {
                    observe?.Invoke(done, rows);
                    task.Value = done.Month;
                    task.Description = Describe(scenario, done.Month);
                }, (headers, from) =>
                {
                    task.Value = from;
                    task.Description = Describe(scenario, from);
                    started?.Invoke(headers, from);
                }, cancellationToken);
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
