using System.Globalization;

namespace KerjasamaGraph.Tests.Cli;

[Collection("cli")]
public sealed class CompareCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static List<string[]> Rows(string file) =>
        File.ReadAllLines(file).Skip(1).Select(l => l.Split(',')).ToList();

    [Fact]
    public async Task Compare_pairs_lanes_so_a_variant_that_changes_nothing_differs_by_exactly_zero()
    {
        // "renamed" changes only the scenario's name: with common random numbers every paired difference is exactly 0.
        var yaml = CliHarness.SmallScenario + "\n  renamed:\n    scenario: { name: \"Same model, other name\" }\n";
        var file = _cli.Write("small.yaml", yaml);
        var outDir = _cli.PathOf("cmp");
        var r = await _cli.Run("compare", file, "--variants", "renamed,with-batang", "--replications", "6", "--engine", "reference", "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(["baseline", "renamed", "with-batang"], Directory.GetDirectories(outDir).Select(d => Path.GetFileName(d)!).Order().ToArray());
        Assert.True(File.Exists(Path.Combine(outDir, "baseline", "manifest.json")));

        var rows = Rows(Path.Combine(outDir, "comparison.csv"));
        // 2 variants × 9 indicators × (18 months + whole run); no food markets, so inflation is blank.
        Assert.Equal(2 * 9 * 19, rows.Count);
        Assert.All(rows.Where(x => x[1] is "mtm_inflation" or "yoy_inflation"), x => Assert.Equal("", x[5]));
        foreach (var row in rows.Where(x => x[0] == "renamed"))
        {
            Assert.All(row[5..8], v => Assert.True(v is "0" or "", $"renamed: {string.Join(',', row)}"));
        }
        // Adding Batang to the landfill changes the benefit, and with 6 pairs the interval is finite and brackets the mean.
        var batang = rows.Single(x => x[0] == "with-batang" && x[1] == "benefit_total" && x[2] == "run");
        var (mean, low, high) = (double.Parse(batang[5], CultureInfo.InvariantCulture), double.Parse(batang[6], CultureInfo.InvariantCulture), double.Parse(batang[7], CultureInfo.InvariantCulture));
        Assert.NotEqual(0, mean);
        Assert.True(low <= mean && mean <= high);
        Assert.Equal("6", batang[8]);
        // The run-level difference is the mean of the run totals of the two run folders.
        double RunTotal(string run) => File.ReadAllLines(Path.Combine(outDir, run, "summary.csv")).Skip(1)
            .Sum(l => double.Parse(l.Split(',')[Array.IndexOf(File.ReadLines(Path.Combine(outDir, run, "summary.csv")).First().Split(','), "benefit_total_mean")], CultureInfo.InvariantCulture));
        Assert.Equal(RunTotal("with-batang") - RunTotal("baseline"), mean, 1e-6 * Math.Abs(mean));

        var regions = Rows(Path.Combine(outDir, "regions_comparison.csv"));
        Assert.Equal(2 * 4 * 19, regions.Count);
    }

    [Fact]
    public async Task With_food_markets_compare_reports_inflation_and_no_agreements_keeps_it_higher()
    {
        var scenario = Path.Combine(ConnectTests.RepositoryRoot(), "scenarios", "jambi-inflation-2022.calibrated.yaml");
        var outDir = _cli.PathOf("food");
        var r = await _cli.Run("compare", scenario, "--variants", "no-agreements", "--replications", "3", "--engine", "reference", "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.Error);
        var yoy = Rows(Path.Combine(outDir, "comparison.csv")).Single(x => x[0] == "no-agreements" && x[1] == "yoy_inflation" && x[2] == "run");
        Assert.True(double.Parse(yoy[5], CultureInfo.InvariantCulture) > 0, string.Join(',', yoy));
    }

    [Fact]
    public async Task Compare_refuses_unknown_variants_and_indicators()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var r = await _cli.Run("compare", file, "--variants", "nonesuch", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nonesuch", r.Error);
        var by = await _cli.Run("compare", file, "--by", "happiness", "--quiet");
        Assert.Equal(2, by.ExitCode);
        Assert.Contains("happiness", by.Error);
        Assert.Empty(Directory.GetDirectories(_cli.Directory));
    }
}
