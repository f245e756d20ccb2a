using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KerjasamaGraph.Client.Commands;

namespace KerjasamaGraph.Client.Bench;

/// <summary>
/// A real cluster on this computer for `kerjasama bench --cluster N`: a redis-server (in memory only:
/// <c>--save '' --appendonly no</c>) and N <c>kerjasama-silo</c> processes with Redis membership, each on free ports.
/// Disposing it stops every process it started (silos first, then Redis), also after a failure or Ctrl+C.
/// </summary>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    /// <summary>Environment variable naming the silo program (kerjasama-silo, or kerjasama-silo.dll), as --silo-program does.</summary>
    public const string SiloVariable = "KERJASAMA_SILO";
    private const string SiloName = "kerjasama-silo";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly List<Started> _silos = [];
    private Started? _redis;

    private SiloProcessCluster() { }

    /// <summary>The address the client connects to (<c>--connect</c>), e.g. redis://127.0.0.1:40123.</summary>
    public string Connect => $"redis://127.0.0.1:{RedisPort.ToString(CultureInfo.InvariantCulture)}";
    public int RedisPort { get; private set; }
    public int SiloCount => _silos.Count;

    /// <summary>redis-server as the shell finds it on the PATH; one-line input error if it is not installed.</summary>
    public static string FindRedisServer() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server")).FirstOrDefault(File.Exists)
        ?? throw new InputException("--cluster: redis-server is not installed (Debian: apt-get install redis-server); the benchmark starts its own, in memory only");

    /// <summary>
    /// The silo program: <paramref name="given"/> (--silo-program), else $KERJASAMA_SILO, else kerjasama-silo beside this
    /// program, else the Silo project's build output of the same configuration in this repository (Client/bin/Release/net10.0
    /// → Silo/bin/Release/net10.0). One-line input error if none is there.
    /// </summary>
    public static string FindSilo(string? given)
    {
        var named = given ?? Environment.GetEnvironmentVariable(SiloVariable);
        if (!string.IsNullOrEmpty(named))
        {
            var option = given is not null ? "--silo-program" : SiloVariable;
            var path = Path.GetFullPath(named);
            if (Directory.Exists(path)) path = Candidates(path).FirstOrDefault(File.Exists) ?? path;
            return File.Exists(path) ? path : throw new InputException($"{option} {named}: no such file (give kerjasama-silo or kerjasama-silo.dll, built with `dotnet build -c Release Silo`)");
        }
        var here = Path.GetDirectoryName(typeof(SiloProcessCluster).Assembly.Location) ?? AppContext.BaseDirectory;
        var folders = new List<string> { here };
        // PROJECT/bin/CONFIGURATION/FRAMEWORK → Silo/bin/CONFIGURATION/FRAMEWORK beside PROJECT.
        var framework = new DirectoryInfo(here);
        if (framework.Parent is { Parent: { Name: "bin" } bin } configuration && bin.Parent?.Parent is { } root)
        {
            folders.Add(Path.Combine(root.FullName, "Silo", "bin", configuration.Name, framework.Name));
        }
        // A build output holds the program (.dll) and its runtimeconfig; a folder that merely references the project may
        // hold the launcher and the runtimeconfig without the program.
        return folders.Select(f => Path.Combine(f, SiloName + ".dll")).FirstOrDefault(f => File.Exists(f) && File.Exists(Path.ChangeExtension(f, ".runtimeconfig.json")))
            ?? throw new InputException($"--cluster: {SiloName} not found (looked in {string.Join(" and ", folders)}); build it with `dotnet build -c Release Silo`, or give --silo-program PATH");
    }

    private static IEnumerable<string> Candidates(string folder) => [Path.Combine(folder, SiloName + ".dll"), Path.Combine(folder, SiloName)];

    /// <summary>Starts Redis and <paramref name="silos"/> silo processes and waits until every silo has printed its ready line.</summary>
    public static async Task<SiloProcessCluster> StartAsync(int silos, string redisServer, string siloProgram, CancellationToken cancellationToken)
    {
        var cluster = new SiloProcessCluster();
        try
        {
            cluster.RedisPort = FreePort();
            cluster._redis = Started.Launch(redisServer, ["--port", cluster.RedisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
            await cluster._redis.WaitForLine("Ready to accept connections", "redis-server", cancellationToken);
            var redis = $"127.0.0.1:{cluster.RedisPort.ToString(CultureInfo.InvariantCulture)}";
            for (var i = 0; i < silos; i++)
            {
                var (program, prefix) = siloProgram.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (DotnetHost(), new[] { siloProgram }) : (siloProgram, Array.Empty<string>());
                cluster._silos.Add(Started.Launch(program, [.. prefix, "--redis", redis, "--silo-port", FreePort().ToString(CultureInfo.InvariantCulture),
                    "--gateway-port", FreePort().ToString(CultureInfo.InvariantCulture), "--no-dashboard"]));
            }
            for (var i = 0; i < cluster._silos.Count; i++) await cluster._silos[i].WaitForLine("kerjasama silo ready", $"silo {i + 1} of {silos}", cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The sum of the silo processes' peak resident memory (VmHWM), MiB; 0 where it cannot be read (not Linux).</summary>
    public double SilosPeakMiB() => _silos.Sum(s => s.PeakMiB());

    /// <summary>Whether every silo process is still running (a silo that died would otherwise go unnoticed until the run fails).</summary>
    public string? Problem() =>
        _silos.Select((s, i) => s.HasExited ? $"silo {i + 1} of {_silos.Count} exited: {s.LastLines()}" : null).FirstOrDefault(p => p is not null);

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos) await silo.StopAsync();
        _silos.Clear();
        if (_redis is not null) await _redis.StopAsync();
        _redis = null;
    }

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A started process whose output is kept (the last lines, for error messages) and watched for a ready line.</summary>
    private sealed class Started
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

        private Started(Process process) => _process = process;

        public bool HasExited => _process.HasExited;

        public static Started Launch(string program, IEnumerable<string> args)
        {
            var info = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var a in args) info.ArgumentList.Add(a);
            info.Environment["DOTNET_NOLOGO"] = "1";
            var process = new Process { StartInfo = info };
            var started = new Started(process);
            process.OutputDataReceived += (_, e) => started.Received(e.Data);
            process.ErrorDataReceived += (_, e) => started.Received(e.Data);
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new CommandFailedException($"--cluster: cannot start {program}: {e.Message}");
            }
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return started;
        }

        private void Received(string? line)
        {
            if (line is null) return;
            lock (_output) _output.Append(line).Append('\n');
            lock (_waits)
            {
                foreach (var (text, seen) in _waits)
                    if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
            }
        }

        public string LastLines()
        {
            string text;
            lock (_output) text = _output.ToString();
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(3));
        }

        /// <summary>Waits for a line containing <paramref name="text"/>; a process that ends first or takes too long is one error line.</summary>
        public async Task WaitForLine(string text, string what, CancellationToken cancellationToken)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waits) _waits.Add((text, seen));
            lock (_output) if (_output.ToString().Contains(text, StringComparison.Ordinal)) return;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var exited = _process.WaitForExitAsync(timeout.Token);
            var finished = await Task.WhenAny(seen.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token));
            cancellationToken.ThrowIfCancellationRequested();
            if (finished == seen.Task) return;
            if (finished == exited && exited.IsCompletedSuccessfully)
            {
                _process.WaitForExit(); // drains the readers
                throw new CommandFailedException($"--cluster: {what} exited with code {_process.ExitCode} before it was ready: {LastLines()}");
            }
            throw new CommandFailedException($"--cluster: {what} was not ready within {StartTimeout.TotalSeconds:0} s: {LastLines()}");
        }

        /// <summary>Peak resident memory (VmHWM) of the process while it runs, MiB; 0 if unknown.</summary>
        public double PeakMiB()
        {
            try
            {
                var status = $"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status";
                if (_process.HasExited || !File.Exists(status)) return 0;
                foreach (var line in File.ReadLines(status))
                {
                    if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return double.TryParse(kb, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v / 1024 : 0;
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException) { }
            return 0;
        }

        /// <summary>Ends the process (and anything it started) and waits for it; nothing of it is kept, so there is nothing to shut down gracefully.</summary>
        public async Task StopAsync()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception) { }
            _process.Dispose();
        }
    }
}
