using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Statistics;

namespace KerjasamaGraph.Model.Outputs;

/// <summary>The per-lane values of every month of one run, with the ids of its regions (in lane-value order).</summary>
public sealed record LaneSeries(int Lanes, YearMonth Start, IReadOnlyList<string> RegionIds, IReadOnlyList<LaneValues> Months)
{
    public static IReadOnlyList<string> RegionOrder(Scenario scenario) =>
        scenario.Regions.Select(r => r.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();

    /// <summary>An indicator over the whole run, per lane (see <see cref="RunTotals"/>).</summary>
    public double[] RunLevel(int indicator)
    {
        var totals = new RunTotals(Lanes);
        foreach (var m in Months) totals.Add(m);
        return totals.Result(indicator);
    }

    public double[] RegionRunLevel(int region)
    {
        var result = new double[Lanes];
        foreach (var m in Months) for (var l = 0; l < Lanes; l++) result[l] += m.RegionBenefit[region * Lanes + l];
        return result;
    }
}

/// <summary>
/// Whole-run values of the lane indicators, accumulated month by month in constant memory: flows summed over the
/// months, rates (inflation) averaged over them, stocks and cumulative shares read at the last month.
/// </summary>
public sealed class RunTotals(int lanes)
{
    private readonly double[] _values = new double[LaneIndicators.Count * lanes];
    private int _months;

    public void Add(LaneValues month)
    {
        for (var i = 0; i < LaneIndicators.Count; i++)
        {
            var accumulate = LaneIndicators.IsFlow(i) || LaneIndicators.IsAverage(i);
            for (var l = 0; l < lanes; l++)
            {
                var v = month.Indicators[i * lanes + l];
                _values[i * lanes + l] = accumulate ? _values[i * lanes + l] + v : v;
            }
        }
        _months++;
    }

    public double[] Result(int indicator)
    {
        var result = _values.AsSpan(indicator * lanes, lanes).ToArray();
        if (LaneIndicators.IsAverage(indicator) && _months > 0) for (var l = 0; l < lanes; l++) result[l] /= _months;
        return result;
    }
}

/// <summary>
/// Baseline against a variant run with common random numbers: for each indicator and month, and for the whole run,
/// the mean of the paired lane differences (variant − baseline) with a 95% interval (<see cref="PairedDifference"/>).
/// </summary>
public static class VariantComparison
{
    public static readonly string[] Header =
        ["variant", "indicator", "period", "baseline_mean", "variant_mean", "difference", "ci95_low", "ci95_high", "replications"];

    public static readonly string[] RegionHeader =
        ["variant", "region", "period", "baseline_mean", "variant_mean", "difference", "ci95_low", "ci95_high", "replications"];

    /// <summary>
    /// True when the variant's per-lane values equal the baseline's in every month, indicator, region and replication:
    /// with common random numbers this means the variant changed nothing.
    /// </summary>
    public static bool Identical(LaneSeries baseline, LaneSeries variant)
    {
        if (baseline.Lanes != variant.Lanes || baseline.Months.Count != variant.Months.Count || !baseline.RegionIds.SequenceEqual(variant.RegionIds)) return false;
        for (var t = 0; t < baseline.Months.Count; t++)
        {
            // SequenceEqual compares with double.Equals, so NaN (inflation without food markets) equals NaN.
            if (!baseline.Months[t].Indicators.SequenceEqual(variant.Months[t].Indicators)) return false;
            if (!baseline.Months[t].RegionBenefit.SequenceEqual(variant.Months[t].RegionBenefit)) return false;
        }
        return true;
    }

    public static PairedDifference.Interval RunLevel(LaneSeries baseline, LaneSeries variant, int indicator) =>
        PairedDifference.Of(baseline.RunLevel(indicator), variant.RunLevel(indicator));

    /// <summary>Rows for comparison.csv: every indicator for every month, then for the whole run (period "run").</summary>
    public static IEnumerable<string[]> IndicatorRows(string variantName, LaneSeries baseline, LaneSeries variant)
    {
        Check(baseline, variant);
        var lanes = baseline.Lanes;
        for (var i = 0; i < LaneIndicators.Count; i++)
        {
            for (var t = 0; t < baseline.Months.Count; t++)
            {
                var a = baseline.Months[t].Indicators.AsSpan(i * lanes, lanes);
                var b = variant.Months[t].Indicators.AsSpan(i * lanes, lanes);
                yield return Row(variantName, LaneIndicators.Names[i], baseline.Start.AddMonths(t).ToString(), a, b);
            }
            yield return Row(variantName, LaneIndicators.Names[i], "run", baseline.RunLevel(i), variant.RunLevel(i));
        }
    }

    /// <summary>Rows for regions_comparison.csv: each region present in both runs, every month and the whole run.</summary>
    public static IEnumerable<string[]> RegionRows(string variantName, LaneSeries baseline, LaneSeries variant)
    {
        Check(baseline, variant);
        var lanes = baseline.Lanes;
        var variantIndex = variant.RegionIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        for (var r = 0; r < baseline.RegionIds.Count; r++)
        {
            var id = baseline.RegionIds[r];
            if (!variantIndex.TryGetValue(id, out var v)) continue;
            for (var t = 0; t < baseline.Months.Count; t++)
            {
                var a = baseline.Months[t].RegionBenefit.AsSpan(r * lanes, lanes);
                var b = variant.Months[t].RegionBenefit.AsSpan(v * lanes, lanes);
                yield return Row(variantName, id, baseline.Start.AddMonths(t).ToString(), a, b);
            }
            yield return Row(variantName, id, "run", baseline.RegionRunLevel(r), variant.RegionRunLevel(v));
        }
    }

    private static string[] Row(string variant, string what, string period, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = PairedDifference.Of(a, b);
        return
        [
            variant, what, period, RunAggregator.Format(Descriptive.Mean(a)), RunAggregator.Format(Descriptive.Mean(b)),
            RunAggregator.Format(d.Mean), RunAggregator.Format(d.Low), RunAggregator.Format(d.High), d.Pairs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
    }

    private static void Check(LaneSeries baseline, LaneSeries variant)
    {
        if (baseline.Lanes != variant.Lanes || baseline.Months.Count != variant.Months.Count || baseline.Start != variant.Start)
        {
            throw new ArgumentException("baseline and variant must have the same start, months and replications to be paired");
        }
    }
}
