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
