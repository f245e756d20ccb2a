using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Generation;

namespace KerjasamaGraph.Tests.Food;

/// <summary>`kerjasama calibrate` in-process: refusals with exit code 2, and a short fit that writes an overlay.</summary>
[Collection("cli")]
public sealed class CalibrateCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Shipped(string name) => Path.Combine(ShippedScenarioTests.ScenarioDirectory(), name);

    [Fact]
    public async Task An_observed_file_with_text_in_a_number_column_is_refused()
    {
        var obs = _cli.Write("obs.csv", "month,mtm_pct\n2022-01,1.1\n2022-02,n/a\n");
        var r = await _cli.Run("calibrate", Shipped("jambi-inflation-2022.yaml"), "--observed", obs, "--region", "kota-jambi",
            "--window", "2022-01..2022-02", "--params", "chili.price_response");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{obs}:3: mtm_pct: 'n/a' is not a number", r.Error + r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_fit_prints_the_table_and_writes_an_overlay_that_loads()
    {
        var scenario = Shipped("jambi-inflation-2022.yaml");
        var obs = Path.Combine(Path.GetDirectoryName(ShippedScenarioTests.ScenarioDirectory())!, "data", "kota-jambi-cpi-2022.csv");
        var overlay = _cli.PathOf("fit.yaml");
        var r = await _cli.Run("calibrate", scenario, "--observed", obs, "--region", "kota-jambi", "--window", "2022-01..2022-12",
            "--params", "non_food_trend=0.001..0.006", "--starts", "1", "--out", overlay);
        Assert.True(r.ExitCode == 0, r.Error + r.Out);
        Assert.Contains("RMSE of month-on-month inflation:", r.Out, StringComparison.Ordinal);
        Assert.Contains("2022-07", r.Out, StringComparison.Ordinal);
        var loaded = KerjasamaGraph.Model.Scenarios.ScenarioLoader.Load(overlay);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
    }
}
