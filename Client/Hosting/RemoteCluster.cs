using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using KerjasamaGraph.Client.Commands;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>A client connected to running silos (`--connect HOST:PORT`, the gateway of a `kerjasama-silo`).</summary>
public sealed class RemoteCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private RemoteCluster(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<RemoteCluster> ConnectAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        var gateway = await ParseEndpoint(endpoint);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateway);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = EmbeddedCluster.ClusterId;
                o.ServiceId = EmbeddedCluster.ServiceId;
            });
        });
        var host = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await host.StartAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new InputException($"--connect {endpoint}: no silo answered ({e.GetType().Name}: {e.Message.Split('\n')[0]}); start one with `dotnet run --project Silo`");
        }
        return new RemoteCluster(host);
    }

    private static async Task<IPEndPoint> ParseEndpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new InputException($"--connect {endpoint}: expected HOST:PORT, e.g. localhost:30000");
        }
        var host = endpoint[..colon];
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (chosen is null) throw new InputException($"--connect {endpoint}: host '{host}' has no address");
            return new IPEndPoint(chosen, port);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new InputException($"--connect {endpoint}: cannot resolve host '{host}' ({e.Message})");
        }
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
