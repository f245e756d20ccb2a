using KerjasamaGraph.Model.Calibration;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Generation;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Food;

/// <summary>The shipped, calibrated Kota Jambi 2022 scenario: the behaviour the issue asks for.</summary>
public sealed class JambiInflationTests
{
    private static string Scenarios => ShippedScenarioTests.ScenarioDirectory();
    private static string Data => Path.Combine(Path.GetDirectoryName(Scenarios)!, "data", "kota-jambi-cpi-2022.csv");
    private static readonly YearMonth From = YearMonth.Of(2022, 1);
    private static readonly YearMonth To = YearMonth.Of(2022, 12);

    private static Scenario Load(string? variant = null)
    {
        var result = ScenarioLoader.Load(Path.Combine(Scenarios, "jambi-inflation-2022.calibrated.yaml"), variant);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Scenario!;
    }

    private static (string[] Months, double[] Mtm, double[] Yoy, int FirstActive) Run(Scenario s)
    {
        var r = EngineRunner.RunReference(s);
        var months = r.Months.Select(m => EngineRunner.RegionRow(r, m.Tick, "kota-jambi")[0]).ToArray();
        var mtm = r.Months.Select(m => EngineRunner.Number(r.Headers.Regions, EngineRunner.RegionRow(r, m.Tick, "kota-jambi"), "mtm_inflation")).ToArray();
        var yoy = r.Months.Select(m => EngineRunner.Number(r.Headers.Regions, EngineRunner.RegionRow(r, m.Tick, "kota-jambi"), "yoy_inflation")).ToArray();
        var first = Array.FindIndex(r.Months.ToArray(), m => m.Agreements.Any(a => a[5] == "active" && a[2] == "food_supply"));
        return (months, mtm, yoy, first);
    }

    [Fact]
    public void Month_on_month_inflation_in_2022_is_within_half_a_point_rmse_of_the_observed_series()
    {
        var observed = ObservedSeries.Read(Data, From, To, out var errors);
        Assert.Empty(errors);
        var (rmse, table) = Calibrator.Evaluate(Load(), "kota-jambi", observed, From, To);
        Assert.True(rmse <= 0.5, $"RMSE {rmse}: " + string.Join(", ", table.Select(t => $"{t.Month} {t.Observed}/{t.Simulated:0.00}")));
    }

    [Fact]
    public void The_peak_falls_in_june_or_july_and_inflation_turns_negative_within_three_months_of_the_agreements()
    {
        var (months, mtm, _, first) = Run(Load());
        var peak = Enumerable.Range(0, 12).MaxBy(t => mtm[t]);
        Assert.Contains(months[peak], new[] { "2022-06", "2022-07" });
        Assert.True(first >= 0, "no food agreement became active");
        Assert.Contains(Enumerable.Range(first, 3), t => mtm[t] < 0);
    }

    [Fact]
    public void Without_agreements_year_on_year_inflation_stays_higher_for_at_least_six_months()
    {
        var (_, _, yoy, first) = Run(Load());
        var (_, _, yoyNone, none) = Run(Load("no-agreements"));
        Assert.Equal(-1, none);
        var higher = 0;
        for (var t = first; t < yoy.Length && yoyNone[t] > yoy[t]; t++) higher++;
        Assert.True(higher >= 6, $"higher for {higher} months from month {first}");
    }

    [Fact]
    public void Every_variant_loads_and_the_earlier_response_is_a_month_earlier()
    {
        foreach (var v in new[] { "no-agreements", "agreements-earlier", "no-freight-subsidy", "without-one-gate" }) Load(v);
        Assert.Equal(Run(Load()).FirstActive - 1, Run(Load("agreements-earlier")).FirstActive);
    }
}

/// <summary>The calibration library and its observed-file checks.</summary>
public sealed class CalibrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kerjasama-cal-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "obs.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Observed_files_with_missing_months_or_text_in_number_columns_get_precise_errors()
    {
        var path = Write("month,mtm_pct\n2022-01,1.1\n2022-02,abc\n2022-04,0.5\n");
        ObservedSeries.Read(path, YearMonth.Of(2022, 1), YearMonth.Of(2022, 4), out var errors);
        Assert.Equal([$"{path}:3: mtm_pct: 'abc' is not a number"], errors);
        path = Write("month,mtm_pct\n2022-01,1.1\n2022-02,0.2\n2022-04,0.5\n");
        ObservedSeries.Read(path, YearMonth.Of(2022, 1), YearMonth.Of(2022, 4), out errors);
        Assert.Equal([$"{path}: no month-on-month figure for 2022-03 (window 2022-01..2022-04)"], errors);
        path = Write("month,inflation\n2022-01,1.1\n");
        ObservedSeries.Read(path, YearMonth.Of(2022, 1), YearMonth.Of(2022, 1), out errors);
        Assert.Equal([$"{path}:1: no 'mtm_pct' column in the header (month, inflation)"], errors);
    }

    [Fact]
    public void A_tiny_fit_recovers_the_price_response_that_generated_the_series()
    {
        var truth = FoodScenarios.Markets(months: 12, replications: 1);
        var sim = Calibrator.SimulateMonthOnMonth(truth, "city");
        var observed = new ObservedSeries(Enumerable.Range(0, 12).ToDictionary(t => truth.Run.Start.AddMonths(t), t => sim[t]));
        var start = truth with { Commodities = truth.Commodities.ToDictionary(kv => kv.Key, kv => kv.Value with { PriceResponse = 0.3 }) };
        var parameters = Calibrator.ParseParameters("chili.price_response=0.1..2", start, out var errors);
        Assert.Empty(errors);
        var fit = Calibrator.Fit(start, "city", observed, truth.Run.Start, truth.Run.Start.AddMonths(11), parameters, starts: 2, seed: 3);
        Assert.True(fit.Rmse < 1e-3, $"rmse {fit.Rmse}");
        Assert.Equal(0.8, fit.Values[0], 2);
        var overlay = Calibrator.OverlayYaml("markets.yaml", "city", fit, "obs.csv", truth.Run.Start, truth.Run.Start.AddMonths(11));
        Assert.Contains("extends: markets.yaml", overlay, StringComparison.Ordinal);
        Assert.Contains("chili: { price_response: 0.8", overlay, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_parameters_are_named()
    {
        Calibrator.ParseParameters("chilli.price_response,shocks.nope.factor,kappa,chili.price_response=2..1", FoodScenarios.Markets(), out var errors);
        Assert.Equal([
            "--params: unknown commodity 'chilli' in 'chilli.price_response'",
            "--params: unknown shock 'nope' in 'shocks.nope.factor'",
            "--params: unknown parameter 'kappa'; use COMMODITY.price_response, COMMODITY.mean_reversion, COMMODITY.transmission, shocks.ID.factor or non_food_trend",
            "--params: 'chili.price_response=2..1': expected NAME=LO..HI with numbers LO < HI",
        ], errors);
    }
}
