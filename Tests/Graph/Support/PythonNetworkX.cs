using System.Diagnostics;
using System.Text.Json;

namespace KerjasamaGraph.Tests.Graph.Support;

/// <summary>
/// Runs NetworkX live: finds a python3 that imports networkx with numpy and scipy (which NetworkX needs for
/// PageRank, assortativity and weighted clustering) — the one on PATH, else /usr/bin/python3 with Debian's
/// python3-networkx — installing them with .ci/install-test-deps when none does, and runs scripts written to temp files.
/// </summary>
public static class PythonNetworkX
{
    private static readonly Dictionary<string, string> Found = [];

    /// <summary>For metrics: NetworkX with numpy and scipy (PageRank, assortativity and weighted clustering need them).</summary>
    public static string Python => Find("networkx, numpy, scipy");

    /// <summary>
    /// For reading exported files: any NetworkX, the newest available (NetworkX reads GEXF 1.3 since 3.0; Debian 12's
    /// 2.8 does not, while the pip-installed NetworkX of the dotnet image, without numpy, does).
    /// </summary>
    public static string PythonForFiles => Find("networkx");

    private static string Find(string modules)
    {
        lock (Found)
        {
            if (Found.TryGetValue(modules, out var cached)) return cached;
            var found = Best(modules);
            if (found is null)
            {
                var install = FindUp(".ci/install-test-deps");
                if (install is null) throw new InvalidOperationException($"NetworkX is needed to check graphs: no python3 imports {modules}; install python3-networkx (apt-get) or run .ci/install-test-deps");
                var (code, output) = RunProcess("bash", [install], TimeSpan.FromMinutes(10));
                found = Best(modules) ?? throw new InvalidOperationException($"NetworkX is needed to check graphs; {install} exited {code} and no python3 imports {modules}:\n{output}");
            }
            Found[modules] = found;
            return found;
        }
    }

    /// <summary>The candidate that imports <paramref name="modules"/> with the highest NetworkX version.</summary>
    private static string? Best(string modules)
    {
        (string Python, System.Version Version)? best = null;
        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var (code, output) = RunProcess(python, ["-c", $"import {modules}; import networkx; print(networkx.__version__)"], TimeSpan.FromMinutes(1));
                if (code != 0) continue;
                var text = new string(output.Trim().TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
                if (!System.Version.TryParse(text.Contains('.') ? text : text + ".0", out var version)) continue;
                if (best is null || version > best.Value.Version) best = (python, version);
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return best?.Python;
    }

    public static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; returns its standard output parsed as JSON.</summary>
    public static JsonElement RunJson(string script, params string[] args) => RunJsonWith(Python, script, args);

    public static JsonElement RunJsonWith(string python, string script, params string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kg-nx-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, script);
        try
        {
            var (code, output) = RunProcess(python, [path, .. args], TimeSpan.FromMinutes(5), separateStderr: true, out var stderr);
            if (code != 0) throw new InvalidOperationException($"NetworkX script failed ({code}):\n{stderr}\n{output}");
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string NetworkXVersion => RunJson("import json, networkx; print(json.dumps(networkx.__version__))").GetString()!;

    internal static (int Code, string Output) RunProcess(string file, string[] args, TimeSpan timeout) =>
        RunProcess(file, args, timeout, separateStderr: false, out _);

    private static (int Code, string Output) RunProcess(string file, string[] args, TimeSpan timeout, bool separateStderr, out string stderr)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }
        stderr = errTask.Result;
        return (p.ExitCode, separateStderr ? output : output + stderr);
    }
}
