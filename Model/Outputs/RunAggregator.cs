using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Globalization;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using KerjasamaGraph.Model.Statistics;

namespace KerjasamaGraph.Model.Outputs;

/// <summary>The output rows of one month: fields of regions.csv, agreements.csv and summary.csv, and the per-lane values behind them.</summary>
public sealed record MonthRows(int Tick, RowBlock Regions, RowBlock Agreements, string[] Summary, LaneValues Lanes)
{
    /// <summary>[agreements × lanes]: each agreement's <see cref="LifecycleState"/> this month in each lane (see <see cref="AgreementOutcomes"/>).</summary>
    public byte[] AgreementStates { get; init; } = [];
}

/// <summary>
/// One month's values per replication lane: the whole-graph indicators and each region's benefit. Lane k of two runs
/// of the same scenario and seed uses the same random streams, so differences between variants can be paired lane by lane.
/// </summary>
/// <param name="Indicators">[<see cref="LaneIndicators"/> × lanes], indicator-major.</param>
/// <param name="RegionBenefit">[regions × lanes]: benefit (direct + spillover) of each region this month.</param>
public sealed record LaneValues(double[] Indicators, double[] RegionBenefit);

/// <summary>The whole-graph indicators kept per lane, and how each adds up over a run.</summary>
public static class LaneIndicators
{
    public const int BenefitTotal = 0;
    public const int BenefitPerCapita = 1;
    public const int DirectBenefit = 2;
    public const int Spillover = 3;
    public const int NonSignatoryShareCumulative = 4;
    public const int GiniCumulative = 5;
    public const int AgreementsActive = 6;
    /// <summary>Population-weighted month-on-month inflation (percent) over the regions with food markets; NaN without commodities.</summary>
    public const int MonthOnMonthInflation = 7;
    /// <summary>Population-weighted year-on-year inflation (percent) over the regions with food markets; NaN without commodities.</summary>
    public const int YearOnYearInflation = 8;
    public const int Count = 9;

    public static readonly string[] Names =
    [
        "benefit_total", "benefit_per_capita", "direct_benefit", "spillover", "non_signatory_share",
        "gini_per_capita_benefit", "agreements_active", "mtm_inflation", "yoy_inflation",
    ];

    /// <summary>Flows add up over the months of a run.</summary>
    public static bool IsFlow(int indicator) => indicator <= Spillover;

    /// <summary>Rates are averaged over the months of a run; the others are read at the last month (they are already cumulative or a stock).</summary>
    public static bool IsAverage(int indicator) => indicator >= MonthOnMonthInflation;
}

/// <summary>
/// Turns the per-lane outputs of every region into the run's tables (MODEL.md section 5), and keeps the
/// running totals behind the headline results. Regions are processed in ascending index order so that every
/// sum has one fixed order, whichever engine produced the outputs.
/// With one replication each quantity is one column; with several, each becomes
/// <c>NAME_mean</c>, <c>NAME_p05</c>, <c>NAME_p95</c> (5th/95th percentiles across replications).
/// </summary>
public sealed class RunAggregator
{
    private readonly SimulationWorld _world;
    private readonly int _lanes;
    private readonly double[] _scratch;
    private readonly double[] _cumBenefit;      // [region × lanes]
    private readonly double[] _cumDirect;       // [region × lanes]
    private readonly double[] _cumSpill;        // [region × lanes]
    private readonly double[] _cumTotal;        // [lanes]: total benefit to date
    private readonly double[] _cumSignatories;  // [agreement × lanes]
    private readonly double[] _cumOthers;       // [agreement × lanes]
    private readonly double[] _signatories;     // [agreement × lanes]: this month's benefit to parties (scratch of AddMonth)
    private readonly double[] _others;          // [agreement × lanes]: this month's benefit to everyone else (scratch)
    private readonly double[] _reached;         // [agreement × lanes]: this month's non-parties reached (scratch)
    private readonly int[][] _reachedTags;     // per region: agreements it received tagged benefit from without signing them, ascending
    private readonly double[][] _reachedSums;  // per region, aligned with _reachedTags: cumulative tagged benefit (sum over lanes)
    private double[] _lastStateCounts = [];
    private int _months;
    private readonly int _regionQuantities;
    private readonly string[][] _regionText;           // per region: [id]
    private readonly string[]?[][] _agreementText;      // per agreement and modal state: [id, type, legal_form, owner, state]
    private readonly int[] _populated;                  // regions with a population, ascending: those a Gini counts
    private readonly int[] _visit;                      // all regions in the order a one-shard run steps them (ShardStepper.LocalityOrder)
    private double[]? _giniColumns;                     // [lane × populated region]: scratch of the Ginis
    private double[]? _giniScratch;                     // [lane × populated region]: the radix sorts' second buffer
    private int[] _tagSplits = [];                      // [region × (direct, spill) × agreement range bounds]: scratch of AddMonth (Split)
    private int[] _partySplits = [];                    // [region × agreement range bounds]: PartySplits
    private readonly int[] _partyFlat;                  // every region's party list (SimulationWorld.PartyOf), one after another
    private readonly int[] _partyStart;                 // [regions + 1]: where each region's party list starts in _partyFlat
    private int[][]? _tagStores;                        // [region × (direct, spill)]: the arrays behind this month's tags (scratch of AddMonth)
    private double[][]? _valueStores;                   // [region × (direct, spill)]: the arrays behind this month's tag values (scratch)

    public RunAggregator(SimulationWorld world)
    {
        _world = world;
        _lanes = world.Lanes;
        _scratch = new double[Math.Max(_lanes, world.RegionCount)];
        _cumBenefit = new double[world.RegionCount * _lanes];
        _cumDirect = new double[world.RegionCount * _lanes];
        _cumSpill = new double[world.RegionCount * _lanes];
        _cumTotal = new double[_lanes];
        _cumSignatories = new double[world.Agreements.Length * _lanes];
        _cumOthers = new double[world.Agreements.Length * _lanes];
        _signatories = new double[world.Agreements.Length * _lanes];
        _others = new double[world.Agreements.Length * _lanes];
        _reached = new double[world.Agreements.Length * _lanes];
        _regionQuantities = RegionMetrics.Count + 2 * world.ServiceIds.Length + world.CommodityIds.Length * FoodColumns.Count
            + (world.CommodityIds.Length > 0 ? FoodColumns.CpiNames.Length : 0);
        _reachedTags = new int[world.RegionCount][];
        _reachedSums = new double[world.RegionCount][];
        Array.Fill(_reachedTags, []);
        Array.Fill(_reachedSums, []);
        _regionText = world.EntityIds.Take(world.RegionCount).Select(id => new[] { id }).ToArray();
        _agreementText = world.Agreements.Select(_ => new string[]?[LifecycleStates.All.Length]).ToArray();
        _populated = Enumerable.Range(0, world.RegionCount).Where(r => !(world.Regions[r].Population <= 0)).ToArray();
        var all = Enumerable.Range(0, world.RegionCount).ToArray();
        _visit = ShardStepper.LocalityOrder(world, all);
        _partyStart = new int[world.RegionCount + 1];
        for (var r = 0; r < world.RegionCount; r++) _partyStart[r + 1] = _partyStart[r] + world.PartyOf[r].Length;
        _partyFlat = new int[_partyStart[world.RegionCount]];
        for (var r = 0; r < world.RegionCount; r++) world.PartyOf[r].CopyTo(_partyFlat, _partyStart[r]);
    }

    /// <summary>The text fields of an agreement's row in a month whose modal state is <paramref name="state"/> (built once per pair).</summary>
    private string[] AgreementText(int agreement, int state)
    {
        var cached = _agreementText[agreement][state];
        if (cached is not null) return cached;
        var info = _world.Agreements[agreement];
        var text = new[] { info.Id, Snake(info.Type.ToString()), Snake(info.Definition.LegalForm.ToString()), _world.EntityIds[info.Owner], ((LifecycleState)state).Name() };
        _agreementText[agreement][state] = text;
        return text;
    }

    /// <summary>
    /// Adds a region's tagged benefit (the arrays behind a <see cref="TaggedLanes"/>) at tag positions [<paramref name="from"/>,
    /// <paramref name="to"/>) to the signatory or non-signatory sums, and counts reaches. Whether the region signed a tag's
    /// agreement: a walk along the region's ascending party list <paramref name="partyOf"/> beside the ascending tags (read in
    /// order), from <paramref name="party"/>, a position in it at or before the first of these tags' agreements.
    /// </summary>
    private void AddTagged(int[] tagStore, double[] valueStore, int from, int to, ReadOnlySpan<int> partyOf, int party,
        double[] signatories, double[] others, double[]? reached)
    {
        var lanes = _lanes;
        var tags = tagStore.AsSpan(0, to);
        if (lanes == 16 && Vector256.IsHardwareAccelerated)
        {
            AddTagged16(tags, valueStore.AsSpan(0, to * 16), from, partyOf, party, signatories, others, reached);
            return;
        }
        for (var t = from; t < tags.Length; t++)
        {
            var a = tags[t];
            var isParty = IsParty(partyOf, ref party, a);
            var values = valueStore.AsSpan(t * lanes, lanes);
            TaggedLanes.AddLanes((isParty ? signatories : others).AsSpan(a * lanes, lanes), values);
            // Regions reached: non-parties that received spillover tagged with the agreement this month (per lane).
            if (reached is null || isParty) continue;
            CountNonZero(reached.AsSpan(a * lanes, lanes), values);
        }
    }

    /// <summary>
    /// Where each of <paramref name="ranges"/> agreement ranges (<see cref="RangeStart"/>) starts in the ascending
    /// <paramref name="tags"/>: <paramref name="splits"/>[k] is the first position whose tag is in range k or after, and
    /// splits[ranges] is the end.
    /// </summary>
    private static void Split(ReadOnlySpan<int> tags, Span<int> splits, int ranges, int agreements)
    {
        var t = 0;
        for (var k = 0; k < ranges; k++)
        {
            var start = RangeStart(k, ranges, agreements);
            while (t < tags.Length && tags[t] < start) t++;
            splits[k] = t;
        }
        splits[ranges] = tags.Length;
    }

    /// <summary>Per region and agreement range (<see cref="Split"/>'s layout): the first position in the region's party list at or after the range's start.</summary>
    private int[] PartySplits(int ranges)
    {
        var bounds = ranges + 1;
        var regionCount = _world.RegionCount;
        if (_partySplits.Length == regionCount * bounds) return _partySplits;
        var splits = new int[regionCount * bounds];
        for (var r = 0; r < regionCount; r++) Split(_world.PartyOf[r], splits.AsSpan(r * bounds, bounds), ranges, _world.Agreements.Length);
        return _partySplits = splits;
    }

    /// <summary>
    /// <see cref="AddTagged"/>'s loop for 16 lanes from tag position <paramref name="t"/> to the end of <paramref name="tags"/> and party cursor <paramref name="p"/>:
    /// each row is four vectors, added to its agreement's row (the same lane-wise sums), and counted where not zero.
    /// </summary>
    private static void AddTagged16(ReadOnlySpan<int> tags, ReadOnlySpan<double> values, int t, ReadOnlySpan<int> partyOf, int p,
        double[] signatories, double[] others, double[]? reached)
    {
        var one = Vector256<double>.One;
        for (; t < tags.Length; t++)
        {
            var a = tags[t];
            var party = IsParty(partyOf, ref p, a);
            ref var row = ref MemoryMarshal.GetReference(values.Slice(t * 16, 16));
            var v0 = Vector256.LoadUnsafe(ref row);
            var v1 = Vector256.LoadUnsafe(ref row, 4);
            var v2 = Vector256.LoadUnsafe(ref row, 8);
            var v3 = Vector256.LoadUnsafe(ref row, 12);
            ref var sum = ref MemoryMarshal.GetReference((party ? signatories : others).AsSpan(a * 16, 16));
            (Vector256.LoadUnsafe(ref sum) + v0).StoreUnsafe(ref sum);
            (Vector256.LoadUnsafe(ref sum, 4) + v1).StoreUnsafe(ref sum, 4);
            (Vector256.LoadUnsafe(ref sum, 8) + v2).StoreUnsafe(ref sum, 8);
            (Vector256.LoadUnsafe(ref sum, 12) + v3).StoreUnsafe(ref sum, 12);
            // Regions reached: non-parties that received spillover tagged with the agreement this month (per lane).
            if (reached is null || party) continue;
            ref var count = ref MemoryMarshal.GetReference(reached.AsSpan(a * 16, 16));
            var zero = Vector256<double>.Zero;
            (Vector256.LoadUnsafe(ref count) + Vector256.AndNot(one, Vector256.Equals(v0, zero))).StoreUnsafe(ref count);
            (Vector256.LoadUnsafe(ref count, 4) + Vector256.AndNot(one, Vector256.Equals(v1, zero))).StoreUnsafe(ref count, 4);
            (Vector256.LoadUnsafe(ref count, 8) + Vector256.AndNot(one, Vector256.Equals(v2, zero))).StoreUnsafe(ref count, 8);
            (Vector256.LoadUnsafe(ref count, 12) + Vector256.AndNot(one, Vector256.Equals(v3, zero))).StoreUnsafe(ref count, 12);
        }
    }

    /// <summary><c>count[l] += 1</c> for every lane whose value is not zero, a vector of lanes at a time (adding 0 elsewhere changes nothing).</summary>
    private static void CountNonZero(Span<double> count, ReadOnlySpan<double> values)
    {
        var l = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<double>.One;
            for (; l <= count.Length - Vector<double>.Count; l += Vector<double>.Count)
            {
                var zero = Vector.Equals(new Vector<double>(values[l..]), Vector<double>.Zero);
                (new Vector<double>(count[l..]) + Vector.AndNot(one, zero.As<long, double>())).CopyTo(count[l..]);
            }
        }
        for (; l < count.Length; l++) if (values[l] != 0) count[l] += 1;
    }

    /// <summary>
    /// Merges a region's non-signatory tagged benefit of this month (summed over lanes) into its totals to date.
    /// <paramref name="positions"/> and <paramref name="sums"/> are scratch, grown as needed.
    /// </summary>
    private void AddReached(int region, TaggedLanes tagged, ref int[] positions, ref double[] sums)
    {
        var lanes = _lanes;
        var oldTags = _reachedTags[region];
        var oldSums = _reachedSums[region];
        ReadOnlySpan<int> partyOf = _world.PartyOf[region];
        var added = 0;
        var tagList = tagged.Tags;
        if (positions.Length < tagList.Length)
        {
            positions = new int[Math.Max(tagList.Length, 2 * positions.Length)];
            sums = new double[positions.Length];
        }
        // The tags of agreements the region did not sign, and how many of them are new to its totals.
        var count = 0;
        for (int t = 0, i = 0, p = 0; t < tagList.Length; t++)
        {
            var a = tagList[t];
            if (IsParty(partyOf, ref p, a)) continue;
            positions[count++] = t;
            while (i < oldTags.Length && oldTags[i] < a) i++;
            if (i == oldTags.Length || oldTags[i] != a) added++;
        }
        if (count == 0) return;
        LaneSums(tagged.Values, lanes, positions.AsSpan(0, count), sums);
        var tags = added == 0 ? oldTags : new int[oldTags.Length + added];
        var totals = added == 0 ? oldSums : new double[oldTags.Length + added];
        var o = 0;
        var n = 0;
        for (var k = 0; k < count; k++)
        {
            var a = tagList[positions[k]];
            var sum = sums[k];
            while (o < oldTags.Length && oldTags[o] < a)
            {
                if (added > 0) { tags[n] = oldTags[o]; totals[n] = oldSums[o]; }
                n++;
                o++;
            }
            var previous = o < oldTags.Length && oldTags[o] == a ? oldSums[o++] : 0.0;
            tags[n] = a;
            totals[n] = previous + sum;
            n++;
        }
        if (added == 0) return;
        for (; o < oldTags.Length; o++, n++) { tags[n] = oldTags[o]; totals[n] = oldSums[o]; }
        _reachedTags[region] = tags;
        _reachedSums[region] = totals;
    }

    /// <summary>
    /// <c>sums[k]</c> = the sum over lanes, in lane order from 0, of the row at tag position <paramref name="positions"/>[k] of
    /// <paramref name="values"/>; four rows side by side, so that their additions (each waiting for the one before) overlap.
    /// </summary>
    private static void LaneSums(ReadOnlySpan<double> values, int lanes, ReadOnlySpan<int> positions, Span<double> sums)
    {
        var k = 0;
        for (; k + 4 <= positions.Length; k += 4)
        {
            var r0 = values.Slice(positions[k] * lanes, lanes);
            var r1 = values.Slice(positions[k + 1] * lanes, lanes);
            var r2 = values.Slice(positions[k + 2] * lanes, lanes);
            var r3 = values.Slice(positions[k + 3] * lanes, lanes);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (var l = 0; l < r0.Length && l < r1.Length && l < r2.Length && l < r3.Length; l++)
            {
                s0 += r0[l];
                s1 += r1[l];
                s2 += r2[l];
                s3 += r3[l];
            }
            (sums[k], sums[k + 1], sums[k + 2], sums[k + 3]) = (s0, s1, s2, s3);
        }
        for (; k < positions.Length; k++)
        {
            var sum = 0.0;
            foreach (var v in values.Slice(positions[k] * lanes, lanes)) sum += v;
            sums[k] = sum;
        }
    }

    /// <summary>
    /// Whether <paramref name="agreement"/> is in the region's ascending party list <paramref name="partyOf"/>, for agreements asked
    /// in ascending order: <paramref name="cursor"/> (0 at first) only moves forward, so a region's tags cost one pass over its list.
    /// </summary>
    private static bool IsParty(ReadOnlySpan<int> partyOf, ref int cursor, int agreement)
    {
        while (cursor < partyOf.Length && partyOf[cursor] < agreement) cursor++;
        return cursor < partyOf.Length && partyOf[cursor] == agreement;
    }

    /// <summary>Puts a quantity's value (one lane) or mean, 5th and 95th percentiles (several) at <paramref name="column"/>; returns the next column.</summary>
    private int PutStat(Span<double> row, int column, ReadOnlySpan<double> values, double[] scratch)
    {
        if (_lanes == 1)
        {
            row[column] = values[0];
            return column + 1;
        }
        var (mean, p05, p95) = Bands(values, scratch);
        row[column] = mean;
        row[column + 1] = p05;
        row[column + 2] = p95;
        return column + 3;
    }

    /// <summary><see cref="PutStat"/> for each of the quantities whose lane rows follow one another in <paramref name="rows"/>, in order.</summary>
    private int PutStats(Span<double> row, int column, ReadOnlySpan<double> rows, double[] scratch)
    {
        var lanes = _lanes;
        var count = rows.Length / lanes;
        if (lanes == 1)
        {
            rows[..count].CopyTo(row.Slice(column, count));
            return column + count;
        }
        BandsOfRows(rows[..(count * lanes)], lanes, row.Slice(column, 3 * count), scratch);
        return column + 3 * count;
    }

    /// <summary>
    /// <see cref="Bands"/> of each row of <paramref name="lanes"/> values (2 or more) in <paramref name="rows"/>, written as mean, 5th
    /// and 95th percentile, row after row, to <paramref name="destination"/>. With 16 lanes four rows at a time
    /// (<see cref="Bands16x4"/>), a group that would run past the last row ending at it instead (so it repeats rows already
    /// done, which are written again with the same values).
    /// </summary>
    public static void BandsOfRows(ReadOnlySpan<double> rows, int lanes, Span<double> destination, Span<double> scratch)
    {
        if (lanes < 2 || rows.Length % lanes != 0) throw new ArgumentException($"{rows.Length} values are not rows of {lanes} lanes (2 or more)");
        var count = rows.Length / lanes;
        var to = destination[..(3 * count)];
        if (lanes != 16 || !Vector256.IsHardwareAccelerated)
        {
            for (var q = 0; q < count; q++) (to[3 * q], to[3 * q + 1], to[3 * q + 2]) = Bands(rows.Slice(q * lanes, lanes), scratch);
            return;
        }
        for (var q = 0; q < count; q += 4)
        {
            var at = Math.Max(0, Math.Min(q, count - 4));
            int q1 = Math.Min(at + 1, count - 1), q2 = Math.Min(at + 2, count - 1), q3 = Math.Min(at + 3, count - 1);
            Bands16x4(rows.Slice(at * 16, 16), rows.Slice(q1 * 16, 16), rows.Slice(q2 * 16, 16), rows.Slice(q3 * 16, 16),
                to.Slice(3 * at, 3), to.Slice(3 * q1, 3), to.Slice(3 * q2, 3), to.Slice(3 * q3, 3), scratch);
        }
    }

    private static readonly double Fraction05Of16 = (16 - 1) * 0.05 - (int)Math.Floor((16 - 1) * 0.05);
    private static readonly double Fraction95Of16 = (16 - 1) * 0.95 - (int)Math.Floor((16 - 1) * 0.95);

    /// <summary>
    /// <see cref="Bands"/> of four rows of 16 lanes at once, written as mean, 5th and 95th percentile to <paramref name="toA"/> and so
    /// on: the four means are summed side by side (each in lane order, as one row's alone), so that their additions, each waiting
    /// for the one before it, overlap, and the extremes of the rows are independent of each other too.
    /// </summary>
    private static void Bands16x4(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> d,
        Span<double> toA, Span<double> toB, Span<double> toC, Span<double> toD, Span<double> scratch)
    {
        if (a.Length != 16 || b.Length != 16 || c.Length != 16 || d.Length != 16) throw new ArgumentException("rows of 16 lanes expected");
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rc = ref MemoryMarshal.GetReference(c);
        ref var rd = ref MemoryMarshal.GetReference(d);
        double sa = 0, sb = 0, sc = 0, sd = 0;
        for (nint l = 0; l < 16; l++)
        {
            sa += Unsafe.Add(ref ra, l);
            sb += Unsafe.Add(ref rb, l);
            sc += Unsafe.Add(ref rc, l);
            sd += Unsafe.Add(ref rd, l);
        }
        (toA[0], toA[1], toA[2]) = Finish16(a, sa, scratch);
        (toB[0], toB[1], toB[2]) = Finish16(b, sb, scratch);
        (toC[0], toC[1], toC[2]) = Finish16(c, sc, scratch);
        (toD[0], toD[1], toD[2]) = Finish16(d, sd, scratch);
    }

    /// <summary>The bands of a row of 16 lanes whose lanes sum (in lane order) to <paramref name="sum"/>, as <see cref="Bands"/> gives them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Mean, double P05, double P95) Finish16(ReadOnlySpan<double> values, double sum, Span<double> scratch)
    {
        if (!Extremes16(values, out var min1, out var min2, out var max1, out var max2)) return Descriptive.Bands(values, scratch);
        return (sum / 16, min1 + Fraction05Of16 * (min2 - min1), max2 + Fraction95Of16 * (max1 - max2));
    }

    /// <summary>
    /// <see cref="Descriptive.Bands"/>, bit for bit, without sorting when there are 2 to 20 lanes: the 5th and 95th percentiles
    /// then read only the two smallest and the two largest values. With no NaN, infinity or negative zero among the values
    /// ("plain" values), equal values are the same bits, so these order statistics are exactly the sorted array's whatever the
    /// sort does with ties, and minimum and maximum are exact in any order: they are found without branches (a tournament of
    /// vector minima and maxima for 16 lanes, chains of scalar ones otherwise). A plain row of equal values gives that value
    /// for both percentiles, as the sorted array does. The mean is summed in lane order. Rows that are not plain, and other
    /// lane counts, go to Descriptive.Bands.
    /// </summary>
    public static (double Mean, double P05, double P95) Bands(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var n = values.Length;
        if (n < 2 || n > 20) return Descriptive.Bands(values, scratch);
        double sum = 0;
        foreach (var v in values) sum += v;
        if (n == 16 && Vector256.IsHardwareAccelerated) return Finish16(values, sum, scratch);
        if (!Extremes(values, out var min1, out var min2, out var max1, out var max2)) return Descriptive.Bands(values, scratch);
        var mean = sum / n;
        var h05 = (n - 1) * 0.05;
        var lo05 = (int)Math.Floor(h05);
        var h95 = (n - 1) * 0.95;
        var lo95 = (int)Math.Floor(h95);
        if (lo05 != 0 || lo95 != n - 2) return Descriptive.Bands(values, scratch);
        return (mean, min1 + (h05 - lo05) * (min2 - min1), max2 + (h95 - lo95) * (max1 - max2));
    }

    /// <summary>
    /// Whether the values (at least two) are plain: finite and none a negative zero. If so, also the two smallest
    /// (<paramref name="min1"/> ≤ <paramref name="min2"/>) and the two largest (<paramref name="max1"/> ≥ <paramref name="max2"/>).
    /// </summary>
    private static bool Extremes(ReadOnlySpan<double> values, out double min1, out double min2, out double max1, out double max2)
    {
        min1 = min2 = double.PositiveInfinity;
        max1 = max2 = double.NegativeInfinity;
        var bad = 0L;
        foreach (var v in values)
        {
            // Exponent bits all ones (infinity or NaN), or the bits of −0; a branch-free or of both.
            var bits = BitConverter.DoubleToInt64Bits(v);
            bad |= ((bits & long.MaxValue) - 0x7FF0_0000_0000_0000L) >>> 63 ^ 1L;
            bad |= bits == long.MinValue ? 1L : 0L;
            min2 = double.MinNative(min2, double.MaxNative(min1, v));
            min1 = double.MinNative(min1, v);
            max2 = double.MaxNative(max2, double.MinNative(max1, v));
            max1 = double.MaxNative(max1, v);
        }
        return bad == 0;
    }

    /// <summary>
    /// <see cref="Extremes"/> for 16 values in four vectors: per column of the 4 × 4 block its two smallest and two largest,
    /// then the columns' pairs merged (halves, then neighbours), the two smallest of two sets being their smallest and the
    /// smaller of the larger smallest and the smaller second smallest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Extremes16(ReadOnlySpan<double> values, out double min1, out double min2, out double max1, out double max2)
    {
        ref var first = ref MemoryMarshal.GetReference(values);
        var v0 = Vector256.LoadUnsafe(ref first);
        var v1 = Vector256.LoadUnsafe(ref first, 4);
        var v2 = Vector256.LoadUnsafe(ref first, 8);
        var v3 = Vector256.LoadUnsafe(ref first, 12);
        // v − v is 0 for a finite v and NaN for infinities and NaN, so the sum of the four differences is 0 exactly when all are finite.
        var finite = Vector256.Equals((v0 - v0) + (v1 - v1) + (v2 - v2) + (v3 - v3), Vector256<double>.Zero);
        var negativeZero = Vector256.Create(long.MinValue);
        var signed = Vector256.Equals(v0.AsInt64(), negativeZero) | Vector256.Equals(v1.AsInt64(), negativeZero)
            | Vector256.Equals(v2.AsInt64(), negativeZero) | Vector256.Equals(v3.AsInt64(), negativeZero);
        var a = Vector256.MinNative(v0, v1);
        var b = Vector256.MaxNative(v0, v1);
        var c = Vector256.MinNative(v2, v3);
        var d = Vector256.MaxNative(v2, v3);
        var lo1 = Vector256.MinNative(a, c);
        var lo2 = Vector256.MinNative(Vector256.MaxNative(a, c), Vector256.MinNative(b, d));
        var hi1 = Vector256.MaxNative(b, d);
        var hi2 = Vector256.MaxNative(Vector256.MinNative(b, d), Vector256.MaxNative(a, c));
        // Merge with the other half, then with the neighbour: every element then holds the row's pairs.
        MergeLow(ref lo1, ref lo2, Vector256.Shuffle(lo1, Vector256.Create(2L, 3, 0, 1)), Vector256.Shuffle(lo2, Vector256.Create(2L, 3, 0, 1)));
        MergeHigh(ref hi1, ref hi2, Vector256.Shuffle(hi1, Vector256.Create(2L, 3, 0, 1)), Vector256.Shuffle(hi2, Vector256.Create(2L, 3, 0, 1)));
        MergeLow(ref lo1, ref lo2, Vector256.Shuffle(lo1, Vector256.Create(1L, 0, 3, 2)), Vector256.Shuffle(lo2, Vector256.Create(1L, 0, 3, 2)));
        MergeHigh(ref hi1, ref hi2, Vector256.Shuffle(hi1, Vector256.Create(1L, 0, 3, 2)), Vector256.Shuffle(hi2, Vector256.Create(1L, 0, 3, 2)));
        min1 = lo1.ToScalar();
        min2 = lo2.ToScalar();
        max1 = hi1.ToScalar();
        max2 = hi2.ToScalar();
        return (finite.AsInt64() & ~signed) == Vector256<long>.AllBitsSet;
    }

    private static void MergeLow(ref Vector256<double> x1, ref Vector256<double> x2, Vector256<double> y1, Vector256<double> y2)
    {
        var second = Vector256.MinNative(Vector256.MaxNative(x1, y1), Vector256.MinNative(x2, y2));
        x1 = Vector256.MinNative(x1, y1);
        x2 = second;
    }

    private static void MergeHigh(ref Vector256<double> x1, ref Vector256<double> x2, Vector256<double> y1, Vector256<double> y2)
    {
        var second = Vector256.MaxNative(Vector256.MinNative(x1, y1), Vector256.MaxNative(x2, y2));
        x1 = Vector256.MaxNative(x1, y1);
        x2 = second;
    }

    public string[] RegionsHeader() =>
        ["month", "region", .. Expand(RegionMetrics.Names.Concat(_world.ServiceIds.Select(s => "cost_" + s)).Concat(_world.ServiceIds.Select(s => "saving_" + s))
            .Concat(_world.CommodityIds.SelectMany(c => FoodColumns.Names.Select(n => n + "_" + c)))
            .Concat(_world.CommodityIds.Length > 0 ? FoodColumns.CpiNames : []))];

    public string[] AgreementsHeader() =>
        ["month", "agreement", "type", "legal_form", "owner", "state", "active_share", .. Expand(["benefit_signatories", "benefit_non_signatories", "regions_reached"])];

    public string[] SummaryHeader() =>
        ["month", .. Expand(LifecycleStates.All.Select(s => "agreements_" + s.Name())
            .Concat(["benefit_total", "benefit_per_capita", "direct_benefit", "spillover", "spillover_untracked", "non_signatory_share",
                "gini_per_capita_benefit", "gini_cumulative_per_capita_benefit", "benefit_cumulative", "losing_regions", "losing_regions_cumulative"]))];

    private IEnumerable<string> Expand(IEnumerable<string> names) =>
        _lanes == 1 ? names : names.SelectMany(n => new[] { n + "_mean", n + "_p05", n + "_p95" });

    /// <summary>Aggregates one month. <paramref name="outputs"/> must hold one output per region, in ascending region order.</summary>
    public MonthRows AddMonth(int tick, IReadOnlyList<RegionMonthOutput> outputs)
    {
        if (outputs.Count != _world.RegionCount) throw new ArgumentException($"expected {_world.RegionCount} region outputs, got {outputs.Count}");
        var month = _world.MonthAt(tick).ToString();
        var lanes = _lanes;
        var agreements = _world.Agreements.Length;
        var services = _world.Services.Length;
        var regionCount = outputs.Count;
        var ranges = Ranges(regionCount);

        // Regions: rows are independent of each other, so their numbers are computed in parallel (each writes only its own slots).
        for (var r = 0; r < regionCount; r++)
        {
            var o = outputs[r];
            if (o.Region != r || o.Tick != tick) throw new ArgumentException($"output {r} is region {o.Region} tick {o.Tick}, expected region {r} tick {tick}");
        }
        var width = _lanes == 1 ? 1 : 3;
        var regionColumns = _regionQuantities * width;
        var regionValues = new double[regionCount * regionColumns];
        // Rows are independent, so regions are visited in the order the step ran them: their outputs' arrays were written (and
        // first allocated) in that order, and reading them in it keeps memory reads near each other.
        var visit = _visit;
        // Each agreement's states this month, copied out of its owner's output here, where the owner's output is read anyway
        // (the agreements below then read them in order instead of through each one's owner).
        var states = new byte[agreements * lanes];
        Parallel.For(0, ranges, k =>
        {
            var scratch = new double[lanes];
            for (var j = RangeStart(k, ranges, regionCount); j < RangeStart(k + 1, ranges, regionCount); j++)
            {
                var r = visit[j];
                var o = outputs[r];
                var row = regionValues.AsSpan(r * regionColumns, regionColumns);
                var c = 0;
                c = PutStats(row, c, o.Metrics.AsSpan(0, RegionMetrics.Count * lanes), scratch);
                c = PutStats(row, c, o.ServiceCost.AsSpan(0, services * lanes), scratch);
                c = PutStats(row, c, o.ServiceSaving.AsSpan(0, services * lanes), scratch);
                c = PutStats(row, c, o.Food.AsSpan(0, o.Food.Length / lanes * lanes), scratch);
                c = PutStats(row, c, o.Cpi.AsSpan(0, o.Cpi.Length / lanes * lanes), scratch);
                if (c != regionColumns) throw new InvalidOperationException($"region {r} has {c / width} quantities, the header {_regionQuantities}");
                var ownedStates = o.OwnedStates;
                var ownedAgreements = _world.Owned[r];
                for (var i = 0; i < ownedAgreements.Length; i++) ownedStates.AsSpan(i * lanes, lanes).CopyTo(states.AsSpan(ownedAgreements[i] * lanes, lanes));
                var metrics = o.Metrics;
                for (var l = 0; l < lanes; l++)
                {
                    _cumBenefit[r * lanes + l] += metrics[RegionMetrics.Benefit * lanes + l];
                    _cumDirect[r * lanes + l] += metrics[RegionMetrics.DirectBenefit * lanes + l];
                    _cumSpill[r * lanes + l] += metrics[RegionMetrics.Spillover * lanes + l];
                }
            }
        });

        // Agreements: benefit by tag, split into parties and everyone else. Each (agreement, lane) sum runs over the regions in
        // ascending order (direct before spillover within a region), whatever the thread: threads own ranges of agreements.
        // The month's sums live in buffers kept from month to month (three of agreements x lanes: 90 MB at nation scale, which
        // allocated afresh each month would make the collector sweep the whole heap every month).
        var signatories = _signatories;
        var others = _others;
        var reached = _reached;
        Parallel.Invoke(() => Array.Clear(signatories), () => Array.Clear(others), () => Array.Clear(reached));
        // Two ranges per core: every range scans all the regions' tags for its agreements, so more ranges mean more scanning
        // (nation scale, month 20-23: 1.6-2.0 s of CPU with 2 per core, 2.4-2.8 s with 4, 5.5-5.8 s with 32, 2.1-2.4 s with 1).
        var agreementRanges = Math.Max(1, Math.Min(agreements, 2 * Environment.ProcessorCount));
        var bounds = agreementRanges + 1;
        var partySplits = PartySplits(agreementRanges);
        var tagSplits = _tagSplits.Length == 2 * regionCount * bounds ? _tagSplits : _tagSplits = new int[2 * regionCount * bounds];
        // Benefit each non-signatory region received by agreement, to date (sum over lanes): what "regions reached" counts (each
        // region's own totals, so in the step's order too). The same pass finds where each agreement range's tags start in
        // each region's tag lists, so that the ranges below go straight to their own tags.
        var tagStores = _tagStores ??= new int[2 * regionCount][];
        var valueStores = _valueStores ??= new double[2 * regionCount][];
        Parallel.For(0, ranges, k =>
        {
            int[] positions = [];
            double[] sums = [];
            for (var j = RangeStart(k, ranges, regionCount); j < RangeStart(k + 1, ranges, regionCount); j++)
            {
                var r = visit[j];
                var o = outputs[r];
                AddReached(r, o.Direct, ref positions, ref sums);
                AddReached(r, o.Spill, ref positions, ref sums);
                Split(o.Direct.Tags, tagSplits.AsSpan(2 * r * bounds, bounds), agreementRanges, agreements);
                Split(o.Spill.Tags, tagSplits.AsSpan((2 * r + 1) * bounds, bounds), agreementRanges, agreements);
                // The arrays behind the tags, side by side: the ranges below read them region after region from here, not
                // through each region's output and its tagged lanes.
                (tagStores[2 * r], valueStores[2 * r]) = (o.Direct.TagStore, o.Direct.ValueStore);
                (tagStores[2 * r + 1], valueStores[2 * r + 1]) = (o.Spill.TagStore, o.Spill.ValueStore);
            }
        });
        var partyFlat = _partyFlat;
        var partyStart = _partyStart;
        Parallel.For(0, agreementRanges, k =>
        {
            for (var r = 0; r < regionCount; r++)
            {
                var direct = 2 * r * bounds + k;
                var spill = direct + bounds;
                int directFrom = tagSplits[direct], directTo = tagSplits[direct + 1], spillFrom = tagSplits[spill], spillTo = tagSplits[spill + 1];
                if (directFrom == directTo && spillFrom == spillTo) continue;
                var partyOf = partyFlat.AsSpan(partyStart[r], partyStart[r + 1] - partyStart[r]);
                var party = partySplits[r * bounds + k];
                if (directFrom != directTo)
                    AddTagged(tagStores[2 * r], valueStores[2 * r], directFrom, directTo, partyOf, party, signatories, others, null);
                if (spillFrom != spillTo)
                    AddTagged(tagStores[2 * r + 1], valueStores[2 * r + 1], spillFrom, spillTo, partyOf, party, signatories, others, reached);
            }
        });
        // The outputs' arrays are not kept alive past the month.
        Array.Clear(tagStores);
        Array.Clear(valueStores);

        // Per agreement: its states (copied out for the outcome tables), the modal state, the active share and its three bands.
        // Agreements per state are counts (whole numbers far below 2^53), so adding the ranges' counts in any order is exact.
        var stateCount = LifecycleStates.All.Length;
        const int agreementColumns0 = 1;
        var agreementColumns = agreementColumns0 + 3 * width;
        var agreementValues = new double[agreements * agreementColumns];
        var agreementText = new string[agreements][];
        var rangeCounts = new int[agreementRanges][];
        Parallel.For(0, agreementRanges, k =>
        {
            var scratch = new double[lanes];
            var laneCounts = rangeCounts[k] = new int[stateCount * lanes];
            Span<int> counts = stackalloc int[stateCount];
            for (var a = RangeStart(k, agreementRanges, agreements); a < RangeStart(k + 1, agreementRanges, agreements); a++)
            {
                var owned = states.AsSpan(a * lanes, lanes);
                for (var l = 0; l < lanes; l++) laneCounts[owned[l] * lanes + l]++;
                if (lanes == 16 && Vector128.IsHardwareAccelerated)
                {
                    // Lanes per state by comparing all 16 at once (one count after another of the same state would wait for each other).
                    var all = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(owned));
                    for (var s = 0; s < counts.Length; s++) counts[s] = BitOperations.PopCount(Vector128.ExtractMostSignificantBits(Vector128.Equals(all, Vector128.Create((byte)s))));
                }
                else
                {
                    counts.Clear();
                    for (var l = 0; l < lanes; l++) counts[owned[l]]++;
                }
                var modal = 0;
                for (var s = 1; s < counts.Length; s++) if (counts[s] > counts[modal]) modal = s;
                agreementText[a] = AgreementText(a, modal);
                var row = agreementValues.AsSpan(a * agreementColumns, agreementColumns);
                row[0] = (double)counts[(int)LifecycleState.Active] / lanes;
                var c = agreementColumns0;
                if (lanes == 16 && Vector256.IsHardwareAccelerated)
                {
                    // The three bands side by side (the fourth row repeats the third).
                    var reachedRow = reached.AsSpan(a * 16, 16);
                    Bands16x4(signatories.AsSpan(a * 16, 16), others.AsSpan(a * 16, 16), reachedRow, reachedRow,
                        row.Slice(c, 3), row.Slice(c + 3, 3), row.Slice(c + 6, 3), row.Slice(c + 6, 3), scratch);
                }
                else
                {
                    c = PutStat(row, c, signatories.AsSpan(a * lanes, lanes), scratch);
                    c = PutStat(row, c, others.AsSpan(a * lanes, lanes), scratch);
                    PutStat(row, c, reached.AsSpan(a * lanes, lanes), scratch);
                }
                TaggedLanes.AddLanes(_cumSignatories.AsSpan(a * lanes, lanes), signatories.AsSpan(a * lanes, lanes));
                TaggedLanes.AddLanes(_cumOthers.AsSpan(a * lanes, lanes), others.AsSpan(a * lanes, lanes));
            }
        });
        var stateCounts = new double[stateCount * lanes];
        foreach (var laneCounts in rangeCounts)
            for (var i = 0; i < laneCounts.Length; i++) stateCounts[i] += laneCounts[i];
        _lastStateCounts = stateCounts;

        // Whole graph. Every per-lane sum runs over regions (or agreements) in ascending order: the loops below visit the
        // regions once with the lanes innermost, which is the same sum per lane as a lanes-outer loop, in one pass over memory.
        var totalPopulation = 0.0;
        foreach (var region in _world.Regions) totalPopulation += region.Population;
        var benefitTotal = new double[lanes];
        var directTotal = new double[lanes];
        var spillTotal = new double[lanes];
        var untracked = new double[lanes];
        var share = new double[lanes];
        var gini = new double[lanes];
        var giniCumulative = new double[lanes];
        var losing = new double[lanes];
        var losingCumulative = new double[lanes];
        var perCapita = new double[lanes];
        for (var r = 0; r < regionCount; r++)
        {
            var m = outputs[r].Metrics;
            TaggedLanes.AddLanes(benefitTotal, m.AsSpan(RegionMetrics.Benefit * lanes, lanes));
            TaggedLanes.AddLanes(directTotal, m.AsSpan(RegionMetrics.DirectBenefit * lanes, lanes));
            TaggedLanes.AddLanes(spillTotal, m.AsSpan(RegionMetrics.Spillover * lanes, lanes));
            TaggedLanes.AddLanes(untracked, outputs[r].Spill.Untracked.AsSpan(0, lanes));
        }
        var sig = new double[lanes];
        var oth = new double[lanes];
        TaggedLanes.AddRows(sig, signatories.AsSpan(0, agreements * lanes));
        TaggedLanes.AddRows(oth, others.AsSpan(0, agreements * lanes));
        for (var l = 0; l < lanes; l++)
        {
            perCapita[l] = totalPopulation > 0 ? benefitTotal[l] / totalPopulation : double.NaN;
            share[l] = sig[l] + oth[l] > 0 ? oth[l] / (sig[l] + oth[l]) : double.NaN;
        }
        var thisMonth = PerCapitaGinis(ranges, r => (outputs[r].Metrics, RegionMetrics.Benefit * lanes));
        var toDate = PerCapitaGinis(ranges, r => (_cumBenefit, r * lanes));
        for (var l = 0; l < lanes; l++) (gini[l], losing[l], giniCumulative[l], losingCumulative[l]) = (thisMonth[l].Gini, thisMonth[l].Losers, toDate[l].Gini, toDate[l].Losers);
        var summary = new List<string> { month };
        for (var s = 0; s < LifecycleStates.All.Length; s++) AddStat(summary, stateCounts.AsSpan(s * lanes, lanes), _scratch);
        for (var l = 0; l < lanes; l++) _cumTotal[l] += benefitTotal[l];
        foreach (var series in new[] { benefitTotal, perCapita, directTotal, spillTotal, untracked, share, gini, giniCumulative, _cumTotal, losing, losingCumulative }) AddStat(summary, series, _scratch);
        _months++;
        return new MonthRows(tick, new RowBlock(month, _regionText, regionValues, regionColumns), new RowBlock(month, agreementText, agreementValues, agreementColumns),
            summary.ToArray(), LaneValuesOf(outputs, benefitTotal, perCapita, directTotal, spillTotal, giniCumulative, stateCounts))
        {
            AgreementStates = states,
        };
    }


    /// <summary>How many ranges a pass over <paramref name="count"/> items is split into for the thread pool (a few per core).</summary>
    private static int Ranges(int count) => Math.Max(1, Math.Min(count, 4 * Environment.ProcessorCount));

    /// <summary>The first item of range <paramref name="k"/> of <paramref name="ranges"/> over <paramref name="count"/> items.</summary>
    private static int RangeStart(int k, int ranges, int count) => (int)((long)k * count / ranges);

    private LaneValues LaneValuesOf(IReadOnlyList<RegionMonthOutput> outputs, double[] benefitTotal, double[] perCapita, double[] direct,
        double[] spill, double[] giniCumulative, double[] stateCounts)
    {
        var lanes = _lanes;
        var indicators = new double[LaneIndicators.Count * lanes];
        // Per lane, the same sums in the same order (agreements, then regions, ascending) as one lane at a time; lanes innermost.
        var sig = new double[lanes];
        var oth = new double[lanes];
        TaggedLanes.AddRows(sig, _cumSignatories);
        TaggedLanes.AddRows(oth, _cumOthers);
        double weight = 0;
        var mtm = new double[lanes];
        var yoy = new double[lanes];
        for (var r = 0; r < outputs.Count; r++)
        {
            var cpi = outputs[r].Cpi;
            if (cpi.Length == 0) continue;
            var pop = _world.Regions[r].Population;
            weight += pop;
            for (var l = 0; l < lanes; l++)
            {
                mtm[l] += pop * cpi[FoodColumns.MonthOnMonth * lanes + l];
                yoy[l] += pop * cpi[FoodColumns.YearOnYear * lanes + l];
            }
        }
        for (var l = 0; l < lanes; l++)
        {
            indicators[LaneIndicators.BenefitTotal * lanes + l] = benefitTotal[l];
            indicators[LaneIndicators.BenefitPerCapita * lanes + l] = perCapita[l];
            indicators[LaneIndicators.DirectBenefit * lanes + l] = direct[l];
            indicators[LaneIndicators.Spillover * lanes + l] = spill[l];
            indicators[LaneIndicators.NonSignatoryShareCumulative * lanes + l] = sig[l] + oth[l] > 0 ? oth[l] / (sig[l] + oth[l]) : double.NaN;
            indicators[LaneIndicators.GiniCumulative * lanes + l] = giniCumulative[l];
            indicators[LaneIndicators.AgreementsActive * lanes + l] = stateCounts[(int)LifecycleState.Active * lanes + l];
            indicators[LaneIndicators.MonthOnMonthInflation * lanes + l] = weight > 0 ? mtm[l] / weight : double.NaN;
            indicators[LaneIndicators.YearOnYearInflation * lanes + l] = weight > 0 ? yoy[l] / weight : double.NaN;
        }
        var regionBenefit = new double[outputs.Count * lanes];
        for (var r = 0; r < outputs.Count; r++) Array.Copy(outputs[r].Metrics, RegionMetrics.Benefit * lanes, regionBenefit, r * lanes, lanes);
        return new LaneValues(indicators, regionBenefit);
    }

    /// <summary>
    /// <see cref="PerCapitaGini"/> for every lane: one pass over the regions (in ranges, in parallel) writes each lane's gains per
    /// head into its own column, then each lane's column is sorted and summed on its own. <paramref name="benefitOf"/> gives a
    /// region's benefit in lane l at Values[At + l].
    /// </summary>
    private GainsInequality[] PerCapitaGinis(int ranges, Func<int, (double[] Values, int At)> benefitOf)
    {
        var lanes = _lanes;
        var populated = _populated;
        var n = populated.Length;
        var columns = _giniColumns ??= new double[lanes * n];
        Parallel.For(0, ranges, k =>
        {
            for (var i = RangeStart(k, ranges, n); i < RangeStart(k + 1, ranges, n); i++)
            {
                var r = populated[i];
                var pop = _world.Regions[r].Population;
                var (values, at) = benefitOf(r);
                for (var l = 0; l < lanes; l++) columns[l * n + i] = values[at + l] / pop;
            }
        });
        var scratch = _giniScratch ??= new double[lanes * n];
        var result = new GainsInequality[lanes];
        Parallel.For(0, lanes, l => result[l] = Inequality.OfGains(columns.AsSpan(l * n, n), scratch.AsSpan(l * n, n)));
        return result;
    }

    /// <summary>The Gini of gains per head across regions with a population, and how many of them lost (<see cref="Inequality.OfGains(Span{double})"/>).</summary>
    private GainsInequality PerCapitaGini(double[] values, Func<int, double> benefitOf)
    {
        var n = 0;
        for (var r = 0; r < _world.RegionCount; r++)
        {
            var pop = _world.Regions[r].Population;
            if (pop <= 0) continue;
            values[n++] = benefitOf(r) / pop;
        }
        return Inequality.OfGains(values.AsSpan(0, n));
    }

    /// <summary>The headline results after the last month.</summary>
    public Headline Finish()
    {
        var lanes = _lanes;
        var regions = new List<HeadlineRegion>();
        for (var r = 0; r < _world.RegionCount; r++)
        {
            var region = _world.Regions[r];
            regions.Add(new HeadlineRegion(region.Id, region.Name, region.Population,
                Band(_cumBenefit.AsSpan(r * lanes, lanes)),
                Descriptive.Mean(_cumDirect.AsSpan(r * lanes, lanes)),
                Descriptive.Mean(_cumSpill.AsSpan(r * lanes, lanes))));
        }
        // Regions reached per agreement: one pass over the (agreement, region) pairs that ever received anything.
        var reachedBy = new int[_world.Agreements.Length];
        for (var r = 0; r < _world.RegionCount; r++)
            for (var i = 0; i < _reachedTags[r].Length; i++)
                if (_reachedSums[r][i] != 0) reachedBy[_reachedTags[r][i]]++;
        var agreements = new List<HeadlineAgreement>(_world.Agreements.Length);
        for (var a = 0; a < _world.Agreements.Length; a++)
        {
            var info = _world.Agreements[a];
            agreements.Add(new HeadlineAgreement(info.Id, Snake(info.Type.ToString()),
                Band(_cumSignatories.AsSpan(a * lanes, lanes)), Band(_cumOthers.AsSpan(a * lanes, lanes)), reachedBy[a]));
        }
        var states = new Dictionary<string, double>();
        for (var s = 0; s < LifecycleStates.All.Length; s++)
        {
            states[LifecycleStates.All[s].Name()] = _lastStateCounts.Length == 0 ? 0 : Descriptive.Mean(_lastStateCounts.AsSpan(s * lanes, lanes));
        }
        var signatoryShare = new double[lanes];
        var gini = new double[lanes];
        var values = new double[_world.RegionCount];
        for (var l = 0; l < lanes; l++)
        {
            double sig = 0, oth = 0;
            for (var a = 0; a < _world.Agreements.Length; a++) { sig += _cumSignatories[a * lanes + l]; oth += _cumOthers[a * lanes + l]; }
            signatoryShare[l] = sig + oth > 0 ? sig / (sig + oth) : double.NaN;
            var lane = l;
            gini[l] = PerCapitaGini(values, r => _cumBenefit[r * lanes + lane]).Gini;
        }
        return new Headline(_months, lanes, regions, agreements, states, Band(signatoryShare), Band(gini));
    }

    /// <summary>
    /// The running totals behind the headline and the cumulative columns, as a versioned binary blob (part of a
    /// <see cref="Simulation.Sharding.RunCheckpoint"/>); <see cref="Restore"/> on a fresh aggregator of the same world continues exactly.
    /// </summary>
    public byte[] Capture() =>
        Blob(_world, _months, [_cumBenefit, _cumDirect, _cumSpill, _cumTotal, _cumSignatories, _cumOthers, _lastStateCounts], _reachedTags, _reachedSums);

    /// <summary>
    /// The layout of <see cref="Capture"/>'s blob, written in one pass into an array of its exact size: header, months, the
    /// seven running-total arrays (cumulative benefit, direct, spillover, total, to signatories, to others, last state
    /// counts), then each region's reached tags and sums. Also used to write a checkpoint remapped into another world.
    /// </summary>
    public static byte[] Blob(SimulationWorld world, int months, double[][] arrays, int[][] reachedTags, double[][] reachedSums)
    {
        var size = CheckpointFormat.HeaderSize + 4L;
        foreach (var array in arrays) size += CheckpointFormat.SizeOf(array);
        for (var r = 0; r < world.RegionCount; r++) size += CheckpointFormat.SizeOf(reachedTags[r]) + CheckpointFormat.SizeOf(reachedSums[r]);
        var blob = CheckpointFormat.Allocate(size);
        var w = new CheckpointWriter(blob);
        w.WriteHeader(CheckpointFormat.AggregatorMagic, world);
        w.Write(months);
        foreach (var array in arrays) w.Write(array);
        for (var r = 0; r < world.RegionCount; r++)
        {
            w.Write(reachedTags[r]);
            w.Write(reachedSums[r]);
        }
        w.CheckFull();
        return blob;
    }

    /// <summary>Replaces this aggregator's totals with those of <see cref="Capture"/>'s blob.</summary>
    public void Restore(byte[] blob)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(blob, writable: false));
            CheckpointFormat.ReadHeader(r, CheckpointFormat.AggregatorMagic, _world);
            var months = r.ReadInt32();
            foreach (var array in new[] { _cumBenefit, _cumDirect, _cumSpill, _cumTotal, _cumSignatories, _cumOthers })
            {
                var values = CheckpointFormat.Read<double>(r);
                if (values.Length != array.Length) throw new InvalidDataException("aggregator checkpoint does not fit this run");
                values.CopyTo(array, 0);
            }
            _lastStateCounts = CheckpointFormat.Read<double>(r);
            for (var region = 0; region < _world.RegionCount; region++)
            {
                _reachedTags[region] = CheckpointFormat.Read<int>(r);
                _reachedSums[region] = CheckpointFormat.Read<double>(r);
                if (_reachedTags[region].Length != _reachedSums[region].Length) throw new InvalidDataException("aggregator checkpoint does not fit this run");
            }
            if (r.BaseStream.Position != blob.Length) throw new InvalidDataException("aggregator checkpoint has trailing bytes");
            _months = months;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("aggregator checkpoint is truncated", e);
        }
    }

    private Stat Band(ReadOnlySpan<double> values)
    {
        if (values.Length == 1) return new Stat(values[0], values[0], values[0]);
        var (mean, p05, p95) = Descriptive.Bands(values, _scratch);
        return new Stat(mean, p05, p95);
    }

    private void AddStat(List<string> row, ReadOnlySpan<double> values, double[] scratch)
    {
        if (_lanes == 1)
        {
            row.Add(Format(values[0]));
            return;
        }
        var (mean, p05, p95) = Descriptive.Bands(values, scratch);
        row.Add(Format(mean));
        row.Add(Format(p05));
        row.Add(Format(p95));
    }

    /// <summary>Shortest round-trip text of a number (invariant culture); empty for NaN and infinities (undefined values are blank in every CSV).</summary>
    public static string Format(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>PascalCase enum name to the snake_case used in files.</summary>
    public static string Snake(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}

/// <summary>A mean with its 5th–95th percentile band across replications (all equal with one replication).</summary>
public sealed record Stat(double Mean, double P05, double P95);

public sealed record HeadlineRegion(string Id, string Name, double Population, Stat Benefit, double Direct, double Spillover);

public sealed record HeadlineAgreement(string Id, string Type, Stat Signatories, Stat NonSignatories, int RegionsReached);

/// <summary>The headline results of a run: what the end-of-run table shows.</summary>
public sealed record Headline(
    int Months,
    int Replications,
    IReadOnlyList<HeadlineRegion> Regions,
    IReadOnlyList<HeadlineAgreement> Agreements,
    IReadOnlyDictionary<string, double> AgreementsByState,
    Stat SignatoryShare,
    Stat GiniPerCapitaBenefit);
