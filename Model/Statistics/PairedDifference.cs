namespace KerjasamaGraph.Model.Statistics;

/// <summary>
/// Paired differences between two runs that share their random streams lane by lane (common random numbers;
/// Law 2015, ch. 11): the mean difference and its 95% confidence interval from Student's t distribution with
/// n − 1 degrees of freedom. Pairing removes the variance the two runs share, so intervals are much narrower
/// than comparing two independent sets of replications.
/// </summary>
public static class PairedDifference
{
    public readonly record struct Interval(double Mean, double Low, double High, int Pairs);

    /// <summary>Mean of (b − a) with a 95% interval; the interval is NaN with fewer than two pairs or a non-finite difference.</summary>
    public static Interval Of(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("paired samples must have the same length");
        var n = a.Length;
        if (n == 0) return new Interval(double.NaN, double.NaN, double.NaN, 0);
        double sum = 0;
        for (var i = 0; i < n; i++) sum += b[i] - a[i];
        var mean = sum / n;
        if (n < 2 || !double.IsFinite(mean)) return new Interval(mean, double.NaN, double.NaN, n);
        double squares = 0;
        for (var i = 0; i < n; i++)
        {
            var d = b[i] - a[i] - mean;
            squares += d * d;
        }
        var half = StudentT975(n - 1) * Math.Sqrt(squares / (n - 1) / n);
        return new Interval(mean, mean - half, mean + half, n);
    }

    /// <summary>
    /// The 0.975 quantile of Student's t with <paramref name="df"/> degrees of freedom: tabulated to 7 decimals for
    /// df ≤ 30, and the Cornish–Fisher expansion about the normal quantile beyond (error below 1e-7 there;
    /// Abramowitz &amp; Stegun 26.7.5).
    /// </summary>
    public static double StudentT975(int df)
    {
        if (df < 1) throw new ArgumentOutOfRangeException(nameof(df));
        if (df <= Table.Length) return Table[df - 1];
        const double z = 1.959963984540054;
        var n = (double)df;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        var z7 = z5 * z * z;
        var z9 = z7 * z * z;
        return z
               + (z3 + z) / (4 * n)
               + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
               + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n)
               + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n);
    }

    private static readonly double[] Table =
    [
        12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119, 2.3646243, 2.3060041, 2.2621572, 2.2281389,
        2.2009852, 2.1788128, 2.1603687, 2.1447867, 2.1314495, 2.1199053, 2.1098156, 2.1009220, 2.0930241, 2.0859634,
        2.0796138, 2.0738731, 2.0686576, 2.0638986, 2.0595386, 2.0555294, 2.0518305, 2.0484071, 2.0452296, 2.0422725,
    ];
}
