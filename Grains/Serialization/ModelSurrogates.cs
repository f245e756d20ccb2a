using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Grains.Serialization;

// Orleans serialization for the model's message and output types. The model has no Orleans dependency, so its types
// have codecs or surrogates here. The month's messages (snapshots, outputs, tagged benefit) are published once and never
// changed while anyone reads them, so inside one silo they are passed by reference (shallow copiers); between silos each
// travels as one block of raw little-endian bytes (Wire), written from and read into the arrays themselves.

/// <summary>
/// One value as one length-prefixed block: the block's size, then the value's bytes (<see cref="Wire"/>), read back with
/// the size checked against what the value took. A value met again in the same message is written as a reference, as
/// Orleans' own codecs do.
/// </summary>
public abstract class BlockCodec<T> : IFieldCodec<T> where T : class
{
    protected abstract long SizeOf(T value);
    protected abstract void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, T value) where TBufferWriter : IBufferWriter<byte>;
    protected abstract T Get<TInput>(ref Reader<TInput> reader);

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, T? value) where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value)) return;
        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(T), WireType.LengthPrefixed);
        writer.WriteVarUInt32(MessageKey.Checked(SizeOf(value)));
        Put(ref writer, value);
    }

    [return: MaybeNull]
    public T ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference) return ReferenceCodec.ReadReference<T, TInput>(ref reader, field)!;
        field.EnsureWireType(WireType.LengthPrefixed);
        var size = reader.ReadVarUInt32();
        var start = reader.Position;
        var value = Get(ref reader);
        MessageKey.CheckRead(reader.Position - start, size, typeof(T).Name);
        ReferenceCodec.RecordObject(reader.Session, value);
        return value;
    }
}

/// <summary>A tagged vector as one length-prefixed block (<see cref="Wire"/>): the tags it holds, never the room behind them.</summary>
[RegisterSerializer]
public sealed class TaggedLanesCodec : BlockCodec<TaggedLanes>
{
    protected override long SizeOf(TaggedLanes value) => Wire.Size(value);
    protected override void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, TaggedLanes value) => Wire.Put(ref writer, value);

    protected override TaggedLanes Get<TInput>(ref Reader<TInput> reader)
    {
        var store = default(TagStore);
        return Wire.GetTagged(ref reader, ref store, null);
    }
}

[RegisterCopier]
public sealed class TaggedLanesCopier : ShallowCopier<TaggedLanes>;

/// <summary>A snapshot as one length-prefixed block (<see cref="Wire"/>); the month's batches use <see cref="SnapshotBatch"/>.</summary>
[RegisterSerializer]
public sealed class EntitySnapshotCodec : BlockCodec<EntitySnapshot>
{
    protected override long SizeOf(EntitySnapshot value) => Wire.Size(value);
    protected override void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, EntitySnapshot value) => Wire.Put(ref writer, value);
    protected override EntitySnapshot Get<TInput>(ref Reader<TInput> reader) => Wire.GetSnapshot(ref reader, null).Snapshot;
}

[RegisterCopier]
public sealed class EntitySnapshotCopier : ShallowCopier<EntitySnapshot>;

/// <summary>A region month output as one length-prefixed block (<see cref="Wire"/>); the month's outputs travel as <see cref="OutputBatch"/>.</summary>
[RegisterSerializer]
public sealed class RegionMonthOutputCodec : BlockCodec<RegionMonthOutput>
{
    protected override long SizeOf(RegionMonthOutput value) => Wire.Size(value);
    protected override void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, RegionMonthOutput value) => Wire.Put(ref writer, value);
    protected override RegionMonthOutput Get<TInput>(ref Reader<TInput> reader) => Wire.GetOutput(ref reader, null).Output;
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
