using System.Net;
using KerjasamaGraph.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace KerjasamaGraph.Cluster;

/// <summary>Configures silos and clients from <see cref="ClusterConfig"/> and <see cref="ConnectTarget"/>.</summary>
public static class ClusterSetup
{
    /// <summary>How long a client waits for a TCP connection to a gateway (or to Redis) before saying nothing answers.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a client that reached a gateway waits for the cluster's first answer: starting the client and the first
    /// grain call take a few seconds on an idle machine and much longer on a loaded one, so this is not the 5 s above.
    /// </summary>
    public static readonly TimeSpan FirstAnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A silo of the cluster <paramref name="config"/> describes, with the KerjasamaGraph grains, explicit messaging
    /// limits, failure detection tuned for a small cluster, one log line per membership change, and the project's metrics.
    /// </summary>
    public static ISiloBuilder UseKerjasamaCluster(this ISiloBuilder silo, ClusterConfig config, bool dashboard = false)
    {
        var address = IPAddress.Parse(config.Address);
        switch (config.Clustering)
        {
            case "redis":
                silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(config.Redis!));
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = address;
                    o.SiloPort = config.SiloPort;
                    o.GatewayPort = config.GatewayPort;
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, config.SiloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, config.GatewayPort);
                });
                break;
            default:
                silo.UseLocalhostClustering(config.SiloPort, config.GatewayPort,
                    new IPEndPoint(IPAddress.Loopback, config.PrimaryPort ?? config.SiloPort), config.ServiceId, config.ClusterId);
                break;
        }
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = config.ClusterId;
            o.ServiceId = config.ServiceId;
        });
        silo.Configure<SiloMessagingOptions>(o =>
        {
            o.ResponseTimeout = config.Messaging.ResponseTimeout;
            o.MaxMessageBodySize = config.Messaging.MaxMessageBodySize;
        });
        // A dead silo is declared dead after 3 missed probes of 3 s (Orleans' default, 5 s, takes about 20 s), so runs
        // and new work move to the survivors quickly, with room for a busy machine's pauses.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(3);
            o.NumMissedProbesLimit = 3;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
            o.DefunctSiloExpiration = TimeSpan.FromHours(1);
        });
        silo.Services.AddKerjasamaGraphGrains();
        silo.Services.AddHostedService<MembershipLog>();
        silo.AddIncomingGrainCallFilter<RunMetricsFilter>();
        if (dashboard) silo.AddDashboard();
        return silo;
    }

    /// <summary>A client of the cluster <paramref name="target"/> names (Redis membership or static gateways).</summary>
    public static IClientBuilder UseKerjasamaCluster(this IClientBuilder client, ConnectTarget target, MessagingConfig? messaging = null, string clusterId = ClusterConfig.DefaultId)
    {
        messaging ??= new MessagingConfig();
        if (target.Redis is { } redis) client.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(redis));
        else client.UseStaticClustering(target.Gateways.ToArray());
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = ClusterConfig.DefaultId;
        });
        client.Configure<ClientMessagingOptions>(o =>
        {
            o.ResponseTimeout = messaging.ResponseTimeout;
            o.MaxMessageBodySize = messaging.MaxMessageBodySize;
        });
        // New silos (and the loss of old ones) reach the client's gateway list within seconds.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        return client;
    }

    private static ConfigurationOptions RedisOptions(string connection)
    {
        var options = ConfigurationOptions.Parse(connection);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 3000;
        options.ConnectRetry = 1;
        return options;
    }
}
