using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Simulation.Sharding;

/// <summary>
/// A consistent cut of a run at a month barrier, from which an engine continues byte-identically
/// (<see cref="ISimulationEngine.ResumeAsync"/>).
/// <para>How to use it (storage, recovery and the command line build on this):</para>
/// <list type="number">
/// <item>After <see cref="ISimulationRun.AdvanceAsync"/> has returned month k (and before the next call), call
/// <see cref="ISimulationRun.CaptureAsync"/>: it returns this record with <see cref="Tick"/> = k + 1 months done,
/// one blob per shard (<see cref="ShardStepper.Capture"/>: every region state for every lane, the regions' published
/// snapshots and the boundary snapshots received for the next month) and the aggregator's running totals
/// (<see cref="Outputs.RunAggregator.Capture"/>). Rows already returned are the caller's to keep (they are written
/// month by month); the checkpoint holds what the rows to come depend on.</item>
/// <item>Store <see cref="ToBytes"/> (or <see cref="ToParts"/>) anywhere (one versioned blob per run and tick; <see cref="FromBytes"/> reads it back
/// and rejects other formats, versions and truncated blobs with <see cref="InvalidDataException"/>).</item>
/// <item>To continue, on any engine and any number of silos: <c>engine.ResumeAsync(scenario, checkpoint)</c> with the same
/// resolved scenario (checked against <see cref="ScenarioHash"/>). The run it returns has <see cref="ISimulationRun.MonthsDone"/>
/// = <see cref="Tick"/>; its next <see cref="ISimulationRun.AdvanceAsync"/> returns month <see cref="Tick"/>, and its rows and
/// headline equal those of an undisturbed run. The shard count is that of the checkpoint, whatever the cluster.</item>
/// </list>
/// A checkpoint taken on the reference engine resumes on the Orleans engine and the other way round.
/// </summary>
public sealed record RunCheckpoint(string ScenarioHash, int Tick, byte[][] Shards, byte[] Aggregator)
{
    /// <summary>Scenarios are immutable: the hash of each is computed once (<see cref="PrepareHash"/> may start it early).</summary>
    private static readonly ConditionalWeakTable<Scenario, Lazy<string>> Hashes = new();

    /// <summary>SHA-256 (hex) of the resolved scenario's canonical JSON (UTF-8): what a checkpoint belongs to.</summary>
    public static string HashOf(Scenario scenario) => HashFor(scenario).Value;

    /// <summary>
    /// Starts computing <see cref="HashOf"/> on the thread pool, for a run that will be checkpointed: serialising a large
    /// scenario takes tens of milliseconds (over a hundred the first time in a process), which then overlap the first months
    /// instead of holding up the first checkpoint. A failure is kept and thrown by <see cref="HashOf"/>.
    /// </summary>
    public static void PrepareHash(Scenario scenario)
    {
        var hash = HashFor(scenario);
        if (hash.IsValueCreated) return;
        _ = Task.Run(() =>
        {
            try { _ = hash.Value; }
            catch (Exception e) when (e is not OutOfMemoryException) { /* kept by the Lazy: the capture that needs the hash reports it */ }
        });
    }

    private static Lazy<string> HashFor(Scenario scenario) =>
        Hashes.GetValue(scenario, s => new Lazy<string>(() => Convert.ToHexStringLower(SHA256.HashData(ScenarioJson.SerializeToUtf8Bytes(s)))));

    /// <summary>One self-describing blob: magic, version, hash, tick, shard blobs, aggregator blob (<see cref="ToParts"/>, joined).</summary>
    public byte[] ToBytes()
    {
        var parts = ToParts();
        var blob = CheckpointFormat.Allocate(parts.Sum(p => (long)p.Length));
        var at = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(blob.AsSpan(at));
            at += part.Length;
        }
        return blob;
    }

    /// <summary>
    /// <see cref="ToBytes"/> as consecutive parts, without copying the shard and aggregator blobs (megabytes) into one array:
    /// the framing (magic, version, hash as a 7-bit-length-prefixed UTF-8 string, tick, shard count, each blob's length) in
    /// small arrays between the blobs themselves. A store writes them one after the other (<see cref="Runs.Checkpoints.ICheckpointStore"/>).
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ToParts()
    {
        var parts = new List<ReadOnlyMemory<byte>>(2 * Shards.Length + 3);
        using (var buffer = new MemoryStream())
        {
            using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(CheckpointFormat.RunMagic);
                w.Write(CheckpointFormat.Version);
                w.Write(ScenarioHash);
                w.Write(Tick);
                w.Write(Shards.Length);
            }
            parts.Add(buffer.ToArray());
        }
        foreach (var blob in Shards.Append(Aggregator))
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, blob.Length);
            parts.Add(length);
            parts.Add(blob);
        }
        return parts;
    }

    public static RunCheckpoint FromBytes(byte[] bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, writable: false));
            if (bytes.Length < 8 || r.ReadUInt32() != CheckpointFormat.RunMagic) throw new InvalidDataException("not a KerjasamaGraph run checkpoint");
            var version = r.ReadInt32();
            if (version != CheckpointFormat.Version) throw new InvalidDataException($"run checkpoint format version {version}; this program reads version {CheckpointFormat.Version}");
            var hash = r.ReadString();
            var tick = r.ReadInt32();
            var count = r.ReadInt32();
            if (count < 1 || count > bytes.Length) throw new InvalidDataException($"run checkpoint with {count} shards");
            var shards = new byte[count][];
            for (var i = 0; i < count; i++) shards[i] = CheckpointFormat.Read<byte>(r);
            var aggregator = CheckpointFormat.Read<byte>(r);
            if (r.BaseStream.Position != bytes.Length) throw new InvalidDataException("run checkpoint has trailing bytes");
            return new RunCheckpoint(hash, tick, shards, aggregator);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("run checkpoint is truncated", e);
        }
    }

    /// <summary>Fails unless this checkpoint belongs to <paramref name="scenario"/>.</summary>
    public void CheckScenario(Scenario scenario)
    {
        var hash = HashOf(scenario);
        if (!string.Equals(hash, ScenarioHash, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"checkpoint belongs to scenario {ScenarioHash[..12]}…, not to this one ({hash[..12]}…)");
        }
    }
}
