using System.Globalization;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Statistics;
using KerjasamaGraph.Tests.Generation;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Statistics;

/// <summary>
/// The Gini policy of the run tables (docs/model.md, Outputs): the Gini of gains (a region that lost counts as
/// gaining nothing), in [0, 1], blank when no region gained; losing regions counted separately.
/// </summary>
public sealed class GainsInequalityTests
{
    [Fact]
    public void Gini_of_non_negative_values_is_the_textbook_gini()
    {
        // Σ(2i − n − 1)x / (n Σx) = (−3 − 2 + 3 + 12) / 40 = 0.25.
        var g = Inequality.OfGains(new double[] { 4, 1, 3, 2 });
        Assert.Equal(0.25, g.Gini, 12);
        Assert.Equal(0, g.Losers);
    }

    [Fact]
    public void Losses_count_as_no_gain_so_the_gini_stays_in_the_unit_interval_and_losers_are_counted()
    {
        // The plain formula on (−5, 1, 1) gives (−2·5 − 0 + 2) / (3 · −3) … a total below zero; on (−1, 0.5, 1) it
        // gives (2 + 0 + 2) / (3 · 0.5) = 2.67. The Gini of gains is the Gini of (0, 0.5, 1) = (0 + 0 + 2) / 4.5.
        var g = Inequality.OfGains(new double[] { 1, -1, 0.5 });
        Assert.Equal(2.0 / 4.5, g.Gini, 12);
        Assert.Equal(1, g.Losers);
        Assert.InRange(g.Gini, 0, 1);

        // Random mixtures of gains and losses: always within [0, (n − 1)/n].
        var rng = new Model.Simulation.SplitMix64(7);
        for (var trial = 0; trial < 500; trial++)
        {
            var n = 1 + rng.NextInt(40);
            var values = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() - 0.7) * Math.Pow(10, rng.NextInt(12))).ToArray();
            var r = Inequality.OfGains(values.ToArray());
            Assert.Equal(values.Count(v => v < 0), r.Losers);
            if (values.All(v => v <= 0)) Assert.True(double.IsNaN(r.Gini));
            else Assert.InRange(r.Gini, 0, (n - 1.0) / n + 1e-12);
        }
    }

    [Fact]
    public void No_region_gaining_leaves_the_gini_undefined()
    {
        Assert.True(double.IsNaN(Inequality.OfGains(new double[] { 0, 0, 0 }).Gini));
        var lost = Inequality.OfGains(new double[] { -1, -2, 0 });
        Assert.True(double.IsNaN(lost.Gini));
        Assert.Equal(2, lost.Losers);
        Assert.True(double.IsNaN(Inequality.OfGains(Span<double>.Empty).Gini));
    }

    [Fact]
    public void A_band_over_replications_is_blank_when_any_replication_is_undefined()
    {
        var (mean, p05, p95) = Descriptive.Bands(new[] { 0.2, double.NaN, 0.4 }, new double[3]);
        Assert.True(double.IsNaN(mean) && double.IsNaN(p05) && double.IsNaN(p95), $"{mean} {p05} {p95}");
    }

    [Fact]
    public void Numbers_in_csv_files_are_never_infinity_or_nan()
    {
        Assert.Equal("", RunAggregator.Format(double.NaN));
        Assert.Equal("", RunAggregator.Format(double.PositiveInfinity));
        Assert.Equal("", RunAggregator.Format(double.NegativeInfinity));
        Assert.Equal("0.25", RunAggregator.Format(0.25));
    }

    [Fact]
    public void The_quick_start_run_writes_ginis_within_zero_and_one_and_counts_losing_regions()
    {
        // The README's quick start: in late 2023 some regions pay coordination costs before the shared service pays off.
        var load = ScenarioLoader.Load(Path.Combine(ShippedScenarioTests.ScenarioDirectory(), "jambi-batanghari-2023.yaml"));
        Assert.True(load.Ok, string.Join("\n", load.Errors));
        var scenario = load.Scenario! with { Run = load.Scenario!.Run with { Months = 24 } };
        var result = EngineRunner.RunReference(scenario);
        var header = result.Headers.Summary;
        var sawLosers = false;
        foreach (var month in result.Months)
        {
            var row = month.Summary;
            Assert.DoesNotContain(row, v => v.Contains("Infinity", StringComparison.Ordinal) || v.Contains("NaN", StringComparison.Ordinal));
            foreach (var column in header.Where(h => h.StartsWith("gini_", StringComparison.Ordinal)))
            {
                var text = EngineRunner.Field(header, row, column);
                if (text.Length > 0) Assert.InRange(double.Parse(text, CultureInfo.InvariantCulture), 0, 1);
            }
            // A band is all blank or all present.
            foreach (var stem in new[] { "gini_per_capita_benefit", "gini_cumulative_per_capita_benefit" })
            {
                var blanks = new[] { "_mean", "_p05", "_p95" }.Count(s => EngineRunner.Field(header, row, stem + s).Length == 0);
                Assert.True(blanks is 0 or 3, $"{row[0]} {stem}: {blanks} of 3 blank");
            }
            sawLosers |= EngineRunner.Number(header, row, "losing_regions_p95") > 0;
        }
        Assert.True(sawLosers, "some month of the quick start has regions whose benefit is negative");
        Assert.InRange(result.Headline.GiniPerCapitaBenefit.Mean, 0, 1);
    }
}
