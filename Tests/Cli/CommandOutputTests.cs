using KerjasamaGraph.Tests.Support;
using System.Text.Json;
using KerjasamaGraph.Client;
using KerjasamaGraph.Client.Commands;
using KerjasamaGraph.Tests.Generation;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Tests.Cli;

/// <summary>
/// What each command shows by default (no --quiet) on a terminal, and the command-line defects a new user met:
/// each test here failed before its fix.
/// </summary>
[Collection("cli")]
public sealed class CommandOutputTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Shipped(string name) => Path.Combine(ShippedScenarioTests.ScenarioDirectory(), name);

    private static string Data(string name) => Path.Combine(ConnectTests.RepositoryRoot(), "data", name);

    [Fact]
    public async Task Compare_shows_its_ranking_table_and_folder_instead_of_crashing_on_the_interval_caption()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var r = await _cli.Run("compare", file, "--variants", "with-batang", "--replications", "3", "--engine", "reference", "--out", _cli.PathOf("cmp"));
        Assert.True(r.ExitCode == 0, r.Error + r.Out);
        Assert.Contains("Variants against the baseline, whole run, ranked by benefit_total", r.Text);
        Assert.Contains("with-batang", r.Out);
        Assert.Contains("[95% interval] over 3 paired replications", r.Text);
        Assert.Contains($"Comparison folder: {_cli.PathOf("cmp")}", r.Text);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public async Task Every_help_shows_and_describes_every_option()
    {
        foreach (var (command, settings) in KerjasamaApp.Commands)
        {
            var r = await _cli.Run(command, "--help");
            Assert.True(r.ExitCode == 0, $"{command} --help: {r.Error}");
            Assert.Contains("USAGE:", r.Out);
            Assert.Contains("EXAMPLES:", r.Out);
            foreach (var property in settings.GetProperties())
            {
                var option = property.GetCustomAttributes(typeof(CommandOptionAttribute), true).Cast<CommandOptionAttribute>().SingleOrDefault();
                if (option is null || option.IsHidden) continue;
                var description = property.GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), true)
                    .Cast<System.ComponentModel.DescriptionAttribute>().SingleOrDefault()?.Description;
                Assert.False(string.IsNullOrWhiteSpace(description), $"{command} --{option.LongNames[0]} has no description");
                Assert.Contains("--" + option.LongNames[0], r.Out);
            }
        }
        // Descriptions are text, never markup: this one crashed the help ("could not find color or style").
        var calibrate = await _cli.Run("calibrate", "--help");
        Assert.Contains("NAME[=LO..HI]", calibrate.Text);
    }

    [Fact]
    public async Task No_command_prints_the_usage_and_exits_2()
    {
        var r = await _cli.Run();
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("USAGE:", r.Out);
        Assert.Contains("COMMANDS:", r.Out);
        Assert.Contains("name a command", r.Error);
    }

    [Fact]
    public async Task Bad_option_values_and_names_get_messages_a_planner_can_act_on()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var seed = await _cli.Run("run", file, "--seed", "abc");
        Assert.Equal(2, seed.ExitCode);
        Assert.Equal("kerjasama: --seed: 'abc' is not a whole number, 0 or more (see kerjasama run --help)", seed.Error.Trim());
        var months = await _cli.Run("compare", file, "--months=ten");
        Assert.Equal(2, months.ExitCode);
        Assert.Equal("kerjasama: --months: 'ten' is not a whole number (see kerjasama compare --help)", months.Error.Trim());
        var misspelled = await _cli.Run("run", file, "--replicatons", "4");
        Assert.Equal(2, misspelled.ExitCode);
        Assert.Contains("unknown option '--replicatons' (did you mean '--replications'?)", misspelled.Error);
        var command = await _cli.Run("comapre", file);
        Assert.Equal(2, command.ExitCode);
        Assert.Contains("unknown command 'comapre' (did you mean 'compare'?)", command.Error);
        Assert.Empty(Directory.GetDirectories(_cli.Directory));
    }

    [Fact]
    public async Task A_misspelled_variant_in_compare_gets_the_same_did_you_mean_as_run()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var run = await _cli.Run("run", file, "--variant", "with-batnag", "--quiet");
        var compare = await _cli.Run("compare", file, "--variants", "with-batnag");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, compare.ExitCode);
        Assert.Contains("(did you mean 'with-batang'?)", run.Error);
        Assert.Equal(run.Error, compare.Error);
    }

    [Fact]
    public async Task Run_shows_the_inflation_headline_gains_and_losses_and_says_what_each_table_leaves_out()
    {
        // The food scenario: 28 regions, most of which lose in this replay, and 16 agreements.
        var r = await _cli.Run("run", Shipped("jambi-inflation-2022.calibrated.yaml"), "--engine", "reference", "--out", _cli.PathOf("food"));
        Assert.True(r.ExitCode == 0, r.Error);
        var text = r.Text;
        // The inflation headline. Kota Jambi: the peak month-on-month in June 2022, year-on-year in July (README: 1.57%, 8.46%).
        Assert.Contains("Consumer price inflation, regions with a food market (percent)", text);
        Assert.Contains("│ Kota Jambi │ 1.57 │ 2022-06 │ 8.46 │ 2022-07 │", text);
        // Against the observed series the scenario names.
        Assert.Contains("Kota Jambi: month-on-month inflation, simulated and observed (percent)", text);
        Assert.Contains("│ 2022-08 │ -1.22 │ -1.16 │ -0.06 │", text);
        Assert.Contains("Observed: ", text);
        Assert.Contains("RMSE 0.480 pp over 12 months; peak 1.57% in 2022-06 simulated, 1.55% in 2022-06 observed", text);
        // Gains and losses, and what each table leaves out.
        Assert.Contains("Benefit by region, cumulative (Rp million)", text);
        Assert.Contains("… 13 more", text);
        Assert.Contains("Largest gains and losses shown; 13 regions between them are not (all 28 in regions.csv)", text);
        Assert.Contains("│ Kota Jambi │ -6,035.7 │", text);                    // the largest loss is shown
        Assert.Contains("26 of 28 regions lost (negative benefit)", text);
        Assert.Contains("Regions with a loss (cumulative benefit below zero) │ 26 of 28", text);
        Assert.Contains("Regions reached: how many regions that did not sign received some of the agreement's benefit", text);
        Assert.Contains("6 of 16 agreements not shown (all in agreements.csv)", text);
        Assert.Contains($"Run folder: {_cli.PathOf("food")}", text);
    }

    [Fact]
    public async Task Run_without_food_markets_shows_no_inflation_table()
    {
        var r = await _cli.Run("run", _cli.Write("small.yaml", CliHarness.SmallScenario), "--out", _cli.PathOf("run"));
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("Small test: 18 months from 2023-01, 2 replication(s), seed 3", r.Text);
        Assert.Contains("month 18 of 18", r.Text);                              // the progress bar
        Assert.Contains("Who gains", r.Text);
        Assert.DoesNotContain("inflation", r.Text);
        Assert.Contains($"Run folder: {_cli.PathOf("run")}", r.Text);
    }

    [Fact]
    public async Task Calibrate_refuses_to_overwrite_unless_forced_and_reports_a_fit_that_did_not_converge()
    {
        var scenario = Shipped("jambi-inflation-2022.yaml");
        var observed = Data("kota-jambi-cpi-2022.csv");
        var overlay = _cli.Write("fit.yaml", "precious\n");
        string[] args = ["calibrate", scenario, "--observed", observed, "--region", "kota-jambi", "--window", "2022-01..2022-12",
            "--params", "non_food_trend=0.001..0.006,chili.price_response", "--starts", "1", "--max-iterations", "10", "--out", overlay];
        var refused = await _cli.Run(args);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"{overlay}: already exists; calibrate never overwrites a file unless --force", refused.Error);
        Assert.Equal("precious\n", File.ReadAllText(overlay));

        var forced = await _cli.Run([.. args, "--force"]);
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.Contains("RMSE of month-on-month inflation:", forced.Text);
        Assert.Contains("│ 2022-07 │", forced.Text);
        Assert.Contains($"Wrote {overlay}", forced.Text);
        // Ten iterations cannot meet the tolerance: said on the terminal and in the overlay, not swallowed.
        Assert.Contains("warning: 1 of 1 optimiser starts stopped at the 10-iteration limit before converging", forced.Error);
        Assert.Contains("# 1 of 1 optimiser starts stopped at the 10-iteration limit", File.ReadAllText(overlay));
        Assert.True(Model.Scenarios.ScenarioLoader.Load(overlay).Ok);
    }

    [Fact]
    public async Task The_calibrate_help_example_no_longer_rewrites_the_shipped_overlay()
    {
        var example = KerjasamaApp.CommandList.Single(c => c.Name == "calibrate").Examples.Single();
        Assert.Contains("--out", example);
        var shipped = Shipped("jambi-inflation-2022.calibrated.yaml");
        var before = File.ReadAllText(shipped);
        // Without --out the default target is the shipped file: refused before any fitting.
        var r = await _cli.Run("calibrate", Shipped("jambi-inflation-2022.yaml"), "--observed", Data("kota-jambi-cpi-2022.csv"), "--region", "kota-jambi",
            "--window", "2022-01..2022-12", "--params", "non_food_trend");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("already exists", r.Error);
        Assert.Equal(before, File.ReadAllText(shipped));
    }

    [Fact]
    public async Task Sweep_checks_parameter_paths_before_running_anything()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("sweep");
        var r = await _cli.Run("sweep", file, "--param", "policies.one_gate.review_capcity=1..8:4", "--param", "regions.muaro.populaton=1..2",
            "--param", "regions.muarro.capacity=0.1..0.9", "--param", "polices.one_gate.review_months=1..3", "--engine", "reference", "--out", outDir);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Error.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Contains("--param policies.one_gate.review_capcity: unknown key 'review_capcity' (did you mean 'review_capacity'?)", lines);
        Assert.Contains("--param regions.muaro.populaton: unknown key 'populaton' (did you mean 'population'?)", lines);
        Assert.Contains("--param regions.muarro.capacity: the scenario has no regions item 'muarro' (did you mean 'muaro'?)", lines);
        Assert.Contains("--param polices.one_gate.review_months: unknown key 'polices' (did you mean 'policies'?)", lines);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task A_sweep_in_which_every_point_fails_exits_1()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("sweep");
        var r = await _cli.Run("sweep", file, "--param", "regions.muaro.population=-100..-50:2", "--months", "3", "--replications", "1",
            "--engine", "reference", "--out", outDir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("every point of the sweep failed (2 of 2)", r.Error);
        Assert.Contains("population", r.Error);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(outDir, "points.csv")).Skip(1).Count(l => l.Split(',')[1] == "failed"));
    }

    [Fact]
    public async Task Sweep_shows_progress_and_what_it_wrote()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("sweep");
        var r = await _cli.Run("sweep", file, "--param", "parameters.spillover_rate=0.1..0.3:3", "--months", "6", "--engine", "reference", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("3 points (factorial), 0 already finished, 3 to run", r.Text);
        Assert.Contains("points", r.Out);
        Assert.Contains("3 points ran; 0 were already finished.", r.Text);
        Assert.Contains("Written: points.csv, points.parquet and charts/ (PNG and SVG).", r.Text);
        Assert.Contains($"Sweep folder: {outDir}", r.Text);
    }

    [Fact]
    public async Task An_interrupted_sweep_says_what_it_kept_and_how_to_resume()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("sweep");
        string[] args = ["sweep", file, "--param", "parameters.spillover_rate=0.1..0.5:40", "--months", "120", "--replications", "20",
            "--parallel", "1", "--engine", "reference", "--out", outDir];
        using var cancel = new CancellationTokenSource();
        var points = Path.Combine(outDir, "points.csv");
        using var ended = new CancellationTokenSource();
        var watcher = InterruptWhen.Start(() => File.Exists(points) && File.ReadAllLines(points).Length >= 3, cancel, ended.Token);
        var r = await _cli.Run(cancel.Token, args);
        ended.Cancel();
        Assert.True(await watcher, "the sweep ended before it could be interrupted: " + r.Error);
        Assert.Equal(1, r.ExitCode);
        var kept = File.ReadAllLines(points).Length - 1;
        Assert.InRange(kept, 2, 39);
        Assert.Contains($"kerjasama: interrupted; kept {kept} of 40 finished points in {points}; resume with: kerjasama sweep", r.Error);
        Assert.Contains($"--out {outDir} --resume", r.Error);
        Assert.DoesNotContain("no run folder", r.Error);

        // The command it gives resumes: only the other points run.
        var resume = r.Error.Trim().Split("resume with: kerjasama ")[1].Split(' ');
        var resumed = await _cli.Run(resume);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"{kept} already finished, {40 - kept} to run", resumed.Text);
        Assert.Equal(41, File.ReadAllLines(points).Length);
    }

    [Fact]
    public async Task An_interrupted_compare_says_no_folder_was_written()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario.Replace("months: 18", "months: 1200"));
        using var cancel = new CancellationTokenSource();
        using var ended = new CancellationTokenSource();
        var watcher = InterruptWhen.Start(() => Directory.GetDirectories(_cli.Directory, ".cmp.incomplete-*").Length > 0, cancel, ended.Token, TimeSpan.FromMilliseconds(200));
        var r = await _cli.Run(cancel.Token, "compare", file, "--replications", "50", "--engine", "reference", "--out", _cli.PathOf("cmp"), "--quiet");
        ended.Cancel();
        Assert.True(await watcher, "the comparison ended before it could be interrupted: " + r.Error);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"kerjasama: interrupted; no comparison folder was written ({_cli.PathOf("cmp")} does not exist)", r.Error.Trim());
        Assert.Empty(Directory.GetDirectories(_cli.Directory));
    }

    [Fact]
    public void A_program_bug_is_a_failure_with_its_stack_trace_on_request_and_input_errors_exit_2()
    {
        var original = Console.Error;
        try
        {
            var error = new StringWriter();
            Console.SetError(error);
            Environment.SetEnvironmentVariable(KerjasamaApp.DebugVariable, null);
            Assert.Equal(1, KerjasamaApp.Report(new InvalidOperationException("boom")));
            Assert.Contains("kerjasama: internal error: InvalidOperationException: boom", error.ToString());
            Assert.Contains("set KERJASAMA_DEBUG=1 to print the stack trace", error.ToString());

            error = new StringWriter();
            Console.SetError(error);
            Environment.SetEnvironmentVariable(KerjasamaApp.DebugVariable, "1");
            Exception thrown;
            try { throw new InvalidOperationException("boom"); } catch (InvalidOperationException e) { thrown = e; }
            Assert.Equal(1, KerjasamaApp.Report(thrown));
            Assert.Contains("at KerjasamaGraph.Tests.Cli.CommandOutputTests", error.ToString());

            error = new StringWriter();
            Console.SetError(error);
            Assert.Equal(2, KerjasamaApp.Report(new InputException("x.yaml:1:1: bad")));
            Assert.Equal("x.yaml:1:1: bad", error.ToString().Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable(KerjasamaApp.DebugVariable, null);
            Console.SetError(original);
        }
    }

    [Fact]
    public async Task Every_json_file_a_command_writes_uses_snake_case_keys()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        Assert.Equal(0, (await _cli.Run("run", file, "--engine", "reference", "--out", _cli.PathOf("run"), "--quiet")).ExitCode);
        Assert.Equal(0, (await _cli.Run("compare", file, "--variants", "with-batang", "--engine", "reference", "--out", _cli.PathOf("cmp"), "--quiet")).ExitCode);
        Assert.Equal(0, (await _cli.Run("sweep", file, "--param", "parameters.spillover_rate=0.1..0.2:2", "--months", "3", "--engine", "reference",
            "--out", _cli.PathOf("sweep"), "--quiet")).ExitCode);
        var files = Directory.GetFiles(_cli.Directory, "*.json", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("sweep.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("comparison.json", StringComparison.Ordinal));
        foreach (var json in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            foreach (var key in doc.RootElement.EnumerateObject().Select(p => p.Name))
                Assert.Matches("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", key);
        }
    }

    [Fact]
    public async Task Validate_brief_generate_metrics_export_and_import_say_what_they_did()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var validate = await _cli.Run("validate", file);
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains($"{file}: valid — 4 regions, 1 partner, 3 borders, 3 agreements", validate.Text);

        Assert.Equal(0, (await _cli.Run("run", file, "--engine", "reference", "--out", _cli.PathOf("run"), "--quiet")).ExitCode);
        var brief = await _cli.Run("brief", _cli.PathOf("run"));
        Assert.True(brief.ExitCode == 0, brief.Error);
        Assert.Contains($"Wrote {Path.Combine(_cli.PathOf("run"), "brief.en.html")}", brief.Text);

        var generate = await _cli.Run("generate", "--regions", "12", "--out", _cli.PathOf("gen.yaml"));
        Assert.Equal(0, generate.ExitCode);
        Assert.Contains($"Wrote {_cli.PathOf("gen.yaml")} (12 regions, seed 1)", generate.Text);

        var metrics = await _cli.Run("metrics", _cli.PathOf("run"), "--out", _cli.PathOf("m.csv"));
        Assert.True(metrics.ExitCode == 0, metrics.Error);
        Assert.Contains($"Wrote {_cli.PathOf("m.csv")}", metrics.Text);
        Assert.Contains($"Wrote {_cli.PathOf("m.graph.csv")}", metrics.Text);

        var export = await _cli.Run("export", file, "--format", "graphml", "--out", _cli.PathOf("g.graphml"));
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains($"Wrote {_cli.PathOf("g.graphml")}", export.Text);

        var import = await _cli.Run("import", _cli.PathOf("g.graphml"), "--out", _cli.PathOf("imported.yaml"));
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains($"Wrote {_cli.PathOf("imported.yaml")}: 4 regions, 1 partner, 3 borders", import.Text);
    }
}
