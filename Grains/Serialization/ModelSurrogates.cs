using System.Text.Json;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Grains.Serialization;

// Orleans serialization for the model's message and output types. The model has no Orleans dependency,
// so its types travel as surrogates (flat arrays); the surrogates are immutable, which lets calls inside
// one silo pass the arrays by reference instead of copying them.

[GenerateSerializer, Immutable]
public readonly record struct TaggedLanesSurrogate(
    [property: Id(0)] ReadOnlyMemory<int> Tags, [property: Id(1)] ReadOnlyMemory<double> Values, [property: Id(2)] double[] Untracked);

[RegisterConverter]
public sealed class TaggedLanesConverter : IConverter<TaggedLanes, TaggedLanesSurrogate>
{
    public TaggedLanes ConvertFromSurrogate(in TaggedLanesSurrogate s) => TaggedLanes.Of(s.Tags, s.Values, s.Untracked);
    public TaggedLanesSurrogate ConvertToSurrogate(in TaggedLanes v) => new(v.TagMemory, v.ValueMemory, v.Untracked);
}

[GenerateSerializer, Immutable]
public readonly record struct EntitySnapshotSurrogate(
    [property: Id(0)] int Sender,
    [property: Id(1)] int Tick,
    [property: Id(2)] double[] Capacity,
    [property: Id(3)] TaggedLanes Benefit,
    [property: Id(4)] byte[] Announced,
    [property: Id(5)] int[] WithdrawAgreements,
    [property: Id(6)] byte[] WithdrawFlags,
    [property: Id(7)] double[] Prices,
    [property: Id(8)] double[] Deliveries);

[RegisterConverter]
public sealed class EntitySnapshotConverter : IConverter<EntitySnapshot, EntitySnapshotSurrogate>
{
    public EntitySnapshot ConvertFromSurrogate(in EntitySnapshotSurrogate s) => new()
    {
        Sender = s.Sender, Tick = s.Tick, Capacity = s.Capacity, Benefit = s.Benefit,
        Announced = s.Announced, WithdrawAgreements = s.WithdrawAgreements, WithdrawFlags = s.WithdrawFlags,
        Prices = s.Prices, Deliveries = s.Deliveries,
    };

    public EntitySnapshotSurrogate ConvertToSurrogate(in EntitySnapshot v) =>
        new(v.Sender, v.Tick, v.Capacity, v.Benefit, v.Announced, v.WithdrawAgreements, v.WithdrawFlags, v.Prices, v.Deliveries);
}

[GenerateSerializer, Immutable]
public readonly record struct RegionMonthOutputSurrogate(
    [property: Id(0)] int Region,
    [property: Id(1)] int Tick,
    [property: Id(2)] double[] Metrics,
    [property: Id(3)] double[] ServiceCost,
    [property: Id(4)] double[] ServiceSaving,
    [property: Id(5)] TaggedLanes Direct,
    [property: Id(6)] TaggedLanes Spill,
    [property: Id(7)] byte[] OwnedStates,
    [property: Id(8)] double[] Food,
    [property: Id(9)] double[] Cpi);

[RegisterConverter]
public sealed class RegionMonthOutputConverter : IConverter<RegionMonthOutput, RegionMonthOutputSurrogate>
{
    public RegionMonthOutput ConvertFromSurrogate(in RegionMonthOutputSurrogate s) => new()
    {
        Region = s.Region, Tick = s.Tick, Metrics = s.Metrics, ServiceCost = s.ServiceCost, ServiceSaving = s.ServiceSaving,
        Direct = s.Direct, Spill = s.Spill, OwnedStates = s.OwnedStates, Food = s.Food, Cpi = s.Cpi,
    };

    public RegionMonthOutputSurrogate ConvertToSurrogate(in RegionMonthOutput v) =>
        new(v.Region, v.Tick, v.Metrics, v.ServiceCost, v.ServiceSaving, v.Direct, v.Spill, v.OwnedStates, v.Food, v.Cpi);
}

[GenerateSerializer, Immutable]
public readonly record struct RunHeadersSurrogate(
    [property: Id(0)] string[] Regions, [property: Id(1)] string[] Agreements, [property: Id(2)] string[] Summary);

[RegisterConverter]
public sealed class RunHeadersConverter : IConverter<RunHeaders, RunHeadersSurrogate>
{
    public RunHeaders ConvertFromSurrogate(in RunHeadersSurrogate s) => new(s.Regions, s.Agreements, s.Summary);
    public RunHeadersSurrogate ConvertToSurrogate(in RunHeaders v) => new(v.Regions, v.Agreements, v.Summary);
}

/// <summary>The headline results travel once per run, as JSON (numbers round-trip exactly).</summary>
[GenerateSerializer, Immutable]
public readonly record struct HeadlineSurrogate([property: Id(0)] string Json);

[RegisterConverter]
public sealed class HeadlineConverter : IConverter<Headline, HeadlineSurrogate>
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public Headline ConvertFromSurrogate(in HeadlineSurrogate s) =>
        JsonSerializer.Deserialize<Headline>(s.Json, Options) ?? throw new JsonException("empty headline");

    public HeadlineSurrogate ConvertToSurrogate(in Headline v) => new(JsonSerializer.Serialize(v, Options));
}
