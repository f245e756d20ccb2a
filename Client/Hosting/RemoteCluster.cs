using KerjasamaGraph.Client.Commands;
using KerjasamaGraph.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>
/// A client connected to running silos: <c>--connect redis://HOST:PORT</c> (membership from Redis, any live gateway)
/// or <c>--connect HOST:PORT[,HOST:PORT…]</c> (the gateways of `kerjasama-silo`s). A cluster that does not answer
/// within <see cref="ClusterSetup.ConnectTimeout"/> is one input-error line.
/// </summary>
public sealed class RemoteCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private RemoteCluster(IHost host, ConnectTarget target)
    {
        _host = host;
        Target = target;
    }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();
    public ConnectTarget Target { get; }

    public static async Task<RemoteCluster> ConnectAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        ConnectTarget target;
        try
        {
            target = await ConnectTarget.ParseAsync(endpoint);
        }
        catch (FormatException e)
        {
            throw new InputException(e.Message);
        }
        // Something must listen where the target points: checked by TCP within ConnectTimeout, so a wrong port or a
        // stopped silo fails in seconds, whatever the time the Orleans client then needs to start on a loaded machine.
        // Of a list of gateways, only those that accept a connection are given to the client (it would keep trying a dead one).
        var listening = await Probe.ListeningAsync(target.IsRedis ? [target.Redis!] : target.Gateways.Select(g => g.ToString()), ClusterSetup.ConnectTimeout, cancellationToken);
        if (listening.Count == 0)
        {
            var what = target.IsRedis ? $"nothing listens at {target.Redis} (is redis-server running?)" : $"nothing listens there within {ClusterSetup.ConnectTimeout.TotalSeconds:0} s";
            throw new InputException($"--connect {endpoint}: {what}; {Hint(target)}");
        }
        var reached = listening[0];
        if (!target.IsRedis) target = target with { Gateways = target.Gateways.Where(g => listening.Contains(g.ToString())).ToList() };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.UseOrleansClient(client => client.UseKerjasamaCluster(target));
        var host = builder.Build();
        if (target.IsRedis)
        {
            // Redis answers: the silos it lists must answer too, or the Orleans client would wait for a gateway that never comes.
            var live = await ListedGatewaysListeningAsync(host, target, endpoint, cancellationToken);
            reached = live[0];
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ClusterSetup.FirstAnswerTimeout);
            await host.StartAsync(timeout.Token);
            // Redis may list no silo at all (or only dead ones): ask the cluster something to be sure it answers.
            await FirstAnswerAsync(host.Services.GetRequiredService<IClusterClient>(), timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var reason = e is OperationCanceledException
                ? $"{reached} accepted a connection but no silo answered within {ClusterSetup.FirstAnswerTimeout.TotalSeconds:0} s"
                : $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
            throw new InputException($"--connect {endpoint}: no silo answered ({reason}); {Hint(target)}");
        }
        return new RemoteCluster(host, target);
    }

    /// <summary>
    /// Asks the cluster for its silos until one answers. A silo that died a moment ago is still listed in Redis until the
    /// others declare it dead (about 10 s), and a question sent to its gateway is rejected at once; the client then leaves
    /// that gateway out, so the question is asked again (of a live gateway) until the time allowed runs out.
    /// </summary>
    private static async Task FirstAnswerAsync(IClusterClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
                return;
            }
            catch (OrleansMessageRejectionException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }

    private static async Task<IReadOnlyList<string>> ListedGatewaysListeningAsync(IHost host, ConnectTarget target, string endpoint, CancellationToken cancellationToken)
    {
        IList<Uri> listed;
        try
        {
            var provider = host.Services.GetRequiredService<Orleans.Messaging.IGatewayListProvider>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ClusterSetup.FirstAnswerTimeout);
            await provider.InitializeGatewayListProvider().WaitAsync(timeout.Token);
            listed = await provider.GetGateways().WaitAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            host.Dispose();
            throw new InputException($"--connect {endpoint}: cannot read the cluster's membership from Redis at {target.Redis} ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
        var live = await Probe.ListeningAsync(listed.Select(u => $"{u.Host}:{u.Port}").Distinct(), ClusterSetup.ConnectTimeout, cancellationToken);
        if (live.Count > 0) return live;
        host.Dispose();
        var what = listed.Count == 0 ? "lists no live silo" : $"lists {listed.Count} gateway(s) and none of them answers";
        throw new InputException($"--connect {endpoint}: Redis at {target.Redis} {what}; {Hint(target)}");
    }

    private static string Hint(ConnectTarget target) => target.IsRedis
        ? "start silos with `dotnet run --project Silo -- --clustering redis --redis HOST:PORT` against the same Redis"
        : "start one with `dotnet run --project Silo`";

    /// <summary>The silos active now, e.g. S127.0.0.1:11111:123456789, in order.</summary>
    public async Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken = default)
    {
        var hosts = await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        return hosts.Keys.Select(s => s.ToString()).Order(StringComparer.Ordinal).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(timeout.Token);
        }
        catch (Exception) { /* shutting down */ }
        _host.Dispose();
    }
}
