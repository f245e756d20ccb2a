using System.Text.Json;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Client.Reports;

/// <summary>One run folder read back: its tables, manifest and (when the scenario file is still there) its scenario.</summary>
public sealed class RunFolder
{
    public required string Directory { get; init; }
    public required CsvTable Regions { get; init; }
    public required CsvTable Agreements { get; init; }
    public required CsvTable Summary { get; init; }
    public required JsonElement Manifest { get; init; }
    public Scenario? Scenario { get; init; }

    public string ManifestText(string key) => Manifest.TryGetProperty(key, out var v) ? v.ToString() : "";

    public static RunFolder Read(string directory)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath)) throw new Commands.InputException($"{manifestPath}: file not found (is {directory} a run folder?)");
        JsonElement manifest;
        try { manifest = JsonDocument.Parse(File.ReadAllText(manifestPath)).RootElement.Clone(); }
        catch (JsonException e) { throw new Commands.InputException($"{manifestPath}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON"); }
        var folder = new RunFolder
        {
            Directory = directory,
            Regions = CsvTable.Read(Path.Combine(directory, "regions.csv")),
            Agreements = CsvTable.Read(Path.Combine(directory, "agreements.csv")),
            Summary = CsvTable.Read(Path.Combine(directory, "summary.csv")),
            Manifest = manifest,
        };
        var path = folder.ManifestText("scenario_path");
        var variant = folder.ManifestText("variant");
        if (path.Length > 0 && File.Exists(path))
        {
            var loaded = ScenarioLoader.Load(path, variant.Length == 0 ? null : variant);
            if (loaded.Ok) return new RunFolder
            {
                Directory = directory, Regions = folder.Regions, Agreements = folder.Agreements, Summary = folder.Summary, Manifest = manifest,
                Scenario = loaded.Scenario,
            };
        }
        return folder;
    }

    /// <summary>Per region, cumulative over the run: benefit, direct benefit and spillover (means over replications).</summary>
    public IReadOnlyList<(string Id, double Population, double Benefit, double Direct, double Spillover)> RegionTotals()
    {
        var totals = new Dictionary<string, (double Pop, double B, double D, double S)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in Regions.Rows)
        {
            var id = Regions.Text(row, "region");
            if (!totals.TryGetValue(id, out var t)) { t = (Regions.Number(row, "population"), 0, 0, 0); order.Add(id); }
            totals[id] = (t.Pop, t.B + Regions.Number(row, "benefit"), t.D + Regions.Number(row, "direct_benefit"), t.S + Regions.Number(row, "spillover"));
        }
        return order.Select(id => (id, totals[id].Pop, totals[id].B, totals[id].D, totals[id].S)).ToList();
    }

    /// <summary>
    /// Per agreement, cumulative: benefit to signatories and to others, most regions reached in a month, the final state,
    /// and whether it was active in some replication in some month (active_share above 0).
    /// </summary>
    public IReadOnlyList<AgreementTotal> AgreementTotals()
    {
        var result = new Dictionary<string, AgreementTotal>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in Agreements.Rows)
        {
            var id = Agreements.Text(row, "agreement");
            if (!result.TryGetValue(id, out var t)) { t = new AgreementTotal(id, Agreements.Text(row, "type"), 0, 0, 0, "", false); order.Add(id); }
            result[id] = t with
            {
                Signatories = t.Signatories + Agreements.Number(row, "benefit_signatories"),
                Others = t.Others + Agreements.Number(row, "benefit_non_signatories"),
                Reached = Math.Max(t.Reached, Agreements.Number(row, "regions_reached")),
                FinalState = Agreements.Text(row, "state"),
                EverActive = t.EverActive || Agreements.Number(row, "active_share") > 0,
            };
        }
        return order.Select(id => result[id]).ToList();
    }

    /// <summary>
    /// The agreement's name in the scenario file; for an agreement a trigger starts (id TRIGGER:PRODUCER), "TRIGGER →
    /// producer's name"; its id when the file is gone or the name is empty.
    /// </summary>
    public string AgreementName(string id)
    {
        if (Scenario?.Agreements.FirstOrDefault(a => a.Id == id) is { Name.Length: > 0 } a) return a.Name;
        if (TriggerParties(id) is { } parties)
        {
            var producer = Scenario!.Regions.FirstOrDefault(r => r.Id == parties[1]);
            return $"{id[..id.IndexOf(':')]} → {(producer is { Name.Length: > 0 } ? producer.Name : parties[1])}";
        }
        return id;
    }

    /// <summary>[buyer region, producer] of a TRIGGER:PRODUCER agreement of this scenario, or null.</summary>
    private string[]? TriggerParties(string id)
    {
        var colon = id.IndexOf(':');
        if (colon <= 0 || Scenario is null) return null;
        var trigger = Scenario.Triggers.FirstOrDefault(t => t.Id == id[..colon]);
        return trigger is null ? null : [trigger.Region, id[(colon + 1)..]];
    }

    /// <summary>The headline figures a brief states, computed from the tables.</summary>
    public RunFigures Figures()
    {
        var last = Summary.Rows[^1];
        var total = Summary.Band(last, "benefit_cumulative");
        var direct = Summary.Rows.Sum(r => Summary.Number(r, "direct_benefit"));
        var spill = Summary.Rows.Sum(r => Summary.Number(r, "spillover"));
        var agreements = AgreementTotals();
        var sig = agreements.Sum(a => a.Signatories);
        var oth = agreements.Sum(a => a.Others);
        var gini = Summary.Band(last, "gini_cumulative_per_capita_benefit");
        var regions = RegionTotals();
        var parties = Scenario is null ? null : new HashSet<string>(Scenario.Agreements.SelectMany(a => a.Parties), StringComparer.Ordinal);
        // Agreements a trigger started (TRIGGER:PRODUCER) have the trigger's region and the producer as parties.
        foreach (var a in agreements.Where(a => a.EverActive && TriggerParties(a.Id) is not null)) parties?.UnionWith(TriggerParties(a.Id)!);
        var signatories = regions.Where(r => parties?.Contains(r.Id) ?? r.Direct != 0).ToList();
        var others = regions.Where(r => !(parties?.Contains(r.Id) ?? r.Direct != 0)).ToList();
        return new RunFigures(total, direct, spill, sig + oth > 0 ? oth / (sig + oth) : double.NaN, gini,
            signatories.Sum(r => r.Benefit), others.Count, others.Sum(r => r.Benefit),
            regions.Where(r => r.Benefit < 0).Select(r => r.Id).ToList());
    }
}

public sealed record AgreementTotal(string Id, string Type, double Signatories, double Others, double Reached, string FinalState, bool EverActive);

public sealed record RunFigures(
    (double Mean, double P05, double P95) TotalBenefit,
    double Direct,
    double Spillover,
    double NonSignatoryShare,
    (double Mean, double P05, double P95) GiniCumulative,
    double SignatoryBenefit,
    int NonSignatoryRegions,
    double NonSignatoryBenefit,
    IReadOnlyList<string> Losers);

/// <summary>A comparison folder read back: its paired-difference tables and the run folders behind them.</summary>
public sealed class CompareFolder
{
    public required string Directory { get; init; }
    public required CsvTable Comparison { get; init; }
    public required CsvTable RegionComparison { get; init; }
    public required JsonElement Manifest { get; init; }
    public required RunFolder Baseline { get; init; }
    public required IReadOnlyList<(string Name, RunFolder Run)> Variants { get; init; }

    public static bool IsCompareFolder(string directory) => File.Exists(Path.Combine(directory, "comparison.json"));

    public static CompareFolder Read(string directory)
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "comparison.json"))).RootElement.Clone();
        var names = manifest.GetProperty("variants").EnumerateArray().Select(v => v.GetString()!).ToList();
        return new CompareFolder
        {
            Directory = directory,
            Comparison = CsvTable.Read(Path.Combine(directory, "comparison.csv")),
            RegionComparison = CsvTable.Read(Path.Combine(directory, "regions_comparison.csv")),
            Manifest = manifest,
            Baseline = RunFolder.Read(Path.Combine(directory, "baseline")),
            Variants = names.Select(n => (n, RunFolder.Read(Path.Combine(directory, n)))).ToList(),
        };
    }

    /// <summary>The whole-run paired difference of an indicator for a variant: (difference, low, high).</summary>
    public (double Difference, double Low, double High) RunDifference(string variant, string indicator)
    {
        var row = RunRow(variant, indicator);
        return (row.Difference, row.Low, row.High);
    }

    /// <summary>The whole-run row of comparison.csv for a variant and indicator.</summary>
    public (double Baseline, double Variant, double Difference, double Low, double High) RunRow(string variant, string indicator)
    {
        var row = Comparison.Rows.Single(r => r[0] == variant && r[1] == indicator && r[2] == "run");
        return (Comparison.Number(row, "baseline_mean"), Comparison.Number(row, "variant_mean"), Comparison.Number(row, "difference"),
            Comparison.Number(row, "ci95_low"), Comparison.Number(row, "ci95_high"));
    }

    /// <summary>The variant's description in the scenario file, or its name when it has none.</summary>
    public string Describe(string variant) =>
        Baseline.Scenario?.VariantDescriptions.GetValueOrDefault(variant) is { Length: > 0 } d ? d.TrimEnd('.', ' ') : variant;

    /// <summary>comparison.json's note on a variant (rejected agreements, no change at all), if it has one.</summary>
    public ComparisonNote? Note(string variant)
    {
        if (!Manifest.TryGetProperty("variant_notes", out var notes)) return null;
        foreach (var n in notes.EnumerateArray())
        {
            if (n.GetProperty("variant").GetString() != variant) continue;
            var rejected = n.GetProperty("rejected_agreements").EnumerateArray().Select(r => new ComparisonNote.Rejection(
                r.GetProperty("agreement").GetString() ?? "", r.GetProperty("name").GetString() ?? "", r.GetProperty("owner_name").GetString() ?? "",
                r.GetProperty("replications").GetInt32(), r.GetProperty("cause").GetString() ?? "", r.GetProperty("duplicate_of").GetString(),
                r.GetProperty("ex_ante_net_benefit_per_month") is { ValueKind: JsonValueKind.Number } b ? b.GetDouble() : null,
                r.GetProperty("quality_threshold").GetDouble())).ToList();
            return new ComparisonNote(n.GetProperty("identical_to_baseline").GetBoolean(), rejected);
        }
        return null;
    }

    /// <summary>Whole-run region differences for a variant, largest gain first.</summary>
    public IReadOnlyList<(string Region, double Difference, double Low, double High)> RegionDifferences(string variant) =>
        RegionComparison.Rows.Where(r => r[0] == variant && r[2] == "run")
            .Select(r => (r[1], RegionComparison.Number(r, "difference"), RegionComparison.Number(r, "ci95_low"), RegionComparison.Number(r, "ci95_high")))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Item1, StringComparer.Ordinal).ToList();
}

/// <summary>A variant note of comparison.json, read back.</summary>
public sealed record ComparisonNote(bool IdenticalToBaseline, IReadOnlyList<ComparisonNote.Rejection> Rejected)
{
    public sealed record Rejection(string Agreement, string Name, string OwnerName, int Replications, string Cause, string? DuplicateOf,
        double? ExAnteNetBenefit, double QualityThreshold);
}
