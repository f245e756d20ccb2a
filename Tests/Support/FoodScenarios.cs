using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Tests.Support;

/// <summary>Small food-market scenarios: a consumer city, a neighbouring producer and a distant producer of chili and rice.</summary>
public static class FoodScenarios
{
    public static readonly Commodity Chili = new()
    {
        Id = "chili", Name = "Red chili", Unit = "t", PriceResponse = 0.8, MeanReversion = 0.2, Transmission = 0.38, FreightRate = 2000, CpiWeight = 0.05,
    };

    public static readonly Commodity Rice = new()
    {
        Id = "rice", Name = "Rice", Unit = "t", PriceResponse = 0.3, MeanReversion = 0.3, Transmission = 0.38, FreightRate = 1000, CpiWeight = 0.2,
    };

    private static readonly double[] ChiliSeason = [1.1, 1.0, 0.9, 0.9, 0.8, 0.8, 0.9, 1.0, 1.1, 1.2, 1.2, 1.1];

    public static Region Market(string id, double population, double lat, double lon, double trend,
        (double Production, double Price, double Noise) chili, (double Production, double Price) rice) =>
        TestScenarios.Region(id, population, 0.5, 0, lat, lon) with
        {
            Food = new Dictionary<string, RegionFood>
            {
                ["chili"] = new() { PerCapita = 0.0005, Production = chili.Production, BasePrice = chili.Price, Noise = chili.Noise, Seasonality = chili.Production > 0 ? ChiliSeason : [] },
                ["rice"] = new() { PerCapita = 0.008, Production = rice.Production, BasePrice = rice.Price },
            },
            NonFood = new NonFood { Trend = trend },
        };

    /// <summary>
    /// city (600k people, produces nothing), hill (its neighbour, 250k, a chili producer) and far (300k, about 200 km
    /// away, chili and rice). far's rice surplus (3600 t) is below what its two buyers ask (4500 t), so it is shared pro rata.
    /// </summary>
    public static Scenario Markets(int months = 24, int replications = 3) => TestScenarios.Base(months, replications) with
    {
        Services = new Dictionary<string, ServiceDefinition>(),
        Commodities = new Dictionary<string, Commodity> { ["chili"] = Chili, ["rice"] = Rice },
        Regions =
        [
            Market("city", 600_000, -1.6, 103.6, 0.003, (0, 5e7, 0), (0, 1.2e7)),
            Market("hill", 250_000, -1.9, 103.3, 0.002, (400, 3e7, 0.1), (1500, 1.1e7)),
            Market("far", 300_000, -2.0, 101.8, 0.002, (500, 3.5e7, 0.15), (6000, 1.0e7)),
        ],
        Neighbours = [new Neighbour { A = "city", B = "hill", RoadKm = 60 }],
        Agreements =
        [
            Food("hill-chili", "hill", "city", "chili", 120, 0.5, active: YearMonth.Of(2023, 1)),
            Food("far-chili", "far", "city", "chili", 100, 0.3, initiated: YearMonth.Of(2023, 3)),
            Food("far-rice-city", "far", "city", "rice", 3000, 0, active: YearMonth.Of(2023, 1)),
            Food("far-rice-hill", "far", "hill", "rice", 1500, 0, active: YearMonth.Of(2023, 1)),
        ],
        Shocks =
        [
            new Shock { Id = "drought", Kind = ShockKind.Production, Commodity = "chili", From = YearMonth.Of(2023, 5), To = YearMonth.Of(2023, 8), Factor = 0.5 },
            new Shock { Id = "fuel-freight", Kind = ShockKind.Freight, From = YearMonth.Of(2023, 9), To = YearMonth.Of(2024, 12), Factor = 1.3 },
            new Shock { Id = "fuel-prices", Kind = ShockKind.NonFoodPrice, Regions = ["city"], From = YearMonth.Of(2023, 9), To = YearMonth.Of(2024, 12), Factor = 1.02 },
        ],
    };

    public static Agreement Food(string id, string from, string to, string commodity, double volume, double subsidy,
        YearMonth? active = null, YearMonth? initiated = null) => new()
    {
        Id = id, Type = AgreementType.FoodSupply, LegalForm = LegalForm.KsddSukarela, Parties = [from, to], Commodity = commodity,
        Volume = volume, FreightSubsidy = subsidy, Timing = new AgreementTiming { ActiveFrom = active, Initiated = initiated },
    };

    /// <summary>Steps a scenario on the reference loop and keeps every region's raw output, [tick][region].</summary>
    public static (SimulationWorld World, RegionMonthOutput[][] Outputs) Outputs(Scenario scenario)
    {
        var world = new SimulationWorld(scenario);
        var states = new RegionState[world.RegionCount];
        var snapshots = new EntitySnapshot[world.EntityCount];
        for (var r = 0; r < world.RegionCount; r++) (states[r], snapshots[r]) = RegionStep.Initialise(world, r);
        for (var e = world.RegionCount; e < world.EntityCount; e++) snapshots[e] = PartnerStep.Initialise(world, e);
        var result = new RegionMonthOutput[world.Months][];
        for (var t = 0; t < world.Months; t++)
        {
            var next = new EntitySnapshot[world.EntityCount];
            result[t] = new RegionMonthOutput[world.RegionCount];
            for (var r = 0; r < world.RegionCount; r++)
                (next[r], result[t][r]) = RegionStep.Step(world, states[r], t, ReferenceEngine.Inbox(world, snapshots, r));
            for (var e = world.RegionCount; e < world.EntityCount; e++) next[e] = snapshots[e];
            snapshots = next;
        }
        return (world, result);
    }

    public static double Food(this RegionMonthOutput o, int commodity, int column, int lane, int lanes) =>
        o.Food[(commodity * FoodColumns.Count + column) * lanes + lane];
}

public static class TriggerScenarios
{
    /// <summary>
    /// The markets scenario without the chili agreements, plus two more chili producers and a trigger: when the city's
    /// month-on-month inflation is above 0.5% for 2 months, it initiates agreements with the 2 best of 4 producers.
    /// </summary>
    public static Scenario WithTrigger(int months = 18, int replications = 2)
    {
        var s = FoodScenarios.Markets(months, replications);
        return s with
        {
            Regions =
            [
                .. s.Regions,
                FoodScenarios.Market("near-small", 100_000, -1.7, 103.5, 0.002, (80, 3.2e7, 0), (0, 1.1e7)),
                FoodScenarios.Market("big-far", 500_000, -7.0, 110.0, 0.002, (3000, 2.5e7, 0), (0, 1.0e7)),
            ],
            Agreements = s.Agreements.Where(a => a.Commodity == "rice").ToArray(),
            Triggers =
            [
                new Trigger
                {
                    Id = "chili-response", Region = "city", Indicator = TriggerIndicator.MtmInflation, Threshold = 0.5, Months = 2,
                    Commodity = "chili", Top = 2, Volume = 120, FreightSubsidy = 0.5, TermMonths = 12,
                },
            ],
        };
    }
}
