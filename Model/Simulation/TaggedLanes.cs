using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using System.Numerics;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// Amounts per agreement tag and replication lane: a sparse vector over agreements (tags ascending)
/// whose entries are lane vectors, plus an untagged remainder. Used for benefit attribution:
/// spillover keeps the tag of the agreement it came from (MODEL.md section 4).
/// Immutable once published (a region step may refill one it published two ticks earlier, once nothing reads it, see
/// <see cref="TagBuilder"/>); <see cref="Values"/> is laid out tag-major: Values[t * lanes + lane]. The arrays behind
/// <see cref="Tags"/> and <see cref="Values"/> may be longer than <see cref="Count"/> tags, so that a refill with a few more
/// tags than last time does not need new arrays.
/// </summary>
public sealed class TaggedLanes
{
    private int[] _tags;
    private double[] _values;

    /// <summary>Tags (agreement indices), ascending.</summary>
    public ReadOnlySpan<int> Tags => _tags.AsSpan(0, Count);
    /// <summary>[Count × lanes]: each tag's lane values.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count * Lanes);
    public double[] Untracked { get; }
    public int Lanes { get; }
    public int Count { get; private set; }

    public TaggedLanes(int[] tags, double[] values, double[] untracked) : this(tags, values, untracked, tags.Length) { }

    /// <summary>The first <paramref name="count"/> tags of <paramref name="tags"/> and their rows of <paramref name="values"/>.</summary>
    public TaggedLanes(int[] tags, double[] values, double[] untracked, int count)
    {
        if (count < 0 || count > tags.Length || (long)count * untracked.Length > values.Length)
            throw new ArgumentException($"{count} tags of {untracked.Length} lanes do not fit arrays of {tags.Length} tags and {values.Length} values");
        _tags = tags;
        _values = values;
        Untracked = untracked;
        Lanes = untracked.Length;
        Count = count;
    }

    public static TaggedLanes Empty(int lanes) => new([], [], new double[lanes]);

    public ReadOnlySpan<double> Lane(int tagPosition) => _values.AsSpan(tagPosition * Lanes, Lanes);

    // For the builder in this assembly: the arrays and capacity behind the published tags.
    internal int[] TagStore => _tags;
    internal double[] ValueStore => _values;

    internal void Refill(int[] tags, double[] values, int count)
    {
        _tags = tags;
        _values = values;
        Count = count;
    }

    /// <summary>
    /// <see cref="Total"/> for every lane at once, in one pass over <see cref="Values"/>: per lane the same sum in the same
    /// order (tags ascending, then the remainder), so each total is bit for bit <see cref="Total"/>'s.
    /// </summary>
    public void Totals(Span<double> totals)
    {
        totals = totals[..Lanes];
        totals.Clear();
        AddRows(totals, _values.AsSpan(0, Count * Lanes));
        AddLanes(totals, Untracked);
    }

    /// <summary>
    /// <c>sums[l] += rows[i * lanes + l]</c> for every row i in order (lanes: the length of <paramref name="sums"/>): per lane
    /// the same sum as one row at a time; with 16 lanes the sums stay in four vector registers.
    /// </summary>
    internal static void AddRows(Span<double> sums, ReadOnlySpan<double> rows)
    {
        var lanes = sums.Length;
        if (lanes == 16 && Vector256.IsHardwareAccelerated)
        {
            ref var at = ref MemoryMarshal.GetReference(sums);
            var s0 = Vector256.LoadUnsafe(ref at);
            var s1 = Vector256.LoadUnsafe(ref at, 4);
            var s2 = Vector256.LoadUnsafe(ref at, 8);
            var s3 = Vector256.LoadUnsafe(ref at, 12);
            for (var i = 0; i + 16 <= rows.Length; i += 16)
            {
                ref var row = ref MemoryMarshal.GetReference(rows.Slice(i, 16));
                s0 += Vector256.LoadUnsafe(ref row);
                s1 += Vector256.LoadUnsafe(ref row, 4);
                s2 += Vector256.LoadUnsafe(ref row, 8);
                s3 += Vector256.LoadUnsafe(ref row, 12);
            }
            s0.StoreUnsafe(ref at);
            s1.StoreUnsafe(ref at, 4);
            s2.StoreUnsafe(ref at, 8);
            s3.StoreUnsafe(ref at, 12);
            return;
        }
        for (var i = 0; i + lanes <= rows.Length; i += lanes) AddLanes(sums, rows.Slice(i, lanes));
    }

    /// <summary><c>sums[l] += row[l]</c> for every lane, a vector of lanes at a time where the hardware has vectors (lanes are independent sums, each the scalar one).</summary>
    internal static void AddLanes(Span<double> sums, ReadOnlySpan<double> row)
    {
        var l = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; l <= sums.Length - Vector<double>.Count; l += Vector<double>.Count)
                (new Vector<double>(sums[l..]) + new Vector<double>(row[l..])).CopyTo(sums[l..]);
        }
        for (; l < sums.Length; l++) sums[l] += row[l];
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
        for (var t = 0; t < Count; t++) sum += _values[t * Lanes + lane];
        return sum + Untracked[lane];
    }
}

/// <summary>
/// Builds a <see cref="TaggedLanes"/> from rows offered in ascending tag order: a row whose largest absolute lane value is
/// below the floor (or zero) joins the untagged remainder, so totals stay exact; the others are kept. One builder per step
/// context. Given a spare (a result of the caller's that nothing reads any more), rows are written straight into the spare's
/// arrays, which are replaced only when they are too short (by arrays with room for half as many tags again), and the spare
/// is returned refilled; without one, rows go to scratch and the result gets arrays of its exact size.
/// </summary>
internal sealed class TagBuilder
{
    private int[] _scratchTags = [];
    private double[] _scratchValues = [];
    private int[] _tags = [];
    private double[] _values = [];
    private double[] _untracked = [];
    private TaggedLanes? _spare;
    private int _count;
    private int _lanes;

    /// <summary>
    /// Starts a result whose remainder is <paramref name="untracked"/> (published as is, so a fresh array, or the spare's own),
    /// into <paramref name="spare"/>'s arrays when it is given with that remainder and lane count.
    /// </summary>
    public void Begin(int lanes, double[] untracked, TaggedLanes? spare = null)
    {
        _lanes = lanes;
        _count = 0;
        _untracked = untracked;
        if (spare is not null && spare.Lanes == lanes && ReferenceEquals(spare.Untracked, untracked))
        {
            _spare = spare;
            _tags = spare.TagStore;
            _values = spare.ValueStore;
        }
        else
        {
            _spare = null;
            _tags = _scratchTags;
            _values = _scratchValues;
        }
    }

    public double[] Untracked => _untracked;

    /// <summary>The row the next kept tag goes to, cleared: add into it, then <see cref="Commit"/>.</summary>
    public Span<double> NextRow() => NextRow(clear: true);

    /// <summary>The row the next kept tag goes to, cleared or (for a caller that writes every lane) as it is.</summary>
    public Span<double> NextRow(bool clear)
    {
        if (_tags.Length == _count || _values.Length < (_count + 1) * _lanes) Grow();
        var row = _values.AsSpan(_count * _lanes, _lanes);
        if (clear) row.Clear();
        return row;
    }

    /// <summary>
    /// Keeps the row of <see cref="NextRow()"/> as <paramref name="tag"/>'s (tags in ascending order) when its largest absolute
    /// value is at least <paramref name="floor"/> and above zero; otherwise adds it to the remainder.
    /// </summary>
    public void Commit(int tag, double floor)
    {
        var row = _values.AsSpan(_count * _lanes, _lanes);
        var max = TaggedLanes.MaxAbs(row);
        if (max > 0 && max >= floor)
        {
            _tags[_count] = tag;
            _count++;
        }
        else
        {
            for (var l = 0; l < _lanes; l++) _untracked[l] += row[l];
        }
    }

    /// <summary>Offers one tag's lane values (tags must come in ascending order): <see cref="NextRow()"/>, a copy, <see cref="Commit"/>.</summary>
    public void Offer(int tag, ReadOnlySpan<double> row, double floor)
    {
        row.CopyTo(NextRow(clear: false));
        Commit(tag, floor);
    }

    private void Grow()
    {
        var capacity = Math.Max(4, _count + _count / 2 + 1);
        var tags = new int[capacity];
        var values = new double[capacity * _lanes];
        _tags.AsSpan(0, _count).CopyTo(tags);
        _values.AsSpan(0, _count * _lanes).CopyTo(values);
        _tags = tags;
        _values = values;
        if (_spare is null)
        {
            _scratchTags = tags;
            _scratchValues = values;
        }
    }

    /// <summary>The result: the spare given to <see cref="Begin"/>, refilled, or a new one with arrays of its exact size.</summary>
    public TaggedLanes Finish()
    {
        TaggedLanes result;
        if (_spare is not null)
        {
            _spare.Refill(_tags, _values, _count);
            result = _spare;
        }
        else
        {
            result = new TaggedLanes(_tags.AsSpan(0, _count).ToArray(), _values.AsSpan(0, _count * _lanes).ToArray(), _untracked);
        }
        _spare = null;
        _tags = [];
        _values = [];
        _untracked = [];
        return result;
    }
}
