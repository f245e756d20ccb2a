using System.Net;
using System.Net.Sockets;
using KerjasamaGraph.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>
/// One or more Orleans silos started inside this process (localhost clustering on free ports), with the first
/// silo's co-hosted client. The default for `kerjasama run`; `--silos N` starts N of them.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    public const string ClusterId = "kerjasama";
    public const string ServiceId = "kerjasama";

    private readonly List<IHost> _hosts = new();

    public int Silos => _hosts.Count;
    public IClusterClient Client => _hosts[0].Services.GetRequiredService<IClusterClient>();

    public static Task<EmbeddedCluster> StartAsync(int silos, CancellationToken cancellationToken = default) => StartAsync(silos, null, cancellationToken);

    /// <summary>
    /// Starts <paramref name="silos"/> silos. With an OTLP endpoint in <paramref name="telemetry"/> (see <see cref="Telemetry"/>)
    /// the first silo exports the metrics: Orleans' and the project's meters are the process's, so one exporter sees every silo.
    /// </summary>
    public static async Task<EmbeddedCluster> StartAsync(int silos, Microsoft.Extensions.Configuration.IConfiguration? telemetry, CancellationToken cancellationToken = default)
    {
        if (silos < 1) throw new ArgumentOutOfRangeException(nameof(silos), "at least one silo");
        var cluster = new EmbeddedCluster();
        try
        {
            var ports = FreePorts(2 * silos);
            var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
            for (var i = 0; i < silos; i++)
            {
                var siloPort = ports[2 * i];
                var gatewayPort = ports[2 * i + 1];
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
                // The configuration a standalone silo has by default (localhost clustering, the same messaging limits).
                var config = new ClusterConfig { SiloPort = siloPort, GatewayPort = gatewayPort, PrimaryPort = primary.Port, ClusterId = ClusterId, ServiceId = ServiceId };
                builder.UseOrleans(silo => silo.UseKerjasamaCluster(config));
                if (i == 0 && telemetry is not null)
                {
                    builder.Configuration.AddConfiguration(telemetry);
                    builder.Services.AddKerjasamaTelemetry(builder.Configuration, "kerjasama");
                }
                var host = builder.Build();
                await host.StartAsync(cancellationToken);
                cluster._hosts.Add(host);
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return l;
        }).ToList();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }

    public async ValueTask DisposeAsync()
    {
        // Stop in reverse order so the primary (membership seed) goes last.
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _hosts[i].StopAsync(timeout.Token);
            }
            catch (Exception) { /* shutting down: nothing more to do */ }
            _hosts[i].Dispose();
        }
        _hosts.Clear();
    }
}
