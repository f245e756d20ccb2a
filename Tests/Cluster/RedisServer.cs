using System.Globalization;
using System.Net.Sockets;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Cli.Examples;
using StackExchange.Redis;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>
/// A real redis-server (Debian's package; .ci/run installs it) for one test, in memory only.
/// <list type="bullet">
/// <item>When <see cref="Variable"/> names a server (HOST:PORT; .ci/run starts one for the whole test run and sets it),
/// the test uses that server. Tests take turns on it (one at a time in this test run, waiting for each other), since
/// `--connect redis://HOST:PORT` always means the default cluster, whose membership is one key: each test starts with
/// that key deleted (what a fresh server shows) and deletes it again at the end, with the keys under its own
/// <see cref="Namespace"/>. Nothing else on the server is touched (never FLUSHALL): name a server kept for tests.</item>
/// <item>Otherwise the test starts its own redis-server on a free port (<c>--save '' --appendonly no</c>), stopped
/// when disposed, so that `dotnet test` alone works too.</item>
/// </list>
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>The environment variable naming a running redis-server for the tests, e.g. 127.0.0.1:6390.</summary>
    public const string Variable = "KERJASAMA_TEST_REDIS";

    /// <summary>The Redis key of the default cluster's membership table (Orleans: SERVICEID/members/CLUSTERID).</summary>
    public const string MembershipKey = "kerjasama/members/kerjasama";

    /// <summary>How long a test waits for its turn on a shared server (the 3-silo process tests hold it for minutes).</summary>
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromMinutes(20);
    private static readonly SemaphoreSlim Turn = new(1, 1);

    private readonly BuiltProgram? _process;
    private bool _disposed;

    private RedisServer(BuiltProgram? process, string host, int port)
    {
        _process = process;
        Host = host;
        Port = port;
    }

    public string Host { get; }
    public int Port { get; }
    public string Connection => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
    public string Url => $"redis://{Connection}";

    /// <summary>Whether this is the server of <see cref="Variable"/>, shared with the rest of the test run.</summary>
    public bool Shared => _process is null;

    /// <summary>A name unique to this test, for the keys it writes itself (e.g. a checkpoint store's cluster id).</summary>
    public string Namespace { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<RedisServer> StartAsync()
    {
        var shared = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(shared) ? await StartOwnAsync() : await UseSharedAsync(shared.Trim());
    }

    private static async Task<RedisServer> UseSharedAsync(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Variable}={address}: expected HOST:PORT, e.g. 127.0.0.1:6390");
        }
        if (!await Turn.WaitAsync(TurnTimeout)) throw new TimeoutException($"{Variable}: another test kept the shared redis-server for {TurnTimeout.TotalMinutes:0} minutes");
        var server = new RedisServer(null, address[..colon], port);
        try
        {
            await server.CleanAsync();
            return server;
        }
        catch (Exception e) when (e is RedisException or SocketException or TimeoutException)
        {
            Turn.Release();
            server._disposed = true;
            throw new InvalidOperationException($"{Variable}={address}: redis-server does not answer there ({e.Message.Split('\n')[0]}); unset it to let each test start its own", e);
        }
    }

    private static async Task<RedisServer> StartOwnAsync()
    {
        var program = Executable("redis-server")
            ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server; .ci/run installs it)");
        var port = ConnectTests.FreePort();
        var process = BuiltProgram.Start(program, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], Path.GetTempPath());
        var server = new RedisServer(process, "127.0.0.1", port);
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

    /// <summary>Deletes the default cluster's membership and this test's own keys: nothing else.</summary>
    private async Task CleanAsync()
    {
        var options = ConfigurationOptions.Parse(Connection);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var db = redis.GetDatabase();
        await db.KeyDeleteAsync(MembershipKey);
        var own = new List<RedisKey>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: $"kerjasama:{Namespace}:*")) own.Add(key);
        }
        if (own.Count > 0) await db.KeyDeleteAsync(own.ToArray());
    }

    private static string? Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/sbin")
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_process is not null)
        {
            await _process.DisposeAsync();
            return;
        }
        try
        {
            await CleanAsync();
        }
        catch (Exception e) when (e is RedisException or SocketException or TimeoutException) { /* the next test cleans up before it starts */ }
        finally
        {
            Turn.Release();
        }
    }
}
