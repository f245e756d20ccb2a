using KerjasamaGraph.Client.Commands;
using KerjasamaGraph.Grains.Engine;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>An engine together with whatever hosts it (embedded silos, or a connection to running ones).</summary>
public sealed class EngineSession : IAsyncDisposable
{
    private readonly IAsyncDisposable? _host;

    private EngineSession(ISimulationEngine engine, IAsyncDisposable? host)
    {
        Engine = engine;
        _host = host;
    }

    public ISimulationEngine Engine { get; }

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
                    return new EngineSession(new OrleansEngine(remote.Client, 0), remote);
                }
                if (silos is < 1 or > 16) throw new InputException($"--silos: {silos} is out of range (1 to 16)");
                var cluster = await EmbeddedCluster.StartAsync(silos, cancellationToken);
                return new EngineSession(new OrleansEngine(cluster.Client, silos), cluster);
            default:
                throw new InputException($"--engine: unknown engine '{engine}' (orleans or reference)");
        }
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;
}
