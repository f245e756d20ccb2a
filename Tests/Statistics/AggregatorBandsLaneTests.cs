using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Statistics;

namespace KerjasamaGraph.Tests.Statistics;

/// <summary>
/// <see cref="RunAggregator.Bands"/> against <see cref="Descriptive.Bands"/>, bit for bit, for every lane count from 2 to 20
/// and 16 lanes above all (its vector path): ties, constant rows, ±0, NaN, ±infinity, subnormals, huge and tiny magnitudes,
/// and each special value at each lane position of an otherwise ordinary row.
/// </summary>
public sealed class AggregatorBandsLaneTests
{
    private static readonly double[] Specials =
    [
        0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon,
        2.2250738585072009e-308, -2.2250738585072014e-308, double.MaxValue, double.MinValue, 1e-320, -4.9e-322, 1.0, -1.0,
    ];

    private static double Draw(Random random, int kind) => kind switch
    {
        0 => Specials[random.Next(Specials.Length)],
        1 => random.Next(5) - 2.0,
        2 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-320, 309)),
        3 => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)),
        4 => random.Next(3) == 0 ? Specials[random.Next(Specials.Length)] : (random.NextDouble() - 0.3) * 1e6,
        _ => (random.NextDouble() - 0.5) * 1e-310,
    };

    private static void AssertSame(double[] values)
    {
        var scratch = new double[values.Length];
        var expected = Descriptive.Bands(values, scratch);
        var actual = RunAggregator.Bands(values, new double[values.Length]);
        Assert.True(Same(expected.Mean, actual.Mean) && Same(expected.P05, actual.P05) && Same(expected.P95, actual.P95),
            $"[{string.Join(", ", values.Select(v => v.ToString("R")))}]: expected {expected}, got {actual}");
    }

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    [Fact]
    public void Random_rows_of_every_lane_count_from_2_to_20_have_the_sorted_bands_bit_for_bit()
    {
        var random = new Random(61);
        for (var n = 2; n <= 20; n++)
        {
            for (var trial = 0; trial < (n == 16 ? 60_000 : 6_000); trial++)
            {
                var kind = random.Next(6);
                // Mostly one kind per row (ties, magnitudes), with now and then a value of another kind.
                var values = Enumerable.Range(0, n).Select(_ => Draw(random, random.Next(8) == 0 ? random.Next(6) : kind)).ToArray();
                AssertSame(values);
            }
        }
    }

    [Fact]
    public void Constant_rows_and_rows_of_zeros_of_both_signs_have_the_sorted_bands_bit_for_bit()
    {
        var random = new Random(62);
        for (var n = 2; n <= 20; n++)
        {
            foreach (var v in Specials.Concat([3.5, -7.25, 1e300, -1e-300]))
            {
                AssertSame(Enumerable.Repeat(v, n).ToArray());
                for (var trial = 0; trial < 20; trial++)
                {
                    // Equal values with one or a few changed: near-constant rows, and zeros of mixed signs.
                    var values = Enumerable.Repeat(v, n).ToArray();
                    for (var k = random.Next(1, 4); k > 0; k--) values[random.Next(n)] = random.Next(2) == 0 ? -v : (v == 0 ? 0.0 : Math.BitIncrement(v));
                    AssertSame(values);
                }
            }
            for (var trial = 0; trial < 500; trial++) AssertSame(Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? 0.0 : -0.0).ToArray());
        }
    }

    [Fact]
    public void Each_special_value_at_each_of_16_lanes_is_seen()
    {
        var random = new Random(63);
        foreach (var special in Specials)
        {
            for (var lane = 0; lane < 16; lane++)
            {
                for (var trial = 0; trial < 10; trial++)
                {
                    var values = Enumerable.Range(0, 16).Select(_ => trial % 2 == 0 ? (random.NextDouble() - 0.5) * 100 : random.Next(3)).ToArray();
                    values[lane] = special;
                    AssertSame(values);
                }
            }
        }
    }

    [Fact]
    public void The_two_smallest_and_two_largest_are_found_wherever_they_are_among_16_lanes()
    {
        // Every placement of the extremes across the 4 × 4 block: the smallest and second smallest (and largest and second
        // largest) in the same column, the same vector, or apart.
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 16; j++)
            {
                if (i == j) continue;
                var values = Enumerable.Range(0, 16).Select(k => 10.0 + k * 0.125).ToArray();
                values[i] = -5;
                values[j] = -3;
                AssertSame(values);
                values[i] = 50;
                values[j] = 30;
                AssertSame(values);
                values[i] = -5;
                values[j] = -5;
                AssertSame(values);
            }
        }
    }

    [Fact]
    public void Rows_side_by_side_have_each_row_s_bands_bit_for_bit()
    {
        var random = new Random(64);
        foreach (var lanes in new[] { 16, 16, 16, 2, 3, 5, 8, 12, 17, 20, 21, 32 })
        {
            for (var count = 1; count <= 13; count++)
            {
                for (var trial = 0; trial < 300; trial++)
                {
                    var kind = random.Next(6);
                    var rows = Enumerable.Range(0, count * lanes).Select(_ => Draw(random, random.Next(10) == 0 ? random.Next(6) : kind)).ToArray();
                    // Some rows constant, some plain with ties.
                    if (random.Next(3) == 0) Array.Fill(rows, Draw(random, kind), random.Next(count) * lanes, lanes);
                    var destination = Enumerable.Repeat(double.NaN, 3 * count + 2).ToArray();
                    RunAggregator.BandsOfRows(rows, lanes, destination, new double[lanes]);
                    for (var q = 0; q < count; q++)
                    {
                        var expected = Descriptive.Bands(rows.AsSpan(q * lanes, lanes), new double[lanes]);
                        Assert.True(Same(expected.Mean, destination[3 * q]) && Same(expected.P05, destination[3 * q + 1]) && Same(expected.P95, destination[3 * q + 2]),
                            $"{lanes} lanes, row {q} of {count}: expected {expected}, got ({destination[3 * q]}, {destination[3 * q + 1]}, {destination[3 * q + 2]})");
                    }
                    // Nothing written past the rows' bands.
                    Assert.True(double.IsNaN(destination[3 * count]) && double.IsNaN(destination[3 * count + 1]));
                }
            }
        }
    }
}
