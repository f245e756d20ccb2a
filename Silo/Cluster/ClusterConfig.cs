using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace KerjasamaGraph.Cluster;

/// <summary>
/// How a silo joins a cluster, read from configuration section <c>Kerjasama:Cluster</c>: appsettings.json, environment
/// variables (<c>KERJASAMA__CLUSTER__CLUSTERING=redis</c>, <c>KERJASAMA__CLUSTER__REDIS=localhost:6379</c>, …) and the
/// silo's command-line flags, later sources winning.
/// <list type="bullet">
/// <item><c>localhost</c>: silos on this computer that know the first silo's port (the embedded silo's default).</item>
/// <item><c>redis</c>: membership kept in Redis; no silo is special, any of them can die and the others go on.</item>
/// </list>
/// </summary>
public sealed class ClusterConfig
{
    public const string Section = "Kerjasama:Cluster";
    public const string DefaultId = "kerjasama";

    /// <summary>localhost (default) or redis.</summary>
    public string Clustering { get; set; } = "localhost";
    /// <summary>Redis connection string (StackExchange.Redis syntax, e.g. localhost:6379), for redis clustering.</summary>
    public string? Redis { get; set; }
    public string ClusterId { get; set; } = DefaultId;
    public string ServiceId { get; set; } = DefaultId;
    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;
    /// <summary>Port clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;
    /// <summary>localhost clustering: the silo port of the first silo (default: this silo's own, i.e. this is the first).</summary>
    public int? PrimaryPort { get; set; }
    /// <summary>The address other silos and clients reach this silo at (default 127.0.0.1: one computer).</summary>
    public string Address { get; set; } = "127.0.0.1";
    public MessagingConfig Messaging { get; set; } = new();

    public static ClusterConfig From(IConfiguration configuration)
    {
        var config = new ClusterConfig();
        configuration.GetSection(Section).Bind(config);
        return config;
    }

    /// <summary>The problems of this configuration, each one line naming the setting (empty when it is usable).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        switch (Clustering)
        {
            case "localhost":
                break;
            case "redis":
                if (string.IsNullOrWhiteSpace(Redis)) problems.Add("--redis: redis clustering needs the Redis connection string (e.g. --redis localhost:6379)");
                break;
            default:
                problems.Add($"--clustering: unknown clustering '{Clustering}' (localhost or redis)");
                break;
        }
        foreach (var (name, port) in new[] { ("--silo-port", (int?)SiloPort), ("--gateway-port", GatewayPort), ("--primary-port", PrimaryPort) })
        {
            if (port is { } p && p is < 1 or > 65535) problems.Add($"{name}: {p.ToString(CultureInfo.InvariantCulture)} is out of range (1 to 65535)");
        }
        if (SiloPort == GatewayPort) problems.Add($"--gateway-port: {GatewayPort} is also the silo port; give them different ports");
        if (!IPAddress.TryParse(Address, out _)) problems.Add($"--address: '{Address}' is not an IP address");
        if (string.IsNullOrWhiteSpace(ClusterId)) problems.Add("--cluster-id: empty");
        problems.AddRange(Messaging.Problems());
        return problems;
    }
}

/// <summary>
/// Messaging limits, set explicitly for large runs (section <c>Kerjasama:Cluster:Messaging</c>). A run's first call
/// carries the whole resolved scenario (159 MB of JSON at 83,000 regions) and a month's answer carries every
/// region's output for every lane, so both limits are well above Orleans' defaults (30 s, 100 MB).
/// </summary>
public sealed class MessagingConfig
{
    /// <summary>How long a grain call may take before it fails (default 10 minutes: a nation-scale run's start).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Largest message body in bytes (default 1 GiB).</summary>
    public int MaxMessageBodySize { get; set; } = 1 << 30;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ResponseTimeout <= TimeSpan.Zero) problems.Add($"Kerjasama:Cluster:Messaging:ResponseTimeout: {ResponseTimeout} must be positive");
        if (MaxMessageBodySize < 1 << 20) problems.Add($"Kerjasama:Cluster:Messaging:MaxMessageBodySize: {MaxMessageBodySize} is below 1 MiB");
        return problems;
    }
}
