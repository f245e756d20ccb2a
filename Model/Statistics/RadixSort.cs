using System.Runtime.InteropServices;

namespace KerjasamaGraph.Model.Statistics;

/// <summary>
/// Sorting doubles by their bits: a least-significant-digit radix sort on the bit pattern mapped to an unsigned key that
/// orders as the numbers do (negative numbers' bits inverted, the sign bit of the others set). Equal doubles have equal bits
/// except +0 and −0, which compare equal but have different bits, and NaN, which compares with nothing; a span holding
/// either is sorted by <see cref="MemoryExtensions.Sort{T}(Span{T})"/> instead. Otherwise the sorted span is, value for
/// value and bit for bit, the one the comparison sort gives (a sorted sequence of numbers is unique, and numbers that
/// compare equal are then the same bits), in linear time: a Gini over thousands of regions sorts a column per lane and month.
/// </summary>
public static class RadixSort
{
    /// <summary>Below this many values the comparison sort is cheaper than eight histograms of 256 counts.</summary>
    public const int MinLength = 256;

    /// <summary>
    /// Sorts <paramref name="values"/> ascending, the same result as <c>values.Sort()</c>; <paramref name="scratch"/> must
    /// hold at least as many values (its contents are overwritten).
    /// </summary>
    public static void Sort(Span<double> values, Span<double> scratch)
    {
        var n = values.Length;
        if (n < MinLength)
        {
            values.Sort();
            return;
        }
        if (scratch.Length < n) throw new ArgumentException($"scratch holds {scratch.Length} values, {n} needed", nameof(scratch));
        var keys = MemoryMarshal.Cast<double, ulong>(scratch[..n]);
        var bits = MemoryMarshal.Cast<double, ulong>(values);
        Span<int> counts = stackalloc int[8 * 256];
        counts.Clear();
        const ulong sign = 0x8000_0000_0000_0000UL;
        for (var i = 0; i < n; i++)
        {
            var b = bits[i];
            // NaN (exponent all ones, fraction not zero) and −0 are left to the comparison sort.
            if ((b & ~sign) > 0x7FF0_0000_0000_0000UL || b == sign)
            {
                values.Sort();
                return;
            }
            var key = (b & sign) != 0 ? ~b : b | sign;
            keys[i] = key;
            for (var d = 0; d < 8; d++) counts[d * 256 + (int)((key >> (8 * d)) & 0xFF)]++;
        }
        Span<ulong> from = keys, to = bits;
        for (var d = 0; d < 8; d++)
        {
            var count = counts.Slice(d * 256, 256);
            // A digit that every key shares moves nothing.
            if (count[(int)((from[0] >> (8 * d)) & 0xFF)] == n) continue;
            var offset = 0;
            for (var v = 0; v < 256; v++)
            {
                var c = count[v];
                count[v] = offset;
                offset += c;
            }
            var shift = 8 * d;
            for (var i = 0; i < n; i++)
            {
                var key = from[i];
                to[count[(int)((key >> shift) & 0xFF)]++] = key;
            }
            var swap = from;
            from = to;
            to = swap;
        }
        for (var i = 0; i < n; i++)
        {
            var key = from[i];
            bits[i] = (key & sign) != 0 ? key & ~sign : ~key;
        }
    }
}
