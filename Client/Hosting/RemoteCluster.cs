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
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseKerjasamaCluster(target));
        var host = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ClusterSetup.ConnectTimeout);
            await host.StartAsync(timeout.Token);
            // Redis may list no silo at all (or only dead ones): ask the cluster something to be sure it answers.
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var reason = e is OperationCanceledException ? $"nothing answered within {ClusterSetup.ConnectTimeout.TotalSeconds:0} s" : $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
            var hint = target.IsRedis
                ? "start silos with `dotnet run --project Silo -- --redis HOST:PORT` against the same Redis"
                : "start one with `dotnet run --project Silo`";
            throw new InputException($"--connect {endpoint}: no silo answered ({reason}); {hint}");
        }
        return new RemoteCluster(host, target);
    }

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
