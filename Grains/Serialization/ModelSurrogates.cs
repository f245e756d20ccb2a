using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Orleans.Serialization.Cloning;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Grains.Serialization;

// Orleans serialization for the model's message and output types. The model has no Orleans dependency, so its types
// travel as surrogates. The month's messages (snapshots, outputs, tagged benefit) are published once and never changed
// while anyone reads them, so inside one silo they are passed by reference (shallow copiers); between silos their arrays
// travel as raw little-endian bytes, which Orleans writes and reads as one block instead of number by number.

/// <summary>Arrays of numbers as the bytes of their memory, and back (every platform .NET runs the silos on is little-endian).</summary>
internal static class Blob
{
    public static byte[] Of<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.AsBytes(values).ToArray();

    public static T[] To<T>(byte[] bytes) where T : unmanaged
    {
        if (bytes.Length % Unsafe.SizeOf<T>() != 0) throw new InvalidDataException($"{bytes.Length} bytes are not whole {typeof(T).Name} values");
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }
}

[GenerateSerializer, Immutable]
public readonly record struct TaggedLanesSurrogate([property: Id(0)] byte[] Tags, [property: Id(1)] byte[] Values, [property: Id(2)] byte[] Untracked);

[RegisterConverter]
public sealed class TaggedLanesConverter : IConverter<TaggedLanes, TaggedLanesSurrogate>
{
    public TaggedLanes ConvertFromSurrogate(in TaggedLanesSurrogate s) => new(Blob.To<int>(s.Tags), Blob.To<double>(s.Values), Blob.To<double>(s.Untracked));
    public TaggedLanesSurrogate ConvertToSurrogate(in TaggedLanes v) => new(Blob.Of(v.Tags), Blob.Of(v.Values), Blob.Of<double>(v.Untracked));
}

[RegisterCopier]
public sealed class TaggedLanesCopier : ShallowCopier<TaggedLanes>;

[GenerateSerializer, Immutable]
public readonly record struct EntitySnapshotSurrogate(
    [property: Id(0)] int Sender,
    [property: Id(1)] int Tick,
    [property: Id(2)] byte[] Capacity,
    [property: Id(3)] TaggedLanes Benefit,
    [property: Id(4)] byte[] Announced,
    [property: Id(5)] byte[] WithdrawAgreements,
    [property: Id(6)] byte[] WithdrawFlags,
    [property: Id(7)] byte[] Prices,
    [property: Id(8)] byte[] Deliveries);

[RegisterConverter]
public sealed class EntitySnapshotConverter : IConverter<EntitySnapshot, EntitySnapshotSurrogate>
{
    public EntitySnapshot ConvertFromSurrogate(in EntitySnapshotSurrogate s) => new()
    {
        Sender = s.Sender, Tick = s.Tick, Capacity = Blob.To<double>(s.Capacity), Benefit = s.Benefit,
        Announced = s.Announced, WithdrawAgreements = Blob.To<int>(s.WithdrawAgreements), WithdrawFlags = s.WithdrawFlags,
        Prices = Blob.To<double>(s.Prices), Deliveries = Blob.To<double>(s.Deliveries),
    };

    public EntitySnapshotSurrogate ConvertToSurrogate(in EntitySnapshot v) =>
        new(v.Sender, v.Tick, Blob.Of<double>(v.Capacity), v.Benefit, v.Announced, Blob.Of<int>(v.WithdrawAgreements), v.WithdrawFlags,
            Blob.Of<double>(v.Prices), Blob.Of<double>(v.Deliveries));
}

[RegisterCopier]
public sealed class EntitySnapshotCopier : ShallowCopier<EntitySnapshot>;

[GenerateSerializer, Immutable]
public readonly record struct RegionMonthOutputSurrogate(
    [property: Id(0)] int Region,
    [property: Id(1)] int Tick,
    [property: Id(2)] byte[] Metrics,
    [property: Id(3)] byte[] ServiceCost,
    [property: Id(4)] byte[] ServiceSaving,
    [property: Id(5)] TaggedLanes Direct,
    [property: Id(6)] TaggedLanes Spill,
    [property: Id(7)] byte[] OwnedStates,
    [property: Id(8)] byte[] Food,
    [property: Id(9)] byte[] Cpi);

[RegisterConverter]
public sealed class RegionMonthOutputConverter : IConverter<RegionMonthOutput, RegionMonthOutputSurrogate>
{
    public RegionMonthOutput ConvertFromSurrogate(in RegionMonthOutputSurrogate s) => new()
    {
        Region = s.Region, Tick = s.Tick, Metrics = Blob.To<double>(s.Metrics), ServiceCost = Blob.To<double>(s.ServiceCost),
        ServiceSaving = Blob.To<double>(s.ServiceSaving), Direct = s.Direct, Spill = s.Spill, OwnedStates = s.OwnedStates,
        Food = Blob.To<double>(s.Food), Cpi = Blob.To<double>(s.Cpi),
    };

    public RegionMonthOutputSurrogate ConvertToSurrogate(in RegionMonthOutput v) =>
        new(v.Region, v.Tick, Blob.Of<double>(v.Metrics), Blob.Of<double>(v.ServiceCost), Blob.Of<double>(v.ServiceSaving), v.Direct, v.Spill,
            v.OwnedStates, Blob.Of<double>(v.Food), Blob.Of<double>(v.Cpi));
}

[RegisterCopier]
public sealed class RegionMonthOutputCopier : ShallowCopier<RegionMonthOutput>;

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
