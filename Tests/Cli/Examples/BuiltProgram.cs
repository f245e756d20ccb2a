using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace KerjasamaGraph.Tests.Cli.Examples;

/// <summary>
/// A program of this repository as it was built with the tests (the `kerjasama` client, the standalone silo, the
/// benchmarks), run as a separate process with its output going to pipes: the presentation a user sees when
/// output is redirected (no colours, nothing wrapped at 80 columns).
/// </summary>
public sealed class BuiltProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    /// <summary>The build configuration the tests were built in (Debug or Release), read from where they run.</summary>
    public static string Configuration { get; } = TestOutput.Parent!.Name;

    private static DirectoryInfo TestOutput => new(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    /// <summary>The folder a project's build output is in, e.g. Client/bin/Debug/net10.0.</summary>
    public static string OutputOf(string project) =>
        Path.Combine(ConnectTests.RepositoryRoot(), project, "bin", Configuration, TestOutput.Name);

    public static string Client => Path.Combine(OutputOf("Client"), "kerjasama.dll");
    public static string Silo => Path.Combine(OutputOf("Silo"), "kerjasama-silo.dll");
    public static string Benchmarks => Path.Combine(OutputOf("Benchmarks"), "KerjasamaGraph.Benchmarks.dll");

    private BuiltProgram(Process process) => _process = process;

    public string Output { get { lock (_out) return _out.ToString(); } }
    public string Error { get { lock (_error) return _error.ToString(); } }
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <paramref name="program"/> in <paramref name="workingDirectory"/>: a built assembly (.dll) with <c>dotnet</c>,
    /// anything else (a server such as redis-server) as it is found on the PATH.
    /// </summary>
    public static BuiltProgram Start(string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var assembly = program.EndsWith(".dll", StringComparison.Ordinal);
        if (assembly && !File.Exists(program)) throw new FileNotFoundException($"{program} is not built; it is built with the tests (project references)", program);
        var info = new ProcessStartInfo(assembly ? "dotnet" : program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (assembly) info.ArgumentList.Add(program);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new BuiltProgram(process);
        process.OutputDataReceived += (_, e) => started.Received(started._out, e.Data);
        process.ErrorDataReceived += (_, e) => started.Received(started._error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    private void Received(StringBuilder target, string? line)
    {
        if (line is null) return;
        lock (target) target.Append(line).Append('\n');
        lock (_waits)
        {
            foreach (var (text, seen) in _waits)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
        }
    }

    /// <summary>Runs a program to its end: exit code, standard output, standard error.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> Run(string assembly, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var program = Start(assembly, args, workingDirectory, environment);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await program._process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s; output so far:\n{program.Output}\n{program.Error}");
        }
        program._process.WaitForExit(); // drains the asynchronous readers
        return (program._process.ExitCode, program.Output, program.Error);
    }

    /// <summary>Waits for the program to end (false if time runs out first); then <see cref="ExitCode"/> is its exit code.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException) { return false; }
        _process.WaitForExit(); // drains the asynchronous readers
        return true;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Stops the program where it is (SIGSTOP) until <see cref="Continue"/> (SIGCONT): a test holds a run at a moment it
    /// observed (a checkpoint written) while it does something to the cluster (kills a silo), whatever the machine's speed.
    /// </summary>
    public void Pause() => Signal(19, "SIGSTOP");

    public void Continue() => Signal(18, "SIGCONT");

    /// <summary>Sends the termination signal that `kill`, `timeout` or a service manager sends (SIGTERM).</summary>
    public void Terminate() => Signal(15, "SIGTERM");

    private void Signal(int signal, string name)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException($"{name} is sent on Linux only");
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"{name} to process {_process.Id} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Waits until a line of output or error contains <paramref name="text"/>; false if the program ends or time runs out first.</summary>
    public async Task<bool> WaitForLine(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits) _waits.Add((text, seen));
        if (Output.Contains(text, StringComparison.Ordinal) || Error.Contains(text, StringComparison.Ordinal)) return true;
        var finished = await Task.WhenAny(seen.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        return finished == seen.Task;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
