namespace KerjasamaGraph.Web;

/// <summary>Where the web app finds scenarios and keeps runs, and how it is protected. Bound from the
/// <c>Kerjasama:Web</c> configuration section (environment: <c>KERJASAMA__WEB__TOKEN</c> …) and the serve options.</summary>
public sealed class WebOptions
{
    public const string Section = "Kerjasama:Web";

    /// <summary>The shipped scenario library (read only).</summary>
    public string ScenariosDirectory { get; set; } = "scenarios";

    /// <summary>Run and comparison folders, the same place `kerjasama run` writes to by default.</summary>
    public string RunsDirectory { get; set; } = "runs";

    /// <summary>Uploaded scenarios and what-ifs saved from the app, one folder each.</summary>
    public string UploadsDirectory { get; set; } = "uploads";

    /// <summary>Access token; required on every request when set (always set when bound to a non-loopback address).</summary>
    public string? Token { get; set; }

    /// <summary>Largest scenario upload or validation request, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 1024 * 1024;

    /// <summary>Runs and comparisons that execute at the same time; the others wait in the queue.</summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>Jobs that may wait in the queue; beyond this a new job is refused (HTTP 503) rather than piling up.</summary>
    public int MaxQueuedRuns { get; set; } = 32;

    /// <summary>Most replications one job may ask for (they run as lanes in one engine run).</summary>
    public int MaxReplications { get; set; } = 1000;

    /// <summary>Most months one job may ask for.</summary>
    public int MaxMonths { get; set; } = 1200;

    /// <summary>Set by the host when the engine runs on a cluster (not a silo of this process alone).</summary>
    public bool EngineConnected { get; set; }

    /// <summary>
    /// Set by a host whose engine runs on a cluster: the cluster and its active silos, asked as each run starts, so the
    /// run's manifest records them as a command-line run's does (<c>cluster</c>, and <c>silos</c> counting them).
    /// </summary>
    public Func<IServiceProvider, CancellationToken, Task<Model.Outputs.RunCluster>>? ClusterAtRunStart { get; set; }
}
