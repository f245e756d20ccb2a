using KerjasamaGraph.Model.Statistics;

namespace KerjasamaGraph.Tests.Mechanisms;

public class DescriptiveTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(1001)]
    public void Bands_by_selection_equal_percentiles_of_the_sorted_lanes(int n)
    {
        var values = Enumerable.Range(0, n).Select(i => Math.Sin(i * 12.9898) * 43758.5453 % 1000 + (i % 7 == 0 ? 5 : 0)).ToArray();
        values[n / 2] = values[n / 3];   // ties
        var sorted = values.Order().ToArray();
        var (mean, p05, p95) = Descriptive.Bands(values, new double[n]);
        Assert.Equal(values.Average(), mean, 9);
        Assert.Equal(Descriptive.PercentileSorted(sorted, 0.05), p05);
        Assert.Equal(Descriptive.PercentileSorted(sorted, 0.95), p95);
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        // numpy.percentile([1, 2, 3, 4], [5, 95]) = [1.15, 3.85].
        Assert.Equal(1.15, Descriptive.PercentileSorted([1, 2, 3, 4], 0.05), 12);
        Assert.Equal(3.85, Descriptive.PercentileSorted([1, 2, 3, 4], 0.95), 12);
    }
}
