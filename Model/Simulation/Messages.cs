namespace KerjasamaGraph.Model.Simulation;

// The messages of a superstep. At the end of tick t every entity publishes one snapshot; at tick t+1 each
// entity reads the snapshots of the entities it subscribes to (SimulationWorld.Subscriptions), sorted by
// sender. Snapshots are never modified after they are published, so engines may share them by reference.

/// <summary>What an entity tells the entities that read it, at the end of a tick.</summary>
public sealed class EntitySnapshot
{
    public required int Sender { get; init; }
    /// <summary>The tick that produced it (-1 for the initial snapshot).</summary>
    public required int Tick { get; init; }
    /// <summary>Capacity per lane after this tick.</summary>
    public required double[] Capacity { get; init; }
    /// <summary>This tick's benefit (direct plus spillover received), by agreement tag: what spills to neighbours next tick.</summary>
    public required TaggedLanes Benefit { get; init; }
    /// <summary>States of the sender's owned agreements for the next tick, [owned position × lanes] (SimulationWorld.Owned order).</summary>
    public required byte[] Announced { get; init; }
    /// <summary>Agreements the sender asks to leave (after repeated losses), ascending.</summary>
    public required int[] WithdrawAgreements { get; init; }
    /// <summary>Per withdrawal agreement and lane: 1 when the sender withdraws, [agreement position × lanes].</summary>
    public required byte[] WithdrawFlags { get; init; }
    /// <summary>Food prices after this tick, [commodity × lanes] (empty for partners).</summary>
    public required double[] Prices { get; init; }
    /// <summary>Food shipped this tick on each agreement the sender delivers, [SimulationWorld.FoodOut position × lanes]; buyers book it next tick.</summary>
    public required double[] Deliveries { get; init; }
}

/// <summary>One region's results for one tick, per lane; the run aggregator turns these into output rows.</summary>
public sealed class RegionMonthOutput
{
    public required int Region { get; init; }
    public required int Tick { get; init; }
    /// <summary>[RegionMetrics.Count × lanes], metric-major.</summary>
    public required double[] Metrics { get; init; }
    /// <summary>Service cost per service and lane, [services × lanes].</summary>
    public required double[] ServiceCost { get; init; }
    /// <summary>Saving from shared services per service and lane, [services × lanes].</summary>
    public required double[] ServiceSaving { get; init; }
    /// <summary>Direct net benefit by agreement.</summary>
    public required TaggedLanes Direct { get; init; }
    /// <summary>Spillover received by agreement (with the untracked remainder).</summary>
    public required TaggedLanes Spill { get; init; }
    /// <summary>States of owned agreements in this tick, [owned position × lanes].</summary>
    public required byte[] OwnedStates { get; init; }
    /// <summary>Per commodity: price, supply, delivered, received, [(commodity × FoodColumns.Count + column) × lanes].</summary>
    public required double[] Food { get; init; }
    /// <summary>CPI, month-on-month and year-on-year inflation (percent), [3 × lanes]; empty without commodities.</summary>
    public required double[] Cpi { get; init; }
}

/// <summary>The per-commodity output columns of a region month, and the CPI columns.</summary>
public static class FoodColumns
{
    public const int Price = 0;
    public const int Supply = 1;
    public const int Delivered = 2;
    public const int Received = 3;
    public const int Count = 4;
    public static readonly string[] Names = ["price", "supply", "delivered", "received"];

    public const int Cpi = 0;
    public const int MonthOnMonth = 1;
    public const int YearOnYear = 2;
    public static readonly string[] CpiNames = ["cpi", "mtm_inflation", "yoy_inflation"];
}

/// <summary>The per-lane metrics of a region month, in output column order.</summary>
public static class RegionMetrics
{
    public const int Population = 0;
    public const int Capacity = 1;
    public const int ServiceCost = 2;
    public const int ServiceSaving = 3;
    public const int FundingBenefit = 4;
    public const int KnowledgeBenefit = 5;
    public const int CoordinationCost = 6;
    public const int DirectBenefit = 7;
    public const int Spillover = 8;
    public const int Benefit = 9;
    public const int ActiveAgreements = 10;
    public const int Count = 11;

    public static readonly string[] Names =
    [
        "population", "capacity", "service_cost", "service_saving", "funding_benefit", "knowledge_benefit",
        "coordination_cost", "direct_benefit", "spillover", "benefit", "active_agreements",
    ];
}
