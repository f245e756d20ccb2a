using System.Runtime.InteropServices;
using KerjasamaGraph.Model.Mechanisms;

namespace KerjasamaGraph.Model.Simulation.Sharding;

/// <summary>
/// The binary layout of checkpoints (little-endian, via <see cref="BinaryWriter"/>): a magic word, a format version and
/// the shape of the world (regions, entities, agreements, lanes, months) so that a blob is never read into another run,
/// then the payload. Arrays are a length followed by their elements. Version 1.
/// </summary>
public static class CheckpointFormat
{
    public const int Version = 1;
    public const uint ShardMagic = 0x4B475348;      // "KGSH"
    public const uint AggregatorMagic = 0x4B474147; // "KGAG"
    public const uint RunMagic = 0x4B475255;        // "KGRU"

    public static void WriteHeader(BinaryWriter w, uint magic, SimulationWorld world)
    {
        w.Write(magic);
        w.Write(Version);
        w.Write(world.RegionCount);
        w.Write(world.EntityCount);
        w.Write(world.Agreements.Length);
        w.Write(world.Lanes);
        w.Write(world.Months);
    }

    public static void ReadHeader(BinaryReader r, uint magic, SimulationWorld world)
    {
        if (r.BaseStream.Length - r.BaseStream.Position < 28 || r.ReadUInt32() != magic) throw new InvalidDataException("not a KerjasamaGraph checkpoint of this kind");
        var version = r.ReadInt32();
        if (version != Version) throw new InvalidDataException($"checkpoint format version {version}; this program reads version {Version}");
        var shape = (Regions: r.ReadInt32(), Entities: r.ReadInt32(), Agreements: r.ReadInt32(), Lanes: r.ReadInt32(), Months: r.ReadInt32());
        var expected = (world.RegionCount, world.EntityCount, world.Agreements.Length, world.Lanes, world.Months);
        if (shape != expected) throw new InvalidDataException($"checkpoint of a run with {shape} (regions, entities, agreements, lanes, months); this run has {expected}");
    }

    public static void Write<T>(BinaryWriter w, T[] values) where T : unmanaged => Write(w, (ReadOnlySpan<T>)values);

    public static void Write<T>(BinaryWriter w, ReadOnlySpan<T> values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values));
    }

    public static T[] Read<T>(BinaryReader r) where T : unmanaged
    {
        var n = r.ReadInt32();
        var size = Marshal.SizeOf<T>();
        if (n < 0 || (long)n * size > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException("checkpoint truncated");
        var values = new T[n];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static void Write(BinaryWriter w, TaggedLanes t)
    {
        Write(w, t.Tags);
        Write(w, t.Values);
        Write(w, t.Untracked);
    }

    public static TaggedLanes ReadTagged(BinaryReader r) => new(Read<int>(r), Read<double>(r), Read<double>(r));

    public static void Write(BinaryWriter w, EntitySnapshot s)
    {
        w.Write(s.Sender);
        w.Write(s.Tick);
        Write(w, s.Capacity);
        Write(w, s.Benefit);
        Write(w, s.Announced);
        Write(w, s.WithdrawAgreements);
        Write(w, s.WithdrawFlags);
        Write(w, s.Prices);
        Write(w, s.Deliveries);
    }

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

    public static void Write(BinaryWriter w, RegionState s)
    {
        w.Write(s.Region);
        Write(w, s.Capacity);
        w.Write(s.Progress.Length);
        foreach (var p in s.Progress)
        {
            w.Write((int)p.State);
            w.Write(p.StageEnd);
            w.Write(p.Since);
            w.Write(p.ActiveUntil);
            w.Write(p.Cycle);
        }
        Write(w, s.KnowledgeIn);
        Write(w, s.KnowledgeGain);
        Write(w, s.SharedMember);
        Write(w, s.LossStreak);
        Write(w, s.Price);
        Write(w, s.CpiRing);
        Write(w, s.TriggerStreak);
        Write(w, s.TriggerFired);
    }

    public static RegionState ReadState(BinaryReader r)
    {
        var region = r.ReadInt32();
        var capacity = Read<double>(r);
        var n = r.ReadInt32();
        if (n < 0 || (long)n * 20 > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException("checkpoint truncated");
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
