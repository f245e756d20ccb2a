using KerjasamaGraph.Model.Statistics;

namespace KerjasamaGraph.Tests.Mechanisms;

public class PairedDifferenceTests
{
    [Fact]
    public void Paired_interval_matches_a_hand_computed_t_interval()
    {
        // d = (1, 2, 2): mean 5/3, s = sqrt(1/3), se = s/sqrt(3) = 1/3, t(0.975, 2) = 4.3026527 → ± 1.4342176.
        var d = PairedDifference.Of([1, 2, 3], [2, 4, 5]);
        Assert.Equal(5.0 / 3, d.Mean, 12);
        Assert.Equal(5.0 / 3 - 4.3026527 / 3, d.Low, 9);
        Assert.Equal(5.0 / 3 + 4.3026527 / 3, d.High, 9);
        Assert.Equal(3, d.Pairs);
    }

    [Fact]
    public void One_pair_has_no_interval_and_identical_runs_have_a_zero_width_one()
    {
        var single = PairedDifference.Of([1], [3]);
        Assert.Equal(2, single.Mean);
        Assert.True(double.IsNaN(single.Low));
        var same = PairedDifference.Of([1, 5, 9], [1, 5, 9]);
        Assert.Equal((0.0, 0.0, 0.0), (same.Mean, same.Low, same.High));
    }

    [Theory]
    [InlineData(1, 12.7062047)]
    [InlineData(9, 2.2621572)]
    [InlineData(30, 2.0422725)]
    [InlineData(40, 2.0210754)]
    [InlineData(63, 1.9983405)]
    [InlineData(999, 1.9623415)]
    public void Student_t_quantiles_match_published_tables(int df, double expected) =>
        Assert.Equal(expected, PairedDifference.StudentT975(df), 1e-6);
}
