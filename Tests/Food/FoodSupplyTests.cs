using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Food;

/// <summary>Deliveries through food_supply agreements: conservation, the surplus limit and pro-rata sharing.</summary>
public sealed class FoodSupplyTests
{
    [Fact]
    public void What_producers_ship_is_what_buyers_receive_a_month_later()
    {
        var (world, outputs) = FoodScenarios.Outputs(FoodScenarios.Markets(months: 24, replications: 3));
        var lanes = world.Lanes;
        var shipped = 0.0;
        for (var t = 0; t + 1 < world.Months; t++)
            for (var c = 0; c < world.Commodities.Length; c++)
                for (var l = 0; l < lanes; l++)
                {
                    var delivered = outputs[t].Sum(o => o.Food(c, FoodColumns.Delivered, l, lanes));
                    var received = outputs[t + 1].Sum(o => o.Food(c, FoodColumns.Received, l, lanes));
                    Assert.Equal(delivered, received, 1e-9 * Math.Max(1, delivered));
                    shipped += delivered;
                }
        Assert.True(shipped > 0);
        // Nothing arrives in the first month: nothing was shipped before the run.
        Assert.All(outputs[0], o => Assert.Equal(0, o.Food(0, FoodColumns.Received, 0, lanes)));
    }

    [Fact]
    public void No_producer_ships_more_than_its_surplus()
    {
        var (world, outputs) = FoodScenarios.Outputs(FoodScenarios.Markets(months: 24, replications: 3));
        var lanes = world.Lanes;
        for (var t = 0; t < world.Months; t++)
            for (var r = 0; r < world.RegionCount; r++)
                for (var c = 0; c < world.Commodities.Length; c++)
                    for (var l = 0; l < lanes; l++)
                    {
                        var surplus = Math.Max(0, FoodSupply.Production(world, r, c, t, l) - FoodSupply.Demand(world, r, c));
                        Assert.True(outputs[t][r].Food(c, FoodColumns.Delivered, l, lanes) <= surplus * (1 + 1e-12),
                            $"{world.EntityIds[r]} {world.CommodityIds[c]} month {t} lane {l}");
                    }
    }

    [Fact]
    public void A_short_surplus_is_shared_pro_rata_to_the_buyers_volumes()
    {
        var (world, outputs) = FoodScenarios.Outputs(FoodScenarios.Markets(months: 3, replications: 1));
        var far = world.IndexOf("far");
        var city = world.IndexOf("city");
        var hill = world.IndexOf("hill");
        var rice = Array.IndexOf(world.CommodityIds, "rice");
        // far: 6000 t rice, demand 300000 × 0.008 = 2400 t, surplus 3600 t for 3000 + 1500 t asked: 80% of each volume.
        Assert.Equal(3600, outputs[0][far].Food(rice, FoodColumns.Delivered, 0, 1), 6);
        Assert.Equal(2400, outputs[1][city].Food(rice, FoodColumns.Received, 0, 1), 6);
        Assert.Equal(1200, outputs[1][hill].Food(rice, FoodColumns.Received, 0, 1), 6);
    }

    [Fact]
    public void Delivery_ratio_and_local_supply_by_hand()
    {
        Assert.Equal(0.5, FoodSupply.DeliveryRatio(production: 300, demand: 100, requested: 400));
        Assert.Equal(1, FoodSupply.DeliveryRatio(300, 100, 150));
        Assert.Equal(0, FoodSupply.DeliveryRatio(80, 100, 150));
        Assert.Equal(0, FoodSupply.DeliveryRatio(300, 100, 0));
        // A consumer region: production 0, demand 300, inflow 300 halved by a shock, 120 received: 270.
        Assert.Equal(270, FoodSupply.LocalSupply(0, 0, 300, 0.5, 0, 120));
        // Without a shock the traders fill the rest; receipts beyond demand add to supply.
        Assert.Equal(300, FoodSupply.LocalSupply(0, 0, 300, 1, 0, 120));
        Assert.Equal(400, FoodSupply.LocalSupply(0, 0, 300, 1, 0, 400));
        // A producer: normal outflow 300 (P0 400, D 100); shipping 200 replaces part of it, local supply stays D.
        Assert.Equal(100, FoodSupply.LocalSupply(400, 400, 100, 1, 200, 0));
        // A bad month (P 200 against P0 400) halves the regular outflow (150) and the local supply (50) alike;
        // what is shipped beyond that outflow (180 > 150) leaves the producer's own market: 200 − 180 = 20.
        Assert.Equal(50, FoodSupply.LocalSupply(200, 400, 100, 1, 0, 0));
        Assert.Equal(50, FoodSupply.LocalSupply(200, 400, 100, 1, 100, 0));
        Assert.Equal(20, FoodSupply.LocalSupply(200, 400, 100, 1, 180, 0));
    }

    [Fact]
    public void A_buyer_books_the_gap_between_its_price_and_the_delivered_price()
    {
        // 100 t at a local price of 60 against a producer price of 40 plus a band of 10 of which the agreement pays half: 100 × 15.
        Assert.Equal(1500, FoodSupply.BuyerBenefit(100, 60, 40, 10, 0.5));
        var (world, outputs) = FoodScenarios.Outputs(FoodScenarios.Markets(months: 12, replications: 1));
        var city = world.IndexOf("city");
        var tag = Array.FindIndex(world.Agreements, a => a.Id == "hill-chili");
        double Gain(int t) { var d = outputs[t][city].Direct; var k = d.Tags.IndexOf(tag); return k < 0 ? 0 : d.Values[k]; }
        var gains = Enumerable.Range(0, 12).Select(Gain).ToArray();
        Assert.True(gains.Skip(4).Take(4).Sum() > 0, string.Join(", ", gains));
    }

    [Fact]
    public void One_gate_sees_the_expected_gain_of_a_food_agreement()
    {
        var scenario = FoodScenarios.Markets(months: 6, replications: 1) with
        {
            Policies = new Policies { OneGate = new OneGatePolicy { Enabled = true, QualityThreshold = 0 }, CoordinationDelayMonths = 0 },
        };
        var r = EngineRunner.RunReference(scenario);
        var states = r.Months.Select(m => EngineRunner.Field(r.Headers.Agreements, m.Agreements.Single(a => a[1] == "far-chili"), "state")).ToArray();
        Assert.Contains("review", states);
        Assert.Contains("active", states);
    }
}
