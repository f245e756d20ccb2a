using System.Net.Sockets;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>Whether anything listens at an address: one TCP connection, opened and closed.</summary>
internal static class Probe
{
    /// <summary>The first of <paramref name="endpoints"/> (HOST:PORT) that accepts a TCP connection within <paramref name="timeout"/>, or null.</summary>
    public static async Task<string?> AnyAsync(IEnumerable<string> endpoints, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var attempts = endpoints.Select(e => TryAsync(e, deadline.Token)).ToList();
        while (attempts.Count > 0)
        {
            var done = await Task.WhenAny(attempts);
            attempts.Remove(done);
            if (await done is { } reached)
            {
                await deadline.CancelAsync();
                return reached;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return null;
    }

    private static async Task<string?> TryAsync(string endpoint, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = endpoint[..colon].Trim('[', ']');
        var port = int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken);
            return endpoint;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
    }
}
