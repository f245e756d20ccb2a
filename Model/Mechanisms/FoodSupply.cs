using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Food supply (MODEL.md section 4). Per region and commodity, a month:
/// <list type="bullet">
/// <item>demand D = population × per-capita consumption;</item>
/// <item>normal production P₀ = production × seasonal factor of the calendar month; actual production
/// P = P₀ × production shocks × max(0, 1 + σ·z), z a standard normal drawn from the region's
/// ProductionNoise stream (Box–Muller on two counter-based uniforms), so every engine draws the same numbers;</item>
/// <item>regular net trade M₀ = D − P₀: traders bring a consumer region's normal shortfall in and take a
/// producer's normal surplus out. A consumer's traders fill what its own production and agreement receipts
/// leave short, up to their normal inflow scaled by production shocks on the region (a supply shock reaches a
/// consumer through its traders): M = min(M₀ · shock, max(0, D − P − R)). A producer's regular outflow moves
/// with its harvest, M₀ · P/P₀, so a bad month is shared between its own market and its buyers;</item>
/// <item>deliveries: the producer, which knows this month's state of each of its agreements from the buyers'
/// announcements, ships Δ_k = v_k · min(1, max(0, P − D) / Σ v) on each active agreement k: its surplus
/// shared pro rata to the buyers' volumes, so processing order never matters and Σ Δ ≤ surplus. Deliveries
/// replace part of the producer's regular outflow; only what exceeds that outflow leaves its own market;</item>
/// <item>shipments take a month: a buyer books in month t what its producers published as shipped in month t − 1
/// (read from their snapshots), so what producers deliver equals, bit for bit, what buyers receive a month later.</item>
/// </list>
/// Local supply S = P + M − Δ + R with M as above for a consumer region and M = min(0, M₀·P/P₀ + Δ) for a
/// producer (shipments replace part of the regular outflow; only what exceeds it leaves the producer's own market);
/// the excess-demand ratio x = (D − S)/D then drives the price (<see cref="Prices"/>).
/// A food agreement's direct benefit to the buyer is R × (local price − delivered price), the delivered price
/// being the producer's price when shipped plus the freight band the buyer still pays (τ·(1 − subsidy)).
/// </summary>
public static class FoodSupply
{
    public static double Demand(SimulationWorld world, int region, int commodity) =>
        world.Food[region][commodity] is { } f ? world.Regions[region].Population * f.PerCapita : 0;

    /// <summary>Normal production of the calendar month (seasonality, no noise, no shock).</summary>
    public static double NormalProduction(SimulationWorld world, int region, int commodity, int tick)
    {
        if (world.Food[region][commodity] is not { } f) return 0;
        var season = f.Seasonality.Count == 12 ? f.Seasonality[world.MonthAt(tick).Month - 1] : 1.0;
        return f.Production * season;
    }

    /// <summary>Actual production: normal production × production shocks × seeded noise (never negative).</summary>
    public static double Production(SimulationWorld world, int region, int commodity, int tick, int lane)
    {
        var normal = NormalProduction(world, region, commodity, tick);
        if (normal <= 0) return 0;
        var shock = world.FoodShockFactor(region, ShockKind.Production, tick, commodity);
        var sigma = world.Food[region][commodity]!.Noise;
        var noise = 1.0;
        if (sigma > 0)
        {
            var counter = ((ulong)(uint)tick * (ulong)world.Commodities.Length + (ulong)commodity) * 2;
            var u1 = RandomStreams.Uniform(world.Seed, lane, world.EntityHashes[region], DrawPurpose.ProductionNoise, counter);
            var u2 = RandomStreams.Uniform(world.Seed, lane, world.EntityHashes[region], DrawPurpose.ProductionNoise, counter + 1);
            var z = Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2);
            noise = Math.Max(0, 1 + sigma * z);
        }
        return normal * shock * noise;
    }

    /// <summary>The share of each buyer's volume a producer can ship: min(1, surplus / Σ volumes), 0 when nothing is asked.</summary>
    public static double DeliveryRatio(double production, double demand, double requested) =>
        requested > 0 ? Math.Min(1, Math.Max(0, production - demand) / requested) : 0;

    /// <summary>Local supply S = P + M − Δ + R (see the class comment for M).</summary>
    public static double LocalSupply(double production, double normalProduction, double demand, double inflowShock, double delivered, double received)
    {
        var regular = demand - normalProduction;
        var trade = regular > 0
            ? Math.Min(regular * inflowShock, Math.Max(0, demand - production - received))
            : Math.Min(0, (normalProduction > 0 ? regular * production / normalProduction : 0) + delivered);
        return Math.Max(0, production + trade - delivered + received);
    }

    /// <summary>The buyer's gain on a delivery: volume × (local price − delivered price).</summary>
    public static double BuyerBenefit(double received, double localPrice, double producerPrice, double band, double subsidy) =>
        received * (localPrice - (producerPrice + band * (1 - subsidy)));
}
