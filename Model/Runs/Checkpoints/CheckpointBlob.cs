using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace KerjasamaGraph.Model.Runs.Checkpoints;

/// <summary>
/// The envelope of one checkpoint: one versioned blob per (run, tick). Layout (little-endian):
/// <c>"KGCP"</c>, format version (int32), tick (int32), run id length (int32) and UTF-8 bytes, payload length (int64),
/// SHA-256 of the payload (32 bytes), payload. The payload is the engine's own capture of the run at the tick's
/// barrier; the envelope lets a store refuse a blob of another run or tick, a newer format, or damaged bytes.
/// </summary>
public static partial class CheckpointBlob
{
    public const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "KGCP"u8;

    /// <summary>A run id a store accepts: letters, digits, '-' and '_' (it becomes a file name and a Redis key).</summary>
    public static void CheckRunId(string run)
    {
        if (!RunIdPattern().IsMatch(run)) throw new ArgumentException($"checkpoint run id '{run}': letters, digits, '-' and '_' only (1 to 128)", nameof(run));
    }

    public static byte[] Wrap(string run, int tick, ReadOnlySpan<byte> payload)
    {
        var header = Header(run, tick, payload);
        var blob = new byte[header.Length + payload.Length];
        header.CopyTo(blob, 0);
        payload.CopyTo(blob.AsSpan(header.Length));
        return blob;
    }

    /// <summary><see cref="Wrap"/> of the payload made of <paramref name="parts"/> one after the other, copied once.</summary>
    public static byte[] WrapParts(string run, int tick, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var header = HeaderOfParts(run, tick, parts);
        var blob = GC.AllocateUninitializedArray<byte>(checked(header.Length + (int)LengthOf(parts)));
        header.CopyTo(blob, 0);
        var at = header.Length;
        foreach (var part in parts)
        {
            part.Span.CopyTo(blob.AsSpan(at));
            at += part.Length;
        }
        return blob;
    }

    /// <summary>The envelope that precedes <paramref name="payload"/> in its blob (<see cref="Wrap"/> is the two together).</summary>
    public static byte[] Header(string run, int tick, ReadOnlySpan<byte> payload)
    {
        var blob = Envelope(run, tick, payload.Length, out var hash);
        SHA256.HashData(payload, hash);
        return blob;
    }

    /// <summary>The envelope that precedes the payload made of <paramref name="parts"/> one after the other.</summary>
    public static byte[] HeaderOfParts(string run, int tick, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var blob = Envelope(run, tick, LengthOf(parts), out var hash);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts) sha.AppendData(part.Span);
        sha.GetHashAndReset(hash);
        return blob;
    }

    private static long LengthOf(IReadOnlyList<ReadOnlyMemory<byte>> parts) => parts.Sum(p => (long)p.Length);

    /// <summary>The envelope with its hash left to fill (<paramref name="hash"/>: its 32 bytes).</summary>
    private static byte[] Envelope(string run, int tick, long payloadLength, out Span<byte> hash)
    {
        CheckRunId(run);
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        var id = Encoding.UTF8.GetBytes(run);
        var blob = new byte[4 + 4 + 4 + 4 + id.Length + 8 + 32];
        var span = blob.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], tick);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], id.Length);
        id.CopyTo(span[16..]);
        var at = 16 + id.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], payloadLength);
        hash = span.Slice(at + 8, 32);
        return blob;
    }

    /// <summary>The payload of a blob written for (<paramref name="run"/>, <paramref name="tick"/>); <see cref="InvalidDataException"/> with one line otherwise.</summary>
    public static byte[] Unwrap(string where, string run, int tick, ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 16 || !blob[..4].SequenceEqual(Magic)) throw new InvalidDataException($"{where}: not a KerjasamaGraph checkpoint");
        var version = BinaryPrimitives.ReadInt32LittleEndian(blob[4..]);
        if (version != FormatVersion) throw new InvalidDataException($"{where}: checkpoint format {version}, this program reads format {FormatVersion}");
        var storedTick = BinaryPrimitives.ReadInt32LittleEndian(blob[8..]);
        var idLength = BinaryPrimitives.ReadInt32LittleEndian(blob[12..]);
        if (idLength < 0 || 16 + idLength + 40 > blob.Length) throw new InvalidDataException($"{where}: checkpoint is truncated");
        var storedRun = Encoding.UTF8.GetString(blob.Slice(16, idLength));
        if (storedRun != run || storedTick != tick) throw new InvalidDataException($"{where}: holds run {storedRun} at tick {storedTick}, not run {run} at tick {tick}");
        var at = 16 + idLength;
        var length = BinaryPrimitives.ReadInt64LittleEndian(blob[at..]);
        if (length != blob.Length - at - 40) throw new InvalidDataException($"{where}: checkpoint is truncated ({blob.Length - at - 40} of {length} payload bytes)");
        var payload = blob[(at + 40)..];
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(payload, hash);
        if (!hash.SequenceEqual(blob.Slice(at + 8, 32))) throw new InvalidDataException($"{where}: checkpoint is damaged (its SHA-256 does not match)");
        return payload.ToArray();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex RunIdPattern();
}
