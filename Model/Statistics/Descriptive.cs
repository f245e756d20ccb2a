namespace KerjasamaGraph.Model.Statistics;

/// <summary>Summary statistics over replication lanes and across regions.</summary>
public static class Descriptive
{
    /// <summary>Arithmetic mean, summed in lane order.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return double.NaN;
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>
    /// Percentile p in [0, 1] of sorted values by linear interpolation between closest ranks
    /// (Hyndman &amp; Fan 1996 type 7, the default of R's quantile and NumPy's percentile).
    /// </summary>
    public static double PercentileSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Mean, 5th and 95th percentiles of the lanes. <paramref name="scratch"/> must be at least as long as the values.</summary>
    public static (double Mean, double P05, double P95) Bands(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var constant = true;
        for (var i = 1; i < values.Length && constant; i++) constant = values[i] == values[0];
        if (constant && values.Length > 0 && double.IsFinite(values[0])) return (Mean(values), values[0], values[0]);
        var s = scratch[..values.Length];
        values.CopyTo(s);
        s.Sort();
        return (Mean(values), PercentileSorted(s, 0.05), PercentileSorted(s, 0.95));
    }

    /// <summary>
    /// Gini coefficient G = Σ_i Σ_j |x_i − x_j| / (2 n² x̄), computed from the sorted values as
    /// Σ_i (2i − n − 1) x_(i) / (n Σ x) (i = 1..n). Negative values are allowed (the formula then can exceed 1;
    /// Chen, Tsaur &amp; Rhai 1982); NaN when the total is not positive.
    /// </summary>
    public static double Gini(Span<double> values)
    {
        var n = values.Length;
        if (n == 0) return double.NaN;
        values.Sort();
        double total = 0, weighted = 0;
        for (var i = 0; i < n; i++)
        {
            total += values[i];
            weighted += (2.0 * (i + 1) - n - 1) * values[i];
        }
        return total > 0 ? weighted / (n * total) : double.NaN;
    }
}
