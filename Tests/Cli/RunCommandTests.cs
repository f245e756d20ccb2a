using KerjasamaGraph.Tests.Support;
using System.Text.Json;

namespace KerjasamaGraph.Tests.Cli;

[Collection("cli")]
public sealed class RunCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string[] Tables => ["regions.csv", "agreements.csv", "summary.csv"];

    [Fact]
    public async Task Run_writes_a_complete_run_folder_with_manifest_and_tables()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("run1");
        var r = await _cli.Run("run", file, "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(["agreements.csv", "manifest.json", "regions.csv", "summary.csv"], Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)!).Order().ToArray());
        var regions = File.ReadAllLines(Path.Combine(outDir, "regions.csv"));
        Assert.Equal(1 + 18 * 4, regions.Length);
        Assert.StartsWith("month,region,population_mean,population_p05,population_p95,capacity_mean", regions[0]);
        Assert.StartsWith("2023-01,batang,300000,300000,300000,", regions[1]);
        Assert.Equal(1 + 18 * 3, File.ReadAllLines(Path.Combine(outDir, "agreements.csv")).Length);
        Assert.Equal(1 + 18, File.ReadAllLines(Path.Combine(outDir, "summary.csv")).Length);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        var m = manifest.RootElement;
        Assert.Equal("orleans", m.GetProperty("engine").GetString());
        Assert.Equal(1, m.GetProperty("silos").GetInt32());
        Assert.Equal(2, m.GetProperty("replications").GetInt32());
        Assert.Equal(3UL, m.GetProperty("seed").GetUInt64());
        Assert.StartsWith("sha256:", m.GetProperty("scenario_hash").GetString());
        Assert.True(m.GetProperty("wall_time_seconds").GetDouble() > 0);
        Assert.Empty(Directory.GetDirectories(_cli.Directory, ".*"));
    }

    [Fact]
    public async Task Reference_one_silo_and_three_silos_write_identical_tables()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        string[] engines = ["reference", "orleans", "orleans"];
        string[][] extra = [[], [], ["--silos", "3"]];
        for (var i = 0; i < engines.Length; i++)
        {
            var r = await _cli.Run(["run", file, "--variant", "with-batang", "--engine", engines[i], "--out", _cli.PathOf($"e{i}"), "--quiet", .. extra[i]]);
            Assert.True(r.ExitCode == 0, r.Error);
        }
        foreach (var table in Tables)
        {
            var expected = File.ReadAllBytes(Path.Combine(_cli.PathOf("e0"), table));
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(_cli.PathOf("e1"), table)));
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(_cli.PathOf("e2"), table)));
        }
    }

    [Fact]
    public async Task An_existing_output_folder_is_refused_and_left_untouched()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("earlier");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "regions.csv"), "precious");
        var r = await _cli.Run("run", file, "--out", outDir, "--engine", "reference", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("already exists", r.Error);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(outDir, "regions.csv")));
    }

    [Fact]
    public async Task Bad_input_exits_with_code_2_and_one_line_per_problem()
    {
        var missing = await _cli.Run("run", _cli.PathOf("nope.yaml"), "--quiet");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"{_cli.PathOf("nope.yaml")}: file not found", missing.Error.Trim());

        var bad = _cli.Write("bad.yaml", CliHarness.SmallScenario.Replace("population: 400000", "population: -5").Replace("parties: [kota, batang]", "parties: [kota, nowhere]"));
        var invalid = await _cli.Run("run", bad, "--engine", "reference", "--quiet");
        Assert.Equal(2, invalid.ExitCode);
        var lines = invalid.Error.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith(bad + ":", l));
        Assert.Contains(lines, l => l.Contains("regions.muaro.population") || l.Contains("population"));
        Assert.Empty(Directory.GetDirectories(_cli.Directory));

        var usage = await _cli.Run("run", _cli.Write("ok.yaml", CliHarness.SmallScenario), "--months", "0");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--months", usage.Error);

        var unknownOption = await _cli.Run("run", "x.yaml", "--frobnicate");
        Assert.Equal(2, unknownOption.ExitCode);

        var unknownVariant = await _cli.Run("run", _cli.PathOf("ok.yaml"), "--variant", "nonesuch", "--quiet");
        Assert.Equal(2, unknownVariant.ExitCode);
        Assert.Contains("nonesuch", unknownVariant.Error);
    }

    [Fact]
    public async Task An_interrupted_run_leaves_no_folder()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario.Replace("months: 18", "months: 1200"));
        using var cancel = new CancellationTokenSource();
        var originalOut = Console.Out;
        var originalError = Console.Error;
        Console.SetOut(new StringWriter());
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            // As users run it (with the progress display), interrupted once it is writing its (hidden, incomplete) folder.
            using var ended = new CancellationTokenSource();
            var watcher = InterruptWhen.Start(() => Directory.GetDirectories(_cli.Directory, ".cut.incomplete-*").Length > 0, cancel, ended.Token);
            var run = KerjasamaGraph.Client.KerjasamaApp.RunAsync(["run", file, "--engine", "orleans", "--out", _cli.PathOf("cut"), "--replications", "50"], cancel.Token);
            var exit = await run;
            ended.Cancel();
            Assert.True(await watcher, $"the run ended (exit {exit}) before it wrote its incomplete folder: {error}");
            Assert.Equal(1, exit);
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
        Assert.Contains("interrupted; no run folder was written", error.ToString());
        Assert.False(Directory.Exists(_cli.PathOf("cut")));
        Assert.Empty(Directory.GetDirectories(_cli.Directory, ".*"));
    }

    [Fact]
    public async Task Validate_and_generate_report_and_refuse_as_documented()
    {
        var ok = await _cli.Run("validate", _cli.Write("ok.yaml", CliHarness.SmallScenario));
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("valid", ok.Text);
        Assert.Contains("variants: no-one-gate, with-batang", ok.Text);
        var bad = await _cli.Run("validate", _cli.Write("bad.yaml", CliHarness.SmallScenario.Replace("term_months: 24", "term_months: 61")));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("term_months", bad.Error);
        // An error that only a variant introduces is found too, and the line names the variant.
        var badVariant = await _cli.Run("validate", _cli.Write("badvariant.yaml", CliHarness.SmallScenario.Replace("parties: [kota, muaro, batang]", "parties: [kota, muaro, atlantis]")));
        Assert.Equal(2, badVariant.ExitCode);
        Assert.Contains("atlantis", badVariant.Error);
        Assert.Contains("(variant with-batang)", badVariant.Error);

        var target = _cli.PathOf("gen.yaml");
        Assert.Equal(0, (await _cli.Run("generate", "--regions", "40", "--seed", "5", "--out", target)).ExitCode);
        Assert.Equal(0, (await _cli.Run("validate", target)).ExitCode);
        var again = await _cli.Run("generate", "--regions", "40", "--seed", "5", "--out", target);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(2, (await _cli.Run("generate", "--regions", "1")).ExitCode);
    }

    [Fact]
    public async Task Help_is_available_on_every_command()
    {
        foreach (var command in new[] { "run", "validate", "generate", "bench" })
        {
            var r = await _cli.Run(command, "--help");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("USAGE", r.Out);
        }
    }
}
