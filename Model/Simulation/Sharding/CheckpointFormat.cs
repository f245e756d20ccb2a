using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KerjasamaGraph.Model.Mechanisms;

namespace KerjasamaGraph.Model.Simulation.Sharding;

/// <summary>
/// The binary layout of checkpoints (little-endian): a magic word, a format version and the shape of the world (regions,
/// entities, agreements, lanes, months) so that a blob is never read into another run, then the payload. Arrays are a
/// length (int32) followed by their elements. Version 1.
/// <para>
/// Blobs are written in one pass into an array of exactly their size (<see cref="CheckpointWriter"/>; the <c>SizeOf</c>
/// functions measure it first), with no intermediate buffer to grow and copy: a shard of the 514-region benchmark is
/// 1.5 MB. The bytes are those <see cref="BinaryWriter"/> wrote for version 1, which <see cref="BinaryReader"/> reads.
/// </para>
/// </summary>
public static class CheckpointFormat
{
    public const int Version = 1;
    public const uint ShardMagic = 0x4B475348;      // "KGSH"
    public const uint AggregatorMagic = 0x4B474147; // "KGAG"
    public const uint RunMagic = 0x4B475255;        // "KGRU"

    /// <summary>Bytes of <see cref="CheckpointWriter.WriteHeader"/>: magic, version and five counts.</summary>
    public const int HeaderSize = 7 * 4;

    /// <summary>Bytes of an <see cref="AgreementProgress"/>: state and four ticks, each an int32.</summary>
    internal const int ProgressSize = 5 * 4;

    public static void ReadHeader(BinaryReader r, uint magic, SimulationWorld world)
    {
        if (r.BaseStream.Length - r.BaseStream.Position < HeaderSize || r.ReadUInt32() != magic) throw new InvalidDataException("not a KerjasamaGraph checkpoint of this kind");
        var version = r.ReadInt32();
        if (version != Version) throw new InvalidDataException($"checkpoint format version {version}; this program reads version {Version}");
        var shape = (Regions: r.ReadInt32(), Entities: r.ReadInt32(), Agreements: r.ReadInt32(), Lanes: r.ReadInt32(), Months: r.ReadInt32());
        var expected = (world.RegionCount, world.EntityCount, world.Agreements.Length, world.Lanes, world.Months);
        if (shape != expected) throw new InvalidDataException($"checkpoint of a run with {shape} (regions, entities, agreements, lanes, months); this run has {expected}");
    }

    /// <summary>Bytes of an array as <see cref="CheckpointWriter.Write{T}(T[])"/> writes it: its length and its elements.</summary>
    public static long SizeOf<T>(T[] values) where T : unmanaged => SizeOf((ReadOnlySpan<T>)values);

    public static long SizeOf<T>(ReadOnlySpan<T> values) where T : unmanaged => 4 + (long)values.Length * Unsafe.SizeOf<T>();

    public static long SizeOf(TaggedLanes t) => SizeOf(t.Tags) + SizeOf(t.Values) + SizeOf(t.Untracked);

    public static long SizeOf(EntitySnapshot s) =>
        4 + 4 + SizeOf(s.Capacity) + SizeOf(s.Benefit) + SizeOf(s.Announced) + SizeOf(s.WithdrawAgreements) + SizeOf(s.WithdrawFlags) + SizeOf(s.Prices) + SizeOf(s.Deliveries);

    public static long SizeOf(RegionState s) =>
        4 + SizeOf(s.Capacity) + 4 + (long)s.Progress.Length * ProgressSize + SizeOf(s.KnowledgeIn) + SizeOf(s.KnowledgeGain) + SizeOf(s.SharedMember)
        + SizeOf(s.LossStreak) + SizeOf(s.Price) + SizeOf(s.CpiRing) + SizeOf(s.TriggerStreak) + SizeOf(s.TriggerFired);

    /// <summary>A blob's array: <paramref name="size"/> bytes, not zeroed (every byte is written), refused beyond what an array holds.</summary>
    public static byte[] Allocate(long size) => size <= Array.MaxLength
        ? GC.AllocateUninitializedArray<byte>((int)size)
        : throw new InvalidOperationException($"a checkpoint blob of {size} bytes is more than an array holds");

    public static T[] Read<T>(BinaryReader r) where T : unmanaged
    {
        var n = r.ReadInt32();
        var size = Marshal.SizeOf<T>();
        if (n < 0 || (long)n * size > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException("checkpoint truncated");
        var values = new T[n];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static TaggedLanes ReadTagged(BinaryReader r) => new(Read<int>(r), Read<double>(r), Read<double>(r));

    public static EntitySnapshot ReadSnapshot(BinaryReader r) => new()
    {
        Sender = r.ReadInt32(),
        Tick = r.ReadInt32(),
        Capacity = Read<double>(r),
        Benefit = ReadTagged(r),
        Announced = Read<byte>(r),
        WithdrawAgreements = Read<int>(r),
        WithdrawFlags = Read<byte>(r),
        Prices = Read<double>(r),
        Deliveries = Read<double>(r),
    };

    public static RegionState ReadState(BinaryReader r)
    {
        var region = r.ReadInt32();
        var capacity = Read<double>(r);
        var n = r.ReadInt32();
        if (n < 0 || (long)n * ProgressSize > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException("checkpoint truncated");
        var progress = new AgreementProgress[n];
        for (var i = 0; i < n; i++)
        {
            progress[i] = new AgreementProgress
            {
                State = (LifecycleState)r.ReadInt32(), StageEnd = r.ReadInt32(), Since = r.ReadInt32(), ActiveUntil = r.ReadInt32(), Cycle = r.ReadInt32(),
            };
        }
        return new RegionState
        {
            Region = region,
            Capacity = capacity,
            Progress = progress,
            KnowledgeIn = Read<int>(r),
            KnowledgeGain = Read<double>(r),
            SharedMember = Read<int>(r),
            LossStreak = Read<int>(r),
            Price = Read<double>(r),
            CpiRing = Read<double>(r),
            TriggerStreak = Read<int>(r),
            TriggerFired = Read<byte>(r),
        };
    }
}

/// <summary>
/// Writes the layout of <see cref="CheckpointFormat"/> into a span that is exactly as long as what is written (measured with
/// the <c>SizeOf</c> functions): whole arrays are copied as their bytes, nothing is buffered. <see cref="CheckFull"/> at the
/// end guards against a size that does not match what was written.
/// </summary>
public ref struct CheckpointWriter(Span<byte> span)
{
    private readonly Span<byte> _span = span;
    private int _position;

    public readonly int Position => _position;

    public void Write(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_span[_position..], value);
        _position += 4;
    }

    public void Write(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_span[_position..], value);
        _position += 4;
    }

    /// <summary>Raw bytes, without a length.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    public void WriteHeader(uint magic, SimulationWorld world)
    {
        Write(magic);
        Write(CheckpointFormat.Version);
        Write(world.RegionCount);
        Write(world.EntityCount);
        Write(world.Agreements.Length);
        Write(world.Lanes);
        Write(world.Months);
    }

    /// <summary>An array: its length, then its elements' bytes (as they are in memory: little-endian on every platform .NET runs this on).</summary>
    public void Write<T>(T[] values) where T : unmanaged => Write((ReadOnlySpan<T>)values);

    /// <summary>A span as <see cref="Write{T}(T[])"/> writes an array of its elements.</summary>
    public void Write<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        Write(values.Length);
        WriteRaw(MemoryMarshal.AsBytes(values));
    }

    public void Write(TaggedLanes t)
    {
        Write(t.Tags);
        Write(t.Values);
        Write(t.Untracked);
    }

    public void Write(EntitySnapshot s)
    {
        Write(s.Sender);
        Write(s.Tick);
        Write(s.Capacity);
        Write(s.Benefit);
        Write(s.Announced);
        Write(s.WithdrawAgreements);
        Write(s.WithdrawFlags);
        Write(s.Prices);
        Write(s.Deliveries);
    }

    public void Write(RegionState s)
    {
        Write(s.Region);
        Write(s.Capacity);
        Write(s.Progress.Length);
        // Field by field: the struct's state is a byte followed by padding, whose bytes are not the format's.
        var progress = _span.Slice(_position, s.Progress.Length * CheckpointFormat.ProgressSize);
        for (var i = 0; i < s.Progress.Length; i++)
        {
            var p = s.Progress[i];
            var at = progress.Slice(i * CheckpointFormat.ProgressSize, CheckpointFormat.ProgressSize);
            BinaryPrimitives.WriteInt32LittleEndian(at, (int)p.State);
            BinaryPrimitives.WriteInt32LittleEndian(at[4..], p.StageEnd);
            BinaryPrimitives.WriteInt32LittleEndian(at[8..], p.Since);
            BinaryPrimitives.WriteInt32LittleEndian(at[12..], p.ActiveUntil);
            BinaryPrimitives.WriteInt32LittleEndian(at[16..], p.Cycle);
        }
        _position += progress.Length;
        Write(s.KnowledgeIn);
        Write(s.KnowledgeGain);
        Write(s.SharedMember);
        Write(s.LossStreak);
        Write(s.Price);
        Write(s.CpiRing);
        Write(s.TriggerStreak);
        Write(s.TriggerFired);
    }

    /// <summary>Fails unless the span was written to its end (a <c>SizeOf</c> that does not match its writer would leave bytes unwritten).</summary>
    public readonly void CheckFull()
    {
        if (_position != _span.Length) throw new InvalidOperationException($"checkpoint writer: {_position} bytes written into {_span.Length}");
    }
}
