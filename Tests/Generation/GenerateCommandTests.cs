using System.Security.Cryptography;
using System.Text;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Scenarios;

namespace KerjasamaGraph.Tests.Generation;

/// <summary>`kerjasama generate` as users run it: one YAML file, or a folder of YAML and tables that validate and run.</summary>
[Collection("cli")]
public sealed class GenerateCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>The digest GeneratorTests pins for 300 regions, seed 42.</summary>
    private const string Digest300 = "396d96aa40fba18f77272823d6b7143533284a974df705406d60ec4744494466";

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task One_file_is_the_pinned_scenario_byte_for_byte()
    {
        var result = await _cli.Run("generate", "--regions", "300", "--seed", "42", "--out", _cli.PathOf("g.yaml"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Wrote {_cli.PathOf("g.yaml")} (300 regions, seed 42)", result.Out.Trim());
        Assert.Equal(Digest300, Sha256(File.ReadAllText(_cli.PathOf("g.yaml"))));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public async Task A_folder_holds_the_same_scenario_and_validates_and_runs(string tables)
    {
        var folder = _cli.PathOf("nation");
        var result = await _cli.Run("generate", "--regions", "300", "--seed", "42", "--out", folder, "--tables", tables);
        Assert.True(result.ExitCode == 0, result.Error);
        var output = string.Join(" ", result.Out.Split('\n', StringSplitOptions.TrimEntries));
        Assert.StartsWith($"Wrote {folder}/: nation.yaml (", output, StringComparison.Ordinal);
        Assert.Contains($"regions.{tables} (", output, StringComparison.Ordinal);
        Assert.Contains($"300 regions, 883 neighbour pairs, 862 agreements, seed 42. Run it with: kerjasama run {folder}/nation.yaml", output, StringComparison.Ordinal);
        Lines.Equal(["agreements." + tables, "nation.yaml", "neighbours." + tables, "regions." + tables],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);
        Assert.Empty(Directory.GetDirectories(_cli.Directory, ".*"));

        // The folder's content is the generated scenario: written as one file it is the pinned YAML.
        var loaded = ScenarioLoader.Load(Path.Combine(folder, "nation.yaml"));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors.Take(10)));
        Assert.Equal(Digest300, Sha256(ScenarioYamlWriter.ToYaml(loaded.Scenario!)));

        var validate = await _cli.Run("validate", Path.Combine(folder, "nation.yaml"));
        Assert.Equal(0, validate.ExitCode);
        Assert.StartsWith($"{folder}/nation.yaml: valid", validate.Out, StringComparison.Ordinal);
        Assert.Contains("300 regions", validate.Out, StringComparison.Ordinal);
        Assert.Contains("862 agreements", validate.Out, StringComparison.Ordinal);

        var run = await _cli.Run("run", Path.Combine(folder, "nation.yaml"), "--months", "2", "--engine", "reference", "--out", _cli.PathOf("run"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(300 * 2 + 1, File.ReadAllLines(Path.Combine(_cli.PathOf("run"), "regions.csv")).Length);
    }

    [Fact]
    public async Task Refuses_what_it_cannot_write_well()
    {
        Directory.CreateDirectory(_cli.PathOf("taken"));
        var taken = await _cli.Run("generate", "--regions", "50", "--out", _cli.PathOf("taken"));
        Assert.Equal(2, taken.ExitCode);
        Assert.Equal($"{_cli.PathOf("taken")}: already exists; generate never overwrites a file or folder", taken.Error.Trim());

        var big = await _cli.Run("generate", "--regions", "8000", "--out", _cli.PathOf("big.yaml"));
        Assert.Equal(2, big.ExitCode);
        Assert.Matches(@"big\.yaml: 8000 regions make a 9\.\d MiB scenario file, over the 8 MiB limit of scenario files; write a folder of YAML and tables instead \(--out .*big\)$", big.Error.Trim());
        Assert.False(File.Exists(_cli.PathOf("big.yaml")));

        var format = await _cli.Run("generate", "--regions", "50", "--out", _cli.PathOf("x"), "--tables", "xlsx");
        Assert.Equal(2, format.ExitCode);
        Assert.Equal("--tables: 'xlsx' is not a table format (csv or parquet)", format.Error.Trim());
        var oneFile = await _cli.Run("generate", "--regions", "50", "--out", _cli.PathOf("x.yaml"), "--tables", "parquet");
        Assert.Equal(2, oneFile.ExitCode);
        Assert.False(Directory.Exists(_cli.PathOf("x")) || File.Exists(_cli.PathOf("x.yaml")));
    }
}
