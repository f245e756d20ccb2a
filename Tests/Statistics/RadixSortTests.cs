using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Statistics;

namespace KerjasamaGraph.Tests.Statistics;

/// <summary>The radix sort behind the Ginis gives the comparison sort's result bit for bit, whatever the values.</summary>
public sealed class RadixSortTests
{
    private static ulong[] Bits(double[] values) => values.Select(BitConverter.DoubleToUInt64Bits).ToArray();

    private static void AssertSortsAsArraySort(double[] values)
    {
        var expected = (double[])values.Clone();
        Array.Sort(expected);
        var actual = (double[])values.Clone();
        RadixSort.Sort(actual, new double[values.Length]);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    private static double Draw(SplitMix64 rng, int kind) => kind switch
    {
        0 => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.NextInt(30) - 10),
        1 => rng.NextInt(5) - 2.0,
        2 => BitConverter.Int64BitsToDouble((long)rng.NextUInt64()),
        3 => new[] { 0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue }[rng.NextInt(7)],
        _ => rng.NextDouble() * 1e6,
    };

    [Fact]
    public void Random_doubles_with_duplicates_infinities_and_subnormals_sort_as_Array_Sort_does()
    {
        var rng = new SplitMix64(11);
        foreach (var n in new[] { 0, 1, 2, 255, 256, 257, 1000, 10_000 })
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var mix = rng.NextInt(5);
                var values = Enumerable.Range(0, n).Select(_ => Draw(rng, rng.NextInt(4) == 0 ? rng.NextInt(5) : mix)).Where(v => !double.IsNaN(v)).ToArray();
                AssertSortsAsArraySort(values);
            }
        }
    }

    [Fact]
    public void Negative_zero_and_NaN_are_left_to_the_comparison_sort()
    {
        var rng = new SplitMix64(12);
        foreach (var odd in new[] { -0.0, double.NaN, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001UL)) })
        {
            var values = Enumerable.Range(0, 1000).Select(i => i % 7 == 0 ? odd : i % 3 == 0 ? 0.0 : (rng.NextDouble() - 0.5) * 100).ToArray();
            AssertSortsAsArraySort(values);
        }
    }

    [Fact]
    public void Non_negative_gains_with_many_zeros_and_one_shared_exponent_sort_as_Array_Sort_does()
    {
        var rng = new SplitMix64(13);
        // Digits every key shares are skipped: values of one binade, and columns that are nearly all zero.
        AssertSortsAsArraySort(Enumerable.Range(0, 5000).Select(_ => 1 + rng.NextDouble()).ToArray());
        AssertSortsAsArraySort(Enumerable.Range(0, 5000).Select(i => i % 100 == 0 ? rng.NextDouble() : 0.0).ToArray());
        AssertSortsAsArraySort(Enumerable.Repeat(3.5, 4000).ToArray());
    }

    [Fact]
    public void Gini_with_scratch_is_the_gini_of_the_comparison_sort()
    {
        var rng = new SplitMix64(14);
        for (var trial = 0; trial < 20; trial++)
        {
            var values = Enumerable.Range(0, 3000).Select(_ => (rng.NextDouble() - 0.2) * Math.Pow(10, rng.NextInt(8))).ToArray();
            // The textbook sums over the gains sorted by Array.Sort.
            var gains = values.Select(v => Math.Max(v, 0)).ToArray();
            Array.Sort(gains);
            double total = 0, weighted = 0;
            for (var i = 0; i < gains.Length; i++)
            {
                total += gains[i];
                weighted += (2.0 * (i + 1) - gains.Length - 1) * gains[i];
            }
            var g = Inequality.OfGains((double[])values.Clone(), new double[values.Length]);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(weighted / (gains.Length * total)), BitConverter.DoubleToUInt64Bits(g.Gini));
            Assert.Equal(values.Count(v => v < 0), g.Losers);
        }
    }
}
