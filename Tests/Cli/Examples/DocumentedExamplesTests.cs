namespace KerjasamaGraph.Tests.Cli.Examples;

/// <summary>The example harness itself: what it finds, how markers change it, and that it refuses what it cannot run.</summary>
public sealed class DocumentedExamplesTests
{
    [Fact]
    public void Code_blocks_and_inline_commands_are_examples_and_mentions_are_not()
    {
        var doc = DocumentedExamples.FromMarkdown("""
            Run `kerjasama run scenarios/a.yaml --months 3` or see `kerjasama calibrate`.
            ```sh
            # a comment
            kerjasama validate scenarios/a.yaml   # checks it
            dotnet run --project Client -- run \
              scenarios/a.yaml
            ```
            ```
            kerjasama not/an/example.yaml
            ```
            """, "R.md");
        Assert.Empty(doc.Problems);
        Assert.Equal(["kerjasama run scenarios/a.yaml --months 3", "kerjasama validate scenarios/a.yaml", "dotnet run --project Client -- run scenarios/a.yaml"],
            doc.Examples.Select(e => e.Command));
        Assert.Equal([1, 4, 6], doc.Examples.Select(e => e.Line));
    }

    [Fact]
    public void Markers_say_how_an_example_runs_and_a_stale_or_unreadable_marker_is_a_problem()
    {
        var doc = DocumentedExamples.FromMarkdown("""
            <!-- examples: ports 11111 30000 are replaced by free ports -->
            <!-- example `dotnet run --project Silo -- --silo-port 11111`: background until "silo ready" -->
            <!-- example `kerjasama bench --regions 2000 --months 120`: shortened with "--regions 30 --months 3" (slow) -->
            <!-- example `kerjasama validate FILE`: synopsis -->
            <!-- example `dotnet test X.sln`: test-command -->
            <!-- example `kerjasama validate bad.yaml`: exits 2 -->
            <!-- example `kerjasama gone here`: synopsis -->
            <!-- example `kerjasama run x.yaml`: sometimes -->
            ```sh
            dotnet run --project Silo -- --silo-port 11111
            kerjasama bench --regions 2000 --months 120
            dotnet test X.sln
            kerjasama run x.yaml
            ```
            `kerjasama validate FILE` and `kerjasama validate bad.yaml`
            """, "R.md");
        Assert.Equal([11111, 30000], doc.Ports);
        var e = doc.Examples.ToDictionary(x => x.Command);
        Assert.Equal(ExampleKind.Background, e["dotnet run --project Silo -- --silo-port 11111"].Kind);
        Assert.Equal("silo ready", e["dotnet run --project Silo -- --silo-port 11111"].ReadyText);
        Assert.Equal(["--regions", "30", "--months", "3"], e["kerjasama bench --regions 2000 --months 120"].ShortenedWith);
        Assert.Equal(ExampleKind.Synopsis, e["kerjasama validate FILE"].Kind);
        Assert.Equal(ExampleKind.TestCommand, e["dotnet test X.sln"].Kind);
        Assert.Equal(2, e["kerjasama validate bad.yaml"].ExpectedExitCode);
        Assert.Equal(2, doc.Problems.Count);
        Assert.Contains(doc.Problems, p => p.Contains("`kerjasama gone here`, which is no longer an example"));
        Assert.Contains(doc.Problems, p => p.Contains("cannot read the marker 'sometimes'"));
    }

    [Fact]
    public void An_example_with_placeholders_and_no_marker_is_a_problem()
    {
        var doc = DocumentedExamples.FromMarkdown("Check with `kerjasama validate FILE [--variant NAME]`.", "R.md");
        var problem = Assert.Single(doc.Problems);
        Assert.Contains("R.md:1: kerjasama validate FILE [--variant NAME]: has placeholders (FILE, [--variant, NAME])", problem);
    }

    [Fact]
    public async Task A_program_the_harness_cannot_start_fails_instead_of_being_skipped()
    {
        await using var runner = new ExampleRunner(Path.GetTempPath(), []);
        var problems = await runner.Run(new Example("R.md", 3, "make install"));
        Assert.Contains("does not know how to run this program", Assert.Single(problems));
        problems = await runner.Run(new Example("R.md", 4, "dotnet run --project Web -- serve"));
        Assert.Contains("does not know how to run the project 'Web'", Assert.Single(problems));
        problems = await runner.Run(new Example("R.md", 5, "dotnet test Other.sln") { Kind = ExampleKind.TestCommand });
        Assert.Contains(".ci/run does not run this command", Assert.Single(problems));
        problems = await runner.Run(new Example("R.md", 6, "no-such-server --port 1") { Kind = ExampleKind.Background, ReadyText = "ready" });
        Assert.Contains("'no-such-server' is not installed here", Assert.Single(problems));
    }

    [Fact]
    public async Task A_server_on_the_path_runs_in_the_background_until_its_ready_line()
    {
        await using var runner = new ExampleRunner(Path.GetTempPath(), []);
        Assert.Empty(await runner.Run(new Example("R.md", 1, "sh -c 'echo ready; sleep 60'") { Kind = ExampleKind.Background, ReadyText = "ready" }));
        var problems = await runner.Run(new Example("R.md", 2, "sh -c 'echo starting'") { Kind = ExampleKind.Background, ReadyText = "ready" });
        Assert.Contains("did not print \"ready\"", Assert.Single(problems));
    }

    [Fact]
    public void Help_examples_are_the_lines_under_EXAMPLES()
    {
        var help = "USAGE:\n    kerjasama run <FILE> [OPTIONS]\n\nEXAMPLES:\n    kerjasama run a.yaml\n    kerjasama run b.yaml --months 3\n\nARGUMENTS:\n    <FILE>    x\n";
        Assert.Equal(["kerjasama run a.yaml", "kerjasama run b.yaml --months 3"], DocumentedExamples.FromHelp(help, "h").Select(e => e.Command));
    }

    [Fact]
    public void Commands_split_like_a_shell()
    {
        Assert.Equal(["kerjasama", "run", "my file.yaml", "--out", "a b"], DocumentedExamples.Split("kerjasama run 'my file.yaml' --out \"a b\""));
    }
}
