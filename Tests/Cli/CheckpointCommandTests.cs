using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KerjasamaGraph.Client.Commands;
using KerjasamaGraph.Model.Runs.Checkpoints;
using KerjasamaGraph.Tests.Cli.Examples;
using KerjasamaGraph.Tests.Graph.Support;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Cli;

/// <summary>
/// `run --checkpoint-every K`, `run --resume DIR` and `run FILE --variant V --from DIR --at YYYY-MM` as users run them:
/// checkpoints change no byte of the tables; a run whose client is killed (SIGKILL, a separate process) or interrupted
/// (Ctrl+C) is finished by --resume with the bytes of an undisturbed run; a variant branched from a baseline's
/// checkpoint equals the variant run from the start when the variant changes nothing before the branch month.
/// </summary>
[Collection("cli")]
public sealed class CheckpointCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static readonly string[] Tables = ["regions.csv", "agreements.csv", "summary.csv"];

    private void AssertSameTables(string expected, string actual)
    {
        foreach (var t in Tables) Assert.True(File.ReadAllBytes(Path.Combine(expected, t)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, t))), $"{t} differs");
    }

    private static JsonElement Manifest(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json"))).RootElement;

    [Fact]
    public async Task A_checkpointed_run_writes_the_same_tables_keeps_its_checkpoints_and_says_where_they_are()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var plain = await _cli.Run("run", file, "--out", _cli.PathOf("plain"), "--quiet");
        Assert.True(plain.ExitCode == 0, plain.Error);
        var run = await _cli.Run("run", file, "--out", _cli.PathOf("cp"), "--checkpoint-every", "6");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Benefit by region", run.Out);
        Assert.Contains($"Checkpoints: 2 (every 6 months,", run.Text);
        Assert.Contains($"in {_cli.PathOf("cp")}/checkpoints; branch a variant with --from {_cli.PathOf("cp")} --at YYYY-MM.", run.Text);
        Assert.Contains("Run folder: " + _cli.PathOf("cp"), run.Out);
        AssertSameTables(_cli.PathOf("plain"), _cli.PathOf("cp"));
        var log = CheckpointLog.Read(_cli.PathOf("cp"));
        Assert.Equal([6, 12], log.Checkpoints.Select(c => c.Tick));
        Assert.Equal("folder", log.Store);
        var manifest = Manifest(_cli.PathOf("cp"));
        Assert.Equal(["2023-06", "2023-12"], manifest.GetProperty("checkpoints").GetProperty("months").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("checkpoints.json", manifest.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_cli.PathOf("cp"), "checkpoints"), "*.kgcp", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_run_whose_client_is_killed_is_finished_by_resume_with_the_bytes_of_an_undisturbed_run()
    {
        var scenario = _cli.PathOf("g.yaml");
        Assert.Equal(0, (await _cli.Run("generate", "--regions", "400", "--seed", "5", "--out", scenario)).ExitCode);
        var reference = await _cli.Run("run", scenario, "--months", "120", "--replications", "8", "--engine", "reference", "--out", _cli.PathOf("reference"), "--quiet");
        Assert.True(reference.ExitCode == 0, reference.Error);

        // The user's run, in its own process, killed with SIGKILL once it has checkpointed (no chance to clean up).
        var folder = _cli.PathOf("killed");
        await using (var client = BuiltProgram.Start(BuiltProgram.Client, ["run", scenario, "--months", "120", "--replications", "8", "--checkpoint-every", "6", "--out", folder, "--quiet"], _cli.Directory))
        {
            var log = Path.Combine(Path.GetDirectoryName(folder)!, ".killed.incomplete", CheckpointLog.FileName);
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!(File.Exists(log) && File.ReadAllText(log).Contains("\"tick\": 6", StringComparison.Ordinal)) && !client.HasExited && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.False(client.HasExited, "the run was still going when killed: " + client.Output + client.Error);
        }
        Assert.False(Directory.Exists(folder));

        var resumed = await _cli.Run("run", "--resume", folder);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Matches(@"Resuming .*killed after month (6|12|18|24|30|36|42|48|54|60|66|72|78|84|90|96|102|108|114) of 120 \(its last checkpoint, \d{4}-\d{2}\)\.", resumed.Text);
        Assert.Contains("Run folder: " + folder, resumed.Out);
        AssertSameTables(_cli.PathOf("reference"), folder);
        var manifest = Manifest(folder);
        Assert.True(manifest.GetProperty("resumed")[0].GetProperty("from_tick").GetInt32() >= 6);
        Assert.StartsWith($"kerjasama run {scenario}", manifest.GetProperty("command").GetString());

        var again = await _cli.Run("run", "--resume", folder);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"{folder}: the run is complete (it has its manifest.json); nothing to resume", again.Error);
    }

    [Fact]
    public async Task A_run_sent_the_termination_signal_stops_as_on_ctrl_c_and_resume_finishes_it()
    {
        var file = _cli.Write("long.yaml", CliHarness.SmallScenario.Replace("months: 18", "months: 600"));
        var folder = _cli.PathOf("terminated");
        var work = Path.Combine(_cli.Directory, ".terminated.incomplete");
        // The program as a service manager, `timeout` or `kill` stops it: its own process, with the progress display, SIGTERM once it has checkpointed.
        // 80 replications: long enough (seconds) that the run cannot end while this test's polling waits behind other tests' work.
        await using (var client = BuiltProgram.Start(BuiltProgram.Client, ["run", file, "--out", folder, "--replications", "80", "--checkpoint-every", "3"], _cli.Directory))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(File.Exists(Path.Combine(work, CheckpointLog.FileName)) && CheckpointLog.Read(work).Checkpoints.Count > 0) && !client.HasExited && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.False(client.HasExited, "the run was still going when terminated: " + client.Output + client.Error);
            client.Terminate();
            Assert.True(await client.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the run went on after SIGTERM: " + client.Error);
            Assert.Equal(1, client.ExitCode);
            Assert.Contains("kerjasama: stopping (terminated; a second termination signal stops it at once)\n", client.Error);
            Assert.Matches($@"kerjasama: interrupted; the run stopped after its checkpoint after month \d+ \({System.Text.RegularExpressions.Regex.Escape(work)}\); finish it with: kerjasama run --resume {System.Text.RegularExpressions.Regex.Escape(folder)}", client.Error);
        }
        Assert.False(Directory.Exists(folder));
        // Resumed as the hint says, with the progress display and the headline a user reads.
        var resumed = await _cli.Run("run", "--resume", folder);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Matches(@"Resuming .*terminated after month \d+ of 600 \(its last checkpoint, \d{4}-\d{2}\)\.", resumed.Text);
        Assert.EndsWith("Run folder: " + folder, resumed.Out.TrimEnd());
        Assert.False(Directory.Exists(work));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public async Task An_interrupted_checkpointed_run_says_how_to_finish_it_and_resume_finishes_it(string format)
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario.Replace("months: 18", "months: 600"));
        var folder = _cli.PathOf("cut");
        using var cancel = new CancellationTokenSource();
        var work = Path.Combine(_cli.Directory, ".cut.incomplete");
        // As users run it: with the progress display; interrupted once it has checkpointed.
        using var ended = new CancellationTokenSource();
        var watcher = InterruptWhen.Start(() => File.Exists(Path.Combine(work, CheckpointLog.FileName)) && CheckpointLog.Read(work).Checkpoints.Count > 0, cancel, ended.Token);
        var cut = await _cli.Run(cancel.Token, "run", file, "--out", folder, "--replications", "20", "--checkpoint-every", "3", "--format", format);
        ended.Cancel();
        Assert.True(await watcher, "the run ended before it could be interrupted: " + cut.Error);
        Assert.Equal(1, cut.ExitCode);
        Assert.Matches($@"kerjasama: interrupted; the run stopped after its checkpoint after month \d+ \({System.Text.RegularExpressions.Regex.Escape(work)}\); finish it with: kerjasama run --resume {System.Text.RegularExpressions.Regex.Escape(folder)}", cut.Error);

        var plain = await _cli.Run("run", file, "--out", _cli.PathOf("plain"), "--replications", "20", "--quiet");
        Assert.True(plain.ExitCode == 0, plain.Error);
        var resumed = await _cli.Run("run", "--resume", folder, "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(folder, resumed.Out.Trim());
        Assert.False(Directory.Exists(work));
        if (format == "csv")
        {
            AssertSameTables(_cli.PathOf("plain"), folder);
            return;
        }
        // Parquet: the same rows as the CSV tables of an undisturbed run (the files hold one summary row group per checkpoint).
        foreach (var table in new[] { "regions", "agreements", "summary" })
        {
            var lines = File.ReadAllLines(Path.Combine(_cli.PathOf("plain"), table + ".csv"));
            var rows = await RunFormatTests.ReadParquet(Path.Combine(folder, table + ".parquet"), lines[0].Split(','));
            Assert.Equal(lines.Skip(1), rows.Select(r => string.Join(',', r)));
        }
    }

    [Fact]
    public async Task Bench_times_checkpointed_runs_and_prints_their_overhead()
    {
        var r = await _cli.Run("bench", "--regions", "12", "--months", "6", "--lanes", "2", "--engines", "reference", "--checkpoint-every", "0,3");
        Assert.True(r.ExitCode == 0, r.Error + r.Out);
        Assert.Contains("Benchmark: generated scenarios, 6 months, seed 1,", r.Out);
        Assert.Contains(", run folder written", r.Out);
        // The table's rows (the progress lines above it read "12 regions, 2 lanes, …").
        var rows = r.Out.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*12\s+\d+\s+2\s")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Matches(@"^\s*12\s+\d+\s+2\s+reference\s+\d", rows[0]);
        Assert.Matches(@"^\s*12\s+\d+\s+2\s+reference, cp 3\s+\d", rows[1]);
        // Six months, every three: one checkpoint (none after the last month).
        Assert.Contains("cp K: checkpoints every K months, as run --checkpoint-every K writes them", r.Out);
        Assert.Matches(@"reference, cp 3, 12 regions, 2 lanes: [+-]\d+\.\d% wall time against none \(1 checkpoint of \d+ KiB, \d+\.\d\d s in all\)", r.Out);
        var bad = await _cli.Run("bench", "--regions", "12", "--months", "6", "--checkpoint-every", "x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--checkpoint-every: 'x' is not a whole number from 0 to 1200", bad.Error);
    }

    [Fact]
    public async Task The_cluster_default_is_the_one_the_help_and_the_README_state()
    {
        var every = RunCommand.ClusterCheckpointEvery;
        Assert.Equal(24, every);
        Assert.Equal(RunCommand.ClusterCheckpointEveryText, every.ToString(CultureInfo.InvariantCulture));
        var help = await _cli.Run("run", "--help");
        Assert.Contains($"checkpointed every {every} months for recovery", Regex.Replace(help.Out, @"\s+", " "));
        var readme = Regex.Replace(File.ReadAllText(Path.Combine(Path.GetDirectoryName(PythonNetworkX.FindUp("scenarios/jambi-province.yaml")!)!, "..", "README.md")), @"\s+", " ");
        Assert.Contains($"Runs on a cluster default to every {every} months", readme);
        Assert.Contains($"runs on a cluster are checkpointed every {every} months into the cluster's Redis", readme);
    }

    /// <summary>A baseline whose knowledge agreement starts in 2025, and variants: one that starts it in April 2024, one that adds an agreement, one that removes it.</summary>
    private string ForkScenario() => _cli.Write("fork.yaml", CliHarness.SmallScenario
        .Replace("months: 18", "months: 36")
        .Replace("lifecycle: { initiated: 2023-03, term_months: 24 } }", "lifecycle: { initiated: 2025-01, term_months: 24 } }")
        .Replace("""
            variants:
            """, """
            variants:
              sooner-digital:
                description: The digital know-how transfer begins in April 2024
                agreements: [ { id: digital, lifecycle: { initiated: 2024-04, term_months: 24 } } ]
              tanjab-digital:
                description: Tanjab gets digital know-how too
                agreements: [ { id: digital-tanjab, type: knowledge, legal_form: ksdd_sukarela, parties: [kota, tanjab], lifecycle: { initiated: 2024-04, term_months: 24 } } ]
              no-digital:
                description: The digital know-how transfer is not proposed
                agreements: [ { id: digital, remove: true } ]
            """));

    [Fact]
    public async Task A_variant_branched_from_a_baseline_checkpoint_equals_the_variant_run_from_the_start()
    {
        var file = ForkScenario();
        var baseline = await _cli.Run("run", file, "--out", _cli.PathOf("baseline"), "--checkpoint-every", "12", "--quiet");
        Assert.True(baseline.ExitCode == 0, baseline.Error);
        var full = await _cli.Run("run", file, "--variant", "sooner-digital", "--out", _cli.PathOf("full"), "--quiet");
        Assert.True(full.ExitCode == 0, full.Error);

        var fork = await _cli.Run("run", file, "--variant", "sooner-digital", "--from", _cli.PathOf("baseline"), "--at", "2024-01", "--out", _cli.PathOf("fork"));
        Assert.True(fork.ExitCode == 0, fork.Error);
        Assert.Contains("Benefit by region", fork.Out);
        Assert.Contains("Run folder: " + _cli.PathOf("fork"), fork.Out);
        AssertSameTables(_cli.PathOf("full"), _cli.PathOf("fork"));
        var forked = Manifest(_cli.PathOf("fork")).GetProperty("forked_from");
        Assert.Equal(_cli.PathOf("baseline"), forked.GetProperty("folder").GetString());
        Assert.Equal(12, forked.GetProperty("tick").GetInt32());
        Assert.Equal("2024-01", forked.GetProperty("at").GetString());
        Assert.Equal("sooner-digital", Manifest(_cli.PathOf("fork")).GetProperty("variant").GetString());
        // The baseline's months before the branch are the fork's too.
        var baselineRows = File.ReadAllLines(Path.Combine(_cli.PathOf("baseline"), "summary.csv"));
        Assert.Equal(baselineRows.Take(13), File.ReadAllLines(Path.Combine(_cli.PathOf("fork"), "summary.csv")).Take(13));
        Assert.NotEqual(baselineRows, File.ReadAllLines(Path.Combine(_cli.PathOf("fork"), "summary.csv")));
    }

    [Fact]
    public async Task Branching_and_resuming_refuse_what_cannot_work_with_one_line_each()
    {
        var file = ForkScenario();
        Assert.Equal(0, (await _cli.Run("run", file, "--out", _cli.PathOf("baseline"), "--checkpoint-every", "12", "--quiet")).ExitCode);
        Assert.Equal(0, (await _cli.Run("run", file, "--out", _cli.PathOf("plain"), "--quiet")).ExitCode);

        async Task Refused(string expected, params string[] args)
        {
            var r = await _cli.Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(expected, r.Error);
            Assert.Single(r.Error.Trim().Split('\n'));
        }

        var before = Digest(_cli.PathOf("baseline"));
        // An added agreement that starts before the branch month, and a removed one that has started by then: refused before any folder is made.
        await Refused("--variant tanjab-digital: cannot branch from " + _cli.PathOf("baseline") + ": the variant adds agreement digital-tanjab, which starts in 2024-04 (initiated), " +
                      "not after the branch month 2025-01; a branch can add or change only agreements that start after its month (branch at an earlier checkpoint, or run the variant from the start)",
            "run", file, "--variant", "tanjab-digital", "--from", _cli.PathOf("baseline"), "--at", "2025-01", "--out", _cli.PathOf("refused"));
        await Refused("--variant no-digital: cannot branch from " + _cli.PathOf("baseline") + ": the variant removes agreement digital, which is initiative at 2025-01 in 2 of 2 replications; " +
                      "a branch can drop or change only agreements that have not started by its month (fork at an earlier checkpoint, or run the variant from the start)",
            "run", file, "--variant", "no-digital", "--from", _cli.PathOf("baseline"), "--at", "2025-01", "--out", _cli.PathOf("refused"));
        Assert.False(Directory.Exists(_cli.PathOf("refused")));
        Assert.False(Directory.Exists(Model.Outputs.RunWriter.IncompleteFolder(_cli.PathOf("refused"))));
        Assert.Equal(before, Digest(_cli.PathOf("baseline")));
        await Refused($"--at 2024-02: {_cli.PathOf("baseline")} has checkpoints before 2024-01, 2025-01 (every 12 months); --at takes one of these",
            "run", file, "--variant", "sooner-digital", "--from", _cli.PathOf("baseline"), "--at", "2024-02");
        await Refused("--at: 'soon' is not a month in the form YYYY-MM", "run", file, "--variant", "sooner-digital", "--from", _cli.PathOf("baseline"), "--at", "soon");
        await Refused($"{_cli.PathOf("plain")}{Path.DirectorySeparatorChar}checkpoints.json: not there; the run was not checkpointed (run it with --checkpoint-every K)",
            "run", file, "--variant", "sooner-digital", "--from", _cli.PathOf("plain"), "--at", "2024-01");
        await Refused("--from needs --at YYYY-MM (the first month of the variant)", "run", file, "--from", _cli.PathOf("baseline"));
        await Refused("--resume: the run goes on with the settings it was started with; drop FILE, --months", "run", file, "--resume", _cli.PathOf("x"), "--months", "3");
        await Refused($"{_cli.PathOf("nothing")}: no interrupted run to resume", "run", "--resume", _cli.PathOf("nothing"));
        await Refused("FILE: give the scenario file to run (or --resume DIR to finish an interrupted run)", "run");
        await Refused("--checkpoint-every: -1 is out of range (0 to 1200 months; 0: none)", "run", file, "--checkpoint-every", "-1");
        // Another file, even one resolving to the same baseline, is not the one the baseline ran from.
        var copy = _cli.Write("copy.yaml", File.ReadAllText(file) + "\n# a copy\n");
        await Refused($"{copy}: not the scenario {_cli.PathOf("baseline")} was run from", "run", copy, "--variant", "sooner-digital", "--from", _cli.PathOf("baseline"), "--at", "2024-01");
        // The scenario file changed since the baseline ran in more than its variants: its checkpoint no longer belongs to it.
        File.WriteAllText(file, File.ReadAllText(file).Replace("initiated: 2025-01, term_months: 24 } }", "initiated: 2025-01, term_months: 30 } }"));
        await Refused($"{file}: changed since {_cli.PathOf("baseline")} ran in more than its variants; a branch needs the baseline it ran (run the baseline again, or restore the file)",
            "run", file, "--variant", "sooner-digital", "--from", _cli.PathOf("baseline"), "--at", "2024-01");
        Assert.Equal(before, Digest(_cli.PathOf("baseline")));
    }

    [Fact]
    public async Task A_variant_added_to_the_file_after_the_baseline_ran_branches_from_it()
    {
        // The planner's order of work: run the baseline, then think of a what-if and add it to the file as a variant.
        var file = ForkScenario();
        var baseline = await _cli.Run("run", file, "--out", _cli.PathOf("baseline"), "--checkpoint-every", "12", "--quiet");
        Assert.True(baseline.ExitCode == 0, baseline.Error);
        File.WriteAllText(file, File.ReadAllText(file).Replace("""
            variants:
            """, """
            variants:
              late-tanjab:
                description: Tanjab gets digital know-how from mid-2025
                agreements: [ { id: digital-tanjab, type: knowledge, legal_form: ksdd_sukarela, parties: [kota, tanjab], lifecycle: { initiated: 2025-06, term_months: 24 } } ]
            """) + "\n# late-tanjab added after the baseline ran\n");
        var full = await _cli.Run("run", file, "--variant", "late-tanjab", "--out", _cli.PathOf("full"), "--quiet");
        Assert.True(full.ExitCode == 0, full.Error);
        var fork = await _cli.Run("run", file, "--variant", "late-tanjab", "--from", _cli.PathOf("baseline"), "--at", "2025-01", "--out", _cli.PathOf("fork"));
        Assert.True(fork.ExitCode == 0, fork.Error);
        Assert.Contains("Run folder: " + _cli.PathOf("fork"), fork.Out);
        AssertSameTables(_cli.PathOf("full"), _cli.PathOf("fork"));
        Assert.Contains(File.ReadAllLines(Path.Combine(_cli.PathOf("fork"), "agreements.csv")), l => l.Split(',')[1] == "digital-tanjab" && l.Split(',')[5] != "not_started");
    }

    /// <summary>Every file of a folder with the SHA-256 of its bytes, by relative path.</summary>
    private static string Digest(string folder) => string.Join("\n", Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)
        .Select(f => f + " " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f))))));

    /// <summary>
    /// The shipped Kota Jambi – Batanghari scenario (extended from the test's folder) with piped water from Kota Jambi to
    /// Muaro Jambi proposed in January 2026, and variants: the README's Talang Gulo landfill for Muaro Jambi proposed in April
    /// 2025 (an added agreement; the README's YAML as written), no water supply (a removed one), Batanghari in the water supply
    /// too (re-partied).
    /// </summary>
    private string JambiPlans()
    {
        var readme = File.ReadAllText(Path.Combine(ConnectTests.RepositoryRoot(), "README.md")).Replace("\r\n", "\n");
        var start = readme.IndexOf("```yaml\nvariants:\n  landfill-2025:", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README's landfill-2025 variant is gone");
        start += "```yaml\n".Length;
        var variants = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        return _cli.Write("jambi-plans.yaml", $$"""
            extends: {{Path.Combine(ConnectTests.RepositoryRoot(), "scenarios", "jambi-batanghari-2023.yaml")}}
            agreements:
              - { id: jb-mj-water, type: shared_service, name: Piped water from PDAM Tirta Mayang to Muaro Jambi, legal_form: ksdd_wajib, parties: [kota-jambi, muaro-jambi], host: kota-jambi, service: water, cost_rule: demand, lifecycle: { initiated: 2026-01, term_months: 60 } }

            """ + variants + """
              no-water:
                description: The water supply to Muaro Jambi is not proposed
                agreements: [ { id: jb-mj-water, remove: true } ]
              water-with-batanghari:
                description: Batanghari joins the water supply
                agreements: [ { id: jb-mj-water, legal_form: ksdd_sukarela, parties: [kota-jambi, muaro-jambi, batanghari] } ]

            """);
    }

    [Fact]
    public async Task A_variant_that_adds_removes_or_re_parties_agreements_branched_from_a_shipped_baseline_equals_the_variant_run_from_the_start()
    {
        var file = JambiPlans();
        var baseline = await _cli.Run("run", file, "--engine", "reference", "--checkpoint-every", "12", "--out", _cli.PathOf("baseline"), "--quiet");
        Assert.True(baseline.ExitCode == 0, baseline.Error);
        foreach (var variant in new[] { "landfill-2025", "no-water", "water-with-batanghari" })
        {
            var full = await _cli.Run("run", file, "--variant", variant, "--engine", "reference", "--out", _cli.PathOf("full-" + variant), "--quiet");
            Assert.True(full.ExitCode == 0, full.Error);
            var fork = await _cli.Run("run", file, "--variant", variant, "--engine", "reference", "--from", _cli.PathOf("baseline"), "--at", "2025-01", "--out", _cli.PathOf("fork-" + variant));
            Assert.True(fork.ExitCode == 0, fork.Error);
            Assert.Contains("Benefit by region", fork.Out);
            Assert.Contains($"Branched from {_cli.PathOf("baseline")} at 2025-01: the months before 2025-01 are that run's, with the variant's agreements (none of them started then); " +
                            "the variant runs from 2025-01 on.", fork.Text);
            Assert.Contains("Run folder: " + _cli.PathOf("fork-" + variant), fork.Out);
            AssertSameTables(_cli.PathOf("full-" + variant), _cli.PathOf("fork-" + variant));
            Assert.Equal(24, Manifest(_cli.PathOf("fork-" + variant)).GetProperty("forked_from").GetProperty("tick").GetInt32());
        }
        // The same branch on one embedded silo (the default engine) from the reference engine's checkpoint.
        var silo = await _cli.Run("run", file, "--variant", "landfill-2025", "--from", _cli.PathOf("baseline"), "--at", "2025-01", "--out", _cli.PathOf("fork-silo"));
        Assert.True(silo.ExitCode == 0, silo.Error);
        // Its default output, as on the reference engine: the headline tables with the added landfill, the branch, the folder.
        Assert.Contains("jb-mj-landfill (shared_service)", silo.Out);
        Assert.Contains($"Branched from {_cli.PathOf("baseline")} at 2025-01:", silo.Text);
        Assert.Contains("Run folder: " + _cli.PathOf("fork-silo"), silo.Out);
        Assert.Equal("orleans", Manifest(_cli.PathOf("fork-silo")).GetProperty("engine").GetString());
        AssertSameTables(_cli.PathOf("full-landfill-2025"), _cli.PathOf("fork-silo"));
        // The added landfill has a row every month (not started until its proposal in April 2025, then through One Gate), the baseline none.
        var landfill = File.ReadAllLines(Path.Combine(_cli.PathOf("fork-landfill-2025"), "agreements.csv")).Where(l => l.Split(',')[1] == "jb-mj-landfill").ToList();
        Assert.Equal(60, landfill.Count);
        Assert.All(landfill.Take(27), l => Assert.Equal("not_started", l.Split(',')[5]));
        Assert.Equal("initiative", landfill[27].Split(',')[5]);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(_cli.PathOf("baseline"), "agreements.csv")), l => l.Split(',')[1] == "jb-mj-landfill");
        // Without the water supply there is no row for it; with Batanghari in it, Batanghari's months from 2026 differ from the baseline's.
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(_cli.PathOf("fork-no-water"), "agreements.csv")), l => l.Split(',')[1] == "jb-mj-water");
        Assert.NotEqual(File.ReadAllLines(Path.Combine(_cli.PathOf("baseline"), "regions.csv")), File.ReadAllLines(Path.Combine(_cli.PathOf("fork-water-with-batanghari"), "regions.csv")));
    }

    [Fact]
    public async Task On_one_embedded_silo_with_Parquet_tables_a_branch_that_adds_or_removes_agreements_holds_the_rows_of_the_variant_run_from_the_start()
    {
        var file = JambiPlans();
        var baseline = await _cli.Run("run", file, "--format", "parquet", "--checkpoint-every", "12", "--out", _cli.PathOf("baseline"), "--quiet");
        Assert.True(baseline.ExitCode == 0, baseline.Error);
        foreach (var variant in new[] { "landfill-2025", "no-water" })
        {
            var full = await _cli.Run("run", file, "--variant", variant, "--engine", "reference", "--out", _cli.PathOf("full-" + variant), "--quiet");
            Assert.True(full.ExitCode == 0, full.Error);
            var fork = await _cli.Run("run", file, "--variant", variant, "--from", _cli.PathOf("baseline"), "--at", "2025-01", "--out", _cli.PathOf("fork-" + variant));
            Assert.True(fork.ExitCode == 0, fork.Error);
            Assert.Contains("Benefit by region", fork.Out);
            Assert.Contains("Run folder: " + _cli.PathOf("fork-" + variant), fork.Out);
            Assert.Equal("orleans", Manifest(_cli.PathOf("fork-" + variant)).GetProperty("engine").GetString());
            foreach (var table in new[] { "regions", "agreements", "summary" })
            {
                // The Jambi ids hold no commas, so the CSV's lines are the Parquet rows joined with commas.
                var lines = File.ReadAllLines(Path.Combine(_cli.PathOf("full-" + variant), table + ".csv"));
                var rows = await RunFormatTests.ReadParquet(Path.Combine(_cli.PathOf("fork-" + variant), table + ".parquet"), lines[0].Split(','));
                Assert.Equal(lines.Skip(1), rows.Select(r => string.Join(',', r)));
            }
        }
    }
}
