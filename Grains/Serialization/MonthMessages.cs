using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using System.Text;
using KerjasamaGraph.Model.Simulation;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace KerjasamaGraph.Grains.Serialization;

// The two messages that carry a run's data every month: a shard's boundary snapshots to a neighbouring shard, and a
// shard's outputs to the engine's client. Inside one silo they are passed by reference (shallow copiers), as the model
// publishes them once and never changes them while anyone reads them. Between silos each travels as one block of bytes
// (Wire), read on arrival into the arrays of what its receiver received a few months before and no longer reads
// (ReceiveSpares): a month between silos then allocates little more than it does on one silo, where a month used to
// allocate every received array afresh (and two more copies of each), which the collector promoted and kept.

/// <summary>A shard's boundary snapshots of one month for the shard <see cref="Receiver"/> names.</summary>
public sealed class SnapshotBatch
{
    public SnapshotBatch(string receiver, EntitySnapshot[] snapshots) : this(receiver, snapshots, null) { }

    internal SnapshotBatch(string receiver, EntitySnapshot[] snapshots, ReceivedSnapshot[]? received)
    {
        Receiver = receiver;
        Snapshots = snapshots;
        Arrived = received;
    }

    /// <summary>The receiving shard's key (<see cref="ShardGrain.ShardKey"/>): whose spares the snapshots are read into.</summary>
    public string Receiver { get; }
    public EntitySnapshot[] Snapshots { get; }
    /// <summary>Whether the batch came from another silo (its arrays are the receiver's own, to give back); false for the sender's own batch.</summary>
    public bool Received => Arrived is not null;
    internal ReceivedSnapshot[]? Arrived { get; }
}

/// <summary>A shard's outputs of one month for the engine client <see cref="Receiver"/> names.</summary>
public sealed class OutputBatch
{
    public OutputBatch(string receiver, RegionMonthOutput[] outputs) : this(receiver, outputs, null) { }

    internal OutputBatch(string receiver, RegionMonthOutput[] outputs, ReceivedOutput[]? received)
    {
        Receiver = receiver;
        Outputs = outputs;
        Arrived = received;
    }

    /// <summary>The receiving client's key (<see cref="ShardGrain.OutputsKey"/>): whose spares the outputs are read into.</summary>
    public string Receiver { get; }
    public RegionMonthOutput[] Outputs { get; }
    /// <summary>Whether the batch came from another silo (its arrays are the receiver's own, to give back); false for the shard's own outputs.</summary>
    public bool Received => Arrived is not null;
    internal ReceivedOutput[]? Arrived { get; }
}

/// <summary>
/// What receivers of month messages in this process give back once nothing reads it any more: per receiver key and
/// entity, the arrays of the last message received for that entity, which the next one for the same entity is read
/// into (a region's arrays have the same lengths month after month). A receiver opens its spares when it starts and
/// closes them when it ends; a message for a receiver with none open (in another process, or gone) gets new arrays.
/// Only what came from another silo is ever given back: a batch passed by reference inside a silo holds the sender's
/// own arrays, which its sender refills.
/// </summary>
public static class ReceiveSpares
{
    /// <summary>Opens spares for a receiver of boundary snapshots (a shard) of a world with <paramref name="entities"/> entities.</summary>
    public static void OpenSnapshots(string receiver, int entities) => ReceiveSpares<ReceivedSnapshot>.Open(receiver, entities);

    /// <summary>Opens spares for a receiver of outputs (an engine client) of a world with <paramref name="regions"/> regions.</summary>
    public static void OpenOutputs(string receiver, int regions) => ReceiveSpares<ReceivedOutput>.Open(receiver, regions);

    public static void Close(string receiver)
    {
        ReceiveSpares<ReceivedSnapshot>.Close(receiver);
        ReceiveSpares<ReceivedOutput>.Close(receiver);
    }

    /// <summary>
    /// Gives a received batch's arrays back for the next batches to be read into. The caller guarantees that nothing
    /// reads the batch's snapshots any more, and will not: they are refilled by the next message from the same senders.
    /// A batch that did not come from another silo is left alone.
    /// </summary>
    public static void GiveBack(SnapshotBatch batch)
    {
        if (batch.Arrived is { } arrived) ReceiveSpares<ReceivedSnapshot>.Find(batch.Receiver)?.Give(arrived);
    }

    /// <summary>As <see cref="GiveBack(SnapshotBatch)"/>, for outputs the caller has aggregated and will not read again.</summary>
    public static void GiveBack(OutputBatch batch)
    {
        if (batch.Arrived is { } arrived) ReceiveSpares<ReceivedOutput>.Find(batch.Receiver)?.Give(arrived);
    }
}

/// <summary>One kind of spares (<see cref="ReceiveSpares"/>): per receiver key, one slot per entity.</summary>
internal sealed class ReceiveSpares<T> where T : class, IReceived
{
    private static readonly ConcurrentDictionary<string, ReceiveSpares<T>> Receivers = new(StringComparer.Ordinal);

    private readonly T?[] _slots;

    private ReceiveSpares(int entities) => _slots = new T?[entities];

    public static void Open(string receiver, int entities) => Receivers[receiver] = new ReceiveSpares<T>(entities);

    public static void Close(string receiver) => Receivers.TryRemove(receiver, out _);

    public static ReceiveSpares<T>? Find(string receiver) => Receivers.TryGetValue(receiver, out var spares) ? spares : null;

    /// <summary>The spare of <paramref name="entity"/>, which is then the caller's alone (messages are read on several threads at once).</summary>
    public T? Take(int entity) => (uint)entity < (uint)_slots.Length ? Interlocked.Exchange(ref _slots[entity], null) : null;

    public void Give(T[] received)
    {
        foreach (var r in received)
        {
            if ((uint)r.Entity < (uint)_slots.Length) Volatile.Write(ref _slots[r.Entity], r);
        }
    }
}

/// <summary>
/// Reads and writes a batch of month messages as one length-prefixed block: receiver key, count, the items (<see cref="Wire"/>),
/// each read into the receiver's spare for its entity (<see cref="ReceiveSpares"/>) when it has one.
/// </summary>
internal abstract class BatchCodec<TBatch, TItem, TReceived> : BlockCodec<TBatch> where TBatch : class where TReceived : class, IReceived
{
    protected abstract string ReceiverOf(TBatch batch);
    protected abstract TItem[] ItemsOf(TBatch batch);
    protected abstract long SizeOf(TItem item);
    protected abstract void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, TItem item) where TBufferWriter : IBufferWriter<byte>;
    protected abstract TReceived Get<TInput>(ref Reader<TInput> reader, ReceiveSpares<TReceived>? spares, out TItem item);
    protected abstract TBatch Batch(string receiver, TItem[] items, TReceived[] arrived);

    protected sealed override long SizeOf(TBatch value)
    {
        var size = MessageKey.Size(ReceiverOf(value)) + 4;
        foreach (var item in ItemsOf(value)) size += SizeOf(item);
        return size;
    }

    protected sealed override void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, TBatch value)
    {
        MessageKey.Put(ref writer, ReceiverOf(value));
        var items = ItemsOf(value);
        writer.WriteInt32(items.Length);
        foreach (var item in items) Put(ref writer, item);
    }

    protected sealed override TBatch Get<TInput>(ref Reader<TInput> reader)
    {
        var receiver = MessageKey.Get(ref reader);
        var spares = ReceiveSpares<TReceived>.Find(receiver);
        var count = Wire.Length(ref reader, 8);
        var arrived = new TReceived[count];
        var items = new TItem[count];
        for (var i = 0; i < count; i++) arrived[i] = Get(ref reader, spares, out items[i]);
        return Batch(receiver, items, arrived);
    }
}

/// <summary><see cref="SnapshotBatch"/> on the wire: the receiving shard's key and its boundary snapshots.</summary>
[RegisterSerializer]
internal sealed class SnapshotBatchCodec : BatchCodec<SnapshotBatch, EntitySnapshot, ReceivedSnapshot>
{
    protected override string ReceiverOf(SnapshotBatch batch) => batch.Receiver;
    protected override EntitySnapshot[] ItemsOf(SnapshotBatch batch) => batch.Snapshots;
    protected override long SizeOf(EntitySnapshot item) => Wire.Size(item);
    protected override void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, EntitySnapshot item) => Wire.Put(ref writer, item);

    protected override ReceivedSnapshot Get<TInput>(ref Reader<TInput> reader, ReceiveSpares<ReceivedSnapshot>? spares, out EntitySnapshot item)
    {
        var received = Wire.GetSnapshot(ref reader, spares);
        item = received.Snapshot;
        return received;
    }

    protected override SnapshotBatch Batch(string receiver, EntitySnapshot[] items, ReceivedSnapshot[] arrived) => new(receiver, items, arrived);
}

/// <summary><see cref="OutputBatch"/> on the wire: the receiving client's key and a shard's region outputs.</summary>
[RegisterSerializer]
internal sealed class OutputBatchCodec : BatchCodec<OutputBatch, RegionMonthOutput, ReceivedOutput>
{
    protected override string ReceiverOf(OutputBatch batch) => batch.Receiver;
    protected override RegionMonthOutput[] ItemsOf(OutputBatch batch) => batch.Outputs;
    protected override long SizeOf(RegionMonthOutput item) => Wire.Size(item);
    protected override void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, RegionMonthOutput item) => Wire.Put(ref writer, item);

    protected override ReceivedOutput Get<TInput>(ref Reader<TInput> reader, ReceiveSpares<ReceivedOutput>? spares, out RegionMonthOutput item)
    {
        var received = Wire.GetOutput(ref reader, spares);
        item = received.Output;
        return received;
    }

    protected override OutputBatch Batch(string receiver, RegionMonthOutput[] items, ReceivedOutput[] arrived) => new(receiver, items, arrived);
}

[RegisterCopier]
public sealed class SnapshotBatchCopier : ShallowCopier<SnapshotBatch>;

[RegisterCopier]
public sealed class OutputBatchCopier : ShallowCopier<OutputBatch>;

/// <summary>The receiver key at the head of a batch (UTF-8, length first), and the checks of a block's length.</summary>
internal static class MessageKey
{
    public static long Size(string key) => 4 + Encoding.UTF8.GetByteCount(key);

    public static void Put<TBufferWriter>(ref Writer<TBufferWriter> writer, string key) where TBufferWriter : IBufferWriter<byte>
    {
        if (key.Length > 256) throw new ArgumentException($"a receiver key of {key.Length} characters", nameof(key));
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var n = Encoding.UTF8.GetBytes(key, bytes);
        writer.WriteInt32(n);
        writer.Write(bytes[..n]);
    }

    public static string Get<TInput>(ref Reader<TInput> reader)
    {
        var n = Wire.Length(ref reader, 1);
        if (n > 1024) throw new InvalidDataException($"a receiver key of {n} bytes");
        Span<byte> bytes = stackalloc byte[n];
        reader.ReadBytes(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public static uint Checked(long size) =>
        size is >= 0 and <= int.MaxValue ? (uint)size : throw new InvalidOperationException($"a month message of {size} bytes is too large for one block");

    public static void CheckRead(long read, uint size, string what)
    {
        if (read != size) throw new InvalidDataException($"{what}: read {read} bytes of a block of {size}");
    }
}
