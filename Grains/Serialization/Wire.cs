using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KerjasamaGraph.Model.Simulation;
using Orleans.Serialization.Buffers;

namespace KerjasamaGraph.Grains.Serialization;

/// <summary>
/// The layout of the month's messages between silos: fixed-width little-endian integers, and every array as its length
/// followed by the bytes of its memory (every platform .NET runs the silos on is little-endian). An array is copied once
/// on each side: from the sender's array into Orleans's buffer, and from the received buffer into the array the receiver
/// keeps, which is a spare of the receiver's (<see cref="ReceiveSpares{T}"/>) when one of the right size is at hand, else
/// a new one that is not zeroed first (every byte of it is read).
/// </summary>
internal static class Wire
{
    /// <summary>Bytes <see cref="Put{T, TBufferWriter}"/> writes for <paramref name="values"/>.</summary>
    public static long Size<T>(ReadOnlySpan<T> values) where T : unmanaged => 4 + (long)values.Length * Unsafe.SizeOf<T>();

    public static void Put<T, TBufferWriter>(ref Writer<TBufferWriter> writer, ReadOnlySpan<T> values) where T : unmanaged where TBufferWriter : IBufferWriter<byte>
    {
        writer.WriteInt32(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>An array written by <see cref="Put{T, TBufferWriter}"/>, read into <paramref name="spare"/> when it has exactly that length.</summary>
    public static T[] Get<T, TInput>(ref Reader<TInput> reader, T[]? spare) where T : unmanaged
    {
        var n = Length(ref reader, Unsafe.SizeOf<T>());
        if (n == 0) return [];
        var values = spare is not null && spare.Length == n ? spare : GC.AllocateUninitializedArray<T>(n);
        reader.ReadBytes(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>A count of items of <paramref name="size"/> bytes, checked before anything is allocated for them.</summary>
    public static int Length<TInput>(ref Reader<TInput> reader, int size)
    {
        var n = reader.ReadInt32();
        if (n < 0 || n > Array.MaxLength / size) throw new InvalidDataException($"{n} items of {size} bytes is not a length");
        return n;
    }

    public static long Size(TaggedLanes t) => 8 + 4L * t.Count + 8L * t.Count * t.Lanes + 8L * t.Lanes;

    /// <summary>The tags held (never the spare room behind them), their lane values and the remainder.</summary>
    public static void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, TaggedLanes t) where TBufferWriter : IBufferWriter<byte>
    {
        writer.WriteInt32(t.Count);
        writer.WriteInt32(t.Lanes);
        writer.Write(MemoryMarshal.AsBytes(t.Tags));
        writer.Write(MemoryMarshal.AsBytes(t.Values));
        writer.Write(MemoryMarshal.AsBytes(t.Untracked.AsSpan()));
    }

    /// <summary>
    /// A tagged vector written by <see cref="Put{TBufferWriter}(ref Writer{TBufferWriter}, TaggedLanes)"/>, into the spare arrays when they
    /// have room for its tags (a vector may hold fewer tags than its arrays have room for); <paramref name="store"/> is left with the arrays
    /// behind the result, to be the spare of the next one.
    /// </summary>
    public static TaggedLanes GetTagged<TInput>(ref Reader<TInput> reader, ref TagStore store, double[]? spareUntracked)
    {
        var count = Length(ref reader, 4 + 8);
        var lanes = Length(ref reader, 8);
        if ((long)count * lanes > Array.MaxLength) throw new InvalidDataException($"{count} tags of {lanes} lanes do not fit an array");
        var tags = store.Tags is { } t && t.Length >= count ? t : count == 0 ? [] : GC.AllocateUninitializedArray<int>(count);
        var values = store.Values is { } v && v.Length >= count * lanes ? v : count == 0 ? [] : GC.AllocateUninitializedArray<double>(count * lanes);
        var untracked = spareUntracked is not null && spareUntracked.Length == lanes ? spareUntracked : new double[lanes];
        reader.ReadBytes(MemoryMarshal.AsBytes(tags.AsSpan(0, count)));
        reader.ReadBytes(MemoryMarshal.AsBytes(values.AsSpan(0, count * lanes)));
        reader.ReadBytes(MemoryMarshal.AsBytes(untracked.AsSpan()));
        store = new TagStore(tags, values);
        return new TaggedLanes(tags, values, untracked, count);
    }

    public static long Size(EntitySnapshot s) =>
        8 + Size<double>(s.Capacity) + Size(s.Benefit) + Size<byte>(s.Announced) + Size<int>(s.WithdrawAgreements) + Size<byte>(s.WithdrawFlags)
        + Size<double>(s.Prices) + Size<double>(s.Deliveries);

    public static void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, EntitySnapshot s) where TBufferWriter : IBufferWriter<byte>
    {
        writer.WriteInt32(s.Sender);
        writer.WriteInt32(s.Tick);
        Put<double, TBufferWriter>(ref writer, s.Capacity);
        Put(ref writer, s.Benefit);
        Put<byte, TBufferWriter>(ref writer, s.Announced);
        Put<int, TBufferWriter>(ref writer, s.WithdrawAgreements);
        Put<byte, TBufferWriter>(ref writer, s.WithdrawFlags);
        Put<double, TBufferWriter>(ref writer, s.Prices);
        Put<double, TBufferWriter>(ref writer, s.Deliveries);
    }

    /// <summary>A snapshot, read into the arrays of the spare <paramref name="spares"/> holds for its sender, if any.</summary>
    public static ReceivedSnapshot GetSnapshot<TInput>(ref Reader<TInput> reader, ReceiveSpares<ReceivedSnapshot>? spares)
    {
        var sender = reader.ReadInt32();
        var tick = reader.ReadInt32();
        var spare = spares?.Take(sender);
        var old = spare?.Snapshot;
        var benefit = spare?.Benefit ?? default;
        var snapshot = new EntitySnapshot
        {
            Sender = sender,
            Tick = tick,
            Capacity = Get(ref reader, old?.Capacity),
            Benefit = GetTagged(ref reader, ref benefit, old?.Benefit.Untracked),
            Announced = Get(ref reader, old?.Announced),
            WithdrawAgreements = Get(ref reader, old?.WithdrawAgreements),
            WithdrawFlags = Get(ref reader, old?.WithdrawFlags),
            Prices = Get(ref reader, old?.Prices),
            Deliveries = Get(ref reader, old?.Deliveries),
        };
        return new ReceivedSnapshot(snapshot, benefit);
    }

    public static long Size(RegionMonthOutput o) =>
        8 + Size<double>(o.Metrics) + Size<double>(o.ServiceCost) + Size<double>(o.ServiceSaving) + Size(o.Direct) + Size(o.Spill)
        + Size<byte>(o.OwnedStates) + Size<double>(o.Food) + Size<double>(o.Cpi);

    public static void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, RegionMonthOutput o) where TBufferWriter : IBufferWriter<byte>
    {
        writer.WriteInt32(o.Region);
        writer.WriteInt32(o.Tick);
        Put<double, TBufferWriter>(ref writer, o.Metrics);
        Put<double, TBufferWriter>(ref writer, o.ServiceCost);
        Put<double, TBufferWriter>(ref writer, o.ServiceSaving);
        Put(ref writer, o.Direct);
        Put(ref writer, o.Spill);
        Put<byte, TBufferWriter>(ref writer, o.OwnedStates);
        Put<double, TBufferWriter>(ref writer, o.Food);
        Put<double, TBufferWriter>(ref writer, o.Cpi);
    }

    /// <summary>An output, read into the arrays of the spare <paramref name="spares"/> holds for its region, if any.</summary>
    public static ReceivedOutput GetOutput<TInput>(ref Reader<TInput> reader, ReceiveSpares<ReceivedOutput>? spares)
    {
        var region = reader.ReadInt32();
        var tick = reader.ReadInt32();
        var spare = spares?.Take(region);
        var old = spare?.Output;
        var direct = spare?.Direct ?? default;
        var spill = spare?.Spill ?? default;
        var output = new RegionMonthOutput
        {
            Region = region,
            Tick = tick,
            Metrics = Get(ref reader, old?.Metrics),
            ServiceCost = Get(ref reader, old?.ServiceCost),
            ServiceSaving = Get(ref reader, old?.ServiceSaving),
            Direct = GetTagged(ref reader, ref direct, old?.Direct.Untracked),
            Spill = GetTagged(ref reader, ref spill, old?.Spill.Untracked),
            OwnedStates = Get(ref reader, old?.OwnedStates),
            Food = Get(ref reader, old?.Food),
            Cpi = Get(ref reader, old?.Cpi),
        };
        return new ReceivedOutput(output, direct, spill);
    }
}

/// <summary>The arrays behind a received <see cref="TaggedLanes"/> (which does not show the room behind its tags).</summary>
internal readonly record struct TagStore(int[]? Tags, double[]? Values);

/// <summary>A snapshot that arrived from another silo, with the arrays behind its tagged benefit.</summary>
internal sealed record ReceivedSnapshot(EntitySnapshot Snapshot, TagStore Benefit) : IReceived
{
    public int Entity => Snapshot.Sender;
}

/// <summary>An output that arrived from another silo, with the arrays behind its tagged benefits.</summary>
internal sealed record ReceivedOutput(RegionMonthOutput Output, TagStore Direct, TagStore Spill) : IReceived
{
    public int Entity => Output.Region;
}

/// <summary>Something received for one entity (region or partner index).</summary>
internal interface IReceived
{
    int Entity { get; }
}
