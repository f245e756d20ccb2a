using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Tests.Support;
using static KerjasamaGraph.Tests.Support.EngineRunner;

namespace KerjasamaGraph.Tests.Mechanisms;

public class SharedServicesTests
{
    // Curve: C(Q) = 100,000 · 1,000 · (Q/1,000)^0.8. Members a (host, 1,000 t) and b (250 t), demand rule,
    // haulage Rp1,000/t/km, coordination Rp2M per member-month, capacity 0 (no capacity discount).
    // By hand: C(1000) = 100,000,000; C(250) = 32,987,697.7693; C(1250) = 119,544,062.4738.
    // a pays 0.8·C(1250) + 2M = 97,635,249.979 → saving 2,364,750.021.
    // b pays 0.2·C(1250) + 1,000·250·20 + 2M = 30,908,812.4948 → saving 2,078,885.2746.
    private static Scenario TwoMembers(double roadKm) => TestScenarios.Base() with
    {
        Regions = [TestScenarios.Region("a", 100_000, 0, 1000), TestScenarios.Region("b", 25_000, 0, 250)],
        Neighbours = [new Neighbour { A = "a", B = "b", RoadKm = roadKm }],
        Agreements =
        [
            new Agreement
            {
                Id = "landfill", Type = AgreementType.SharedService, LegalForm = LegalForm.KsddWajib, Parties = ["a", "b"], Host = "a",
                Service = "waste", Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 1) },
            },
        ],
    };

    [Fact]
    public void Cost_curve_matches_hand_computed_values()
    {
        Assert.Equal(100_000_000, SharedServices.CurveCost(TestScenarios.Waste, 1000), 6);
        Assert.Equal(32_987_697.769322354, SharedServices.CurveCost(TestScenarios.Waste, 250), 6);
        Assert.Equal(119_544_062.47375461, SharedServices.CurveCost(TestScenarios.Waste, 1250), 6);
    }

    [Fact]
    public void Beyond_the_optimal_scale_the_curve_turns_to_diseconomies()
    {
        var s = TestScenarios.Waste with { OptimalScale = 1000, DiseconomyElasticity = 1.2 };
        // C(2000) = C(1000) · 2^1.2 = 100,000,000 · 2.29739670999407 (unit cost rises past Q*).
        Assert.Equal(229_739_670.999407, SharedServices.CurveCost(s, 2000), 3);
        Assert.True(SharedServices.CurveCost(s, 2000) / 2000 > SharedServices.CurveCost(s, 1000) / 1000);
    }

    [Fact]
    public void Member_bills_split_the_pooled_cost_by_demand_with_haulage_and_coordination()
    {
        var world = new SimulationWorld(TwoMembers(20));
        var a = world.Agreements[0];
        var host = SharedServices.MemberBill(world, a, world.IndexOf("a"), 0, 0);
        var member = SharedServices.MemberBill(world, a, world.IndexOf("b"), 0, 0);
        Assert.Equal(0.8, host.Share, 12);
        Assert.Equal(97_635_249.9790037, host.Paid, 5);
        Assert.Equal(2_364_750.0209963024, host.Saving, 5);
        Assert.Equal(5_000_000, member.Haulage, 6);
        Assert.Equal(30_908_812.494750924, member.Paid, 5);
        Assert.Equal(2_078_885.27457143, member.Saving, 5);
    }

    [Fact]
    public void A_loss_making_agreement_shows_a_negative_saving_in_the_outputs()
    {
        // At 200 km, b's haulage is Rp50M a month: saving = 32,987,697.769 − (23,908,812.495 + 50,000,000 + 2,000,000) = −42,921,114.725.
        var result = RunReference(TwoMembers(200));
        var row = RegionRow(result, 0, "b");
        Assert.Equal(-42_921_114.72542857, Number(result.Headers.Regions, row, "saving_waste"), 4);
        Assert.Equal(-42_921_114.72542857, Number(result.Headers.Regions, row, "direct_benefit"), 4);
        var agreement = AgreementRow(result, 0, "landfill");
        Assert.Equal("active", Field(result.Headers.Agreements, agreement, "state"));
        Assert.Equal(2_364_750.0209963024 - 42_921_114.72542857, Number(result.Headers.Agreements, agreement, "benefit_signatories"), 4);
    }

    [Fact]
    public void Capacity_lowers_every_cost_by_eta_times_c()
    {
        var scenario = TwoMembers(20) with { Regions = [TestScenarios.Region("a", 100_000, 0.5, 1000), TestScenarios.Region("b", 25_000, 0, 250)] };
        var world = new SimulationWorld(scenario);
        var bill = SharedServices.MemberBill(world, world.Agreements[0], world.IndexOf("a"), 0, 0.5);
        Assert.Equal(0.95, bill.CapacityFactor, 12);
        Assert.Equal(0.8 * 119_544_062.47375461 * 0.95 + 2_000_000, bill.Paid, 4);
        Assert.Equal(100_000_000 * 0.95, bill.Alone, 4);
    }
}
