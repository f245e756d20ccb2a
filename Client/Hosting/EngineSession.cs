using KerjasamaGraph.Client.Commands;
using KerjasamaGraph.Grains.Engine;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>An engine together with whatever hosts it (embedded silos, or a connection to running ones).</summary>
public sealed class EngineSession : IAsyncDisposable
{
    private readonly IAsyncDisposable? _host;
    private readonly RemoteCluster? _remote;

    private EngineSession(ISimulationEngine engine, IAsyncDisposable? host, RemoteCluster? remote = null, RunCluster? cluster = null)
    {
        Engine = engine;
        _host = host;
        _remote = remote;
        Cluster = cluster;
    }

    public ISimulationEngine Engine { get; }

    /// <summary>The cluster connected to (<c>--connect</c>) and its silos at the start, for manifests; null for embedded silos.</summary>
    public RunCluster? Cluster { get; }

    /// <summary>Where the embedded silos export their metrics (<c>--otlp</c>), or null.</summary>
    public KerjasamaGraph.Cluster.Telemetry.OtlpTarget? Metrics { get; private init; }

    /// <summary>Starts the engine a simulating command's options ask for, embedded silos exporting metrics as <see cref="EmbeddedTelemetry"/> says.</summary>
    public static Task<EngineSession> StartAsync(SimulationSettings settings, CancellationToken cancellationToken = default) =>
        StartAsync(settings.Engine, settings.Silos, settings.Connect, cancellationToken, EmbeddedTelemetry.From(settings));

    /// <summary>
    /// Starts the engine the options ask for: reference, Orleans on N embedded silos, or Orleans on a running cluster.
    /// <paramref name="telemetry"/>: the embedded silos' metrics configuration (<see cref="KerjasamaGraph.Cluster.Telemetry"/>; null: none).
    /// </summary>
    public static async Task<EngineSession> StartAsync(string engine, int silos, string? connect, CancellationToken cancellationToken = default,
        Microsoft.Extensions.Configuration.IConfiguration? telemetry = null)
    {
        switch (engine)
        {
            case "reference":
                if (connect is not null) throw new InputException("--connect needs --engine orleans");
                return new EngineSession(new ReferenceEngine(), null);
            case "orleans":
                if (connect is not null)
                {
                    var remote = await RemoteCluster.ConnectAsync(connect, cancellationToken);
                    try
                    {
                        var active = await remote.ActiveSilosAsync(cancellationToken);
                        return new EngineSession(new OrleansEngine(remote.Client, active.Count), remote, remote, new RunCluster(connect, active));
                    }
                    catch
                    {
                        await remote.DisposeAsync();
                        throw;
                    }
                }
                if (silos is < 1 or > 16) throw new InputException($"--silos: {silos} is out of range (1 to 16)");
                var cluster = await EmbeddedCluster.StartAsync(silos, telemetry, cancellationToken);
                return new EngineSession(new OrleansEngine(cluster.Client, silos), cluster)
                {
                    Metrics = telemetry is null ? null : KerjasamaGraph.Cluster.Telemetry.Target(telemetry),
                };
            default:
                throw new InputException($"--engine: unknown engine '{engine}' (orleans or reference)");
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (one run: of `run`, of a sweep or of a comparison) and, when a silo of the connected
    /// cluster dies under it, calls it again on the survivors (a checkpointed <c>RunJob</c> then goes on from its last checkpoint) (at most <paramref name="attempts"/> times in all; the
    /// run is deterministic, so the result is the same). While the work runs, the cluster's membership is watched: a
    /// silo declared dead cancels the work at once (a call in flight on that silo would otherwise wait for the response
    /// timeout). A failure with the membership unchanged is the work's own and surfaces at once.
    /// </summary>
    /// <param name="run">The run's name, for the manifest's record of the recovery.</param>
    /// <param name="monthsDone">How far the work has come, read when it fails (null: not known).</param>
    /// <param name="restoredFrom">Where the work goes on from when called again (months done at its last checkpoint; null: from the start).</param>
    public async Task<T> RerunIfSiloLostAsync<T>(Func<CancellationToken, Task<T>> work, string run, CancellationToken cancellationToken, Func<int>? monthsDone = null,
        Func<int>? restoredFrom = null, int attempts = 3)
    {
        if (_remote is null) return await work(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var before = await _remote.ActiveSilosAsync(cancellationToken);
            using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            IReadOnlyList<string> lostSilos = [];
            using var stopWatching = new CancellationTokenSource();
            var watcher = Task.Run(async () =>
            {
                while (!stopWatching.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), stopWatching.Token);
                        var now = await _remote.ActiveSilosAsync(stopWatching.Token);
                        var gone = before.Except(now).ToList();
                        if (gone.Count > 0)
                        {
                            lostSilos = gone;
                            await lost.CancelAsync();
                            return;
                        }
                    }
                    catch (Exception e) when (e is not OutOfMemoryException) { /* stopping, or the gateway itself died: ask again */ }
                }
            }, CancellationToken.None);
            try
            {
                return await work(lost.Token);
            }
            catch (Exception e) when (attempt < attempts && !cancellationToken.IsCancellationRequested && e is not InputException)
            {
                await stopWatching.CancelAsync();
                await watcher;
                if (lostSilos.Count == 0) lostSilos = await SilosLostSince(before, cancellationToken);
                if (lostSilos.Count == 0) throw;
                var recovery = new RunRecovery(lostSilos, run, monthsDone?.Invoke(), $"{e.GetType().Name}: {e.Message.Split('\n')[0]}", restoredFrom?.Invoke() ?? 0);
                lock (Cluster!.Recoveries) Cluster.Recoveries.Add(recovery);
                Recovered?.Invoke(recovery);
            }
            finally
            {
                await stopWatching.CancelAsync();
                await watcher;
            }
        }
    }

    /// <summary>Called when a run is run again after a silo's death (commands say so on the terminal).</summary>
    public Action<RunRecovery>? Recovered { get; set; }

    /// <summary>The silos of <paramref name="before"/> that have left the cluster, waiting up to 30 s for the cluster to declare a dead silo dead (about 10 s).</summary>
    private async Task<IReadOnlyList<string>> SilosLostSince(IReadOnlyList<string> before, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var now = await _remote!.ActiveSilosAsync(cancellationToken);
                var lost = before.Except(now).ToList();
                if (lost.Count > 0) return lost;
            }
            catch (Exception e) when (e is not OperationCanceledException) { /* the gateway itself may be the dead silo: ask again */ }
            if (DateTime.UtcNow > deadline) return [];
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;
}
