namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// Amounts per agreement tag and replication lane: a sparse vector over agreements (tags ascending)
/// whose entries are lane vectors, plus an untagged remainder. Used for benefit attribution:
/// spillover keeps the tag of the agreement it came from (MODEL.md section 4).
/// Immutable once built; <see cref="Values"/> is laid out tag-major: Values[t * lanes + lane].
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

    /// <summary>Sum over tags and the untagged remainder, for one lane (tags in ascending order).</summary>
    public double Total(int lane)
    {
        var sum = 0.0;
        for (var t = 0; t < Tags.Length; t++) sum += Values[t * Lanes + lane];
        return sum + Untracked[lane];
    }
}

/// <summary>
/// A reusable dense accumulator over (agreement, lane) that remembers which agreements it touched,
/// so building a <see cref="TaggedLanes"/> costs in proportion to the tags used, not to all agreements.
/// One per thread; the step functions are synchronous so a thread-static instance is safe.
/// </summary>
internal sealed class TagAccumulator
{
    [ThreadStatic] private static TagAccumulator? _instance;

    private double[] _dense = [];
    private bool[] _touched = [];
    private readonly List<int> _tags = new();
    private int _lanes;

    public static TagAccumulator For(int agreements, int lanes)
    {
        var acc = _instance ??= new TagAccumulator();
        acc.Reset(agreements, lanes);
        return acc;
    }

    private void Reset(int agreements, int lanes)
    {
        if (_dense.Length < agreements * lanes) _dense = new double[agreements * lanes];
        if (_touched.Length < agreements) _touched = new bool[agreements];
        foreach (var t in _tags) { _touched[t] = false; Array.Clear(_dense, t * _lanes, _lanes); }
        _tags.Clear();
        _lanes = lanes;
    }

    public Span<double> Row(int tag)
    {
        if (!_touched[tag]) { _touched[tag] = true; _tags.Add(tag); }
        return _dense.AsSpan(tag * _lanes, _lanes);
    }

    public void Add(TaggedLanes source, double factor)
    {
        for (var t = 0; t < source.Tags.Length; t++)
        {
            var row = Row(source.Tags[t]);
            var src = source.Values.AsSpan(t * source.Lanes, source.Lanes);
            for (var l = 0; l < row.Length; l++) row[l] += factor * src[l];
        }
    }

    /// <summary>
    /// Builds the sparse result. Tags whose largest absolute lane value is below <paramref name="floor"/>
    /// move into <paramref name="untracked"/> (which is added to the result's remainder), so totals stay exact.
    /// </summary>
    public TaggedLanes Build(double floor, double[] untracked)
    {
        _tags.Sort();
        var keep = new List<int>(_tags.Count);
        foreach (var t in _tags)
        {
            var row = _dense.AsSpan(t * _lanes, _lanes);
            var max = 0.0;
            foreach (var v in row) max = Math.Max(max, Math.Abs(v));
            if (max > 0 && max >= floor) keep.Add(t);
            else for (var l = 0; l < _lanes; l++) untracked[l] += row[l];
        }
        var values = new double[keep.Count * _lanes];
        for (var k = 0; k < keep.Count; k++) _dense.AsSpan(keep[k] * _lanes, _lanes).CopyTo(values.AsSpan(k * _lanes));
        return new TaggedLanes(keep.ToArray(), values, untracked);
    }
}
