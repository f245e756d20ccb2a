using KerjasamaGraph.Model.Runs.Checkpoints;
using KerjasamaGraph.Model.Statistics;

namespace KerjasamaGraph.Tests.Runs;

/// <summary>
/// The summary's count of not-started agreements in a branch that adds or drops agreements: its mean and 5th/95th
/// percentiles over the replications, computed again from the band a run wrote, are bit for bit the band of the counts shifted.
/// </summary>
public sealed class ForkTablesTests
{
    [Fact]
    public void The_band_of_counts_shifted_in_every_lane_is_computed_exactly_from_the_band_of_the_counts()
    {
        var random = new Random(20231024);
        var scratch = new double[64];
        for (var trial = 0; trial < 20_000; trial++)
        {
            var lanes = random.Next(2, 41);
            // Counts from a level common to every replication (agreements whose dates say they have not started) up to
            // the trigger candidates still waiting, as the not_started counts of a run's replications are.
            var least = random.Next(0, 200);
            var spread = trial % 4 == 0 ? 0 : random.Next(1, 13);
            var counts = Enumerable.Range(0, lanes).Select(_ => (double)(least + random.Next(0, spread + 1))).ToArray();
            var shift = random.Next(-least, 6);
            var before = Descriptive.Bands(counts, scratch);
            var after = Descriptive.Bands(counts.Select(c => c + shift).ToArray(), scratch);
            var shifted = ForkTables.ShiftBand(before.Mean, before.P05, before.P95, lanes, shift, least, spread);
            // Without trigger candidates the counts are the same in every replication and the band is always known; with them it
            // may be undecided (refused), never wrong.
            if (spread == 0) Assert.True(shifted is not null, $"counts {string.Join(' ', counts)}, shift {shift}: no band");
            if (shifted is null) continue;
            Assert.Equal(BitConverter.DoubleToInt64Bits(after.Mean), BitConverter.DoubleToInt64Bits(shifted.Value.Mean));
            Assert.Equal(BitConverter.DoubleToInt64Bits(after.P05), BitConverter.DoubleToInt64Bits(shifted.Value.P05));
            Assert.Equal(BitConverter.DoubleToInt64Bits(after.P95), BitConverter.DoubleToInt64Bits(shifted.Value.P95));
        }
    }

    [Fact]
    public void A_band_that_no_counts_give_is_refused()
    {
        // A mean of 2.5 over 2 lanes is no sum of whole counts; a 5th percentile above the counts' bound is none either.
        Assert.Null(ForkTables.ShiftBand(2.25, 2, 3, 2, 1, 0, 10));
        Assert.Null(ForkTables.ShiftBand(4, 40, 40, 10, 1, 0, 10));
        // Counts 102 to 108 in 33 replications whose 95th percentile is 108: shifted by −68 it is 40, whereas counts 100 to 120
        // (a spread the run cannot have) could give 108 too and 39.99999999999999 shifted.
        Assert.Equal(40.0, ForkTables.ShiftBand(3460.0 / 33, 102.6, 108, 33, -68, 102, 6)!.Value.P95);
        // Counts from 135 to 147 in 25 replications whose 95th percentile is 143: counts with 143 and 143 at the two order statistics
        // read give 33 shifted by −110, counts with 139 and 144 (as far as the band and the sum tell) give 32.999999999999986: undecided.
        var counts = new double[] { 138, 135, 144, 135, 140, 141, 138, 138, 139, 136, 135, 136, 137, 142, 136, 137, 139, 143, 137, 137, 135, 135, 143, 136, 138 };
        var band = Descriptive.Bands(counts, new double[25]);
        Assert.Equal(143, band.P95);
        Assert.Null(ForkTables.ShiftBand(band.Mean, band.P05, band.P95, 25, -110, 135, 12));
    }
}
