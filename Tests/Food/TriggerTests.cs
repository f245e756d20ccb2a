using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Tests.Scenarios;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Food;

/// <summary>Triggers: potential agreements, firing after k months, ranking by surplus over distance.</summary>
public sealed class TriggerTests
{
    [Fact]
    public void A_trigger_compiles_one_potential_agreement_per_candidate_producer()
    {
        var world = new SimulationWorld(TriggerScenarios.WithTrigger());
        Assert.Empty(ScenarioValidator.Validate(world.Scenario));
        var ids = world.Agreements.Where(a => a.Trigger == 0).Select(a => a.Id).ToArray();
        Assert.Equal(["chili-response:big-far", "chili-response:far", "chili-response:hill", "chili-response:near-small"], ids);
        Assert.All(world.Agreements.Where(a => a.Trigger == 0), a => Assert.Equal(world.IndexOf("city"), a.Owner));
    }

    [Fact]
    public void Candidates_are_ranked_by_surplus_over_distance()
    {
        var world = new SimulationWorld(TriggerScenarios.WithTrigger());
        double Score(string id)
        {
            var r = world.IndexOf(id);
            var surplus = FoodSupply.NormalProduction(world, r, 0, 4) * world.FoodShockFactor(r, ShockKind.Production, 4, 0) - FoodSupply.Demand(world, r, 0);
            return surplus / world.DistanceKm(r, world.IndexOf("city"));
        }
        var expected = new[] { "big-far", "far", "hill", "near-small" }.Where(id => Score(id) > 0).OrderByDescending(Score).Take(2).ToArray();
        var chosen = Triggers.Choose(world, 0, 4).Select(a => world.Agreements[a].From).Select(r => world.EntityIds[r]).ToArray();
        Assert.Equal(expected, chosen);
        Assert.Equal(2, chosen.Length);
    }

    [Fact]
    public void The_trigger_fires_after_k_months_above_the_threshold_and_its_choice_goes_through_the_lifecycle()
    {
        var scenario = TriggerScenarios.WithTrigger(months: 18, replications: 1);
        var (world, outputs) = FoodScenarios.Outputs(scenario);
        var city = world.IndexOf("city");
        var mtm = outputs.Select(m => m[city].Cpi[FoodColumns.MonthOnMonth]).ToArray();
        var fire = -1;
        for (var t = 1; t < mtm.Length && fire < 0; t++) if (mtm[t] > 0.5 && mtm[t - 1] > 0.5) fire = t;
        Assert.True(fire >= 0, "the drought should push inflation above 0.5% for two months: " + string.Join(", ", mtm));

        var r = EngineRunner.RunReference(scenario);
        string State(int t, string id) => EngineRunner.Field(r.Headers.Agreements, EngineRunner.AgreementRow(r, t, id), "state");
        var chosen = Triggers.Choose(world, 0, fire).Select(a => world.Agreements[a].Id).ToHashSet();
        foreach (var id in world.Agreements.Where(a => a.Trigger == 0).Select(a => a.Id))
        {
            for (var t = 0; t <= fire; t++) Assert.Equal("not_started", State(t, id));
            if (chosen.Contains(id)) Assert.NotEqual("not_started", State(fire + 1, id));
            else Assert.All(Enumerable.Range(0, 18), t => Assert.Equal("not_started", State(t, id)));
        }
        Assert.Contains(chosen, id => Enumerable.Range(0, 18).Any(t => State(t, id) == "active"));
    }

    [Fact]
    public void Trigger_errors_are_precise()
    {
        const string yaml = """
            run: { start: 2022-01, months: 12 }
            commodities:
              chili: { name: Red chili, cpi_weight: 0.05 }
            regions:
              - { id: city, population: 600000, food: { chili: { per_capita: 0.0005, base_price: 5.0e7 } } }
              - { id: hill, population: 250000, food: { chili: { per_capita: 0.0005, production: 400, base_price: 3.0e7 } } }
            triggers:
              - { id: t1, region: city, indicator: mtm_inflaton, threshold: 1, commodity: chili }
              - { id: t2, region: city, indicator: yoy_inflation, commodity: chilli, months: 0 }
              - { id: t3, region: city, indicator: mtm_inflation, commodity: chili, candidates: [city, nowhere], top: 0 }

            """;
        Lines.Equal([
            "t.yaml:10:107: triggers.t3.top: must be at least 1 producer, found 0",
            "t.yaml:10:86: triggers.t3.candidates[0]: the trigger's own region 'city' cannot supply itself",
            "t.yaml:10:92: triggers.t3.candidates[1]: unknown region 'nowhere'",
            "t.yaml:8:40: triggers.t1.indicator: unknown value 'mtm_inflaton' (did you mean 'mtm_inflation'?); expected one of: mtm_inflation, yoy_inflation",
            "t.yaml:9:66: triggers.t2.commodity: unknown commodity 'chilli' (did you mean 'chili'?)",
            "t.yaml:9:82: triggers.t2.months: must be between 1 and 120 consecutive months, found 0",
        ], ScenarioTexts.Errors(yaml).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_trigger_scenario_round_trips_through_yaml_and_runs_the_same_on_both_loops()
    {
        var s = TriggerScenarios.WithTrigger();
        var yaml = ScenarioYamlWriter.ToYaml(s);
        var loaded = ScenarioLoader.LoadText(yaml, "trigger.yaml");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors.Take(20)));
        Assert.Equal(yaml, ScenarioYamlWriter.ToYaml(loaded.Scenario!));
        Assert.Equal(EngineRunner.RunReference(s, parallel: false).Text(), EngineRunner.RunReference(loaded.Scenario!).Text());
    }
}
