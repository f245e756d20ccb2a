using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KerjasamaGraph.Cluster;

/// <summary>
/// Where a client finds a cluster (<c>--connect</c>): <c>redis://HOST:PORT</c> (membership from Redis: any live
/// gateway) or <c>HOST:PORT[,HOST:PORT…]</c> (static gateways).
/// </summary>
public sealed record ConnectTarget(string Text, string? Redis, IReadOnlyList<IPEndPoint> Gateways)
{
    public bool IsRedis => Redis is not null;

    /// <summary>Parses and resolves a target; throws <see cref="FormatException"/> with a one-line message.</summary>
    public static async Task<ConnectTarget> ParseAsync(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = trimmed["redis://".Length..].TrimEnd('/');
            var (host, port) = Split(rest, 6379, text);
            return new ConnectTarget(text, $"{host}:{port.ToString(CultureInfo.InvariantCulture)}", []);
        }
        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            throw new FormatException($"--connect {text}: unknown scheme (use redis://HOST:PORT or HOST:PORT[,HOST:PORT])");
        }
        var gateways = new List<IPEndPoint>();
        foreach (var part in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (host, port) = Split(part, null, text);
            gateways.Add(new IPEndPoint(await Resolve(host, text), port));
        }
        if (gateways.Count == 0) throw new FormatException($"--connect {text}: expected HOST:PORT, e.g. localhost:30000, or redis://HOST:PORT");
        return new ConnectTarget(text, null, gateways);
    }

    private static (string Host, int Port) Split(string part, int? defaultPort, string text)
    {
        var colon = part.LastIndexOf(':');
        if (colon < 0 && defaultPort is { } d && part.Length > 0) return (part, d);
        if (colon <= 0 || !int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"--connect {text}: expected HOST:PORT, e.g. localhost:30000, or redis://HOST:PORT");
        }
        return (part[..colon].Trim('[', ']'), port);
    }

    private static async Task<IPAddress> Resolve(string host, string text)
    {
        if (IPAddress.TryParse(host, out var ip)) return ip;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new FormatException($"--connect {text}: host '{host}' has no address");
        }
        catch (SocketException e)
        {
            throw new FormatException($"--connect {text}: cannot resolve host '{host}' ({e.Message})");
        }
    }
}
