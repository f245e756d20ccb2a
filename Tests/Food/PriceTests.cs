using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Food;

/// <summary>Price response, mean reversion, the transport band and the consumer price index.</summary>
public sealed class PriceTests
{
    [Fact]
    public void One_price_step_by_hand()
    {
        // ln(p/p̄) = ln 0.8; next = ln 0.8 + 0.5·0.2 − 0.2·ln 0.8 = 0.8·ln 0.8 + 0.1.
        var expected = 5e7 * Math.Exp(0.8 * Math.Log(0.8) + 0.1);
        Assert.Equal(expected, Prices.Respond(4e7, 5e7, 0.2, 0.5, 0.2), 1e-6);
        Assert.Equal(0.2, Prices.ExcessDemand(100, 80), 12);
        Assert.Equal(-1, Prices.ExcessDemand(100, 500));
        Assert.Equal(0, Prices.ExcessDemand(0, 500));
        Assert.Equal(0, Prices.ExcessDemand(100, double.NaN));
        Assert.Equal(-1, Prices.ExcessDemand(100, double.PositiveInfinity));
    }

    [Fact]
    public void Transmission_closes_only_the_gap_beyond_the_band()
    {
        // Band: 2000 Rp/t-km × 60 km × (1 − 0.5) = 60000.
        var band = Prices.Band(2000, 1, 60, 0.5);
        Assert.Equal(60_000, band);
        Assert.Equal(0, Prices.Gap(1_050_000, 1_000_000, band));
        Assert.Equal(40_000, Prices.Gap(1_100_000, 1_000_000, band));
        Assert.Equal(1_100_000 - 0.38 * 40_000, Prices.Transmit(1_100_000, 40_000, 0.38));
    }

    [Fact]
    public void The_city_price_in_the_first_month_by_hand()
    {
        var scenario = FoodScenarios.Markets(months: 1, replications: 1);
        var (world, outputs) = FoodScenarios.Outputs(scenario);
        var city = world.IndexOf("city");
        var chili = Array.IndexOf(world.CommodityIds, "chili");
        // Month 0: the city's supply equals its demand (nothing shipped yet, no shock), so x = 0 and the price stays at
        // its base 5e7. hill (60 km by road, last price its base 3e7) is linked by neighbourhood and by hill-chili, which
        // pays half the freight: τ = 2000 × 60 × 0.5 = 60000. far is not linked: far-chili is not active yet.
        // The gap beyond the band closes by 0.38.
        var toHill = 5e7 - 3e7 - 60_000;
        var expected = 5e7 - 0.38 * toHill;
        Assert.Equal(expected, outputs[0][city].Food(chili, FoodColumns.Price, 0, 1), 1e-6);
    }

    [Fact]
    public void Prices_stay_positive_and_finite_under_extreme_inputs()
    {
        var baseScenario = FoodScenarios.Markets(months: 240, replications: 2);
        var extreme = baseScenario with
        {
            Commodities = new Dictionary<string, Commodity>
            {
                ["chili"] = FoodScenarios.Chili with { PriceResponse = 10, MeanReversion = 0, Transmission = 1, FreightRate = 1e9 },
                ["rice"] = FoodScenarios.Rice with { PriceResponse = 10, MeanReversion = 0, Transmission = 0, FreightRate = 0 },
            },
            Regions = baseScenario.Regions.Select(r => r with
            {
                Food = r.Food.ToDictionary(kv => kv.Key, kv => kv.Value with { Noise = 1, BasePrice = kv.Key == "rice" ? 1e-300 : 1e15 }),
                NonFood = new NonFood { Trend = 0.5 },
            }).ToArray(),
            Shocks =
            [
                new Shock { Id = "zero", Kind = ShockKind.Production, From = YearMonth.Of(2023, 1), To = YearMonth.Of(2030, 12), Factor = 0 },
                new Shock { Id = "glut", Kind = ShockKind.Production, Regions = ["far"], From = YearMonth.Of(2031, 1), To = YearMonth.Of(2036, 12), Factor = 1e6 },
                new Shock { Id = "flood", Kind = ShockKind.Production, Regions = ["hill"], From = YearMonth.Of(2037, 1), To = YearMonth.Of(2042, 12), Factor = 1e308 },
            ],
        };
        Assert.Empty(ScenarioValidator.Validate(extreme));
        var (world, outputs) = FoodScenarios.Outputs(extreme);
        foreach (var month in outputs)
            foreach (var o in month)
            {
                for (var c = 0; c < world.Commodities.Length; c++)
                    for (var l = 0; l < world.Lanes; l++)
                    {
                        var p = o.Food(c, FoodColumns.Price, l, world.Lanes);
                        Assert.True(p > 0 && double.IsFinite(p), $"price {p} in month {o.Tick}");
                    }
                Assert.All(o.Cpi, v => Assert.False(double.IsNaN(v)));
            }
    }

    [Fact]
    public void Cpi_combines_price_relatives_with_the_non_food_path_and_seeds_a_year_of_history()
    {
        // One region that feeds itself exactly: prices stay at base, so the CPI moves with the non-food trend only.
        var scenario = TestScenarios.Base(months: 14, replications: 1) with
        {
            Services = new Dictionary<string, ServiceDefinition>(),
            Commodities = new Dictionary<string, Commodity> { ["rice"] = FoodScenarios.Rice },
            Regions = [TestScenarios.Region("solo", 1000) with
            {
                Food = new Dictionary<string, RegionFood> { ["rice"] = new() { PerCapita = 0.01, Production = 10, BasePrice = 1e7 } },
                NonFood = new NonFood { Trend = 0.01 },
            }],
            Shocks = [new Shock { Id = "fuel", Kind = ShockKind.NonFoodPrice, From = YearMonth.Of(2024, 2), To = YearMonth.Of(2024, 2), Factor = 1.05 }],
        };
        var (_, outputs) = FoodScenarios.Outputs(scenario);
        double Cpi(int t, double shock = 1) => 100 * (0.2 + 0.8 * Math.Pow(1.01, t) * shock);
        Assert.Equal(Cpi(0), outputs[0][0].Cpi[FoodColumns.Cpi], 9);
        Assert.Equal((Cpi(0) / Cpi(-1) - 1) * 100, outputs[0][0].Cpi[FoodColumns.MonthOnMonth], 9);
        Assert.Equal((Cpi(0) / Cpi(-12) - 1) * 100, outputs[0][0].Cpi[FoodColumns.YearOnYear], 9);
        Assert.Equal((Cpi(13, 1.05) / Cpi(12) - 1) * 100, outputs[13][0].Cpi[FoodColumns.MonthOnMonth], 9);
        Assert.Equal((Cpi(13, 1.05) / Cpi(1) - 1) * 100, outputs[13][0].Cpi[FoodColumns.YearOnYear], 9);
    }

    [Fact]
    public void A_supply_shock_raises_the_consumer_price_and_the_cpi()
    {
        var (world, outputs) = FoodScenarios.Outputs(FoodScenarios.Markets(months: 12, replications: 1));
        var city = world.IndexOf("city");
        var chili = Array.IndexOf(world.CommodityIds, "chili");
        var before = outputs[3][city].Food(chili, FoodColumns.Price, 0, 1);
        var during = outputs[6][city].Food(chili, FoodColumns.Price, 0, 1);
        Assert.True(during > before, $"{during} <= {before}");
        Assert.True(outputs[4][city].Cpi[FoodColumns.MonthOnMonth] > outputs[3][city].Cpi[FoodColumns.MonthOnMonth]);
    }
}
