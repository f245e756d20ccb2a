using KerjasamaGraph.Tests.Cli;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>
/// What users see when the scenario file itself is the problem, through the commands they run (`validate` and
/// `run`, without --quiet): one line on standard error naming the file, exit code 2, and no run folder.
/// </summary>
[Collection("cli")]
public sealed class ScenarioFileCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task ExpectInputError(string file, string expectedLine)
    {
        foreach (var command in new[] { "validate", "run" })
        {
            var args = command == "run" ? new[] { command, file, "--out", _cli.PathOf("run-out") } : [command, file];
            var result = await _cli.Run(args);
            Assert.True(result.ExitCode == 2, $"{command}: exit {result.ExitCode}\n{result.Error}");
            Assert.Equal(expectedLine, result.Error.TrimEnd().Replace(_cli.Directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
            Assert.Equal("", result.Out);
            Assert.False(Directory.Exists(_cli.PathOf("run-out")));
        }
    }

    [Fact]
    public async Task A_directory_says_it_is_a_directory() =>
        await ExpectInputError(_cli.Directory, $"{_cli.Directory}: is a directory, not a scenario file");

    [Fact]
    public async Task A_directory_with_a_scenario_inside_names_it()
    {
        Directory.CreateDirectory(_cli.PathOf("nation"));
        _cli.Write("nation/nation.yaml", CliHarness.SmallScenario);
        await ExpectInputError(_cli.PathOf("nation"), "nation: is a directory, not a scenario file (it holds nation/nation.yaml)");
    }

    [Fact]
    public async Task A_missing_file_is_one_line() =>
        await ExpectInputError(_cli.PathOf("missing.yaml"), "missing.yaml: file not found");

    [Fact]
    public async Task An_unreadable_file_is_one_line_with_the_reason()
    {
        if (!OperatingSystem.IsLinux()) return;
        // Opens, then fails on read whoever runs the test (a file without read permission would be readable by root).
        await ExpectInputError("/proc/self/mem", "/proc/self/mem: cannot read the file: Input/output error");
    }

    [Fact]
    public async Task An_empty_file_is_one_line() =>
        await ExpectInputError(_cli.Write("empty.yaml", ""), "empty.yaml:1:1: the file is empty: a scenario is a YAML mapping (scenario:, run:, regions: ...)");

    [Fact]
    public async Task Broken_yaml_gives_the_parsers_line_and_column() =>
        await ExpectInputError(_cli.Write("broken.yaml", "run: { months: 3 }\nagreements:\n  - { id: x, t\nype: knowledge }\n"),
            "broken.yaml:4:1: not valid YAML: the parser cannot read on from here (check the indentation, quotes and brackets around this point)");

    [Fact]
    public async Task Borders_names_the_key_to_use() =>
        await ExpectInputError(_cli.Write("borders.yaml", CliHarness.SmallScenario.Replace("neighbours:", "borders:", StringComparison.Ordinal)
                .Replace("legal_form: ksdd_wajib", "legal_form: ksdd_sukarela", StringComparison.Ordinal)),
            "borders.yaml:16:1: borders: unknown key 'borders' (did you mean 'neighbours'? pairs of regions that share a border are listed under 'neighbours')");
}
