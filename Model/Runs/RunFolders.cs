using System.Reflection;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Runs;

/// <summary>Where a run's scenario came from and how to reproduce it: recorded in every manifest.</summary>
/// <param name="ScenarioPath">The scenario file as the user named it (a run folder's brief reloads it from here).</param>
/// <param name="ScenarioHash">SHA-256 of the scenario's bytes, <c>extends</c> included.</param>
/// <param name="Command">The <c>kerjasama</c> command line that gives the same result.</param>
/// <param name="Connected">True when the engine runs on a cluster the program connected to (silos then recorded as 0).</param>
/// <param name="StartedUtc">When the work began (a command records its own start); null: when the run starts.</param>
/// <param name="Elapsed">The wall time to record (a command's clock); null: the run's own.</param>
/// <param name="Cluster">The cluster connected to and its silos when the run started (recorded in the manifest; silos then counts them).</param>
public sealed record RunOrigin(string ScenarioPath, string ScenarioHash, string Command, bool Connected = false, DateTime? StartedUtc = null,
    Func<TimeSpan>? Elapsed = null, RunCluster? Cluster = null)
{
    /// <summary>The silos to record for an engine: those of the cluster, 0 for an unknown cluster, else the engine's own.</summary>
    public int SilosOf(ISimulationEngine engine) => Cluster?.Silos.Count ?? (Connected ? 0 : engine.Silos);
}

/// <summary>One month of one run done, for progress displays.</summary>
/// <param name="Run">"baseline", a variant name, or the scenario's name for a single run.</param>
/// <param name="Month">Months done in this run (1-based).</param>
/// <param name="Months">Months in this run.</param>
/// <param name="Date">The calendar month just simulated.</param>
public readonly record struct MonthDone(string Run, int Month, int Months, YearMonth Date);

/// <summary>
/// Runs a scenario on an engine into a new run folder (regions.csv, agreements.csv, summary.csv, manifest.json),
/// month by month with a callback per month and cancellation. The one implementation behind `kerjasama run`,
/// `kerjasama compare` and the web app, so all of them write the same folders.
/// </summary>
public static class RunFolders
{
    /// <summary>The program version recorded in manifests (the informational version of the build).</summary>
    public static string ProgramVersion() =>
        typeof(RunFolders).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(RunFolders).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>
    /// Simulates <paramref name="scenario"/> into the new folder <paramref name="outDir"/> (which must not exist). A failed or
    /// cancelled run leaves no folder behind (<see cref="RunWriter"/> writes to a hidden folder and renames it when complete).
    /// </summary>
    /// <param name="onMonth">Called after each month is written, with the month's rows (for progress and for comparisons).</param>
    /// <param name="onStart">Called once the engine has started the run, with the tables' columns.</param>
    public static async Task<(string Folder, Headline Headline)> WriteAsync(ISimulationEngine engine, Scenario scenario, string outDir, RunOrigin origin,
        Action<MonthDone, MonthRows>? onMonth = null, CancellationToken cancellationToken = default, string? label = null, Action<RunHeaders>? onStart = null,
        OutputFormat format = OutputFormat.Csv)
    {
        await using var job = new RunJob(scenario, outDir, origin, format, label);
        return await job.RunAsync(engine, onMonth, onStart is null ? null : (headers, _) => onStart(headers), cancellationToken);
    }

    /// <summary>The manifest of a run folder.</summary>
    public static RunManifest Manifest(RunOrigin origin, Scenario scenario, ISimulationEngine engine, DateTime startedUtc, TimeSpan elapsed,
        IReadOnlyList<string> files) => new()
    {
        ScenarioPath = origin.ScenarioPath,
        ScenarioName = scenario.Name,
        ScenarioHash = origin.ScenarioHash,
        Variant = scenario.Variant,
        Start = scenario.Run.Start.ToString(),
        Months = scenario.Run.Months,
        Seed = scenario.Run.Seed,
        Replications = scenario.Run.Replications,
        Engine = engine.Name,
        Silos = origin.SilosOf(engine),
        Cluster = origin.Cluster,
        ProgramVersion = ProgramVersion(),
        Command = origin.Command,
        StartedUtc = startedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        WallTimeSeconds = Math.Round(elapsed.TotalSeconds, 3),
        Files = files,
    };
}
