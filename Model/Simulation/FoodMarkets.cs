using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// The food part of a region's superstep: deliveries, local supply, prices and the CPI, per commodity and lane,
/// from the region's own state and last tick's snapshots. The formulas live in <see cref="FoodSupply"/>,
/// <see cref="Prices"/> and <see cref="ConsumerPrices"/>; this class only moves numbers between them.
/// </summary>
internal static class FoodMarkets
{
    internal sealed record Result(double[] Prices, double[] Deliveries, double[] Outputs, double[] Cpi);

    public static void Initialise(SimulationWorld world, RegionState state)
    {
        var lanes = world.Lanes;
        var region = state.Region;
        for (var c = 0; c < world.Commodities.Length; c++)
        {
            var basePrice = world.Food[region][c]?.BasePrice ?? 0;
            for (var l = 0; l < lanes; l++) state.Price[c * lanes + l] = basePrice;
        }
        if (state.CpiRing.Length == 0) return;
        var foodWeight = world.CpiFoodWeight;
        var trend = world.Regions[region].NonFood.Trend;
        for (var t = -12; t < 0; t++)
        {
            var cpi = ConsumerPrices.Index(foodWeight, foodWeight, ConsumerPrices.NonFoodLevel(trend, t, 1));
            for (var l = 0; l < lanes; l++) state.CpiRing[Slot(t) * lanes + l] = cpi;
        }
    }

    private static int Slot(int tick) => ((tick % 12) + 12) % 12;

    private static readonly Result None = new([], [], [], []);

    public static Result Step(StepContext ctx)
    {
        var world = ctx.World;
        var st = ctx.State;
        var tick = ctx.Tick;
        var lanes = world.Lanes;
        var region = st.Region;
        var commodities = world.Commodities.Length;
        if (commodities == 0) return None;

        var foodOut = world.FoodOut[region];
        var foodIn = world.FoodIn[region];
        var foodInSlot = world.FoodInSlot[region];
        var deliveries = StepContext.Reuse(ctx.SpareSnapshot?.Deliveries, foodOut.Length * lanes);
        var prices = StepContext.Reuse(ctx.SpareSnapshot?.Prices, commodities * lanes);
        var outputs = StepContext.Reuse(ctx.SpareOutput?.Food, commodities * FoodColumns.Count * lanes);
        var cpi = StepContext.Reuse(ctx.SpareOutput?.Cpi, 3 * lanes);
        var links = world.Neighbours[region];

        for (var c = 0; c < commodities; c++)
        {
            var commodity = world.Commodities[c];
            var market = world.Food[region][c];
            var demand = FoodSupply.Demand(world, region, c);
            var normal = FoodSupply.NormalProduction(world, region, c, tick);
            var supplyShock = world.FoodShockFactor(region, ShockKind.Production, tick, c);
            var freightShock = world.FoodShockFactor(region, ShockKind.Freight, tick, c);
            for (var l = 0; l < lanes; l++)
            {
                // Deliveries: this month's surplus, shared pro rata among the active buyers' volumes.
                var production = FoodSupply.Production(world, region, c, tick, l);
                var requested = 0.0;
                foreach (var a in foodOut)
                    if (world.Agreements[a].Commodity == c && ctx.StateOf(a, l) == LifecycleState.Active) requested += world.Agreements[a].Definition.Volume;
                var ratio = FoodSupply.DeliveryRatio(production, demand, requested);
                var delivered = 0.0;
                for (var k = 0; k < foodOut.Length; k++)
                {
                    var info = world.Agreements[foodOut[k]];
                    if (info.Commodity != c || ctx.StateOf(info.Index, l) != LifecycleState.Active) continue;
                    var v = info.Definition.Volume * ratio;
                    deliveries[k * lanes + l] = v;
                    delivered += v;
                }

                // Receipts: what the producers shipped last month.
                var received = 0.0;
                foreach (var a in foodIn)
                {
                    var info = world.Agreements[a];
                    if (info.Commodity != c) continue;
                    var snap = ctx.Snapshot(info.From);
                    if (snap is null || snap.Deliveries.Length == 0) continue;
                    received += snap.Deliveries[world.FoodOutPosition[a] * lanes + l];
                }

                var supply = market is null ? 0 : FoodSupply.LocalSupply(production, normal, demand, supplyShock, delivered, received);
                var price = 0.0;
                if (market is not null)
                {
                    // Response and mean reversion, then transmission from the cheapest linked market.
                    var x = Prices.ExcessDemand(demand, supply);
                    price = Prices.Respond(st.Price[c * lanes + l], market.BasePrice, x, commodity.PriceResponse, commodity.MeanReversion);
                    var gap = 0.0;
                    foreach (var n in links) gap = Math.Max(gap, LinkGap(ctx, n.Region, c, l, price, freightShock));
                    foreach (var a in foodIn)
                        if (world.Agreements[a].Commodity == c && ctx.StateOf(a, l) == LifecycleState.Active)
                            gap = Math.Max(gap, LinkGap(ctx, world.Agreements[a].From, c, l, price, freightShock));
                    foreach (var a in foodOut)
                        if (world.Agreements[a].Commodity == c && ctx.StateOf(a, l) == LifecycleState.Active)
                            gap = Math.Max(gap, LinkGap(ctx, world.Agreements[a].To, c, l, price, freightShock));
                    price = Prices.Transmit(price, gap, commodity.Transmission);
                }
                prices[c * lanes + l] = price;

                // The buyer's gain on what arrived, by agreement.
                for (var k = 0; k < foodIn.Length; k++)
                {
                    var info = world.Agreements[foodIn[k]];
                    if (info.Commodity != c || market is null) continue;
                    var snap = ctx.Snapshot(info.From);
                    if (snap is null || snap.Deliveries.Length == 0) continue;
                    var r = snap.Deliveries[world.FoodOutPosition[info.Index] * lanes + l];
                    if (r == 0) continue;
                    var band = Prices.Band(commodity.FreightRate, freightShock, world.DistanceKm(region, info.From), 0);
                    ctx.Direct[foodInSlot[k] * lanes + l] += FoodSupply.BuyerBenefit(r, price, snap.Prices[c * lanes + l], band, info.Definition.FreightSubsidy);
                }

                var o = c * FoodColumns.Count;
                outputs[(o + FoodColumns.Price) * lanes + l] = price;
                outputs[(o + FoodColumns.Supply) * lanes + l] = supply;
                outputs[(o + FoodColumns.Delivered) * lanes + l] = delivered;
                outputs[(o + FoodColumns.Received) * lanes + l] = received;
            }
        }

        // CPI from the price relatives and the non-food path.
        var foodWeight = world.CpiFoodWeight;
        var weights = world.CpiWeights;
        var trend = world.Regions[region].NonFood.Trend;
        var nonFood = ConsumerPrices.NonFoodLevel(trend, tick, world.ShockFactor(region, ShockKind.NonFoodPrice, tick));
        for (var l = 0; l < lanes; l++)
        {
            var foodPart = 0.0;
            for (var c = 0; c < commodities; c++)
            {
                var basePrice = world.Food[region][c]?.BasePrice ?? 0;
                foodPart += weights[c] * (basePrice > 0 ? prices[c * lanes + l] / basePrice : 1);
            }
            var index = ConsumerPrices.Index(foodPart, foodWeight, nonFood);
            var previous = st.CpiRing[Slot(tick - 1) * lanes + l];
            var yearAgo = st.CpiRing[Slot(tick - 12) * lanes + l];
            cpi[FoodColumns.Cpi * lanes + l] = index;
            cpi[FoodColumns.MonthOnMonth * lanes + l] = ConsumerPrices.InflationPercent(index, previous);
            cpi[FoodColumns.YearOnYear * lanes + l] = ConsumerPrices.InflationPercent(index, yearAgo);
            st.CpiRing[Slot(tick) * lanes + l] = index;
        }
        Array.Copy(prices, st.Price, prices.Length);
        return new Result(prices, deliveries, outputs, cpi);
    }

    /// <summary>The gap beyond the band to a linked market, using its last-month price; 0 where it has no market for the commodity.</summary>
    private static double LinkGap(StepContext ctx, int other, int c, int lane, double price, double freightShock)
    {
        var world = ctx.World;
        var region = ctx.Region;
        var snap = ctx.Snapshot(other);
        if (snap is null || snap.Prices.Length == 0) return 0;
        var otherPrice = snap.Prices[c * world.Lanes + lane];
        if (otherPrice <= 0) return 0;
        var subsidy = 0.0;
        foreach (var a in world.PartyOf[region])
        {
            var info = world.Agreements[a];
            if (info.Commodity != c || !info.IsParty(other) || ctx.StateOf(a, lane) != LifecycleState.Active) continue;
            subsidy = Math.Max(subsidy, info.Definition.FreightSubsidy);
        }
        var band = Prices.Band(world.Commodities[c].FreightRate, freightShock, world.DistanceKm(region, other), subsidy);
        return Prices.Gap(price, otherPrice, band);
    }
}
