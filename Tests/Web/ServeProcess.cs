using System.Diagnostics;
using System.Text.RegularExpressions;

namespace KerjasamaGraph.Tests.Web;

/// <summary>
/// `kerjasama serve` as a user starts it: the built program in its own process, from the repository root (so the shipped
/// scenarios are the library), with its run and upload folders in a scratch directory and any free port. The address is
/// read from the line the program prints.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    public string Address { get; }
    /// <summary>The address as printed, with <c>?token=…</c> when the server needs one.</summary>
    public string PrintedAddress { get; }
    public string Scratch { get; }
    public string RunsDirectory => Path.Combine(Scratch, "runs");
    public string UploadsDirectory => Path.Combine(Scratch, "uploads");
    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    private ServeProcess(Process process, string printed, string scratch, List<string> output)
    {
        _process = process;
        PrintedAddress = printed;
        Address = printed.Split('?')[0].TrimEnd('/');
        Scratch = scratch;
        _output = output;
    }

    [GeneratedRegex(@"open (http://\S+)")]
    private static partial Regex ReadyLine();

    public static string RepositoryRoot() => Cli.ConnectTests.RepositoryRoot();

    /// <summary>The `kerjasama` program built with the tests (same configuration).</summary>
    public static string Program()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;   // …/Tests/bin/CONFIGURATION/net10.0/
        var path = Path.Combine(RepositoryRoot(), "Client", "bin", configuration, "net10.0", "kerjasama.dll");
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is built with the tests (project reference)");
        return path;
    }

    /// <summary>Starts the server; <paramref name="scratch"/> keeps runs from an earlier server (for restart tests).</summary>
    public static async Task<ServeProcess> StartAsync(string? scratch = null, params string[] extra)
    {
        scratch ??= Directory.CreateTempSubdirectory("kerjasama-web-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot(),
        };
        foreach (var a in new[] { Program(), "serve", "--port", "0", "--runs", Path.Combine(scratch, "runs"), "--uploads", Path.Combine(scratch, "uploads") }.Concat(extra))
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info)!;
        var output = new List<string>();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (ReadyLine().Match(e.Data) is { Success: true } m) ready.TrySetResult(m.Groups[1].Value);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("kerjasama serve exited:\n" + string.Join('\n', output)));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var printed = await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
            return new ServeProcess(process, printed, scratch, output);
        }
        catch
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
    }

    /// <summary>Sends the termination signal a service manager sends (SIGTERM) and waits for the program to end.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException) { return false; }
        return true;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Stops the server (keeps the scratch folder: <see cref="DeleteScratch"/> removes it).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void DeleteScratch()
    {
        try { Directory.Delete(Scratch, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>True to keep the run and upload folders when this server is disposed (for a restart on the same folders).</summary>
    public bool KeepScratch { get; set; }

    /// <summary>Stops the server and, unless <see cref="KeepScratch"/>, removes its folders.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        if (!KeepScratch) DeleteScratch();
    }
}
