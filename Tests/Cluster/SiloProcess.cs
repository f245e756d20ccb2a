using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Cli.Examples;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>
/// A standalone silo (the built kerjasama-silo, run with dotnet) as its own OS process with Redis membership, on free
/// ports; <see cref="KillAsync"/> ends it as kill -9 does (no goodbye to the cluster), <see cref="RestartAsync"/>
/// starts it again on the same ports.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly string _redis;
    private BuiltProgram? _process;

    private SiloProcess(string redis, int siloPort, int gatewayPort)
    {
        _redis = redis;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }
    public int GatewayPort { get; }
    public bool Running => _process is { HasExited: false };
    /// <summary>Everything the silo printed since it was last started.</summary>
    public string Output => _process is null ? _killedOutput : _process.Output + _process.Error;

    /// <summary>Whether <paramref name="silo"/> (as Orleans writes it, S127.0.0.1:PORT:GENERATION) is this one.</summary>
    public bool Is(string silo) => silo.Contains($":{SiloPort}:", StringComparison.Ordinal);

    public static async Task<SiloProcess> StartAsync(string redis)
    {
        var silo = new SiloProcess(redis, ConnectTests.FreePort(), ConnectTests.FreePort());
        await silo.RestartAsync();
        return silo;
    }

    public async Task RestartAsync()
    {
        if (Running) throw new InvalidOperationException("the silo is running");
        _process = BuiltProgram.Start(BuiltProgram.Silo,
            ["--redis", _redis, "--silo-port", SiloPort.ToString(), "--gateway-port", GatewayPort.ToString(), "--no-dashboard"], Path.GetTempPath());
        if (!await _process.WaitForLine("kerjasama silo ready", TimeSpan.FromSeconds(90)))
        {
            throw new InvalidOperationException($"the silo on port {SiloPort} did not start: {Output}");
        }
    }

    /// <summary>Waits until the silo's log has a line containing <paramref name="text"/>.</summary>
    public Task<bool> WaitForLog(string text, TimeSpan timeout) => _process!.WaitForLine(text, timeout);

    /// <summary>SIGKILL: the process ends at once, as when a machine dies.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        await _process.DisposeAsync();
        _killedOutput = Output;
        _process = null;
    }

    private string _killedOutput = "";

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        _process = null;
    }
}
