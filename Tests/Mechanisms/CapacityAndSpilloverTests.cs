using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Tests.Support;
using static KerjasamaGraph.Tests.Support.EngineRunner;

namespace KerjasamaGraph.Tests.Mechanisms;

public class CapacityAndSpilloverTests
{
    [Fact]
    public void Knowledge_closes_the_gap_to_the_source_at_rate_gamma()
    {
        var scenario = TestScenarios.Base(3) with
        {
            Regions = [TestScenarios.Region("x", 1000, 0.2, 100)],
            Partners = [new Partner { Id = "p", Kind = PartnerKind.Network, Capacity = 0.9 }],
            Agreements = [new Agreement { Id = "k", Type = AgreementType.Knowledge, LegalForm = LegalForm.Ksdln, Parties = ["p", "x"], Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 1) } }],
        };
        var r = RunReference(scenario);
        // γ = 0.1: 0.2 + 0.1·0.7 = 0.27; 0.27 + 0.1·0.63 = 0.333; 0.333 + 0.1·0.567 = 0.3897.
        Assert.Equal(0.27, Number(r.Headers.Regions, RegionRow(r, 0, "x"), "capacity"), 12);
        Assert.Equal(0.333, Number(r.Headers.Regions, RegionRow(r, 1, "x"), "capacity"), 12);
        Assert.Equal(0.3897, Number(r.Headers.Regions, RegionRow(r, 2, "x"), "capacity"), 12);
        // Capacity dividend: η · gain · raw cost = 0.1 · 0.07 · C(100) in month 1, C(100) = 1e8·0.1^0.8.
        var raw = SharedServices.CurveCost(TestScenarios.Waste, 100);
        Assert.Equal(0.1 * 0.07 * raw, Number(r.Headers.Regions, RegionRow(r, 0, "x"), "knowledge_benefit"), 6);
    }

    [Fact]
    public void Peer_learning_only_raises_capacity_and_never_past_one()
    {
        Span<double> gains = stackalloc double[1];
        Span<int> seen = stackalloc int[1];
        NeighbourLink[] links = [new(1, 1.0)];
        var peer = Capacity.PeerIncrement(0.2, links, [[0.6]], 0, 0.5);
        Assert.Equal(0.2, peer, 12);
        Assert.Equal(0.0, Capacity.PeerIncrement(0.6, links, [[0.2]], 0, 0.5), 12);
        var capped = Capacity.Step(0.8, [new Capacity.Source(0, 5, 1.0)], 0.3, 1.0, gains, seen);
        Assert.Equal(1.0, capped, 12);
        // Increments (0.2 knowledge + 0.3 peer) are scaled by 0.2/0.5 so the knowledge share is 0.08.
        Assert.Equal(0.08, gains[0], 12);
    }

    [Fact]
    public void Peer_increments_of_all_lanes_are_the_one_lane_increments_bit_for_bit()
    {
        var rng = new SplitMix64(21);
        foreach (var lanes in new[] { 1, 3, 4, 7, 16, 19 })
        {
            for (var trial = 0; trial < 50; trial++)
            {
                var k = rng.NextInt(9);
                var links = Enumerable.Range(0, k).Select(j => new NeighbourLink(j, rng.NextDouble())).ToArray();
                double Level() => rng.NextInt(10) switch { 0 => 0.0, 1 => -0.0, 2 => double.NaN, 3 => 1.0, _ => rng.NextDouble() };
                var own = Enumerable.Range(0, lanes).Select(_ => Level()).ToArray();
                var theirs = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, lanes).Select(_ => Level()).ToArray()).ToArray();
                var rate = trial % 10 == 0 ? 0 : rng.NextDouble();
                var all = new double[lanes];
                Capacity.PeerIncrements(own, links, theirs.Select(t => new LaneRow<double>(t)).ToArray(), rate, all);
                for (var l = 0; l < lanes; l++)
                    Assert.Equal(BitConverter.DoubleToUInt64Bits(Capacity.PeerIncrement(own[l], links, theirs, l, rate)), BitConverter.DoubleToUInt64Bits(all[l]));
            }
        }
    }

    [Fact]
    public void Spatial_weights_are_border_lengths_row_normalised_with_imputation()
    {
        var scenario = TestScenarios.Base() with
        {
            Regions = [TestScenarios.Region("a", 1), TestScenarios.Region("b", 1), TestScenarios.Region("c", 1), TestScenarios.Region("d", 1)],
            Neighbours = [new Neighbour { A = "a", B = "b", BorderKm = 30 }, new Neighbour { A = "a", B = "c", BorderKm = 10 }, new Neighbour { A = "a", B = "d" }],
        };
        var world = new SimulationWorld(scenario);
        var a = world.Neighbours[world.IndexOf("a")];
        // d's unknown length is imputed with the mean of a's known lengths (20): weights 30/60, 10/60, 20/60.
        Assert.Equal([0.5, 1.0 / 6, 1.0 / 3], a.Select(n => n.Weight).ToArray());
        Assert.Equal(1.0, world.Neighbours[world.IndexOf("b")].Single().Weight);
    }

    /// <summary>Line a–b–c (equal weights); a receives Rp100 a month of general funding for 12 months.</summary>
    private static Scenario LineWithGrant(double attributionFloor) => TestScenarios.Base(4) with
    {
        Regions = [TestScenarios.Region("a", 100), TestScenarios.Region("b", 100), TestScenarios.Region("c", 100)],
        Partners = [new Partner { Id = "p", Kind = PartnerKind.Donor, Country = "Germany" }],
        Neighbours = [new Neighbour { A = "a", B = "b" }, new Neighbour { A = "b", B = "c" }],
        Parameters = TestScenarios.Base().Parameters with { SpilloverAttributionFloor = attributionFloor },
        Agreements = [new Agreement { Id = "grant", Type = AgreementType.Funding, LegalForm = LegalForm.Ksdln, Parties = ["p", "a"], Amount = 1200, Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 1), TermMonths = 12 } }],
    };

    [Fact]
    public void Spillover_keeps_the_agreement_tag_and_reaches_non_signatories_a_month_per_hop()
    {
        // a receives Rp100 a month of general funding; line a–b–c with equal weights; ρ = 0.3.
        var r = RunReference(LineWithGrant(0));
        var h = r.Headers.Regions;
        Assert.Equal(100, Number(h, RegionRow(r, 0, "a"), "direct_benefit"), 9);
        Assert.Equal(0, Number(h, RegionRow(r, 0, "b"), "spillover"), 9);
        Assert.Equal(15, Number(h, RegionRow(r, 1, "b"), "spillover"), 9);        // 0.3 · ½ · 100
        Assert.Equal(0, Number(h, RegionRow(r, 1, "c"), "spillover"), 9);
        Assert.Equal(4.5, Number(h, RegionRow(r, 2, "c"), "spillover"), 9);       // 0.3 · 1 · 15
        Assert.Equal(4.5, Number(h, RegionRow(r, 2, "a"), "spillover"), 9);       // echo back to the signatory
        Assert.Equal(0.3 * 0.5 * (104.5 + 4.5), Number(h, RegionRow(r, 3, "b"), "spillover"), 9); // a and c each echo 4.5 back
        var g = r.Headers.Agreements;
        Assert.Equal(15, Number(g, AgreementRow(r, 1, "grant"), "benefit_non_signatories"), 9);
        Assert.Equal(1, Number(g, AgreementRow(r, 1, "grant"), "regions_reached"), 9);
        Assert.Equal(104.5, Number(g, AgreementRow(r, 2, "grant"), "benefit_signatories"), 9);
        Assert.Equal(19.5, Number(g, AgreementRow(r, 2, "grant"), "benefit_non_signatories"), 9);
        Assert.Equal(2, Number(g, AgreementRow(r, 2, "grant"), "regions_reached"), 9);
        // Month 3 share of benefit reaching non-signatories: (b + c) / (a + b + c).
        var s = r.Months[2].Summary;
        Assert.Equal(19.5 / 124, Number(r.Headers.Summary, s, "non_signatory_share"), 12);
    }

    [Fact]
    public void Small_tagged_amounts_fall_into_the_untracked_remainder_and_totals_stay_exact()
    {
        var r = RunReference(LineWithGrant(10));
        // c's 4.5 in month 3 is below the floor of 10: still counted as spillover, no longer attributed.
        Assert.Equal(4.5, Number(r.Headers.Regions, RegionRow(r, 2, "c"), "spillover"), 9);
        Assert.Equal(15, Number(r.Headers.Agreements, AgreementRow(r, 2, "grant"), "benefit_non_signatories"), 9);
        Assert.Equal(9, Number(r.Headers.Summary, r.Months[2].Summary, "spillover_untracked"), 9);
    }
}
