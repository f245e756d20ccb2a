using System.Numerics;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// Amounts per agreement tag and replication lane: a sparse vector over agreements (tags ascending)
/// whose entries are lane vectors, plus an untagged remainder. Used for benefit attribution:
/// spillover keeps the tag of the agreement it came from (MODEL.md section 4).
/// Immutable once published (a region step may refill one it published two ticks earlier, once nothing reads it, see
/// <see cref="TagBuilder.Finish"/>); <see cref="Values"/> is laid out tag-major: Values[t * lanes + lane].
/// </summary>
public sealed class TaggedLanes
{
    public int[] Tags { get; }
    public double[] Values { get; }
    public double[] Untracked { get; }
    public int Lanes { get; }

    public TaggedLanes(int[] tags, double[] values, double[] untracked)
    {
        Tags = tags;
        Values = values;
        Untracked = untracked;
        Lanes = untracked.Length;
    }

    public static TaggedLanes Empty(int lanes) => new([], [], new double[lanes]);

    public ReadOnlySpan<double> Lane(int tagPosition) => Values.AsSpan(tagPosition * Lanes, Lanes);

    /// <summary>
    /// <see cref="Total"/> for every lane at once, in one pass over <see cref="Values"/>: per lane the same sum in the same
    /// order (tags ascending, then the remainder), so each total is bit for bit <see cref="Total"/>'s.
    /// </summary>
    public void Totals(Span<double> totals)
    {
        totals = totals[..Lanes];
        totals.Clear();
        for (var t = 0; t < Tags.Length; t++)
        {
            var row = Values.AsSpan(t * Lanes, Lanes);
            for (var l = 0; l < totals.Length; l++) totals[l] += row[l];
        }
        for (var l = 0; l < totals.Length; l++) totals[l] += Untracked[l];
    }

    /// <summary>
    /// The largest absolute value of a row, NaN if any value is NaN: the fold <c>Math.Max(max, Math.Abs(v))</c> from 0, a
    /// vector at a time where the hardware has vectors (with no NaN, maximum is exact in any order).
    /// </summary>
    public static double MaxAbs(ReadOnlySpan<double> row)
    {
        var l = 0;
        var max = 0.0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var best = Vector<double>.Zero;
            var ordered = Vector<long>.AllBitsSet;
            for (; l <= row.Length - Vector<double>.Count; l += Vector<double>.Count)
            {
                var v = new Vector<double>(row[l..]);
                ordered &= Vector.Equals(v, v);
                best = Vector.Max(best, Vector.Abs(v));
            }
            if (ordered != Vector<long>.AllBitsSet) return double.NaN;
            for (var i = 0; i < Vector<double>.Count; i++) max = Math.Max(max, best[i]);
        }
        for (; l < row.Length; l++) max = Math.Max(max, Math.Abs(row[l]));
        return max;
    }

    /// <summary>Sum over tags and the untagged remainder, for one lane (tags in ascending order).</summary>
    public double Total(int lane)
    {
        var sum = 0.0;
        for (var t = 0; t < Tags.Length; t++) sum += Values[t * Lanes + lane];
        return sum + Untracked[lane];
    }
}

/// <summary>
/// Builds a <see cref="TaggedLanes"/> from rows offered in ascending tag order, in reusable scratch (one per step context):
/// a row whose largest absolute lane value is below the floor (or zero) joins the untagged remainder, so totals stay exact;
/// the others are kept. Only the published arrays are allocated, at their final size.
/// </summary>
internal sealed class TagBuilder
{
    private int[] _tags = [];
    private double[] _values = [];
    private double[] _untracked = [];
    private int _count;
    private int _lanes;

    /// <summary>Starts a result whose remainder is <paramref name="untracked"/> (published as is, so a fresh array).</summary>
    public void Begin(int lanes, double[] untracked)
    {
        _lanes = lanes;
        _count = 0;
        _untracked = untracked;
    }

    public double[] Untracked => _untracked;

    /// <summary>Offers one tag's lane values (tags must come in ascending order).</summary>
    public void Offer(int tag, ReadOnlySpan<double> row, double floor)
    {
        var max = TaggedLanes.MaxAbs(row);
        if (max > 0 && max >= floor)
        {
            if (_tags.Length == _count)
            {
                Array.Resize(ref _tags, Math.Max(16, _count * 2));
                Array.Resize(ref _values, Math.Max(16, _count * 2) * _lanes);
            }
            if (_values.Length < (_count + 1) * _lanes) Array.Resize(ref _values, _tags.Length * _lanes);
            _tags[_count] = tag;
            row.CopyTo(_values.AsSpan(_count * _lanes, _lanes));
            _count++;
        }
        else
        {
            for (var l = 0; l < _lanes; l++) _untracked[l] += row[l];
        }
    }

    /// <summary>
    /// The result. With <paramref name="spare"/> (a result of this builder's caller that nothing reads any more, whose
    /// remainder was passed to <see cref="Begin"/>) of the same size, it is filled and returned instead of new arrays.
    /// </summary>
    public TaggedLanes Finish(TaggedLanes? spare = null)
    {
        if (spare is not null && spare.Tags.Length == _count && spare.Lanes == _lanes && ReferenceEquals(spare.Untracked, _untracked))
        {
            _tags.AsSpan(0, _count).CopyTo(spare.Tags);
            _values.AsSpan(0, _count * _lanes).CopyTo(spare.Values);
            _untracked = [];
            return spare;
        }
        var tags = _tags.AsSpan(0, _count).ToArray();
        var values = _values.AsSpan(0, _count * _lanes).ToArray();
        var result = new TaggedLanes(tags, values, _untracked);
        _untracked = [];
        return result;
    }
}
