using System.Numerics;
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

    /// <summary>Adds region <paramref name="region"/>'s tagged benefit for agreements in [lo, hi) to the signatory or non-signatory sums, and counts reaches.</summary>
    private void AddTagged(TaggedLanes tagged, int region, int lo, int hi, double[] signatories, double[] others, double[]? reached)
    {
        var lanes = _lanes;
        var tags = tagged.Tags;
        var t = LowerBound(tags, lo);
        if (t == tags.Length || tags[t] >= hi) return;
        // Whether the region signed a tag's agreement: a walk along the region's own ascending party list beside the ascending
        // tags (one small array per region, read in order), not a look-up into per-agreement arrays at random.
        ReadOnlySpan<int> partyOf = _world.PartyOf[region];
        var p = LowerBound(partyOf, tags[t]);
        for (; t < tags.Length && tags[t] < hi; t++)
        {
            var a = tags[t];
            var party = IsParty(partyOf, ref p, a);
            var values = tagged.Lane(t);
            TaggedLanes.AddLanes((party ? signatories : others).AsSpan(a * lanes, lanes), values);
            // Regions reached: non-parties that received spillover tagged with the agreement this month (per lane).
            if (reached is null || party) continue;
            CountNonZero(reached.AsSpan(a * lanes, lanes), values);
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

    private static int LowerBound(ReadOnlySpan<int> sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Merges a region's non-signatory tagged benefit of this month (summed over lanes) into its totals to date.</summary>
    private void AddReached(int region, TaggedLanes tagged)
    {
        var lanes = _lanes;
        var oldTags = _reachedTags[region];
        var oldSums = _reachedSums[region];
        ReadOnlySpan<int> partyOf = _world.PartyOf[region];
        var added = 0;
        var tagList = tagged.Tags;
        for (int t = 0, i = 0, p = 0; t < tagList.Length; t++)
        {
            var a = tagList[t];
            if (IsParty(partyOf, ref p, a)) continue;
            while (i < oldTags.Length && oldTags[i] < a) i++;
            if (i == oldTags.Length || oldTags[i] != a) added++;
        }
        var tags = added == 0 ? oldTags : new int[oldTags.Length + added];
        var sums = added == 0 ? oldSums : new double[oldTags.Length + added];
        var o = 0;
        var n = 0;
        var values = tagged.Values;
        for (int t = 0, p = 0; t < tagList.Length; t++)
        {
            var a = tagList[t];
            if (IsParty(partyOf, ref p, a)) continue;
            var sum = 0.0;
            for (var l = 0; l < lanes; l++) sum += values[t * lanes + l];
            while (o < oldTags.Length && oldTags[o] < a)
            {
                if (added > 0) { tags[n] = oldTags[o]; sums[n] = oldSums[o]; }
                n++;
                o++;
            }
            var previous = o < oldTags.Length && oldTags[o] == a ? oldSums[o++] : 0.0;
            tags[n] = a;
            sums[n] = previous + sum;
            n++;
        }
        if (added == 0) return;
        for (; o < oldTags.Length; o++, n++) { tags[n] = oldTags[o]; sums[n] = oldSums[o]; }
        _reachedTags[region] = tags;
        _reachedSums[region] = sums;
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

    /// <summary>
    /// <see cref="Descriptive.Bands"/>, bit for bit, without sorting when there are 2 to 20 lanes: the 5th and 95th percentiles
    /// then read only the two smallest and the two largest values, found in the same pass that sums the mean (in lane order).
    /// With no NaN, infinity or negative zero among the values, equal values are the same bits, so these order statistics are
    /// exactly the sorted array's whatever the sort does with ties; otherwise (and for other lane counts) Descriptive.Bands decides.
    /// </summary>
    public static (double Mean, double P05, double P95) Bands(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var n = values.Length;
        if (n < 2 || n > 20) return Descriptive.Bands(values, scratch);
        var first = values[0];
        double sum = 0;
        var constant = true;
        var plain = true;
        double min1 = double.PositiveInfinity, min2 = double.PositiveInfinity, max1 = double.NegativeInfinity, max2 = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) return (double.NaN, double.NaN, double.NaN);
            sum += v;
            if (v != first) constant = false;
            if (!double.IsFinite(v) || (v == 0 && double.IsNegative(v))) plain = false;
            if (v < min1) { min2 = min1; min1 = v; }
            else if (v < min2) min2 = v;
            if (v > max1) { max2 = max1; max1 = v; }
            else if (v > max2) max2 = v;
        }
        var mean = sum / n;
        if (constant && double.IsFinite(first)) return (mean, first, first);
        if (!plain) return Descriptive.Bands(values, scratch);
        var h05 = (n - 1) * 0.05;
        var lo05 = (int)Math.Floor(h05);
        var h95 = (n - 1) * 0.95;
        var lo95 = (int)Math.Floor(h95);
        if (lo05 != 0 || lo95 != n - 2) return Descriptive.Bands(values, scratch);
        return (mean, min1 + (h05 - lo05) * (min2 - min1), max2 + (h95 - lo95) * (max1 - max2));
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
        Parallel.For(0, ranges, k =>
        {
            var scratch = new double[lanes];
            for (var j = RangeStart(k, ranges, regionCount); j < RangeStart(k + 1, ranges, regionCount); j++)
            {
                var r = visit[j];
                var o = outputs[r];
                var row = regionValues.AsSpan(r * regionColumns, regionColumns);
                var c = 0;
                for (var m = 0; m < RegionMetrics.Count; m++) c = PutStat(row, c, o.Metrics.AsSpan(m * lanes, lanes), scratch);
                for (var s = 0; s < services; s++) c = PutStat(row, c, o.ServiceCost.AsSpan(s * lanes, lanes), scratch);
                for (var s = 0; s < services; s++) c = PutStat(row, c, o.ServiceSaving.AsSpan(s * lanes, lanes), scratch);
                for (var f = 0; f < o.Food.Length / lanes; f++) c = PutStat(row, c, o.Food.AsSpan(f * lanes, lanes), scratch);
                for (var f = 0; f < o.Cpi.Length / lanes; f++) c = PutStat(row, c, o.Cpi.AsSpan(f * lanes, lanes), scratch);
                if (c != regionColumns) throw new InvalidOperationException($"region {r} has {c / width} quantities, the header {_regionQuantities}");
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
        Parallel.For(0, agreementRanges, k =>
        {
            var lo = RangeStart(k, agreementRanges, agreements);
            var hi = RangeStart(k + 1, agreementRanges, agreements);
            for (var r = 0; r < regionCount; r++)
            {
                AddTagged(outputs[r].Direct, r, lo, hi, signatories, others, null);
                AddTagged(outputs[r].Spill, r, lo, hi, signatories, others, reached);
            }
        });
        // Benefit each non-signatory region received by agreement, to date (sum over lanes): what "regions reached" counts (each
        // region's own totals, so in the step's order too).
        Parallel.For(0, ranges, k =>
        {
            for (var j = RangeStart(k, ranges, regionCount); j < RangeStart(k + 1, ranges, regionCount); j++)
            {
                var r = visit[j];
                AddReached(r, outputs[r].Direct);
                AddReached(r, outputs[r].Spill);
            }
        });

        // Per agreement: its states (copied out for the outcome tables), the modal state, the active share and its three bands.
        // Agreements per state are counts (whole numbers far below 2^53), so adding the ranges' counts in any order is exact.
        var stateCount = LifecycleStates.All.Length;
        var states = new byte[agreements * lanes];
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
                var info = _world.Agreements[a];
                var owned = outputs[info.Owner].OwnedStates.AsSpan(_world.OwnedPosition[a] * lanes, lanes);
                owned.CopyTo(states.AsSpan(a * lanes, lanes));
                counts.Clear();
                for (var l = 0; l < lanes; l++)
                {
                    counts[owned[l]]++;
                    laneCounts[owned[l] * lanes + l]++;
                }
                var modal = 0;
                for (var s = 1; s < counts.Length; s++) if (counts[s] > counts[modal]) modal = s;
                agreementText[a] = AgreementText(a, modal);
                var row = agreementValues.AsSpan(a * agreementColumns, agreementColumns);
                row[0] = (double)counts[(int)LifecycleState.Active] / lanes;
                var c = agreementColumns0;
                c = PutStat(row, c, signatories.AsSpan(a * lanes, lanes), scratch);
                c = PutStat(row, c, others.AsSpan(a * lanes, lanes), scratch);
                PutStat(row, c, reached.AsSpan(a * lanes, lanes), scratch);
                for (var l = 0; l < lanes; l++)
                {
                    _cumSignatories[a * lanes + l] += signatories[a * lanes + l];
                    _cumOthers[a * lanes + l] += others[a * lanes + l];
                }
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
            var u = outputs[r].Spill.Untracked;
            for (var l = 0; l < lanes; l++)
            {
                benefitTotal[l] += m[RegionMetrics.Benefit * lanes + l];
                directTotal[l] += m[RegionMetrics.DirectBenefit * lanes + l];
                spillTotal[l] += m[RegionMetrics.Spillover * lanes + l];
                untracked[l] += u[l];
            }
        }
        var sig = new double[lanes];
        var oth = new double[lanes];
        for (var a = 0; a < agreements; a++)
            for (var l = 0; l < lanes; l++) { sig[l] += signatories[a * lanes + l]; oth[l] += others[a * lanes + l]; }
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
        for (var a = 0; a < _world.Agreements.Length; a++)
            for (var l = 0; l < lanes; l++) { sig[l] += _cumSignatories[a * lanes + l]; oth[l] += _cumOthers[a * lanes + l]; }
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
