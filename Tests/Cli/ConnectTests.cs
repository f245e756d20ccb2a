using System.Net;
using System.Net.Sockets;
using KerjasamaGraph.Tests.Cli.Examples;

namespace KerjasamaGraph.Tests.Cli;

/// <summary>`kerjasama run --connect` against a standalone silo process gives the same tables as the reference engine.</summary>
[Collection("cli")]
public sealed class ConnectTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Run_against_a_standalone_silo_matches_the_reference_engine()
    {
        var (silo, gatewayPort) = await StartSilo();
        await using var _ = silo;
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var remote = await _cli.Run("run", file, "--connect", $"127.0.0.1:{gatewayPort}", "--out", _cli.PathOf("remote"), "--quiet");
        Assert.True(remote.ExitCode == 0, remote.Error);
        var local = await _cli.Run("run", file, "--engine", "reference", "--out", _cli.PathOf("local"), "--quiet");
        Assert.Equal(0, local.ExitCode);
        foreach (var table in new[] { "regions.csv", "agreements.csv", "summary.csv" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_cli.PathOf("local"), table)), File.ReadAllBytes(Path.Combine(_cli.PathOf("remote"), table)));
        }
    }

    [Fact]
    public async Task Connecting_to_nothing_is_a_clear_input_error()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var r = await _cli.Run("run", file, "--connect", "not-an-endpoint", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("HOST:PORT", r.Error);
    }

    [Fact]
    public async Task A_gateway_where_nothing_listens_is_one_line_naming_it()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var port = FreePort();
        var r = await _cli.Run("run", file, "--connect", $"127.0.0.1:{port}", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"--connect 127.0.0.1:{port}: nothing listens there within 5 s; start one with `dotnet run --project Silo`", r.Error.Trim());
        Assert.Empty(Directory.GetDirectories(_cli.Directory));
    }

    [Fact]
    public async Task A_redis_where_nothing_listens_says_so()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var port = FreePort();
        var r = await _cli.Run("run", file, "--connect", $"redis://127.0.0.1:{port}", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"--connect redis://127.0.0.1:{port}: nothing listens at 127.0.0.1:{port} (is redis-server running?)", r.Error.Trim());
    }

    [Fact]
    public async Task A_redis_with_no_silo_is_one_line_after_the_connect_timeout()
    {
        await using var redis = await KerjasamaGraph.Tests.Cluster.RedisServer.StartAsync();
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var r = await _cli.Run("run", file, "--connect", redis.Url, "--quiet");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"--connect {redis.Url}: Redis at {redis.Url["redis://".Length..]} lists no live silo; start silos with", line);
    }

    [Fact]
    public async Task Connect_names_the_forms_it_takes()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var r = await _cli.Run("run", file, "--connect", "http://localhost:30000", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown scheme (use redis://HOST:PORT or HOST:PORT[,HOST:PORT])", r.Error);
    }

    [Fact]
    public async Task A_list_of_gateways_reaches_the_live_one()
    {
        var (silo, gatewayPort) = await StartSilo();
        await using var _ = silo;
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        // Without --quiet, as users run it: the headline tables and the folder, from the silo that answered.
        var r = await _cli.Run("run", file, "--connect", $"127.0.0.1:{FreePort()},127.0.0.1:{gatewayPort}", "--out", _cli.PathOf("listed"));
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("Benefit by region", r.Out);
        Assert.Contains("Run folder: " + _cli.PathOf("listed"), r.Out);
        var manifest = File.ReadAllText(Path.Combine(_cli.PathOf("listed"), "manifest.json"));
        Assert.Contains("\"silos\": 1,", manifest);
    }

    /// <summary>A standalone silo process (localhost clustering, no dashboard) on free ports, started and ready, and its gateway port.</summary>
    private static async Task<(BuiltProgram Silo, int GatewayPort)> StartSilo()
    {
        var gatewayPort = FreePort();
        var silo = BuiltProgram.Start(BuiltProgram.Silo, ["--silo-port", FreePort().ToString(), "--gateway-port", gatewayPort.ToString(), "--no-dashboard"], Path.GetTempPath());
        if (!await silo.WaitForLine("ready", TimeSpan.FromSeconds(60)))
        {
            await silo.DisposeAsync();
            Assert.Fail("the silo did not print its ready line: " + silo.Output + silo.Error);
        }
        return (silo, gatewayPort);
    }

    /// <summary>A TCP port no one listens on now (tests never use fixed ports).</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KerjasamaGraph.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("KerjasamaGraph.sln not found above " + AppContext.BaseDirectory);
    }
}
