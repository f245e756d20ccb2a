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

    /// <summary>Starts the engine the options ask for: reference, Orleans on N embedded silos, or Orleans on a running cluster.</summary>
    public static async Task<EngineSession> StartAsync(string engine, int silos, string? connect, CancellationToken cancellationToken = default)
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
                var cluster = await EmbeddedCluster.StartAsync(silos, cancellationToken);
                return new EngineSession(new OrleansEngine(cluster.Client, silos), cluster);
            default:
                throw new InputException($"--engine: unknown engine '{engine}' (orleans or reference)");
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (one run of a sweep or a comparison) and, when it fails because a silo of the
    /// connected cluster died under it, runs it again on the survivors (at most <paramref name="attempts"/> times in
    /// all). A failure with the cluster's membership unchanged is the work's own and surfaces at once.
    /// </summary>
    public async Task<T> RerunIfSiloLostAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken, int attempts = 3)
    {
        if (_remote is null) return await work();
        for (var attempt = 1; ; attempt++)
        {
            var before = await _remote.ActiveSilosAsync(cancellationToken);
            try
            {
                return await work();
            }
            catch (Exception e) when (attempt < attempts && e is not OperationCanceledException && e is not InputException)
            {
                if (!await SiloLostSince(before, cancellationToken)) throw;
            }
        }
    }

    /// <summary>Whether a silo of <paramref name="before"/> has left the cluster, waiting for the cluster to declare a dead silo dead (about 10 s).</summary>
    private async Task<bool> SiloLostSince(IReadOnlyList<string> before, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                var now = await _remote!.ActiveSilosAsync(cancellationToken);
                if (before.Except(now).Any()) return true;
            }
            catch (Exception e) when (e is not OperationCanceledException) { /* the gateway itself may be the dead silo: ask again */ }
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;
}
