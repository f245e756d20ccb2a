using System.Diagnostics;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs.Checkpoints;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;

namespace KerjasamaGraph.Model.Runs;

/// <summary>How a run is checkpointed: every <see cref="Every"/> months, into <see cref="Store"/>.</summary>
/// <param name="Every">Months between checkpoints (at the month barrier after month K, 2K, …; none after the last month).</param>
/// <param name="Store">Where the blobs go: the run folder's checkpoints/ (<see cref="FolderStore"/>) or the cluster's Redis.</param>
/// <param name="StoreName">"folder" or "redis://HOST:PORT", recorded in checkpoints.json for resuming.</param>
/// <param name="Keep">True: the finished folder keeps its checkpoints (and checkpoints.json) for forks, and an interrupted
/// run keeps its incomplete folder for <c>--resume</c>. False: the checkpoints only serve recovery from a silo's death
/// during the run, and are removed with the run's end.</param>
public sealed record CheckpointPlan(int Every, ICheckpointStore Store, string StoreName, bool Keep)
{
    public const string FolderStoreName = "folder";
    public const string FolderName = "checkpoints";

    /// <summary>The store of a run folder's own checkpoints: <c>FOLDER/checkpoints/RUN/tick-NNNNNN.kgcp</c>.</summary>
    public static DiskCheckpointStore FolderStore(string runFolder) => new(Path.Combine(runFolder, FolderName));
}

/// <summary>
/// One run being written into its run folder: the one implementation behind <c>kerjasama run</c> (with or without
/// checkpoints, resumed or forked), <c>compare</c>, <c>sweep</c> and the web app (<see cref="RunFolders.WriteAsync"/>).
/// <para>
/// With a <see cref="CheckpointPlan"/>, every K months at the month barrier the engine's state is captured
/// (<see cref="ISimulationRun.CaptureAsync"/>: every region state of every lane, the published snapshots and the
/// aggregator's totals), the tables are made whole up to that month (<see cref="RunWriter.MarkAsync"/>), and the run goes
/// on while the blob is saved and then listed in <c>checkpoints.json</c> (<see cref="CheckpointLog"/>): an entry is
/// written only once its blob is, so a crash at any moment leaves a log whose every entry can be resumed from. When
/// <see cref="RunAsync"/> is called again after a failure (a silo died under the run:
/// <c>EngineSession.RerunIfSiloLostAsync</c>), it cuts the tables back to the last checkpoint, restores the engine from
/// it (on whichever silos are left) and goes on; without a checkpoint yet it starts again from month 1. Either way the tables end byte-identical to an undisturbed run, because
/// the run is deterministic and a checkpoint is a consistent cut.
/// </para>
/// </summary>
public sealed class RunJob : IAsyncDisposable
{
    private readonly Scenario _scenario;
    private readonly string _outDir;
    private readonly RunOrigin _origin;
    private readonly OutputFormat _format;
    private readonly string _label;
    private readonly CheckpointPlan? _checkpoints;
    private readonly DateTime _started;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string? _resumeFolder;
    private CheckpointLog? _log;
    private RunWriter? _writer;
    private RunFork? _fork;
    /// <summary>Where the next <see cref="RunAsync"/> goes on from: months done, the tables' lengths then, and the checkpoint when it is not in a store.</summary>
    private Restart _restart = new(0, null, null);
    /// <summary>A fork's folder, filled with the other run's tables before the writer opens it.</summary>
    private string? _forkWork;
    /// <summary>The save and listing of the last checkpoint, going on while the next months run; null when none is.</summary>
    private Task? _saving;

    private sealed record Restart(int Tick, TableMark? Tables, RunCheckpoint? Checkpoint);

    public RunJob(Scenario scenario, string outDir, RunOrigin origin, OutputFormat format = OutputFormat.Csv, string? label = null, CheckpointPlan? checkpoints = null)
    {
        if (checkpoints is { Every: < 1 }) throw new ArgumentOutOfRangeException(nameof(checkpoints), "checkpoints need at least one month between them");
        _scenario = scenario;
        _outDir = outDir;
        _origin = origin;
        _format = format;
        _label = label ?? scenario.Variant ?? scenario.Name;
        _checkpoints = checkpoints;
        _started = origin.StartedUtc ?? DateTime.UtcNow;
        RunId = StoreId(Path.GetFileName(Path.GetFullPath(outDir)));
    }

    private RunJob(Scenario scenario, string outDir, RunOrigin origin, CheckpointLog log, CheckpointPlan checkpoints, string resumeFolder)
        : this(scenario, outDir, origin, log.OutputFormat, null, checkpoints)
    {
        _log = log;
        _resumeFolder = resumeFolder;
        RunId = log.RunId;
        _fork = log.ForkedFrom;
        _restart = log.Checkpoints.LastOrDefault() is { } last ? new Restart(last.Tick, last.Tables.ToMark(resumeFolder), null) : new Restart(0, log.TablesAtStart.ToMark(resumeFolder), null);
    }

    /// <summary>The id the run's checkpoints are stored under.</summary>
    public string RunId { get; }

    /// <summary>Months done at the point the next <see cref="RunAsync"/> goes on from (the last checkpoint; 0 without one).</summary>
    public int RestartTick => _restart.Tick;

    /// <summary>How the run is checkpointed, or null.</summary>
    public CheckpointPlan? Checkpoints => _checkpoints;

    /// <summary>Checkpoints the run has (including those of an earlier, interrupted part and a fork's starting point).</summary>
    public int CheckpointCount => _log?.Checkpoints.Count ?? 0;

    /// <summary>Grain calls the engine made over the months this job stepped (0 on the reference engine).</summary>
    public long Calls { get; private set; }

    /// <summary>
    /// Time the run waited for its checkpoints: capturing them at the month barrier, and any save still under way when the next
    /// checkpoint or the end came (saves otherwise overlap the months that follow).
    /// </summary>
    public TimeSpan CheckpointTime { get; private set; }

    /// <summary>The run this one branches from (<see cref="ForkAsync"/>), or null.</summary>
    public RunFork? ForkedFrom => _fork;

    /// <summary>
    /// Whether this fork's variant has other agreements than the run it branches from: its checkpoint was remapped and its months
    /// before the fork rewritten with the variant's agreements (<see cref="ForkAsync"/>).
    /// </summary>
    public bool ForkRemapped { get; private init; }

    /// <summary>The folder the finished run is published as.</summary>
    public string Folder => Path.GetFullPath(_outDir);

    /// <summary>
    /// A job that finishes the interrupted checkpointed run in <paramref name="incompleteFolder"/> (see <see cref="RunWriter.IncompleteFolder"/>):
    /// <paramref name="scenario"/> must be the run's scenario as resolved again from <paramref name="log"/>, <paramref name="store"/> the log's store.
    /// </summary>
    public static RunJob Resume(string incompleteFolder, string outDir, CheckpointLog log, Scenario scenario, RunOrigin origin, ICheckpointStore store)
    {
        var job = new RunJob(scenario, outDir, origin, log, new CheckpointPlan(log.Every, store, log.Store, Keep: true), incompleteFolder);
        log.Resumed.Add(new RunResumption(job.RestartTick, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ")));
        return job;
    }

    /// <summary>
    /// A job that runs <paramref name="variant"/> from a checkpoint of a run of <paramref name="baseline"/> (<see cref="ForkCheck"/>):
    /// the new folder starts with that run's tables up to the checkpoint (<paramref name="fromFolder"/>, cut at the checkpoint's lengths)
    /// and goes on from the checkpoint with the variant. When the variant has the same agreements, the months before the fork are the
    /// other run's bytes and the checkpoint is used as it is; when it adds, removes or re-parties agreements, the checkpoint is remapped
    /// to the variant's agreements (<see cref="CheckpointRemap"/>) and the tables before the fork are those a run of the variant writes
    /// for them (<see cref="ForkTables"/>). Common random numbers are kept (same seed, replications and entity ids). A variant the
    /// checkpoint cannot carry (<see cref="CheckpointRemap.Remap"/>) is refused with <see cref="ForkRefusedException"/> before any
    /// folder is made.
    /// </summary>
    public static async Task<RunJob> ForkAsync(Scenario baseline, Scenario variant, string outDir, RunOrigin origin, string fromFolder, CheckpointLog fromLog, CheckpointEntry at,
        RunCheckpoint checkpoint, CheckpointPlan? checkpoints, CancellationToken cancellationToken = default)
    {
        var from = new SimulationWorld(baseline);
        var to = new SimulationWorld(variant);
        var remap = CheckpointRemap.Needed(from, to);
        if (remap) checkpoint = CheckpointRemap.Remap(from, to, checkpoint);
        var mark = at.Tables.ToMark(fromFolder);
        // The fork's folder begins as the other run's tables up to the checkpoint (rewritten for the variant's agreements when they differ).
        var work = RunWriter.IncompleteFolder(outDir);
        if (RunWriter.FolderTaken(outDir, resumable: true) is { } taken) throw new IOException(taken);
        Directory.CreateDirectory(work);
        try
        {
            if (remap) mark = await ForkTables.WriteAsync(from, to, at.Tick, fromFolder, mark, fromLog.OutputFormat, work, cancellationToken);
            else
            {
                var names = RunWriter.TableNames(fromLog.OutputFormat);
                for (var t = 0; t < names.Length; t++) await ForkTables.CopyPrefixAsync(Path.Combine(fromFolder, names[t]), Path.Combine(work, names[t]), mark.Lengths[t] - mark.Footers[t].Length, cancellationToken);
            }
            // RunWriter.ReopenAsync writes each Parquet footer of the mark back after the bytes before it.
        }
        catch
        {
            Directory.Delete(work, true);
            throw;
        }
        return new RunJob(variant, outDir, origin, fromLog.OutputFormat, null, checkpoints)
        {
            _fork = new RunFork(Path.GetFullPath(fromFolder), at.Tick, variant.Run.Start.AddMonths(at.Tick).ToString()),
            _restart = new Restart(at.Tick, mark, checkpoint with { ScenarioHash = RunCheckpoint.HashOf(variant) }),
            _forkWork = work,
            ForkRemapped = remap,
        };
    }

    /// <summary>A store id from a folder name: letters, digits, '-' and '_', and a random suffix so that runs never share checkpoints.</summary>
    private static string StoreId(string folderName)
    {
        var safe = new string(folderName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        if (safe.Length > 100) safe = safe[..100];
        return (safe.Length == 0 ? "run" : safe) + "-" + Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>
    /// Runs (or, when called again after a failure, goes on with) the run on <paramref name="engine"/> into its folder, and returns
    /// the published folder and the headline results.
    /// </summary>
    /// <param name="onMonth">Called after each month is written (months already written before a restart are not repeated).</param>
    /// <param name="onStart">Called once the engine has started the run, with the tables' columns and the months already done.</param>
    public async Task<(string Folder, Headline Headline)> RunAsync(ISimulationEngine engine, Action<MonthDone, MonthRows>? onMonth = null,
        Action<RunHeaders, int>? onStart = null, CancellationToken cancellationToken = default)
    {
        var from = _restart.Tick;
        // The checkpoints carry the scenario's hash: computed while the engine starts and the first months run.
        if (_checkpoints is not null) RunCheckpoint.PrepareHash(_scenario);
        var checkpoint = _restart.Checkpoint ?? (from > 0 ? await LoadAsync(from, cancellationToken) : null);
        await using var run = checkpoint is null ? await engine.StartAsync(_scenario, cancellationToken) : await engine.ResumeAsync(_scenario, checkpoint, cancellationToken);
        if (run.MonthsDone != from) throw new InvalidOperationException($"the engine resumed after {run.MonthsDone} months, expected {from}");
        await OpenWriterAsync(run.Headers, from, cancellationToken);
        onStart?.Invoke(run.Headers, from);
        // A month's rows are written (and reported) while the engine steps the next month: writing is one thread's work,
        // and the step and aggregation rarely keep every core busy. Months are still written one at a time and in order;
        // a checkpoint, the end and a failure wait for the month being written.
        var writing = Task.CompletedTask;
        try
        {
            for (var m = from; m < run.Months; m++)
            {
                var rows = await run.AdvanceAsync(cancellationToken);
                Calls += run.CallsLastMonth;
                await writing;
                var month = new MonthDone(_label, m + 1, run.Months, _scenario.Run.Start.AddMonths(m));
                writing = Task.Run(() => WriteMonthAsync(rows, month, onMonth, cancellationToken), CancellationToken.None);
                var done = m + 1;
                if (_checkpoints is { } plan && done % plan.Every == 0 && done < run.Months)
                {
                    await writing;
                    await CheckpointAsync(run, plan, done, cancellationToken);
                }
            }
            await writing;
            await FinishSavingAsync();
        }
        catch
        {
            // Nothing may still write to the tables when the run is retried from a checkpoint (which cuts them back) or given up.
            try { await writing; }
            catch (Exception e) when (e is not OutOfMemoryException) { /* the failure that ended the loop is the one reported */ }
            // A failure or an interruption while the last checkpoint is being saved: the save is let finish, so that the
            // run goes on (or is resumed) from that checkpoint; a failure of the save itself is the lesser news.
            if (_saving is { } saving)
            {
                _saving = null;
                try { await saving; }
                catch (Exception e) when (e is not OutOfMemoryException) { /* the checkpoint is not listed; the run's own failure is reported */ }
            }
            throw;
        }
        var headline = await run.FinishAsync(cancellationToken);
        await CompleteAsync(engine, cancellationToken);
        return (_writer!.FinalDirectory, headline);
    }

    private async Task WriteMonthAsync(MonthRows rows, MonthDone month, Action<MonthDone, MonthRows>? onMonth, CancellationToken cancellationToken)
    {
        await _writer!.WriteAsync(rows, cancellationToken);
        onMonth?.Invoke(month, rows);
    }

    private async Task<RunCheckpoint> LoadAsync(int tick, CancellationToken cancellationToken)
    {
        var plan = _checkpoints ?? throw new InvalidOperationException("no checkpoints to go on from");
        var payload = await plan.Store.LoadAsync(RunId, tick, cancellationToken)
                      ?? throw new InvalidDataException($"checkpoint after month {tick} of run {RunId} is not in {plan.Store.Description}");
        return RunCheckpoint.FromBytes(payload);
    }

    private async Task OpenWriterAsync(RunHeaders headers, int from, CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            // Called again after a failure: drop the rows written since the point the run goes on from.
            await _writer.RollBackAsync(_restart.Tables!, cancellationToken);
            return;
        }
        if (_resumeFolder is not null)
        {
            _writer = await RunWriter.ReopenAsync(_resumeFolder, _outDir, headers, _format, _restart.Tables!, cancellationToken);
            _log!.Save(_writer.WorkDirectory);
            return;
        }
        _writer = _forkWork is not null
            ? await RunWriter.ReopenAsync(_forkWork, _outDir, headers, _format, _restart.Tables!, cancellationToken)
            : await RunWriter.BeginAsync(_outDir, headers, _format, cancellationToken, resumable: _checkpoints is not null);
        var marked = await _writer.MarkAsync(cancellationToken);
        _restart = _restart with { Tables = marked };
        if (_checkpoints is not { } plan) return;
        _log = new CheckpointLog
        {
            RunId = RunId,
            Store = plan.StoreName,
            Every = plan.Every,
            ScenarioFile = Path.GetFullPath(_origin.ScenarioPath),
            ScenarioPath = _origin.ScenarioPath,
            ScenarioFileHash = _origin.ScenarioHash,
            Variant = _scenario.Variant,
            VariantNames = _scenario.VariantNames,
            VariantDescriptions = _scenario.VariantDescriptions,
            Start = _scenario.Run.Start.ToString(),
            Months = _scenario.Run.Months,
            Seed = _scenario.Run.Seed,
            Replications = _scenario.Run.Replications,
            TableFormat = _format == OutputFormat.Parquet ? "parquet" : "csv",
            Command = _origin.Command,
            StartedUtc = _started.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            TablesAtStart = TableState.Of(marked, _writer.WorkDirectory, 0),
            ForkedFrom = _fork,
        };
        if (from > 0 && _restart.Checkpoint is { } fork)
        {
            // A fork's first checkpoint is the one it starts from, so that it can be resumed before its next one.
            await plan.Store.SavePartsAsync(RunId, from, fork.ToParts(), cancellationToken);
            _log.Checkpoints.Add(new CheckpointEntry(from, _log.MonthBefore(from), TableState.Of(marked, _writer.WorkDirectory, from)));
            _restart = new Restart(from, marked, null);
        }
        _log.Save(_writer.WorkDirectory);
    }

    /// <summary>
    /// Takes checkpoint <paramref name="done"/> at the month barrier: the engine's state is captured and the tables are made whole
    /// (all that must happen before the next month), then the blob is saved and listed in checkpoints.json on the thread pool
    /// while the next months run (<see cref="_saving"/>). The save before it is finished first, so entries are listed in order.
    /// </summary>
    private async Task CheckpointAsync(ISimulationRun run, CheckpointPlan plan, int done, CancellationToken cancellationToken)
    {
        await FinishSavingAsync();
        var clock = Stopwatch.StartNew();
        var checkpoint = await run.CaptureAsync(cancellationToken);
        var tables = await _writer!.MarkAsync(cancellationToken);
        var held = clock.Elapsed;
        CheckpointTime += held;
        // Not cancelled with the run: an interrupted run keeps the checkpoint it has taken (RunAsync waits for the save).
        _saving = Task.Run(() => SaveAsync(plan, done, checkpoint, tables, held), CancellationToken.None);
    }

    /// <summary>Saves a captured checkpoint, then lists it: every entry of the log has been saved and can be resumed from.</summary>
    private async Task SaveAsync(CheckpointPlan plan, int done, RunCheckpoint checkpoint, TableMark tables, TimeSpan held)
    {
        await plan.Store.SavePartsAsync(RunId, done, checkpoint.ToParts());
        _log!.Checkpoints.Add(new CheckpointEntry(done, _log.MonthBefore(done), TableState.Of(tables, _writer!.WorkDirectory, done)));
        _restart = new Restart(done, tables, null);
        _log.CheckpointSeconds = Math.Round(_log.CheckpointSeconds + held.TotalSeconds, 3);
        _log.Save(_writer.WorkDirectory);
    }

    /// <summary>Waits for the save of the last checkpoint (if it is still under way) and passes on its failure; the wait counts as checkpoint time.</summary>
    private async Task FinishSavingAsync()
    {
        if (_saving is not { } saving) return;
        _saving = null;
        var clock = Stopwatch.StartNew();
        await saving;
        CheckpointTime += clock.Elapsed;
        _log!.CheckpointSeconds = Math.Round(_log.CheckpointSeconds + clock.Elapsed.TotalSeconds, 3);
    }

    private async Task CompleteAsync(ISimulationEngine engine, CancellationToken cancellationToken)
    {
        var extra = new List<string>();
        RunCheckpoints? recorded = null;
        if (_checkpoints is { } plan && _log is { } log)
        {
            if (plan.Keep)
            {
                extra.Add(CheckpointLog.FileName);
                if (plan.StoreName == CheckpointPlan.FolderStoreName) extra.Add(CheckpointPlan.FolderName + "/");
                if (Directory.Exists(Path.Combine(_writer!.WorkDirectory, TableState.FootersFolder))) extra.Add(TableState.FootersFolder + "/");
            }
            else
            {
                await plan.Store.DeleteAsync(RunId, cancellationToken);
                File.Delete(Path.Combine(_writer!.WorkDirectory, CheckpointLog.FileName));
                if (Directory.Exists(Path.Combine(_writer.WorkDirectory, TableState.FootersFolder))) Directory.Delete(Path.Combine(_writer.WorkDirectory, TableState.FootersFolder), true);
                var folder = Path.Combine(_writer.WorkDirectory, CheckpointPlan.FolderName);
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
            }
            recorded = new RunCheckpoints(plan.Every, plan.Keep ? plan.StoreName : "removed at the end of the run", log.Checkpoints.Select(c => c.Month).ToList(), log.CheckpointSeconds);
        }
        var manifest = (IReadOnlyList<string> files) => RunFolders.Manifest(_origin, _scenario, engine, _started, _origin.Elapsed?.Invoke() ?? _clock.Elapsed, files) with
        {
            Checkpoints = recorded,
            Resumed = _log is { Resumed.Count: > 0 } ? _log.Resumed : null,
            ForkedFrom = _fork,
        };
        await _writer!.CompleteAsync(manifest, extra);
    }

    /// <summary>
    /// Ends the job. A run that did not finish leaves no folder behind, except a kept checkpointed run, whose incomplete folder
    /// stays for <c>kerjasama run --resume</c> (see <see cref="KeptFolder"/>); checkpoints kept only for recovery are removed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_writer is null)
        {
            if (_forkWork is not null && Directory.Exists(_forkWork)) Directory.Delete(_forkWork, true);
            return;
        }
        var finished = !Directory.Exists(_writer.WorkDirectory);
        if (_checkpoints is { Keep: true }) _writer.Keep();
        _writer.Dispose();
        if (!finished && _checkpoints is { Keep: false } plan)
        {
            try { await plan.Store.DeleteAsync(RunId).WaitAsync(TimeSpan.FromSeconds(10)); }
            catch (Exception e) when (e is not OutOfMemoryException) { /* the store is away (Redis down, folder gone): the run's failure is what the caller reports */ }
        }
    }

    /// <summary>The incomplete folder an interrupted run left to be resumed, or null (nothing left, or the run finished).</summary>
    public string? KeptFolder => _checkpoints is { Keep: true } && _writer is not null && Directory.Exists(_writer.WorkDirectory) ? _writer.WorkDirectory : null;
}
