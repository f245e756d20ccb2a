using KerjasamaGraph.Client.Reports;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Web.Runs;

/// <summary>A series over the months of a run: the mean and its 5th–95th percentile band across replications.</summary>
public sealed record Band(double[] Mean, double[] Low, double[] High);

/// <summary>The paired difference of one indicator over the whole run, for one variant.</summary>
public sealed record Difference(string Variant, string Indicator, double Baseline, double VariantMean, double Mean, double Low, double High, int Pairs);

/// <summary>What the results page shows of one run folder: series for the charts and the month-by-month replay.</summary>
public sealed class RunView
{
    public required RunFolder Folder { get; init; }
    public required string Label { get; init; }
    public required IReadOnlyList<string> Months { get; init; }
    public required Band Benefit { get; init; }
    public required Band NonSignatoryShare { get; init; }
    /// <summary>Agreements by lifecycle state per month (means over replications), states that occur at all.</summary>
    public required IReadOnlyList<(string State, double[] Counts)> States { get; init; }
    /// <summary>Per region over the whole run: direct benefit and spillover (means), largest benefit first.</summary>
    public required IReadOnlyList<(string Id, string Name, double Direct, double Spillover)> Regions { get; init; }
    /// <summary>Year-on-year inflation per market region and month (empty without food markets).</summary>
    public required IReadOnlyList<(string Id, string Name, double[] Values)> Inflation { get; init; }
    /// <summary>Replay: agreement id → state per month.</summary>
    public required IReadOnlyDictionary<string, string[]> AgreementStates { get; init; }
    /// <summary>Replay: region id → cumulative benefit to each month.</summary>
    public required IReadOnlyDictionary<string, double[]> CumulativeBenefit { get; init; }
    public required double TotalBenefit { get; init; }
    public required (double Low, double High) TotalBenefitBand { get; init; }
    public Scenario? Scenario => Folder.Scenario;

    public static RunView Read(string folder, string label)
    {
        var run = RunFolder.Read(folder);
        var summary = run.Summary;
        var months = summary.Rows.Select(r => summary.Text(r, "month")).ToList();
        Band BandOf(string column)
        {
            var bands = summary.Rows.Select(r => summary.Band(r, column)).ToList();
            return new Band(bands.Select(b => b.Mean).ToArray(), bands.Select(b => b.P05).ToArray(), bands.Select(b => b.P95).ToArray());
        }
        var states = LifecycleStates.All.Select(s => s.Name())
            .Where(s => summary.Has("agreements_" + s))
            .Select(s => (s, summary.Rows.Select(r => summary.Number(r, "agreements_" + s)).ToArray()))
            .Where(x => x.Item2.Any(v => v > 0)).ToList();
        var names = run.Scenario?.Regions.ToDictionary(r => r.Id, r => string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var regions = run.RegionTotals().OrderByDescending(r => r.Benefit).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => (r.Id, names.GetValueOrDefault(r.Id, r.Id), r.Direct, r.Spillover)).ToList();

        var index = months.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);
        var cumulative = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var inflation = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var hasInflation = run.Regions.Has("yoy_inflation");
        foreach (var row in run.Regions.Rows)
        {
            var id = run.Regions.Text(row, "region");
            var t = index[run.Regions.Text(row, "month")];
            if (!cumulative.TryGetValue(id, out var values)) cumulative[id] = values = new double[months.Count];
            values[t] = run.Regions.Number(row, "benefit");
            if (hasInflation && run.Regions.Number(row, "yoy_inflation") is var y && !double.IsNaN(y))
            {
                if (!inflation.TryGetValue(id, out var series)) inflation[id] = series = Enumerable.Repeat(double.NaN, months.Count).ToArray();
                series[t] = y;
            }
        }
        foreach (var values in cumulative.Values) for (var t = 1; t < values.Length; t++) values[t] += values[t - 1];

        var agreementStates = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var row in run.Agreements.Rows)
        {
            var id = run.Agreements.Text(row, "agreement");
            if (!agreementStates.TryGetValue(id, out var s)) agreementStates[id] = s = Enumerable.Repeat("not_started", months.Count).ToArray();
            s[index[run.Agreements.Text(row, "month")]] = run.Agreements.Text(row, "state");
        }
        var watched = run.Scenario?.Triggers.Select(t => t.Region).ToHashSet(StringComparer.Ordinal) ?? [];
        var total = summary.Band(summary.Rows[^1], "benefit_cumulative");
        return new RunView
        {
            Folder = run, Label = label, Months = months, Benefit = BandOf("benefit_total"), NonSignatoryShare = BandOf("non_signatory_share"),
            States = states, Regions = regions,
            // Regions that watch their inflation (triggers) first, then those whose inflation moved most.
            Inflation = inflation.OrderByDescending(x => watched.Contains(x.Key))
                .ThenByDescending(x => x.Value.Where(v => !double.IsNaN(v)).Select(Math.Abs).DefaultIfEmpty(0).Max()).Take(6)
                .Select(x => (x.Key, names.GetValueOrDefault(x.Key, x.Key), x.Value)).ToList(),
            AgreementStates = agreementStates, CumulativeBenefit = cumulative, TotalBenefit = total.Mean, TotalBenefitBand = (total.P05, total.P95),
        };
    }
}

/// <summary>What the results page shows of a comparison: each run, and the paired differences with their 95% intervals.</summary>
public sealed class ComparisonView
{
    public required CompareFolder Folder { get; init; }
    public required RunView Baseline { get; init; }
    public required IReadOnlyList<RunView> Variants { get; init; }
    /// <summary>Whole-run differences for every variant and indicator that has a value.</summary>
    public required IReadOnlyList<Difference> Differences { get; init; }
    /// <summary>Per variant: benefit difference per month with its interval.</summary>
    public required IReadOnlyDictionary<string, Band> MonthlyDifference { get; init; }
    /// <summary>Per variant: each region's whole-run benefit difference with its interval, largest first.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<(string Id, string Name, double Mean, double Low, double High)>> RegionDifferences { get; init; }
    public required int Replications { get; init; }

    public static ComparisonView Read(string folder)
    {
        var compare = CompareFolder.Read(folder);
        var baseline = RunView.Read(Path.Combine(folder, "baseline"), "baseline");
        var variants = compare.Variants.Select(v => RunView.Read(Path.Combine(folder, v.Name), v.Name)).ToList();
        var table = compare.Comparison;
        var differences = new List<Difference>();
        var monthly = new Dictionary<string, Band>(StringComparer.Ordinal);
        foreach (var v in compare.Variants.Select(v => v.Name))
        {
            foreach (var indicator in LaneIndicators.Names)
            {
                var row = table.Rows.FirstOrDefault(r => r[0] == v && r[1] == indicator && r[2] == "run");
                if (row is null || double.IsNaN(table.Number(row, "difference"))) continue;
                differences.Add(new Difference(v, indicator, table.Number(row, "baseline_mean"), table.Number(row, "variant_mean"), table.Number(row, "difference"),
                    table.Number(row, "ci95_low"), table.Number(row, "ci95_high"), (int)table.Number(row, "replications")));
            }
            var rows = table.Rows.Where(r => r[0] == v && r[1] == "benefit_total" && r[2] != "run").ToList();
            monthly[v] = new Band(rows.Select(r => table.Number(r, "difference")).ToArray(), rows.Select(r => table.Number(r, "ci95_low")).ToArray(),
                rows.Select(r => table.Number(r, "ci95_high")).ToArray());
        }
        var names = baseline.Scenario?.Regions.ToDictionary(r => r.Id, r => string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var regionDifferences = compare.Variants.ToDictionary(v => v.Name, v => (IReadOnlyList<(string, string, double, double, double)>)compare
            .RegionDifferences(v.Name).Select(r => (r.Region, names.GetValueOrDefault(r.Region, r.Region), r.Difference, r.Low, r.High)).ToList(), StringComparer.Ordinal);
        return new ComparisonView
        {
            Folder = compare, Baseline = baseline, Variants = variants, Differences = differences, MonthlyDifference = monthly,
            RegionDifferences = regionDifferences, Replications = compare.Manifest.GetProperty("replications").GetInt32(),
        };
    }
}
