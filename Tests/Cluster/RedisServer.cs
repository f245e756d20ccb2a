using System.Net.Sockets;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Cli.Examples;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>
/// A real redis-server (Debian's package; .ci/run installs it) on a free port, in memory only
/// (<c>--save '' --appendonly no</c>), stopped when disposed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly BuiltProgram _process;

    private RedisServer(BuiltProgram process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Connection => $"127.0.0.1:{Port}";
    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var program = Executable("redis-server")
            ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server; .ci/run installs it)");
        var port = ConnectTests.FreePort();
        var process = BuiltProgram.Start(program, ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], Path.GetTempPath());
        var server = new RedisServer(process, port);
        if (!await process.WaitForLine("Ready to accept connections", TimeSpan.FromSeconds(30)))
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"redis-server did not start on port {port}: {process.Output}{process.Error}");
        }
        // Ready means listening; make sure.
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return server;
    }

    private static string? Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/sbin")
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
