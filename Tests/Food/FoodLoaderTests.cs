using KerjasamaGraph.Tests.Scenarios;

namespace KerjasamaGraph.Tests.Food;

/// <summary>Food keys in scenario files: loading, and precise errors for bad inputs.</summary>
public sealed class FoodLoaderTests
{
    private const string Head = """
        run: { start: 2022-01, months: 12 }
        commodities:
          chili: { name: Red chili, unit: t, price_response: 0.8, cpi_weight: 0.05, freight_rate: 2000 }
          salt: { name: Salt, unit: t }
        regions:
          - { id: city, population: 600000, food: { chili: { per_capita: 0.0005, base_price: 5.0e7 }, salt: { per_capita: 0.001, base_price: 1.0e7 } }, non_food: { trend: 0.003 } }
          - { id: hill, population: 250000, food: { chili: { per_capita: 0.0005, production: 400, base_price: 3.0e7, seasonality: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] } } }

        """;

    [Fact]
    public void A_food_scenario_loads_with_every_food_key()
    {
        var yaml = Head.Replace("production: 400, base_price: 3.0e7, seasonality: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]", "production: 400, base_price: 3.0e7, noise: 0.1", StringComparison.Ordinal)
            .Replace("salt: { per_capita: 0.001, base_price: 1.0e7 }", "salt: { per_capita: 0.001, production: 700, base_price: 1.0e7 }", StringComparison.Ordinal) + """
            agreements:
              - { id: f1, type: food_supply, legal_form: ksdd_sukarela, parties: [hill, city], commodity: chili, volume: 100, freight_subsidy: 0.5, lifecycle: { active_from: 2022-03 } }
            shocks:
              - { id: d, kind: production, commodity: chili, from: 2022-05, to: 2022-07, factor: 0.6 }
              - { id: fuel, kind: non_food_price, regions: [city], from: 2022-09, to: 2022-12, factor: 1.02 }

            """;
        Assert.Empty(ScenarioTexts.Errors(yaml));
    }

    [Fact]
    public void Bad_food_inputs_get_precise_errors()
    {
        var yaml = Head + """
            agreements:
              - { id: f1, type: food_supply, legal_form: ksdd_sukarela, parties: [hill, city], commodity: chilli, volume: 100, lifecycle: { initiated: 2022-03 } }
              - { id: f2, type: food_supply, legal_form: ksdd_sukarela, parties: [city, hill], commodity: chili, volume: 100, freight_subsidy: 1.5, lifecycle: { initiated: 2022-03 } }
            shocks:
              - { id: d, kind: demand, commodity: chili, from: 2022-05, to: 2022-07, factor: 0.6 }

            """;
        Lines.Equal([
            "t.yaml:10:132: agreements.f2.freight_subsidy: must be between 0 and 1, found 1.5",
            "t.yaml:10:71: agreements.f2.parties[0]: the producer 'city' does not produce 'chili' (set regions.city.food.chili.production)",
            "t.yaml:12:39: shocks.d.commodity: only production and freight shocks name a commodity",
            "t.yaml:4:9: commodities.salt: nobody produces commodity 'salt': give at least one region a production above 0 (regions[].food.salt.production)",
            "t.yaml:7:123: regions.hill.food.chili.seasonality: needs 12 monthly factors (January to December), found 11",
            "t.yaml:9:95: agreements.f1.commodity: unknown commodity 'chilli' (did you mean 'chili'?)",
        ], ScenarioTexts.Errors(yaml).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_food_keys_and_commodities_in_regions_are_named()
    {
        var yaml = Head + """
            agreements:
              - { id: f1, type: food_supply, legal_form: ksdd_sukarela, parties: [hill, city], commodity: chili, volum: 100 }

            """;
        var errors = ScenarioTexts.Errors(yaml.Replace("food: { chili: { per_capita: 0.0005, production", "food: { chilli: { per_capita: 0.0005, production", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("regions.hill.food.chilli: unknown commodity 'chilli' (did you mean 'chili'?)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("agreements.f1.volum: unknown key 'volum' (did you mean 'volume'?)", StringComparison.Ordinal));
    }
}

public sealed class FoodYamlRoundTripTests
{
    [Fact]
    public void A_food_scenario_round_trips_through_yaml()
    {
        var s = KerjasamaGraph.Tests.Support.FoodScenarios.Markets();
        Assert.Empty(KerjasamaGraph.Model.Scenarios.ScenarioValidator.Validate(s));
        var yaml = KerjasamaGraph.Model.Scenarios.ScenarioYamlWriter.ToYaml(s);
        var loaded = KerjasamaGraph.Model.Scenarios.ScenarioLoader.LoadText(yaml, "food.yaml");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors.Take(20)));
        Assert.Equal(yaml, KerjasamaGraph.Model.Scenarios.ScenarioYamlWriter.ToYaml(loaded.Scenario!));
        Assert.Equal(KerjasamaGraph.Model.Scenarios.ScenarioJson.Serialize(s),
            KerjasamaGraph.Model.Scenarios.ScenarioJson.Serialize(loaded.Scenario! with { Locations = s.Locations }));
    }
}
