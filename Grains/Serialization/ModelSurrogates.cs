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

/// <summary>A tagged vector as one length-prefixed block (<see cref="Wire"/>): the tags it holds, never the room behind them.</summary>
[RegisterSerializer]
public sealed class TaggedLanesCodec : IFieldCodec<TaggedLanes>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, TaggedLanes? value) where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value)) return;
        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(TaggedLanes), WireType.LengthPrefixed);
        writer.WriteVarUInt32(MessageKey.Checked(Wire.Size(value)));
        Wire.Put(ref writer, value);
    }

    [return: MaybeNull]
    public TaggedLanes ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference) return ReferenceCodec.ReadReference<TaggedLanes, TInput>(ref reader, field)!;
        field.EnsureWireType(WireType.LengthPrefixed);
        var size = reader.ReadVarUInt32();
        var start = reader.Position;
        var store = default(TagStore);
        var value = Wire.GetTagged(ref reader, ref store, null);
        MessageKey.CheckRead(reader.Position - start, size, nameof(TaggedLanes));
        ReferenceCodec.RecordObject(reader.Session, value);
        return value;
    }
}

[RegisterCopier]
public sealed class TaggedLanesCopier : ShallowCopier<TaggedLanes>;

/// <summary>A snapshot as one length-prefixed block (<see cref="Wire"/>); the month's batches use <see cref="SnapshotBatch"/>.</summary>
[RegisterSerializer]
public sealed class EntitySnapshotCodec : IFieldCodec<EntitySnapshot>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, EntitySnapshot? value) where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value)) return;
        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(EntitySnapshot), WireType.LengthPrefixed);
        writer.WriteVarUInt32(MessageKey.Checked(Wire.Size(value)));
        Wire.Put(ref writer, value);
    }

    [return: MaybeNull]
    public EntitySnapshot ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference) return ReferenceCodec.ReadReference<EntitySnapshot, TInput>(ref reader, field)!;
        field.EnsureWireType(WireType.LengthPrefixed);
        var size = reader.ReadVarUInt32();
        var start = reader.Position;
        var value = Wire.GetSnapshot(ref reader, null).Snapshot;
        MessageKey.CheckRead(reader.Position - start, size, nameof(EntitySnapshot));
        ReferenceCodec.RecordObject(reader.Session, value);
        return value;
    }
}

[RegisterCopier]
public sealed class EntitySnapshotCopier : ShallowCopier<EntitySnapshot>;

/// <summary>A region month output as one length-prefixed block (<see cref="Wire"/>); the month's outputs travel as <see cref="OutputBatch"/>.</summary>
[RegisterSerializer]
public sealed class RegionMonthOutputCodec : IFieldCodec<RegionMonthOutput>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, RegionMonthOutput? value) where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value)) return;
        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(RegionMonthOutput), WireType.LengthPrefixed);
        writer.WriteVarUInt32(MessageKey.Checked(Wire.Size(value)));
        Wire.Put(ref writer, value);
    }

    [return: MaybeNull]
    public RegionMonthOutput ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference) return ReferenceCodec.ReadReference<RegionMonthOutput, TInput>(ref reader, field)!;
        field.EnsureWireType(WireType.LengthPrefixed);
        var size = reader.ReadVarUInt32();
        var start = reader.Position;
        var value = Wire.GetOutput(ref reader, null).Output;
        MessageKey.CheckRead(reader.Position - start, size, nameof(RegionMonthOutput));
        ReferenceCodec.RecordObject(reader.Session, value);
        return value;
    }
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
