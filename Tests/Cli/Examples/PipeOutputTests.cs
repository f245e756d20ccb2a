namespace KerjasamaGraph.Tests.Cli.Examples;

/// <summary>The built program writing to a pipe: nothing wrapped at 80 columns, no colour codes, no padding at line ends.</summary>
public sealed class PipeOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kerjasama-pipe-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task Paths_commands_and_tables_stay_on_one_line()
    {
        var file = Path.Combine(_dir, "small.yaml");
        File.WriteAllText(file, CliHarness.SmallScenario);
        var outDir = Path.Combine(_dir, "a-folder-name-long-enough-that-the-line-with-it-is-far-wider-than-eighty-columns", "run");
        var run = await BuiltProgram.Run(BuiltProgram.Client, ["run", file, "--engine", "reference", "--out", outDir], _dir, ExampleRunner.Timeout);
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n');
        Assert.Contains($"Run folder: {outDir}", lines);
        Assert.Contains(lines, l => l.StartsWith("Benefit: direct benefit of the region's own agreements plus spillover", StringComparison.Ordinal) && l.Length > 120);
        Assert.DoesNotContain('\u001b', run.Out);
        Assert.All(lines, l => Assert.False(l.EndsWith(' '), $"trailing blanks: '{l}'"));

        var help = await BuiltProgram.Run(BuiltProgram.Client, ["calibrate", "--help"], _dir, ExampleRunner.Timeout);
        Assert.Equal(0, help.ExitCode);
        var example = help.Out.Split('\n').Single(l => l.TrimStart().StartsWith("kerjasama calibrate scenarios/", StringComparison.Ordinal));
        Assert.EndsWith("--out scenarios/jambi-inflation-2022.refit.yaml", example);
        Assert.All(help.Out.Split('\n'), l => Assert.False(l.EndsWith(' '), $"trailing blanks: '{l}'"));
    }
}
