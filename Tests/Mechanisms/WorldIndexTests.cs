using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Tests.Generation;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Mechanisms;

/// <summary>
/// SimulationWorld builds its per-region and per-trigger lists in one pass over the agreements (linear time); each list must
/// equal its definition, checked here by brute force over every (region, agreement) pair on scenarios with shared services,
/// capital funding, food agreements, triggers and shocks.
/// </summary>
public class WorldIndexTests
{
    public static readonly TheoryData<string> Worlds = new() { "mixed", "generated-300", "jambi-inflation-2022.yaml", "jambi-one-gate.yaml" };

    private static SimulationWorld World(string name) => name switch
    {
        "mixed" => new SimulationWorld(TestScenarios.Mixed()),
        "generated-300" => new SimulationWorld(ScenarioGenerator.Generate(300, 3)),
        _ => new SimulationWorld(ScenarioLoader.Load(Path.Combine(ShippedScenarioTests.ScenarioDirectory(), name)).Scenario!),
    };

    [Theory]
    [MemberData(nameof(Worlds))]
    public void Lists_equal_their_definitions(string name)
    {
        var w = World(name);
        var all = w.Agreements;
        for (var r = 0; r < w.RegionCount; r++)
        {
            Assert.Equal(all.Where(a => a.Commodity >= 0 && a.From == r).Select(a => a.Index), w.FoodOut[r]);
            Assert.Equal(all.Where(a => a.Commodity >= 0 && a.To == r).Select(a => a.Index), w.FoodIn[r]);
            Assert.Equal(Enumerable.Range(0, w.Triggers.Length).Where(t => w.TriggerRegion[t] == r), w.OwnedTriggers[r]);
            for (var s = 0; s < w.Services.Length; s++)
                Assert.Equal(w.Owned[r].Where(k => all[k].Type == AgreementType.Funding && all[k].Service == s), w.CapitalFunding[r][s]);
            Assert.Equal(w.PartyOf[r].Where(a => all[a].Type == AgreementType.Knowledge && all[a].To == r), w.KnowledgeIn[r]);
            Assert.Equal(w.PartyOf[r].Where(a => all[a].Type == AgreementType.SharedService), w.SharedMember[r]);

            // Direct benefit slots: the region's agreements and the capital funding of the facilities it shares.
            var expected = w.PartyOf[r].Concat(w.SharedMember[r].SelectMany(a => w.CapitalFunding[all[a].Host][all[a].Service])).Distinct().Order();
            Assert.Equal(expected, w.DirectTags[r]);
            Assert.Equal(w.PartyOf[r].Select(a => Array.IndexOf(w.DirectTags[r], a)), w.PartySlot[r]);
            Assert.Equal(w.SharedMember[r].Select(a => Array.IndexOf(w.DirectTags[r], a)), w.SharedSlot[r]);
            Assert.Equal(w.KnowledgeIn[r].Select(a => Array.IndexOf(w.DirectTags[r], a)), w.KnowledgeSlot[r]);
            Assert.Equal(w.FoodIn[r].Select(a => Array.IndexOf(w.DirectTags[r], a)), w.FoodInSlot[r]);
        }
        for (var t = 0; t < w.Triggers.Length; t++) Assert.Equal(all.Where(a => a.Trigger == t).Select(a => a.Index), w.TriggerAgreements[t]);
        for (var a = 0; a < all.Length; a++) Assert.Equal(all[a].Commodity >= 0 && all[a].From < w.RegionCount ? Array.IndexOf(w.FoodOut[all[a].From], a) : -1, w.FoodOutPosition[a]);
    }

    [Theory]
    [MemberData(nameof(Worlds))]
    public void Bill_terms_kept_for_the_run_equal_each_month_s_terms(string name)
    {
        var w = World(name);
        var kept = 0;
        for (var r = 0; r < w.RegionCount; r++)
        {
            for (var m = 0; m < w.SharedMember[r].Length; m++)
            {
                var a = w.Agreements[w.SharedMember[r][m]];
                var shocked = w.ServiceShocked[r] || a.RegionParties.Any(p => w.ServiceShocked[p]);
                Assert.Equal(shocked, w.QuietTerms[r][m] is null);
                if (shocked) continue;
                kept++;
                for (var t = 0; t < w.Months; t += 7) Assert.Equal(SharedServices.MemberTerms(w, a, r, t), w.QuietTerms[r][m]);
            }
            if (w.ServiceShocked[r]) continue;
            for (var s = 0; s < w.Services.Length; s++)
                for (var t = 0; t < w.Months; t += 7)
                    Assert.Equal(w.BaseDemand[r][s] > 0 ? SharedServices.Standalone(w, r, s, t, 0).Raw : 0, w.QuietStandaloneRaw[r][s]);
        }
        if (name == "generated-300") Assert.True(kept > 100);
    }

    [Fact]
    public void A_shock_on_demand_or_cost_makes_the_step_price_services_each_month()
    {
        var w = new SimulationWorld(TestScenarios.Mixed()); // "fuel" raises every region's costs for six months
        Assert.All(w.ServiceShocked, Assert.True);
        Assert.All(w.QuietTerms.SelectMany(t => t), t => Assert.Null(t));
    }

    [Fact]
    public void Largest_absolute_value_of_a_row_is_the_scalar_fold()
    {
        double[][] rows =
        [
            [], [0.0], [-0.0, -0.0, -0.0, -0.0, -0.0], [1, -3, 2, 0.5, -0.25, 7e-300, 3, -3],
            [1, 2, 3, double.NaN, 5, 6, 7, 8, 9], [1, 2, 3, 4, 5, 6, 7, 8, double.NaN], [double.NegativeInfinity, 1, 2, 3, 4],
            Enumerable.Range(0, 17).Select(i => (i % 3 - 1) * 1e6 * i).ToArray(),
        ];
        foreach (var row in rows)
        {
            var fold = 0.0;
            foreach (var v in row) fold = Math.Max(fold, Math.Abs(v));
            Assert.Equal(fold, TaggedLanes.MaxAbs(row));
        }
    }

    [Fact]
    public void Shock_factors_multiply_every_shock_that_names_the_region_once()
    {
        var scenario = TestScenarios.Mixed() with
        {
            Shocks =
            [
                new Shock { Id = "z-twice", Kind = ShockKind.Cost, Regions = ["b", "b", "c"], From = YearMonth.Of(2023, 1), To = YearMonth.Of(2023, 3), Factor = 1.5 },
                new Shock { Id = "a-all", Kind = ShockKind.Cost, From = YearMonth.Of(2023, 2), To = YearMonth.Of(2023, 2), Factor = 2 },
                new Shock { Id = "m-partner", Kind = ShockKind.Cost, Regions = ["kfw"], From = YearMonth.Of(2023, 1), To = YearMonth.Of(2023, 12), Factor = 3 },
            ],
        };
        var w = new SimulationWorld(scenario);
        int R(string id) => w.IndexOf(id);
        Assert.Equal(1.5, w.ShockFactor(R("b"), ShockKind.Cost, 0));
        Assert.Equal(2 * 1.5, w.ShockFactor(R("c"), ShockKind.Cost, 1));
        Assert.Equal(2.0, w.ShockFactor(R("a"), ShockKind.Cost, 1));
        Assert.Equal(1.0, w.ShockFactor(R("a"), ShockKind.Cost, 0));
        Assert.Equal(1.0, w.ShockFactor(R("d"), ShockKind.Cost, 5));
    }
}
