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

    /// <summary>
    /// Mean, 5th and 95th percentiles of the lanes. <paramref name="scratch"/> must be at least as long as the values.
    /// A quantity undefined (NaN) in any lane has no band: all three are NaN, so a table never shows a mean-less band.
    /// </summary>
    public static (double Mean, double P05, double P95) Bands(ReadOnlySpan<double> values, Span<double> scratch)
    {
        foreach (var v in values) if (double.IsNaN(v)) return (double.NaN, double.NaN, double.NaN);
        var constant = true;
        for (var i = 1; i < values.Length && constant; i++) constant = values[i] == values[0];
        if (constant && values.Length > 0 && double.IsFinite(values[0])) return (Mean(values), values[0], values[0]);
        var s = scratch[..values.Length];
        values.CopyTo(s);
        if (s.Length <= 32)
        {
            s.Sort();
            return (Mean(values), PercentileSorted(s, 0.05), PercentileSorted(s, 0.95));
        }
        // Larger lane counts: select the four order statistics the two percentiles need (linear time) instead of sorting.
        return (Mean(values), PercentileSelected(s, 0.05), PercentileSelected(s, 0.95));
    }

    /// <summary>The same value as <see cref="PercentileSorted"/> on the sorted values, by selection (reorders <paramref name="values"/>).</summary>
    public static double PercentileSelected(Span<double> values, double p)
    {
        var h = (values.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var low = Select(values, lo);
        if (lo + 1 >= values.Length) return low;
        // After selecting lo, everything right of it is ≥ it: the next order statistic is their minimum.
        var high = double.PositiveInfinity;
        foreach (var v in values[(lo + 1)..]) if (v < high) high = v;
        return low + (h - lo) * (high - low);
    }

    /// <summary>
    /// Hoare's selection with a median-of-three pivot: places the k-th smallest value at index k, smaller or equal
    /// values before it and greater or equal after it, and returns it. Deterministic (no random pivots).
    /// </summary>
    public static double Select(Span<double> a, int k)
    {
        int left = 0, right = a.Length - 1;
        while (right > left)
        {
            var mid = left + (right - left) / 2;
            if (a[mid] < a[left]) (a[mid], a[left]) = (a[left], a[mid]);
            if (a[right] < a[left]) (a[right], a[left]) = (a[left], a[right]);
            if (a[right] < a[mid]) (a[right], a[mid]) = (a[mid], a[right]);
            var pivot = a[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return a[k];
        }
        return a[k];
    }
}
