using System.Buffers;

namespace KerjasamaGraph.Model.Statistics;

/// <summary>The Gini coefficient of gains across units and the number of units that lost (<see cref="Inequality.OfGains(Span{double})"/>).</summary>
/// <param name="Gini">In [0, (n − 1)/n]; NaN when no unit gained anything.</param>
/// <param name="Losers">Units whose value is below zero.</param>
public readonly record struct GainsInequality(double Gini, int Losers);

/// <summary>Inequality of benefit across regions.</summary>
public static class Inequality
{
    /// <summary>
    /// The Gini coefficient of gains, G = Σ_i Σ_j |g_i − g_j| / (2 n² ḡ) with g_i = max(x_i, 0), computed from the
    /// sorted gains as Σ_i (2i − n − 1) g_(i) / (n Σ g) (i = 1..n), and the count of units with x_i &lt; 0.
    /// A Gini is defined for non-negative values; with losses the plain formula leaves [0, 1] (it exceeds 1, and
    /// diverges as the total nears zero; Chen, Tsaur &amp; Rhai 1982). So a unit that lost counts as one that gained
    /// nothing, the coefficient stays in [0, (n − 1)/n], and how many units lost is reported beside it. NaN (written
    /// blank) when no unit gained: an inequality of nothing is undefined. Sorts <paramref name="values"/> in place.
    /// </summary>
    public static GainsInequality OfGains(Span<double> values)
    {
        if (values.Length < RadixSort.MinLength) return OfGains(values, []);
        var scratch = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            return OfGains(values, scratch);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// <see cref="OfGains(Span{double})"/> sorting with <see cref="RadixSort"/> in <paramref name="scratch"/> (at least as long
    /// as the values, or empty below <see cref="RadixSort.MinLength"/> values): the same sorted gains, so the same sums.
    /// </summary>
    public static GainsInequality OfGains(Span<double> values, Span<double> scratch)
    {
        var n = values.Length;
        var losers = 0;
        foreach (var v in values) if (v < 0) losers++;
        if (n == 0) return new GainsInequality(double.NaN, 0);
        for (var i = 0; i < n; i++) values[i] = Math.Max(values[i], 0);
        RadixSort.Sort(values, scratch);
        double total = 0, weighted = 0;
        for (var i = 0; i < n; i++)
        {
            total += values[i];
            weighted += (2.0 * (i + 1) - n - 1) * values[i];
        }
        return new GainsInequality(total > 0 ? weighted / (n * total) : double.NaN, losers);
    }
}
