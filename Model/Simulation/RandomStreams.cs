using System.Text;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>What a random draw is for; part of the stream key so that draws for different purposes never collide.</summary>
public enum DrawPurpose : uint
{
    StageDuration = 1,
    ProductionNoise = 2,
    Trigger = 3,
    Calibration = 4,
    Design = 5,
}

/// <summary>
/// Counter-based random numbers (MODEL.md section 6): every draw is a pure function of
/// (seed, replication, entity id, purpose, counter), so no shared generator exists whose
/// consumption order could differ between engines, silos or message arrival orders.
/// The mixing function is SplitMix64's finaliser (Steele, Lea &amp; Flood 2014), applied in a chain.
/// </summary>
public static class RandomStreams
{
    /// <summary>A stable 64-bit hash of an id (FNV-1a over UTF-8), the same on every platform and .NET version.</summary>
    public static ulong HashId(string id)
    {
        ulong h = 14695981039346656037UL;
        Span<byte> buffer = id.Length <= 128 ? stackalloc byte[id.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(id.Length)];
        var n = Encoding.UTF8.GetBytes(id, buffer);
        for (var i = 0; i < n; i++)
        {
            h ^= buffer[i];
            h *= 1099511628211UL;
        }
        return h;
    }

    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Bits(ulong seed, int replication, ulong entityHash, DrawPurpose purpose, ulong counter)
    {
        var h = Mix(seed);
        h = Mix(h ^ (ulong)(uint)replication);
        h = Mix(h ^ entityHash);
        h = Mix(h ^ (ulong)purpose);
        return Mix(h ^ counter);
    }

    /// <summary>A uniform number in [0, 1) with 53 bits of precision.</summary>
    public static double Uniform(ulong seed, int replication, ulong entityHash, DrawPurpose purpose, ulong counter) =>
        (Bits(seed, replication, entityHash, purpose, counter) >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// A Poisson-distributed whole number of months with the given mean, by inversion of the
    /// cumulative distribution with one uniform draw (exact, monotone in the uniform).
    /// </summary>
    public static int Poisson(double mean, double uniform)
    {
        if (mean <= 0) return 0;
        var p = Math.Exp(-mean);
        var cumulative = p;
        var k = 0;
        // 1000 months is far beyond any stage; the bound only guards against a uniform of 1 - ε.
        while (uniform > cumulative && k < 1000)
        {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }
}
