using System.Globalization;
using System.Threading.Channels;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Web.Library;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KerjasamaGraph.Web.Runs;

public enum JobState { Queued, Running, Completed, Failed, Cancelled }

/// <summary>What to run: one scenario (with at most one variant), or a comparison of the baseline with variants.</summary>
/// <param name="Variants">For a run: empty (baseline) or one variant; for a comparison: the variants to compare with the baseline.</param>
public sealed record JobRequest(string Scenario, bool Compare, IReadOnlyList<string> Variants, int? Replications = null, ulong? Seed = null, int? Months = null);

/// <summary>A run or comparison submitted to the queue. Its id is the name of the folder it writes.</summary>
public sealed class Job
{
    private readonly Lock _lock = new();
    internal CancellationTokenSource Cancellation { get; } = new();

    public required string Id { get; init; }
    public required JobRequest Request { get; init; }
    public required ScenarioEntry Scenario { get; init; }
    public required string ScenarioName { get; init; }
    /// <summary>The runs in order: "baseline" and variant names for a comparison; the run's own label otherwise.</summary>
    public required IReadOnlyList<string> Runs { get; init; }
    public required int MonthsPerRun { get; init; }
    public required int Replications { get; init; }
    public required ulong Seed { get; init; }
    public required string Command { get; init; }
    public DateTime SubmittedUtc { get; } = DateTime.UtcNow;

    public JobState State { get; private set; } = JobState.Queued;
    public DateTime? StartedUtc { get; private set; }
    public DateTime? FinishedUtc { get; private set; }
    public int MonthsDone { get; private set; }
    public int MonthsTotal => MonthsPerRun * Runs.Count;
    public string? CurrentRun { get; private set; }
    public string? CurrentMonth { get; private set; }
    public string? Error { get; private set; }
    /// <summary>Position in the queue (1 = next), 0 when not queued.</summary>
    public int QueuePosition { get; internal set; }

    public bool IsFinished => State is JobState.Completed or JobState.Failed or JobState.Cancelled;
    public double Fraction => MonthsTotal == 0 ? 0 : (double)MonthsDone / MonthsTotal;

    /// <summary>Estimated time left from the pace so far (null until a month is done).</summary>
    public TimeSpan? TimeLeft
    {
        get
        {
            if (State != JobState.Running || StartedUtc is null || MonthsDone == 0) return null;
            var elapsed = DateTime.UtcNow - StartedUtc.Value;
            return TimeSpan.FromSeconds(elapsed.TotalSeconds / MonthsDone * (MonthsTotal - MonthsDone));
        }
    }

    /// <summary>Raised after every change of state or progress (from the worker's thread).</summary>
    public event Action<Job>? Changed;

    internal void Update(Action change)
    {
        lock (_lock) change();
        Changed?.Invoke(this);
    }

    internal void MarkRunning() => Update(() => { State = JobState.Running; StartedUtc = DateTime.UtcNow; QueuePosition = 0; });
    internal void MarkMonth(MonthDone done) => Update(() => { MonthsDone++; CurrentRun = done.Run; CurrentMonth = done.Date.ToString(); });
    internal void MarkRunStart(string run) => Update(() => CurrentRun = run);
    internal void Finish(JobState state, string? error = null) => Update(() => { State = state; Error = error; FinishedUtc = DateTime.UtcNow; QueuePosition = 0; });
}

/// <summary>A request the queue refuses: bad input (400) or a full queue (503).</summary>
public sealed class JobRejectedException(IReadOnlyList<string> errors, bool queueFull = false) : Exception(string.Join("\n", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
    public bool QueueFull { get; } = queueFull;
}

/// <summary>
/// Runs and comparisons submitted from the app or the API: at most <see cref="WebOptions.MaxConcurrentRuns"/> at once,
/// the rest wait in a first-come queue (state "queued", with their position). Each job writes a run or comparison folder
/// through <see cref="RunFolders"/> / <see cref="ComparisonFolders"/>, exactly as `kerjasama run` and `compare` do, and
/// records the command that reproduces it.
/// </summary>
public sealed class JobQueue(ScenarioLibrary library, RunStore store, ISimulationEngine engine, IOptions<WebOptions> options, ILogger<JobQueue> log,
    IServiceProvider services)
    : BackgroundService
{
    private readonly WebOptions _options = options.Value;
    private readonly Channel<Job> _channel = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Raised when a job is added or changes (for lists that show every job).</summary>
    public event Action<Job>? JobChanged;

    public IReadOnlyList<Job> Jobs
    {
        get { lock (_lock) return _jobs.Values.OrderByDescending(j => j.SubmittedUtc).ToList(); }
    }

    public Job? Find(string? id)
    {
        if (id is null) return null;
        lock (_lock) return _jobs.GetValueOrDefault(id);
    }

    /// <summary>Checks the request (scenario, variants, ranges), reserves the output folder's name and queues the job.</summary>
    public Job Submit(JobRequest request)
    {
        var entry = library.Find(request.Scenario) ?? throw new JobRejectedException([$"scenario '{request.Scenario}' not found"]);
        var errors = new List<string>();
        if (request.Replications is < 1 || request.Replications > _options.MaxReplications) errors.Add($"replications: {request.Replications} is out of range (1 to {_options.MaxReplications})");
        if (request.Months is < 1 || request.Months > _options.MaxMonths) errors.Add($"months: {request.Months} is out of range (1 to {_options.MaxMonths})");
        if (!request.Compare && request.Variants.Count > 1) errors.Add("a run applies at most one variant; compare several with a comparison");
        if (request.Compare && request.Variants.Count == 0) errors.Add("a comparison needs at least one variant");
        if (request.Variants.Distinct(StringComparer.Ordinal).Count() != request.Variants.Count) errors.Add("variants: each variant once");
        if (errors.Count > 0) throw new JobRejectedException(errors);

        var baseline = Load(entry, request.Compare ? null : request.Variants.FirstOrDefault(), request);
        var variants = request.Compare ? request.Variants.Select(v => Load(entry, v, request) with { Run = baseline.Run }).ToList() : [];
        var runs = request.Compare ? variants.Select(v => v.Variant!).Prepend("baseline").ToList() : [baseline.Variant ?? baseline.Name];

        lock (_lock)
        {
            var queued = _jobs.Values.Count(j => j.State == JobState.Queued);
            if (queued >= _options.MaxQueuedRuns)
            {
                throw new JobRejectedException([$"the queue is full ({queued} jobs waiting); try again when some have finished"], queueFull: true);
            }
            var stem = Path.GetFileNameWithoutExtension(entry.FileName) + (request.Compare ? "-compare" : baseline.Variant is null ? "" : "-" + baseline.Variant);
            var id = FreeName(stem);
            var job = new Job
            {
                Id = id, Request = request, Scenario = entry, ScenarioName = baseline.Name, Runs = runs, MonthsPerRun = baseline.Run.Months,
                Replications = baseline.Run.Replications, Seed = baseline.Run.Seed, Command = Command(entry, request, baseline),
            };
            job.Changed += j => JobChanged?.Invoke(j);
            _jobs[id] = job;
            Renumber();
            _plans[id] = (baseline, variants);
            _channel.Writer.TryWrite(job);
            log.LogInformation("queued {Job}: {Command}", id, job.Command);
            JobChanged?.Invoke(job);
            return job;
        }
    }

    private readonly Dictionary<string, (Scenario Baseline, List<Scenario> Variants)> _plans = new(StringComparer.Ordinal);

    /// <summary>Cancels a queued or running job; true when it was still unfinished.</summary>
    public bool Cancel(string id)
    {
        var job = Find(id);
        if (job is null || job.IsFinished) return false;
        job.Cancellation.Cancel();
        if (job.State == JobState.Queued)
        {
            job.Finish(JobState.Cancelled);
            lock (_lock) Renumber();
        }
        return true;
    }

    private Scenario Load(ScenarioEntry entry, string? variant, JobRequest request)
    {
        var result = library.LoadVariant(entry, variant);
        if (!result.Ok) throw new JobRejectedException(result.Errors.Select(e => e.ToString()).ToList());
        var s = result.Scenario!;
        return s with
        {
            Run = s.Run with
            {
                Replications = request.Replications ?? s.Run.Replications,
                Seed = request.Seed ?? s.Run.Seed,
                Months = request.Months ?? s.Run.Months,
            },
        };
    }

    /// <summary>The command line that gives the same folder (recorded in the manifest and shown in briefs).</summary>
    private static string Command(ScenarioEntry entry, JobRequest request, Scenario baseline)
    {
        var parts = new List<string> { "kerjasama", request.Compare ? "compare" : "run", Quote(entry.DisplayPath) };
        if (request.Compare) parts.AddRange(["--variants", string.Join(',', request.Variants)]);
        else if (request.Variants.Count == 1) parts.AddRange(["--variant", request.Variants[0]]);
        parts.AddRange([
            "--replications", baseline.Run.Replications.ToString(CultureInfo.InvariantCulture),
            "--seed", baseline.Run.Seed.ToString(CultureInfo.InvariantCulture),
            "--months", baseline.Run.Months.ToString(CultureInfo.InvariantCulture),
        ]);
        return string.Join(' ', parts);
    }

    private static string Quote(string s) => s.Any(char.IsWhiteSpace) ? $"\"{s}\"" : s;

    private string FreeName(string stem)
    {
        var first = Path.GetFileName(RunWriter.UniqueFolder(store.Root, stem, DateTime.UtcNow));
        var name = first;
        for (var n = 2; _jobs.ContainsKey(name) || store.Exists(name); n++) name = $"{first}-{n}";
        return name;
    }

    private void Renumber()
    {
        var position = 1;
        foreach (var job in _jobs.Values.Where(j => j.State == JobState.Queued).OrderBy(j => j.SubmittedUtc)) job.QueuePosition = position++;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.MaxConcurrentRuns)).Select(_ => Work(stoppingToken)));

    private async Task Work(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _channel.Reader.ReadAllAsync(stoppingToken))
            {
                if (job.State != JobState.Queued) continue;
                (Scenario Baseline, List<Scenario> Variants) plan;
                lock (_lock)
                {
                    plan = _plans[job.Id];
                    _plans.Remove(job.Id);
                }
                job.MarkRunning();
                lock (_lock) Renumber();
                foreach (var other in Jobs.Where(j => j.State == JobState.Queued)) JobChanged?.Invoke(other);
                await Execute(job, plan.Baseline, plan.Variants, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task Execute(Job job, Scenario baseline, List<Scenario> variants, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, stoppingToken);
        var outDir = Path.Combine(store.Root, job.Id);
        var cluster = _options.ClusterAtRunStart is { } ask ? await ask(services, linked.Token) : null;
        var origin = new RunOrigin(job.Scenario.DisplayPath, library.LoadVariant(job.Scenario, null).ContentHash, job.Command, _options.EngineConnected,
            Cluster: cluster);
        try
        {
            Directory.CreateDirectory(store.Root);
            if (job.Request.Compare)
            {
                await ComparisonFolders.WriteAsync(engine, baseline, variants, outDir, origin, job.MarkRunStart, job.MarkMonth, linked.Token);
            }
            else
            {
                await RunFolders.WriteAsync(engine, baseline, outDir, origin, (done, _) => job.MarkMonth(done), linked.Token);
            }
            job.Finish(JobState.Completed);
            log.LogInformation("finished {Job}", job.Id);
        }
        catch (OperationCanceledException)
        {
            job.Finish(JobState.Cancelled);
        }
        catch (Exception e)
        {
            log.LogError(e, "job {Job} failed", job.Id);
            job.Finish(JobState.Failed, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
