using System.Text.RegularExpressions;

namespace KerjasamaGraph.Tests.Cli.Examples;

/// <summary>
/// Runs documented examples in a workspace (a copy of the repository's scenarios and data), as the built programs,
/// through pipes. <c>kerjasama ARGS</c> and <c>dotnet run --project Client [-c C] -- ARGS</c> run the built client with
/// ARGS (the build itself happened once, with the tests); the silo and benchmark projects likewise. Each result is
/// checked for its exit code and for what that command must print.
/// </summary>
public sealed partial class ExampleRunner(string workspace, IReadOnlyList<int> ports) : IAsyncDisposable
{
    private readonly List<BuiltProgram> _background = [];
    private readonly Dictionary<int, int> _ports = ports.ToDictionary(p => p, _ => ConnectTests.FreePort());

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs one example; returns the problems found (none when it did what the documentation says).</summary>
    public async Task<IReadOnlyList<string>> Run(Example example)
    {
        switch (example.Kind)
        {
            case ExampleKind.Synopsis:
                return [];
            case ExampleKind.TestCommand:
                var ci = File.ReadAllText(Path.Combine(ConnectTests.RepositoryRoot(), ".ci", "run"));
                return ci.Split('\n').Any(l => l.Trim().StartsWith(example.Command, StringComparison.Ordinal))
                    ? [] : [$"{example}: .ci/run does not run this command, but the README says it is the test command"];
        }
        var (program, args, problem) = Resolve(example);
        if (problem is not null) return [$"{example}: {problem}"];
        args = [.. args.Select(MapPorts), .. example.ShortenedWith];

        if (example.Kind == ExampleKind.Background)
        {
            var started = BuiltProgram.Start(program!, args, workspace);
            _background.Add(started);
            return await started.WaitForLine(example.ReadyText!, TimeSpan.FromSeconds(90))
                ? []
                : [$"{example}: did not print \"{example.ReadyText}\" (output: {started.Output}{started.Error})"];
        }

        var (code, output, error) = await BuiltProgram.Run(program!, args, workspace, Timeout);
        var problems = new List<string>();
        if (code != example.ExpectedExitCode) problems.Add($"exit code {code}, expected {example.ExpectedExitCode}");
        problems.AddRange(ExampleExpectations.Check(program!, args, output, error, workspace));
        return problems.Count == 0 ? [] : [$"{example}: {string.Join("; ", problems)}\n--- stdout:\n{output}--- stderr:\n{error}"];
    }

    /// <summary>The built program and its arguments for an example's command line.</summary>
    public static (string? Program, string[] Args, string? Problem) Resolve(Example example)
    {
        var words = DocumentedExamples.Split(example.Command);
        if (words is ["kerjasama", .. var rest]) return (BuiltProgram.Client, rest, null);
        if (words is ["dotnet", "run", .. var options])
        {
            string? project = null;
            var k = 0;
            for (; k < options.Length && options[k] != "--"; k++)
            {
                if (options[k] is "--project" or "-p" && k + 1 < options.Length) project = options[++k];
                else if (options[k] is "-c" or "--configuration" && k + 1 < options.Length) k++;
                else return (null, [], $"the test does not know the dotnet run option '{options[k]}'");
            }
            var args = k < options.Length ? options[(k + 1)..] : [];
            return project switch
            {
                "Client" => (BuiltProgram.Client, args, null),
                "Silo" => (BuiltProgram.Silo, args, null),
                "Benchmarks" => (BuiltProgram.Benchmarks, args, null),
                _ => (null, [], $"the test does not know how to run the project '{project}'"),
            };
        }
        // Another program (a server the documentation starts, such as redis-server) only when it is marked to run in
        // the background until a ready line, and is installed.
        if (example.Kind == ExampleKind.Background && words.Length > 0)
        {
            return OnPath(words[0]) is { } found
                ? (found, words[1..], null)
                : (null, [], $"'{words[0]}' is not installed here (.ci/run installs what the examples start)");
        }
        return (null, [], "the test does not know how to run this program; mark the example (see DocumentedExamples) or write it as kerjasama … or dotnet run --project …");
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);

    private string MapPorts(string word) => PortNumber().Replace(word, m => _ports.TryGetValue(int.Parse(m.Value), out var free) ? free.ToString() : m.Value);

    [GeneratedRegex(@"\b[0-9]{2,5}\b")]
    private static partial Regex PortNumber();

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _background) await p.DisposeAsync();
        _background.Clear();
    }
}

/// <summary>What each program and command must print when it succeeds: a meaningful part of its default output.</summary>
public static partial class ExampleExpectations
{
    public static IReadOnlyList<string> Check(string program, string[] args, string output, string error, string workspace)
    {
        var problems = new List<string>();
        void Expect(string text, string what)
        {
            if (!output.Contains(text, StringComparison.Ordinal)) problems.Add($"no \"{text}\" ({what}) in the output");
        }
        if (program == BuiltProgram.Benchmarks)
        {
            Expect("betweenness", "the benchmark table");
            return problems;
        }
        if (program != BuiltProgram.Client) return [$"no expectation for {Path.GetFileName(program)}: add one to {nameof(ExampleExpectations)}"];
        var command = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "";
        var hasOut = args.Contains("--out");
        switch (command)
        {
            case "run":
                Expect("Benefit by region", "the benefit table");
                Expect("Who gains", "the gains table");
                Expect("Run folder: ", "the run folder");
                break;
            case "compare":
                Expect("Variants against the baseline", "the ranking table");
                Expect("Comparison folder: ", "the comparison folder");
                break;
            case "brief":
                Expect("Wrote ", "the files written");
                Expect(".html", "the HTML brief");
                break;
            case "sweep":
                Expect("points ran", "the sweep's count");
                Expect("Sweep folder: ", "the sweep folder");
                break;
            case "validate":
                Expect(": valid", "the verdict");
                break;
            case "calibrate":
                Expect("RMSE of month-on-month inflation", "the fit");
                Expect("Wrote ", "the overlay written");
                break;
            case "generate":
                if (hasOut) Expect("Wrote ", "the file written");
                else Expect("regions:", "the scenario on standard output");
                break;
            case "bench":
                Expect("Engine benchmark", "the timing table");
                break;
            case "metrics":
                if (hasOut) Expect("Wrote ", "the files written");
                else if (args.Contains("json")) Expect("\"nodes\"", "the JSON metrics");
                else Expect("node,", "the CSV metrics");
                break;
            case "export":
            case "import":
                if (hasOut) Expect("Wrote ", "the file written");
                else problems.Add("examples of export and import write to --out, so the test can check the file");
                break;
            default:
                problems.Add($"no expectation for `kerjasama {command}`: add one to {nameof(ExampleExpectations)}");
                break;
        }
        // Every folder or file the output names as written exists.
        foreach (Match m in WrittenPath().Matches(output))
        {
            var path = m.Groups[1].Value.Trim();
            var full = Path.IsPathRooted(path) ? path : Path.Combine(workspace, path);
            if (!Directory.Exists(full) && !File.Exists(full)) problems.Add($"the output names {path}, which does not exist");
        }
        return problems;
    }

    [GeneratedRegex(@"^(?:(?:Run|Comparison|Sweep) folder: |Wrote )(\S+?)[,:]?(?:\s|$)", RegexOptions.Multiline)]
    private static partial Regex WrittenPath();
}
