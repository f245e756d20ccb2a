using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Statistics;

namespace KerjasamaGraph.Tests.Engines;

/// <summary>The aggregator's sort-free bands are bit for bit those of <see cref="Descriptive.Bands"/>.</summary>
public class AggregatorBandsTests
{
    [Fact]
    public void Bands_without_sorting_equal_the_sorted_bands_bit_for_bit()
    {
        var random = new Random(20260101);
        double[] pool = [0.0, -0.0, 1.0, -1.0, 2.5, 1e-300, -3.75, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, 1e15 + 0.5];
        var scratch = new double[64];
        var checkedCases = 0;
        for (var trial = 0; trial < 200_000; trial++)
        {
            var n = 1 + random.Next(24);
            var values = new double[n];
            var mode = random.Next(4);
            for (var i = 0; i < n; i++)
            {
                values[i] = mode switch
                {
                    0 => pool[random.Next(pool.Length)],
                    1 => random.Next(3) - 1.0,
                    2 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 8)),
                    _ => random.Next(8) == 0 ? pool[random.Next(pool.Length)] : (random.NextDouble() - 0.3) * 1000,
                };
            }
            if (random.Next(200) == 0) values[random.Next(n)] = double.NaN;
            var expected = Descriptive.Bands(values, scratch);
            var actual = RunAggregator.Bands(values, scratch);
            Assert.True(Same(expected.Mean, actual.Mean) && Same(expected.P05, actual.P05) && Same(expected.P95, actual.P95),
                $"[{string.Join(", ", values.Select(v => v.ToString("R")))}]: expected {expected}, got {actual}");
            checkedCases++;
        }
        Assert.Equal(200_000, checkedCases);
    }

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));
}
