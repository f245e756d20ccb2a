using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Runs.Checkpoints;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Runs;

/// <summary>
/// <see cref="RunJob"/>: a checkpointed run writes the same tables as a plain one; called again after a failure mid-run
/// (what a silo's death looks like to it) it cuts its tables back to the last checkpoint, goes on from there on the engine
/// it is given, and ends with the bytes of an undisturbed run, as CSV and as Parquet.
/// </summary>
public sealed class RunJobTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kerjasama-runjob-" + Guid.NewGuid().ToString("N")[..8]);

    public RunJobTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static readonly Scenario Scenario = TestScenarios.Mixed(months: 30, replications: 3);
    private static RunOrigin Origin => new("mixed.yaml", "hash", "kerjasama run mixed.yaml");

    private async Task<string> Plain(OutputFormat format, string name)
    {
        var (folder, _) = await RunFolders.WriteAsync(new ReferenceEngine(), Scenario, Path.Combine(_dir, name), Origin, format: format);
        return folder;
    }

    private CheckpointPlan Plan(string outDir, int every, bool keep = true) =>
        new(every, CheckpointPlan.FolderStore(RunWriter.IncompleteFolder(outDir)), CheckpointPlan.FolderStoreName, keep);

    [Theory]
    [InlineData(OutputFormat.Csv)]
    [InlineData(OutputFormat.Parquet)]
    public async Task A_job_that_fails_mid_run_goes_on_from_its_last_checkpoint_and_ends_with_the_bytes_of_an_undisturbed_run(OutputFormat format)
    {
        // CSV tables equal those of a plain run byte for byte. Parquet tables of a checkpointed run hold the same rows (checked
        // below) but are laid out differently (the summary is one row group per checkpoint): they equal an undisturbed checkpointed run.
        string plain;
        if (format == OutputFormat.Csv) plain = await Plain(format, "plain");
        else
        {
            var undisturbed = Path.Combine(_dir, "undisturbed");
            await using var reference = new RunJob(Scenario, undisturbed, Origin, format, checkpoints: Plan(undisturbed, every: 7));
            (plain, _) = await reference.RunAsync(new ReferenceEngine());
            var csv = await Plain(OutputFormat.Csv, "plain-csv");
            foreach (var table in new[] { "regions", "agreements", "summary" })
            {
                var lines = File.ReadAllLines(Path.Combine(csv, table + ".csv"));
                var rows = await RunFormatTests.ReadParquet(Path.Combine(plain, table + ".parquet"), lines[0].Split(','));
                Assert.Equal(lines.Skip(1), rows.Select(r => string.Join(',', r)));
            }
        }
        var outDir = Path.Combine(_dir, "recovered");
        await using var job = new RunJob(Scenario, outDir, Origin, format, checkpoints: Plan(outDir, every: 7));
        var failing = new FailingEngine(new ReferenceEngine(), failAfterMonth: 17);
        await Assert.ThrowsAsync<IOException>(() => job.RunAsync(failing));
        Assert.Equal(14, job.RestartTick);
        var months = new List<int>();
        var (folder, _) = await job.RunAsync(new ReferenceEngine(shards: 3), (done, _) => months.Add(done.Month));
        Assert.Equal(Enumerable.Range(15, 16), months);
        foreach (var table in RunWriter.TableNames(format)) Assert.Equal(File.ReadAllBytes(Path.Combine(plain, table)), File.ReadAllBytes(Path.Combine(folder, table)));
        var log = CheckpointLog.Read(folder);
        Assert.Equal([7, 14, 21, 28], log.Checkpoints.Select(c => c.Tick));
        Assert.Equal(["2023-07", "2024-02", "2024-09", "2025-04"], log.Checkpoints.Select(c => c.Month));
    }

    [Fact]
    public async Task A_job_that_fails_before_its_first_checkpoint_starts_again_from_month_one()
    {
        var plain = await Plain(OutputFormat.Csv, "plain");
        var outDir = Path.Combine(_dir, "again");
        await using var job = new RunJob(Scenario, outDir, Origin, checkpoints: Plan(outDir, every: 12, keep: false));
        await Assert.ThrowsAsync<IOException>(() => job.RunAsync(new FailingEngine(new ReferenceEngine(), failAfterMonth: 5)));
        Assert.Equal(0, job.RestartTick);
        var (folder, _) = await job.RunAsync(new ReferenceEngine());
        foreach (var table in RunWriter.TableNames(OutputFormat.Csv)) Assert.Equal(File.ReadAllBytes(Path.Combine(plain, table)), File.ReadAllBytes(Path.Combine(folder, table)));
        // Checkpoints kept for recovery only are gone with the run's end; the manifest says how many were taken.
        Assert.False(File.Exists(Path.Combine(folder, CheckpointLog.FileName)));
        Assert.False(Directory.Exists(Path.Combine(folder, CheckpointPlan.FolderName)));
        var manifest = File.ReadAllText(Path.Combine(folder, RunWriter.ManifestFile));
        Assert.Contains("\"removed at the end of the run\"", manifest);
    }

    [Fact]
    public async Task An_interrupted_kept_job_leaves_its_incomplete_folder_and_a_plain_one_leaves_nothing()
    {
        var kept = Path.Combine(_dir, "kept");
        await using (var job = new RunJob(Scenario, kept, Origin, checkpoints: Plan(kept, every: 6)))
        {
            await Assert.ThrowsAsync<IOException>(() => job.RunAsync(new FailingEngine(new ReferenceEngine(), failAfterMonth: 20)));
        }
        var work = RunWriter.IncompleteFolder(kept);
        Assert.False(Directory.Exists(kept));
        Assert.Equal([6, 12, 18], CheckpointLog.Read(work).Checkpoints.Select(c => c.Tick));

        var plain = Path.Combine(_dir, "plain-failed");
        await using (var job = new RunJob(Scenario, plain, Origin))
        {
            await Assert.ThrowsAsync<IOException>(() => job.RunAsync(new FailingEngine(new ReferenceEngine(), failAfterMonth: 20)));
        }
        Assert.Equal(["kept"], Directory.GetDirectories(_dir).Select(d => Path.GetFileName(d)!.Split('.')[1]).Order());
    }

    [Fact]
    public async Task A_checkpoint_is_saved_while_the_next_months_run_and_listed_only_once_saved()
    {
        var plain = await Plain(OutputFormat.Csv, "plain");
        var outDir = Path.Combine(_dir, "overlapped");
        var store = new GatedStore(CheckpointPlan.FolderStore(RunWriter.IncompleteFolder(outDir)), gatedTick: 6);
        await using var job = new RunJob(Scenario, outDir, Origin, checkpoints: new CheckpointPlan(6, store, CheckpointPlan.FolderStoreName, Keep: true));
        var checkedAt = 0;
        var (folder, _) = await job.RunAsync(new ReferenceEngine(), (done, _) =>
        {
            if (done.Month != 9) return;
            try
            {
                // Three months after the checkpoint was taken its save is still held: the run went on, and the log does not list it.
                Assert.True(store.Entered.Task.Wait(TimeSpan.FromSeconds(60)), "the save of month 6 began");
                Assert.Empty(CheckpointLog.Read(RunWriter.IncompleteFolder(outDir)).Checkpoints);
                Assert.Empty(store.TicksAsync(job.RunId).Result);
                checkedAt = done.Month;
            }
            finally
            {
                store.Release.SetResult();
            }
        });
        Assert.Equal(9, checkedAt);
        foreach (var table in RunWriter.TableNames(OutputFormat.Csv)) Assert.Equal(File.ReadAllBytes(Path.Combine(plain, table)), File.ReadAllBytes(Path.Combine(folder, table)));
        Assert.Equal([6, 12, 18, 24], CheckpointLog.Read(folder).Checkpoints.Select(c => c.Tick));
    }

    [Fact]
    public async Task A_failure_while_a_checkpoint_is_being_saved_lets_the_save_finish_and_goes_on_from_it()
    {
        var plain = await Plain(OutputFormat.Csv, "plain");
        var outDir = Path.Combine(_dir, "failed-while-saving");
        var store = new GatedStore(CheckpointPlan.FolderStore(RunWriter.IncompleteFolder(outDir)), gatedTick: 12);
        await using var job = new RunJob(Scenario, outDir, Origin, checkpoints: new CheckpointPlan(6, store, CheckpointPlan.FolderStoreName, Keep: true));
        // The save of month 12 is held until a moment after the run has failed at month 14.
        var failing = new FailingEngine(new ReferenceEngine(), failAfterMonth: 14);
        var e = await Assert.ThrowsAsync<IOException>(() => job.RunAsync(failing, (done, _) =>
        {
            if (done.Month == 14) Task.Delay(200).ContinueWith(_ => store.Release.SetResult(), TaskScheduler.Default);
        }));
        Assert.Equal("the silo died", e.Message);
        Assert.Equal(12, job.RestartTick);
        Assert.Equal([6, 12], CheckpointLog.Read(RunWriter.IncompleteFolder(outDir)).Checkpoints.Select(c => c.Tick));
        var (folder, _) = await job.RunAsync(new ReferenceEngine());
        foreach (var table in RunWriter.TableNames(OutputFormat.Csv)) Assert.Equal(File.ReadAllBytes(Path.Combine(plain, table)), File.ReadAllBytes(Path.Combine(folder, table)));
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_saved_fails_the_run_and_is_never_listed()
    {
        var kept = Path.Combine(_dir, "unsaved");
        var store = new GatedStore(CheckpointPlan.FolderStore(RunWriter.IncompleteFolder(kept)), gatedTick: 12, fail: true);
        await using (var job = new RunJob(Scenario, kept, Origin, checkpoints: new CheckpointPlan(6, store, CheckpointPlan.FolderStoreName, Keep: true)))
        {
            store.Release.SetResult();
            var e = await Assert.ThrowsAsync<IOException>(() => job.RunAsync(new ReferenceEngine()));
            Assert.Equal("disk full", e.Message);
            Assert.Equal(6, job.RestartTick);
        }
        Assert.Equal([6], CheckpointLog.Read(RunWriter.IncompleteFolder(kept)).Checkpoints.Select(c => c.Tick));
        Assert.False(Directory.Exists(kept));
    }

    /// <summary>A folder store whose save of one tick waits for <see cref="Release"/> (and then fails, with <c>fail</c>).</summary>
    private sealed class GatedStore(DiskCheckpointStore inner, int gatedTick, bool fail = false) : ICheckpointStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Description => inner.Description;
        public Task SaveAsync(string run, int tick, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => SavePartsAsync(run, tick, [payload], cancellationToken);

        public async Task SavePartsAsync(string run, int tick, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default)
        {
            if (tick == gatedTick)
            {
                Entered.SetResult();
                // A test that fails before releasing the save fails with this, rather than waiting for ever.
                await Release.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                if (fail) throw new IOException("disk full");
            }
            await inner.SavePartsAsync(run, tick, parts, cancellationToken);
        }

        public Task<byte[]?> LoadAsync(string run, int tick, CancellationToken cancellationToken = default) => inner.LoadAsync(run, tick, cancellationToken);
        public Task<IReadOnlyList<int>> TicksAsync(string run, CancellationToken cancellationToken = default) => inner.TicksAsync(run, cancellationToken);
        public Task DeleteAsync(string run, CancellationToken cancellationToken = default) => inner.DeleteAsync(run, cancellationToken);
    }

    /// <summary>An engine whose runs fail after a given month, as a run does when a silo dies under it.</summary>
    private sealed class FailingEngine(ISimulationEngine inner, int failAfterMonth) : ISimulationEngine
    {
        public string Name => inner.Name;
        public int Silos => inner.Silos;
        public async Task<ISimulationRun> StartAsync(Scenario scenario, CancellationToken cancellationToken = default) => new Run(await inner.StartAsync(scenario, cancellationToken), failAfterMonth);
        public async Task<ISimulationRun> ResumeAsync(Scenario scenario, RunCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
            new Run(await inner.ResumeAsync(scenario, checkpoint, cancellationToken), failAfterMonth);

        private sealed class Run(ISimulationRun inner, int failAfterMonth) : ISimulationRun
        {
            public RunHeaders Headers => inner.Headers;
            public int Months => inner.Months;
            public int MonthsDone => inner.MonthsDone;
            public long CallsLastMonth => inner.CallsLastMonth;
            public Task<MonthRows> AdvanceAsync(CancellationToken cancellationToken = default) =>
                inner.MonthsDone == failAfterMonth ? throw new IOException("the silo died") : inner.AdvanceAsync(cancellationToken);
            public Task<Headline> FinishAsync(CancellationToken cancellationToken = default) => inner.FinishAsync(cancellationToken);
            public Task<RunCheckpoint> CaptureAsync(CancellationToken cancellationToken = default) => inner.CaptureAsync(cancellationToken);
            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
