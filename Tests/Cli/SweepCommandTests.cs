namespace KerjasamaGraph.Tests.Cli;

[Collection("cli")]
public sealed class SweepCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static List<string[]> Rows(string file) => File.ReadAllLines(file).Skip(1).Select(l => l.Split(',')).ToList();

    [Fact]
    public async Task A_failed_point_is_recorded_and_the_sweep_goes_on_and_resume_redoes_only_unfinished_points()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("sweep");
        // Population −100 is invalid: that point fails with the validator's message; the others run.
        string[] args = ["sweep", file, "--param", "regions.muaro.population=-100..400000:3", "--param", "parameters.spillover_rate=0.1..0.3:2",
            "--replications", "2", "--months", "6", "--engine", "reference", "--out", outDir, "--quiet"];
        var r = await _cli.Run(args);
        Assert.True(r.ExitCode == 0, r.Error);
        var rows = Rows(Path.Combine(outDir, "points.csv"));
        Assert.Equal(6, rows.Count);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i.ToString()), rows.Select(x => x[0]).Order());
        var failed = rows.Where(x => x[1] == "failed").ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, x => Assert.Contains("population", x[2]));
        Assert.All(rows.Where(x => x[1] == "ok"), x => Assert.Equal("3", x[3]));

        // Interrupt: drop two finished points, then resume: exactly those (and the failed ones) run again.
        var lines = File.ReadAllLines(Path.Combine(outDir, "points.csv")).ToList();
        var okLines = lines.Skip(1).Where(l => l.Split(',')[1] == "ok").ToList();
        var keep = new[] { lines[0] }.Concat(okLines.Take(2)).ToArray();
        File.WriteAllLines(Path.Combine(outDir, "points.csv"), keep);
        var resumed = await _cli.Run([.. args, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        var after = Rows(Path.Combine(outDir, "points.csv"));
        Assert.Equal(6, after.Count);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i.ToString()), after.Select(x => x[0]).Order());
        Assert.Equal(okLines.OrderBy(l => l), File.ReadAllLines(Path.Combine(outDir, "points.csv")).Skip(1).Where(l => l.Split(',')[1] == "ok").OrderBy(l => l));

        // The Parquet copy holds the same rows: statuses as text, parameters and results as numbers (nulls where a point failed).
        await using (var stream = File.OpenRead(Path.Combine(outDir, "points.parquet")))
        await using (var parquet = await Parquet.ParquetReader.CreateAsync(stream))
        {
            Assert.Equal(1, parquet.RowGroupCount);
            using var group = parquet.OpenRowGroupReader(0);
            var fields = parquet.Schema.GetDataFields();
            Assert.Equal(File.ReadLines(Path.Combine(outDir, "points.csv")).First().Split(','), fields.Select(f => f.Name));
            var status = new string?[group.RowCount];
            await group.ReadAsync(fields.Single(f => f.Name == "status"), status.AsMemory());
            var total = new double?[group.RowCount];
            await group.ReadAsync<double>(fields.Single(f => f.Name == "benefit_total_mean"), total.AsMemory());
            Assert.Equal(6, status.Length);
            for (var i = 0; i < 6; i++) Assert.Equal(status[i] == "ok", total[i].HasValue);
        }

        var again = await _cli.Run(args);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Error);
        var other = await _cli.Run([.. args.Select(a => a == "parameters.spillover_rate=0.1..0.3:2" ? "parameters.spillover_rate=0.1..0.4:2" : a), "--resume"]);
        Assert.Equal(2, other.ExitCode);
    }

    [Fact]
    public async Task Morris_sweeps_write_elementary_effect_statistics()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("morris");
        var r = await _cli.Run("sweep", file, "--design", "morris", "--samples", "3", "--param", "parameters.spillover_rate=0..0.6",
            "--param", "parameters.agreement_coordination_cost=0..2e7", "--replications", "2", "--months", "12", "--engine", "reference", "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(3 * 3, Rows(Path.Combine(outDir, "points.csv")).Count);
        var morris = Rows(Path.Combine(outDir, "morris.csv"));
        var spill = morris.Single(x => x[0] == "spillover" && x[1] == "parameters.spillover_rate");
        Assert.True(double.Parse(spill[3], System.Globalization.CultureInfo.InvariantCulture) > 0, "more spillover rate, more spillover");
        var direct = morris.Single(x => x[0] == "direct_benefit" && x[1] == "parameters.spillover_rate");
        Assert.Equal("0", direct[3]);
        Assert.True(new FileInfo(Path.Combine(outDir, "charts", "morris-benefit_total.png")).Length > 1000);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(outDir, "charts", "morris-benefit_total.svg")));
    }
}
