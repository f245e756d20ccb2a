using System.Net.Sockets;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>Whether anything listens at an address: one TCP connection, opened and closed.</summary>
internal static class Probe
{
    /// <summary>Those of <paramref name="endpoints"/> (HOST:PORT) that accept a TCP connection within <paramref name="timeout"/>, in the given order.</summary>
    public static async Task<IReadOnlyList<string>> ListeningAsync(IEnumerable<string> endpoints, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var list = endpoints.ToList();
        var answered = await Task.WhenAll(list.Select(e => AcceptsAsync(e, deadline.Token)));
        cancellationToken.ThrowIfCancellationRequested();
        return list.Where((_, i) => answered[i]).ToList();
    }

    private static async Task<bool> AcceptsAsync(string endpoint, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = endpoint[..colon].Trim('[', ']');
        var port = int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
