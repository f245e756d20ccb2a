namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; the generator used to seed xoshiro): a tiny, fast, well-mixed
/// 64-bit generator. Used where a sequential stream is natural (Louvain's node order, the scenario generator),
/// so a seed gives the same result on every platform and .NET version (System.Random's algorithm is not
/// guaranteed). The simulation itself uses the counter-based <see cref="RandomStreams"/>.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state;
        _state += 0x9E3779B97F4A7C15UL;
        return RandomStreams.Mix(z);
    }

    /// <summary>Uniform integer in [0, bound), without modulo bias (Lemire's method with rejection).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        var b = (ulong)bound;
        var threshold = (0UL - b) % b;
        while (true)
        {
            var r = NextUInt64();
            var product = Math.BigMul(r, b, out var low);
            if (low >= threshold) return (int)product;
        }
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) by multiply-shift of the high 32 bits (bias below 2^-32·n; no rejection loop).</summary>
    public int NextIntFast(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>Approximately standard normal (Irwin–Hall: sum of 12 uniforms − 6); only arithmetic, so exact everywhere.</summary>
    public double NextNormal()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++) sum += NextDouble();
        return sum - 6;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
