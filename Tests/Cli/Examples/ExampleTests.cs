namespace KerjasamaGraph.Tests.Cli.Examples;

// Two collections, each with its own workspace, so that the two sets of examples can run at the same time.
[CollectionDefinition("readme-examples")]
public sealed class ReadmeExamplesCollection : ICollectionFixture<ExampleWorkspace>;

[CollectionDefinition("help-examples")]
public sealed class HelpExamplesCollection : ICollectionFixture<ExampleWorkspace>;

/// <summary>
/// A scratch copy of what the examples read (scenarios, data, the README, .ci) in which every example runs, so
/// nothing shipped is touched (calibrate's overlay, run folders), shared by the README and help tests.
/// </summary>
public sealed class ExampleWorkspace : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("kerjasama-examples-").FullName;

    public ExampleWorkspace()
    {
        var root = ConnectTests.RepositoryRoot();
        foreach (var folder in new[] { "scenarios", "data", "docs", ".ci" }) Copy(Path.Combine(root, folder), Path.Combine(Directory, folder));
        File.Copy(Path.Combine(root, "README.md"), Path.Combine(Directory, "README.md"));
    }

    private static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in System.IO.Directory.GetDirectories(from)) Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}

/// <summary>
/// Every example command of the README runs exactly as written, without --quiet, as the built program writing to
/// a pipe, and does what the README says (exit code and output).
/// </summary>
[Collection("readme-examples")]
public sealed class ReadmeExampleTests(ExampleWorkspace workspace)
{
    [Fact]
    public async Task Every_README_example_runs_as_written()
    {
        var readme = File.ReadAllText(Path.Combine(ConnectTests.RepositoryRoot(), "README.md"));
        var document = DocumentedExamples.FromMarkdown(readme, "README.md");
        Assert.True(document.Problems.Count == 0, string.Join("\n", document.Problems));
        Assert.Contains(document.Examples, e => e.Command.StartsWith("dotnet run --project Client", StringComparison.Ordinal));
        await using var runner = new ExampleRunner(workspace.Directory, document.Ports);
        var problems = new List<string>();
        foreach (var example in document.Examples) problems.AddRange(await runner.Run(example));
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

}

/// <summary>
/// Every example of every command's --help runs exactly as written (read from the help as the pipe shows it, one
/// example a line), in the order the help lists them, so that examples may use what earlier ones wrote.
/// </summary>
[Collection("help-examples")]
public sealed class HelpExampleTests(ExampleWorkspace workspace)
{
    [Fact]
    public async Task Every_help_example_runs_as_written()
    {
        var root = await BuiltProgram.Run(BuiltProgram.Client, ["--help"], workspace.Directory, ExampleRunner.Timeout);
        Assert.Equal(0, root.ExitCode);
        var commands = root.Out.Split('\n').SkipWhile(l => l.Trim() != "COMMANDS:").Skip(1)
            .Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(KerjasamaGraph.Client.KerjasamaApp.Commands.Keys, commands);

        var examples = new List<Example>();
        var problems = new List<string>();
        foreach (var command in commands)
        {
            var help = await BuiltProgram.Run(BuiltProgram.Client, [command, "--help"], workspace.Directory, ExampleRunner.Timeout);
            Assert.True(help.ExitCode == 0, $"{command} --help: {help.Error}");
            var found = DocumentedExamples.FromHelp(help.Out, $"kerjasama {command} --help");
            // The web server keeps running: started in the background until its ready line, on a free port.
            if (command == "serve") found = found.Select(e => e with { Kind = ExampleKind.Background, ReadyText = "KerjasamaGraph is ready" }).ToList();
            if (found.Count == 0) problems.Add($"kerjasama {command} --help has no example");
            examples.AddRange(found);
        }
        await using var runner = new ExampleRunner(workspace.Directory, [8080, 8081]);
        foreach (var example in examples)
        {
            var placeholders = DocumentedExamples.Placeholders(example.Command);
            if (placeholders.Count > 0) problems.Add($"{example}: has placeholders ({string.Join(", ", placeholders)})");
            else problems.AddRange(await runner.Run(example));
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }
}
