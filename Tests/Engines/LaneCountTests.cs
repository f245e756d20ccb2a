using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Engines;

/// <summary>
/// A lane's numbers do not depend on how many lanes run (each lane has its own random streams, and every per-lane sum has
/// one order) once the attribution floor is zero: with a floor, whether a tag is kept depends on every lane's amount, so the
/// tags a lane's total adds up differ with the lanes beside it. Sixteen lanes fill four 256-bit vectors, which the spillover
/// merge sums in registers; seventeen, five and one take the row-by-row merge: each lane's benefit per region and its
/// whole-graph indicators must be the same bits.
/// </summary>
public class LaneCountTests
{
    [Fact]
    public void Each_lane_has_the_same_bits_whatever_the_number_of_lanes()
    {
        var generated = ScenarioGenerator.Generate(300, 5);
        generated = generated with { Parameters = generated.Parameters with { SpilloverAttributionFloor = 0 } };
        EngineRunner.Result Run(int lanes) => EngineRunner.RunReference(generated with { Run = generated.Run with { Months = 30, Replications = lanes } });
        var sixteen = Run(16);
        foreach (var lanes in new[] { 17, 5, 1 })
        {
            var other = Run(lanes);
            var shared = Math.Min(lanes, 16);
            for (var m = 0; m < sixteen.Months.Count; m++)
            {
                var a = sixteen.Months[m].Lanes;
                var b = other.Months[m].Lanes;
                for (var r = 0; r < a.RegionBenefit.Length / 16; r++)
                    for (var l = 0; l < shared; l++)
                        Assert.Equal(BitConverter.DoubleToInt64Bits(a.RegionBenefit[r * 16 + l]), BitConverter.DoubleToInt64Bits(b.RegionBenefit[r * lanes + l]));
                for (var i = 0; i < LaneIndicators.Count; i++)
                    for (var l = 0; l < shared; l++)
                        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Indicators[i * 16 + l]), BitConverter.DoubleToInt64Bits(b.Indicators[i * lanes + l]));
            }
        }
        // The run spreads spillover with tags, so the merge has work in every lane.
        Assert.Contains(sixteen.Months, m => m.Lanes.Indicators[LaneIndicators.Spillover * 16] != 0);
    }
}
