using System.Globalization;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Client.Reports;

/// <summary>
/// Composes a policy brief from a run folder or a comparison folder. Every figure in the text and tables is computed
/// from the folder's CSV files (the scenario file, when still present, only supplies names, coordinates, parties,
/// parameter values and sources).
/// </summary>
public static class BriefBuilder
{
    private const double Million = 1e-6;

    public static BriefDocument ForRun(RunFolder run, BriefLanguage t)
    {
        var scenario = run.Scenario;
        var name = Name(run);
        var months = run.Summary.Rows.Count;
        var start = run.ManifestText("start");
        var f = run.Figures();
        var doc = new BriefDocument(t.Format("title_run", name), t.Code);
        doc.H(1, t.Format("title_run", name));
        doc.H(2, t["question"]).P(t.Format("question_run", name, months, start));
        AddScenario(doc, t, scenario, name);
        doc.H(2, t["findings"]).List(RunFindings(f, t));
        AddWhoGains(doc, run, f, t);
        AddAgreements(doc, run, t);
        doc.H(2, t["charts"]);
        doc.Figure(TimeChart(t, [(name, run)]));
        doc.Figure(RegionChart(run, t));
        if (scenario is not null) doc.Figure(BriefCharts.Map("map", t["chart_map"], scenario, run.RegionTotals().ToDictionary(r => r.Id, r => r.Benefit)));
        AddAssumptions(doc, scenario, t);
        AddReproduce(doc, t, run.ManifestText("program_version"), run.ManifestText("scenario_path"), run.ManifestText("scenario_hash"),
            run.ManifestText("seed"), run.ManifestText("replications"), run.ManifestText("engine"), run.ManifestText("command"));
        return doc;
    }

    public static BriefDocument ForComparison(CompareFolder compare, BriefLanguage t)
    {
        var baseline = compare.Baseline;
        var scenario = baseline.Scenario;
        var name = Name(baseline);
        var variants = compare.Variants.Select(v => v.Name).ToList();
        var doc = new BriefDocument(t.Format("title_compare", string.Join(", ", variants)), t.Code);
        doc.H(1, t.Format("title_compare", string.Join(", ", variants)));
        doc.H(2, t["question"]).P(t.Format("question_compare", name, baseline.Summary.Rows.Count, baseline.ManifestText("start")));
        AddScenario(doc, t, scenario, name);
        doc.H(3, t["variants"]).List(variants);

        var findings = new List<string>();
        foreach (var v in variants)
        {
            var (diff, low, high) = compare.RunDifference(v, "benefit_total");
            var share = compare.RunDifference(v, "non_signatory_share");
            var shareText = t.Number(share.Difference * 100, 1);
            findings.Add(double.IsNaN(low)
                ? t.Format("finding_variant_noci", v, t.Money(diff), "", shareText)
                : t.Format("finding_variant", v, t.Money(diff), t.Interval(t.Money(low), t.Money(high)), shareText));
        }
        findings.AddRange(RunFindings(baseline.Figures(), t).Take(1).Select(s => $"{t["baseline"]}: {s}"));
        doc.H(2, t["findings"]).List(findings);

        doc.H(2, t["who"]);
        var names = RegionNames(scenario);
        foreach (var v in variants)
        {
            var regions = compare.RegionDifferences(v);
            var gainers = string.Join(", ", regions.Where(r => r.Difference > 0).Take(3).Select(r => $"{names.GetValueOrDefault(r.Region, r.Region)} ({t.Money(r.Difference)})"));
            var losing = regions.Where(r => r.Difference < 0).OrderBy(r => r.Difference).ToList();
            var losers = losing.Take(5).Select(r => $"{names.GetValueOrDefault(r.Region, r.Region)} ({t.Money(r.Difference)})").ToList();
            if (losing.Count > 5) losers.Add(t.Format("and_more", losing.Count - 5));
            doc.P(t.Format("who_variant_gainers", v, gainers.Length == 0 ? "–" : gainers,
                losers.Count == 0 ? t["who_variant_no_losers"] : t.Format("who_variant_losers", string.Join(", ", losers))));
        }
        var rows = new List<string[]>();
        foreach (var v in variants)
        {
            foreach (var indicator in LaneIndicators.Names)
            {
                var (diff, low, high) = compare.RunDifference(v, indicator);
                if (double.IsNaN(diff)) continue;   // e.g. inflation in a scenario without food markets
                var money = indicator is "benefit_total" or "direct_benefit" or "spillover";
                string F(double x) => money ? t.Money(x) : t.Number(x, indicator == "agreements_active" ? 1 : 4);
                rows.Add([v, indicator, F(diff), double.IsNaN(low) ? "–" : t.Interval(F(low), F(high))]);
            }
        }
        doc.Table([t["variant"], t["indicator"], t["difference"], t["interval"]], rows, 2, 3);

        doc.H(2, t["charts"]);
        doc.Figure(TimeChart(t, [(t["baseline"], baseline), .. compare.Variants.Select(v => (v.Name, v.Run))]));
        foreach (var (v, i) in variants.Select((v, i) => (v, i)))
        {
            var diffs = compare.RegionDifferences(v).Take(20).Select(r => (names.GetValueOrDefault(r.Region, r.Region), r.Difference, r.Low, r.High)).ToList();
            doc.Figure(BriefCharts.DifferenceBars($"regions-difference-{i + 1}", $"{t["chart_region_diff"]}: {v}", diffs, Million));
        }
        AddAssumptions(doc, scenario, t);
        AddReproduce(doc, t, compare.Manifest.GetProperty("program_version").GetString() ?? "", baseline.ManifestText("scenario_path"),
            compare.Manifest.GetProperty("scenario_hash").GetString() ?? "", compare.Manifest.GetProperty("seed").ToString(),
            compare.Manifest.GetProperty("replications").ToString(), compare.Manifest.GetProperty("engine").GetString() ?? "",
            compare.Manifest.GetProperty("command").GetString() ?? "");
        return doc;
    }

    private static string Name(RunFolder run)
    {
        var name = run.ManifestText("scenario_name");
        var variant = run.ManifestText("variant");
        return variant.Length == 0 ? name : $"{name} ({variant})";
    }

    private static Dictionary<string, string> RegionNames(Scenario? scenario) =>
        scenario?.Regions.ToDictionary(r => r.Id, r => string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    public static IReadOnlyList<string> RunFindings(RunFigures f, BriefLanguage t) =>
    [
        t.Format("finding_total", t.Money(f.TotalBenefit.Mean), t.Money(f.TotalBenefit.P05), t.Money(f.TotalBenefit.P95)),
        t.Format("finding_split", t.Money(f.Direct), t.Money(f.Spillover)),
        t.Format("finding_share", t.Percent(f.NonSignatoryShare)),
        t.Format("finding_gini", t.Number(f.GiniCumulative.Mean, 3), t.Interval(t.Number(f.GiniCumulative.P05, 3), t.Number(f.GiniCumulative.P95, 3))),
    ];

    private static void AddScenario(BriefDocument doc, BriefLanguage t, Scenario? scenario, string name)
    {
        doc.H(2, t["scenario"]);
        doc.P(scenario is null ? name : $"{name}: {scenario.Description}".TrimEnd(':', ' '));
    }

    private static void AddWhoGains(BriefDocument doc, RunFolder run, RunFigures f, BriefLanguage t)
    {
        var names = RegionNames(run.Scenario);
        doc.H(2, t["who"]);
        doc.P(t.Format("who_signatories", t.Money(f.SignatoryBenefit), f.NonSignatoryRegions, t.Money(f.NonSignatoryBenefit)));
        doc.P(f.Losers.Count == 0 ? t["who_no_losers"] : t.Format("who_losers", string.Join(", ", f.Losers.Select(l => names.GetValueOrDefault(l, l)))));
        var regions = run.RegionTotals().OrderByDescending(r => r.Benefit).ThenBy(r => r.Id, StringComparer.Ordinal).Take(15);
        doc.Table([t["region"], t["benefit"], t["direct"], t["spillover"], t["per_head"]],
            regions.Select(r => new[]
            {
                names.GetValueOrDefault(r.Id, r.Id), t.Money(r.Benefit), t.Money(r.Direct), t.Money(r.Spillover),
                r.Population > 0 ? t.Number(r.Benefit / r.Population) : "–",
            }), 1, 2, 3, 4);
    }

    private static void AddAgreements(BriefDocument doc, RunFolder run, BriefLanguage t)
    {
        var sources = run.Scenario?.Agreements.ToDictionary(a => a.Id, a => a.Source, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = run.AgreementTotals().OrderByDescending(a => a.Signatories + a.Others).ThenBy(a => a.Id, StringComparer.Ordinal).Take(25)
            .Select(a => new[]
            {
                a.Id, a.Type, a.FinalState, t.Money(a.Signatories), t.Money(a.Others), t.Number(a.Reached), sources.GetValueOrDefault(a.Id, ""),
            });
        doc.H(2, t["agreements"]).Table([t["agreement"], t["type"], t["state"], t["to_signatories"], t["to_others"], t["reached"], t["source"]], rows, 3, 4, 5);
    }

    private static Chart TimeChart(BriefLanguage t, IReadOnlyList<(string Label, RunFolder Run)> runs)
    {
        var months = runs[0].Run.Summary.Rows.Select(r => runs[0].Run.Summary.Text(r, "month")).ToList();
        var series = runs.Select(x =>
        {
            var s = x.Run.Summary;
            var bands = s.Rows.Select(r => s.Band(r, "benefit_total")).ToList();
            return (x.Label, bands.Select(b => b.Mean).ToArray(), bands.Select(b => b.P05).ToArray(), bands.Select(b => b.P95).ToArray());
        }).ToList();
        return BriefCharts.TimeSeries("benefit-over-time", t["chart_time"], months, series, Million);
    }

    private static Chart RegionChart(RunFolder run, BriefLanguage t)
    {
        var names = RegionNames(run.Scenario);
        var regions = run.RegionTotals().OrderByDescending(r => r.Benefit).ThenBy(r => r.Id, StringComparer.Ordinal).Take(20)
            .Select(r => (names.GetValueOrDefault(r.Id, r.Id), r.Direct, r.Spillover)).ToList();
        return BriefCharts.RegionBars("benefit-by-region", t["chart_regions"], regions, t["direct"], t["spillover"], Million);
    }

    /// <summary>Parameter values with where they come from: the documented default and its reference, or the scenario file.</summary>
    private static void AddAssumptions(BriefDocument doc, Scenario? scenario, BriefLanguage t)
    {
        if (scenario is null) return;
        var p = scenario.Parameters;
        var d = new ModelParameters();
        string Src(double value, double fallback, string reference) => value == fallback ? reference : "scenario file";
        var rows = new List<string[]>
        {
            new[] { "ρ spillover_rate", t.Number(p.SpilloverRate, 2), Src(p.SpilloverRate, d.SpilloverRate, "MODEL.md default (spatial lag, Anselin 1988)") },
            new[] { "η capacity_cost_effect", t.Number(p.CapacityCostEffect, 2), Src(p.CapacityCostEffect, d.CapacityCostEffect, "MODEL.md default") },
            new[] { "γ knowledge_rate", t.Number(p.KnowledgeRate, 3), Src(p.KnowledgeRate, d.KnowledgeRate, "docs/model.md default") },
            new[] { "δ peer_learning_rate", t.Number(p.PeerLearningRate, 3), Src(p.PeerLearningRate, d.PeerLearningRate, "docs/model.md default") },
            new[] { "φ funding_max_cost_share", t.Number(p.FundingMaxCostShare, 2), Src(p.FundingMaxCostShare, d.FundingMaxCostShare, "docs/model.md default") },
            new[] { "agreement_coordination_cost", t.Money(p.AgreementCoordinationCost), Src(p.AgreementCoordinationCost, d.AgreementCoordinationCost, "docs/model.md default") },
            new[] { "one_gate", scenario.Policies.OneGate.Enabled ? $"{scenario.Policies.OneGate.ReviewCapacity}/month, {scenario.Policies.OneGate.ReviewMonths} month(s)" : "off", "scenario file" },
        };
        foreach (var s in scenario.Services.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            rows.Add([$"β {s.Id}", t.Number(s.CostElasticity, 2), s.Id == "water" ? "Shih et al. 2006 (0.84); scenario file" : "scenario file (MODEL.md: waste 0.85–0.9)"]);
        }
        doc.H(2, t["assumptions"]).Table([t["parameter"], t["value"], t["source"]], rows, 1);
    }

    private static void AddReproduce(BriefDocument doc, BriefLanguage t, string version, string path, string hash, string seed, string replications,
        string engine, string command)
    {
        doc.H(2, t["reproduce"]).P(t.Format("reproduce_text", version, path, hash, seed, replications, engine)).Code(command);
    }
}
