using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using KerjasamaGraph.Model.Statistics;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Statistics;

/// <summary>
/// The aggregator's month rows and headline against the straightforward computation from the same region outputs: each
/// agreement's benefit to parties and to everyone else and its regions reached, summed lane by lane over the regions in
/// ascending order (a region's direct benefit before its spillover), each region quantity's bands, and the regions each
/// agreement reached to date; bit for bit, for the 16-lane paths and for other lane counts.
/// </summary>
public sealed class AggregatorSumsEquivalenceTests
{
    [Theory]
    [InlineData(16, 240, 1UL)]
    [InlineData(16, 150, 2UL)]
    [InlineData(5, 120, 3UL)]
    [InlineData(2, 90, 4UL)]
    public void Month_rows_and_headline_equal_the_straightforward_sums(int lanes, int regions, ulong seed)
    {
        const int months = 20;
        var world = new SimulationWorld(TestScenarios.Generated(regions, seed, months, lanes));
        var plan = new ShardPlan(world, ShardPartition.Create(world, 2));
        var steppers = Enumerable.Range(0, plan.Partition.Count).Select(s => new ShardStepper(world, plan, s)).ToArray();
        var aggregator = new RunAggregator(world);
        var agreements = world.Agreements.Length;
        var cumSignatories = new double[agreements * lanes];
        var cumOthers = new double[agreements * lanes];
        var reachedToDate = new Dictionary<(int Region, int Agreement), double>();
        var scratch = new double[Math.Max(lanes, 64)];
        var tagged = 0;
        for (var tick = 0; tick < months; tick++)
        {
            var shardMonths = steppers.Select(s => s.Step(tick)).ToArray();
            for (var s = 0; s < shardMonths.Length; s++)
                foreach (var batch in shardMonths[s].Batches) steppers[batch.To].Deliver(tick, s, batch.Snapshots);
            var outputs = ReferenceEngine.MergeOutputs(plan.Partition, shardMonths.Select(m => m.Outputs).ToArray());
            var rows = aggregator.AddMonth(tick, outputs);

            var signatories = new double[agreements * lanes];
            var others = new double[agreements * lanes];
            var reached = new double[agreements * lanes];
            for (var r = 0; r < regions; r++)
            {
                foreach (var (benefit, spill) in new[] { (outputs[r].Direct, false), (outputs[r].Spill, true) })
                {
                    for (var t = 0; t < benefit.Count; t++)
                    {
                        var a = benefit.Tags[t];
                        var party = world.PartyOf[r].Contains(a);
                        var sum = 0.0;
                        for (var l = 0; l < lanes; l++)
                        {
                            var v = benefit.Values[t * lanes + l];
                            (party ? signatories : others)[a * lanes + l] += v;
                            if (spill && !party && v != 0) reached[a * lanes + l] += 1;
                            sum += v;
                        }
                        tagged++;
                        if (!party) reachedToDate[(r, a)] = reachedToDate.GetValueOrDefault((r, a)) + sum;
                    }
                }
            }
            for (var a = 0; a < agreements; a++)
            {
                var row = rows.Agreements.Values(a);
                var c = 1;
                foreach (var sums in new[] { signatories, others, reached })
                {
                    var values = sums.AsSpan(a * lanes, lanes);
                    var (mean, p05, p95) = Descriptive.Bands(values, scratch);
                    AssertSame([mean, p05, p95], row.Slice(c, 3), $"month {tick}, agreement {a}, column {c}");
                    c += 3;
                }
                for (var l = 0; l < lanes; l++)
                {
                    cumSignatories[a * lanes + l] += signatories[a * lanes + l];
                    cumOthers[a * lanes + l] += others[a * lanes + l];
                }
            }
            // Whole-graph lane values: totals over regions and the non-signatory share of the agreements' totals to date.
            for (var l = 0; l < lanes; l++)
            {
                double benefit = 0, direct = 0, spillover = 0, sig = 0, oth = 0;
                for (var r = 0; r < regions; r++)
                {
                    benefit += outputs[r].Metrics[RegionMetrics.Benefit * lanes + l];
                    direct += outputs[r].Metrics[RegionMetrics.DirectBenefit * lanes + l];
                    spillover += outputs[r].Metrics[RegionMetrics.Spillover * lanes + l];
                }
                for (var a = 0; a < agreements; a++)
                {
                    sig += cumSignatories[a * lanes + l];
                    oth += cumOthers[a * lanes + l];
                }
                var indicators = rows.Lanes.Indicators;
                AssertSame([benefit, direct, spillover, sig + oth > 0 ? oth / (sig + oth) : double.NaN],
                    [indicators[LaneIndicators.BenefitTotal * lanes + l], indicators[LaneIndicators.DirectBenefit * lanes + l],
                        indicators[LaneIndicators.Spillover * lanes + l], indicators[LaneIndicators.NonSignatoryShareCumulative * lanes + l]],
                    $"month {tick}, lane {l} indicators");
            }
            for (var r = 0; r < regions; r++)
            {
                var o = outputs[r];
                var quantities = new[] { o.Metrics, o.ServiceCost, o.ServiceSaving, o.Food, o.Cpi }.SelectMany(q => Enumerable.Range(0, q.Length / lanes).Select(k => q.AsSpan(k * lanes, lanes).ToArray())).ToArray();
                var row = rows.Regions.Values(r);
                Assert.Equal(3 * quantities.Length, row.Length);
                for (var q = 0; q < quantities.Length; q++)
                {
                    var (mean, p05, p95) = Descriptive.Bands(quantities[q], scratch);
                    AssertSame([mean, p05, p95], row.Slice(3 * q, 3), $"month {tick}, region {r}, quantity {q}");
                }
            }
        }
        Assert.True(tagged > 1000, $"only {tagged} tagged rows: the scenario does not exercise the agreement sums");
        var headline = aggregator.Finish();
        for (var a = 0; a < agreements; a++)
        {
            var expectedReached = reachedToDate.Count(p => p.Key.Agreement == a && p.Value != 0);
            Assert.Equal(expectedReached, headline.Agreements[a].RegionsReached);
            var sig = Descriptive.Bands(cumSignatories.AsSpan(a * lanes, lanes), scratch);
            var oth = Descriptive.Bands(cumOthers.AsSpan(a * lanes, lanes), scratch);
            AssertSame([sig.Mean, sig.P05, sig.P95, oth.Mean, oth.P05, oth.P95],
                [headline.Agreements[a].Signatories.Mean, headline.Agreements[a].Signatories.P05, headline.Agreements[a].Signatories.P95,
                    headline.Agreements[a].NonSignatories.Mean, headline.Agreements[a].NonSignatories.P05, headline.Agreements[a].NonSignatories.P95],
                $"headline of agreement {a}");
        }
    }

    private static void AssertSame(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"{what}, value {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
