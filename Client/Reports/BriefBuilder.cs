using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Client.Reports;

/// <summary>
/// Composes a policy brief from a run folder or a comparison folder. Every figure in the text and tables is computed
/// from the folder's CSV files and comparison.json (the scenario file, when still present, only supplies names,
/// descriptions, coordinates, parties, parameter values and sources).
/// </summary>
public static class BriefBuilder
{
    private const double Million = 1e-6;
    private const int TopRegions = 15;
    private const int TopAgreements = 25;
    private const int ChartRegions = 20;

    public static BriefDocument ForRun(RunFolder run, BriefLanguage t)
    {
        var scenario = run.Scenario;
        var name = run.ManifestText("scenario_name");
        var months = run.Summary.Rows.Count;
        var f = run.Figures();
        var doc = new BriefDocument(t.Format("title_run", name), t.Code);
        doc.H(1, t.Format("title_run", name));
        doc.H(2, t["question"]).P(t.Format("question_run", name, months, run.ManifestText("start")));
        AddScenario(doc, t, scenario, name);
        var variant = run.ManifestText("variant");
        if (variant.Length > 0) doc.P(t.Format("run_of_variant", scenario?.VariantDescriptions.GetValueOrDefault(variant) ?? variant));

        var findings = RunFindings(f, t).ToList();
        var never = run.AgreementTotals().Where(a => !a.EverActive && a.FinalState is not ("not_started")).ToList();
        if (never.Count > 0)
        {
            findings.Add(t.Format("finding_never_active", string.Join(", ", never.Select(a => a.FinalState == "rejected"
                ? t.Format("never_active_rejected", run.AgreementName(a.Id))
                : $"“{run.AgreementName(a.Id)}” ({t.State(a.FinalState)})"))));
        }
        if (InflationFinding(run, t) is { } inflation) findings.Add(inflation);
        doc.H(2, t["findings"]).List(findings);
        AddWhoGains(doc, run, f, t);
        AddAgreements(doc, run, t);
        doc.H(2, t["charts"]);
        doc.Figure(TimeChart(t, [(name, run)]));
        doc.Figure(RegionChart(run, t));
        if (scenario is not null) doc.Figure(BriefCharts.Map("map", t["chart_map"], scenario, run.RegionTotals().ToDictionary(r => r.Id, r => r.Benefit), t));
        AddAssumptions(doc, scenario, t);
        AddReproduce(doc, t, run.ManifestText("program_version"), run.ManifestText("scenario_path"), run.ManifestText("scenario_hash"),
            run.ManifestText("seed"), run.ManifestText("replications"), run.ManifestText("engine"), run.ManifestText("command"));
        return doc;
    }

    public static BriefDocument ForComparison(CompareFolder compare, BriefLanguage t)
    {
        var baseline = compare.Baseline;
        var scenario = baseline.Scenario;
        var name = baseline.ManifestText("scenario_name");
        var variants = compare.Variants.Select(v => v.Name).ToList();
        var notes = variants.ToDictionary(v => v, compare.Note);
        bool Unchanged(string v) => notes[v]?.IdenticalToBaseline == true;
        var replications = compare.Manifest.GetProperty("replications").ToString();

        var doc = new BriefDocument(t.Format("title_compare", name), t.Code);
        doc.H(1, t.Format("title_compare", name));
        doc.H(2, t["question"]).P(t.Format("question_compare", name, baseline.Summary.Rows.Count, baseline.ManifestText("start")));
        AddScenario(doc, t, scenario, name);
        doc.H(3, t["variants"]).List(variants.Select(v => t.Format("variant_item", compare.Describe(v), v)));

        var baseFigures = baseline.Figures();
        var findings = new List<string>
        {
            t.Format("finding_baseline", t.Money(baseFigures.TotalBenefit.Mean), t.Money(baseFigures.TotalBenefit.P05), t.Money(baseFigures.TotalBenefit.P95)),
        };
        var hasInflation = !double.IsNaN(compare.RunDifference(variants[0], "yoy_inflation").Difference);
        foreach (var v in variants)
        {
            var label = compare.Describe(v);
            var note = notes[v];
            var rejected = note?.Rejected.Select(r => Rejection(r, t)).ToList() ?? [];
            if (Unchanged(v))
            {
                findings.Add(t.Format("variant_nothing", label, string.Join(" ", rejected)));
                continue;
            }
            var (diff, low, high) = compare.RunDifference(v, "benefit_total");
            var share = compare.RunDifference(v, "non_signatory_share");
            var shareText = t.Change(share.Difference * 100, 1);
            findings.Add(double.IsNaN(low)
                ? t.Format("finding_variant_noci", label, t.Money(diff), "", shareText)
                : t.Format("finding_variant", label, t.Money(diff), t.Interval(t.Money(low), t.Money(high)), shareText));
            if (hasInflation)
            {
                var yoy = compare.RunDifference(v, "yoy_inflation");
                findings.Add(t.Format("finding_variant_inflation", label, t.Change(yoy.Difference, 2),
                    double.IsNaN(yoy.Low) ? "–" : t.Interval(t.Change(yoy.Low, 2), t.Change(yoy.High, 2))));
            }
            if (rejected.Count > 0) findings.Add(t.Format("variant_rejected", label, string.Join(" ", rejected)));
        }
        doc.H(2, t["findings"]).List(findings);

        doc.H(2, t["who"]);
        var names = RegionNames(scenario);
        foreach (var v in variants.Where(v => !Unchanged(v)))
        {
            var regions = compare.RegionDifferences(v);
            var gaining = regions.Where(r => r.Difference > 0).Take(3).Select(r => $"{names.GetValueOrDefault(r.Region, r.Region)} ({t.Money(r.Difference)})").ToList();
            var losing = regions.Where(r => r.Difference < 0).OrderBy(r => r.Difference).ToList();
            var losers = losing.Take(5).Select(r => $"{names.GetValueOrDefault(r.Region, r.Region)} ({t.Money(r.Difference)})").ToList();
            if (losing.Count > 5) losers.Add(t.Format("and_more", losing.Count - 5));
            doc.P(t.Format("who_variant", compare.Describe(v),
                gaining.Count == 0 ? t["who_variant_no_gainers"] : t.Format("who_variant_gainers", string.Join(", ", gaining)),
                losers.Count == 0 ? t["who_variant_no_losers"] : t.Format("who_variant_losers", string.Join(", ", losers))));
        }

        doc.H(2, t["differences"]).P(t.Format("differences_caption", replications));
        foreach (var v in variants.Where(v => !Unchanged(v)))
        {
            var rows = new List<string[]>();
            foreach (var indicator in LaneIndicators.Names)
            {
                var row = compare.RunRow(v, indicator);
                if (double.IsNaN(row.Difference)) continue;   // e.g. inflation in a scenario without food markets
                rows.Add([
                    t.Indicator(indicator), Value(t, indicator, row.Baseline), Value(t, indicator, row.Variant), Difference(t, indicator, row.Difference),
                    double.IsNaN(row.Low) ? "–" : t.Interval(Difference(t, indicator, row.Low), Difference(t, indicator, row.High)),
                ]);
            }
            doc.H(3, compare.Describe(v));
            doc.Table([t["indicator"], t["baseline_value"], t["variant_value"], t["difference"], t["interval"]], rows, 1, 2, 3, 4);
        }

        doc.H(2, t["charts"]);
        doc.Figure(TimeChart(t, [(t["baseline"], baseline), .. compare.Variants.Where(v => !Unchanged(v.Name)).Select(v => (BriefCharts.Short(compare.Describe(v.Name)), v.Run))]));
        foreach (var (v, i) in variants.Select((v, i) => (v, i)).Where(x => !Unchanged(x.v)))
        {
            var all = compare.RegionDifferences(v);
            var diffs = all.OrderByDescending(r => Math.Abs(r.Difference)).ThenBy(r => r.Region, StringComparer.Ordinal).Take(ChartRegions)
                .OrderByDescending(r => r.Difference).ThenBy(r => r.Region, StringComparer.Ordinal)
                .Select(r => (names.GetValueOrDefault(r.Region, r.Region), r.Difference, r.Low, r.High)).ToList();
            var caption = t.Format("chart_region_diff", compare.Describe(v));
            if (all.Count > ChartRegions) caption += " " + t.Format("chart_largest_differences", ChartRegions, all.Count);
            doc.Figure(BriefCharts.DifferenceBars($"regions-difference-{i + 1}", caption, diffs, Million, t));
        }
        AddAssumptions(doc, scenario, t);
        AddReproduce(doc, t, compare.Manifest.GetProperty("program_version").GetString() ?? "", baseline.ManifestText("scenario_path"),
            compare.Manifest.GetProperty("scenario_hash").GetString() ?? "", compare.Manifest.GetProperty("seed").ToString(),
            replications, compare.Manifest.GetProperty("engine").GetString() ?? "",
            compare.Manifest.GetProperty("command").GetString() ?? "");
        return doc;
    }

    /// <summary>Why an agreement of a variant never got through, in the brief's language.</summary>
    public static string Rejection(ComparisonNote.Rejection r, BriefLanguage t)
    {
        var name = r.Name.Length > 0 ? r.Name : r.Agreement;
        return r.Cause == "duplicate"
            ? t.Format("rejected_duplicate", name, r.OwnerName, r.Replications, r.DuplicateOf ?? "")
            : r.ExAnteNetBenefit is { } b
                ? t.Format("rejected_threshold", name, r.OwnerName, r.Replications, t.Money(b), t.Money(r.QualityThreshold))
                : t.Format("rejected_threshold_noestimate", name, r.OwnerName, r.Replications, t.Money(r.QualityThreshold));
    }

    /// <summary>An indicator's whole-run value in its unit.</summary>
    private static string Value(BriefLanguage t, string indicator, double v) => indicator switch
    {
        "benefit_total" or "direct_benefit" or "spillover" => t.Money(v),
        "benefit_per_capita" => "Rp " + t.Number(v),
        "non_signatory_share" => t.Number(v * 100, 1) + "%",
        "gini_per_capita_benefit" => t.Number(v, 3),
        "agreements_active" => t.Number(v, 1),
        "mtm_inflation" or "yoy_inflation" => t.Number(v, 2) + "%",
        _ => t.Number(v, 4),
    };

    /// <summary>A difference of an indicator in its unit (shares and inflation in percentage points).</summary>
    private static string Difference(BriefLanguage t, string indicator, double d) => indicator switch
    {
        "benefit_total" or "direct_benefit" or "spillover" => t.Money(d),
        "benefit_per_capita" => "Rp " + t.Change(d, 0),
        "non_signatory_share" => t.Change(d * 100, 1) + " " + t["pp_short"],
        "gini_per_capita_benefit" => t.Change(d, 3),
        "agreements_active" => t.Change(d, 1),
        "mtm_inflation" or "yoy_inflation" => t.Change(d, 2) + " " + t["pp_short"],
        _ => t.Change(d, 4),
    };

    private static Dictionary<string, string> RegionNames(Scenario? scenario) =>
        scenario?.Regions.ToDictionary(r => r.Id, r => string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The headline findings; the share and the Gini coefficient only where they are defined (benefit above zero).</summary>
    public static IReadOnlyList<string> RunFindings(RunFigures f, BriefLanguage t)
    {
        var findings = new List<string>
        {
            t.Format("finding_total", t.Money(f.TotalBenefit.Mean), t.Money(f.TotalBenefit.P05), t.Money(f.TotalBenefit.P95)),
            t.Format("finding_split", t.Money(f.Direct), t.Money(f.Spillover)),
        };
        if (!double.IsNaN(f.NonSignatoryShare)) findings.Add(t.Format("finding_share", t.Percent(f.NonSignatoryShare)));
        if (!double.IsNaN(f.GiniCumulative.Mean))
        {
            findings.Add(t.Format("finding_gini", t.Number(f.GiniCumulative.Mean, 3), t.Interval(t.Number(f.GiniCumulative.P05, 3), t.Number(f.GiniCumulative.P95, 3))));
        }
        else findings.Add(t["finding_no_gini"]);
        return findings;
    }

    /// <summary>
    /// With food markets: the peak and final year-on-year inflation of the region a trigger watches (the city in an
    /// inflation shock), or of the most populous region with a market when no trigger names one.
    /// </summary>
    private static string? InflationFinding(RunFolder run, BriefLanguage t)
    {
        if (!run.Regions.Has("yoy_inflation")) return null;
        var byRegion = run.Regions.Rows.GroupBy(r => run.Regions.Text(r, "region"))
            .Select(g => (Id: g.Key, Rows: g.ToList()))
            .Where(g => g.Rows.Any(r => !double.IsNaN(run.Regions.Number(r, "yoy_inflation")))).ToList();
        if (byRegion.Count == 0) return null;
        var watched = run.Scenario?.Triggers.Select(x => x.Region).FirstOrDefault(id => byRegion.Any(g => g.Id == id));
        var (id, rows) = watched is not null
            ? byRegion.First(g => g.Id == watched)
            : byRegion.OrderByDescending(g => run.Regions.Number(g.Rows[0], "population")).ThenBy(g => g.Id, StringComparer.Ordinal).First();
        var series = rows.Select(r => (Month: run.Regions.Text(r, "month"), Yoy: run.Regions.Number(r, "yoy_inflation"))).Where(x => !double.IsNaN(x.Yoy)).ToList();
        var peak = series.OrderByDescending(x => x.Yoy).First();
        return t.Format("finding_inflation", RegionNames(run.Scenario).GetValueOrDefault(id, id), t.Number(peak.Yoy, 2), peak.Month, t.Number(series[^1].Yoy, 2));
    }

    private static void AddScenario(BriefDocument doc, BriefLanguage t, Scenario? scenario, string name)
    {
        doc.H(2, t["scenario"]);
        doc.P(scenario is null || scenario.Description.Length == 0 ? name : $"{name}: {scenario.Description}");
    }

    private static void AddWhoGains(BriefDocument doc, RunFolder run, RunFigures f, BriefLanguage t)
    {
        var names = RegionNames(run.Scenario);
        doc.H(2, t["who"]);
        doc.P(t.Format("who_signatories", t.Money(f.SignatoryBenefit), f.NonSignatoryRegions, t.Money(f.NonSignatoryBenefit)));
        doc.P(f.Losers.Count == 0 ? t["who_no_losers"] : t.Format("who_losers", string.Join(", ", f.Losers.Select(l => names.GetValueOrDefault(l, l)))));
        var all = run.RegionTotals();
        var regions = all.OrderByDescending(r => r.Benefit).ThenBy(r => r.Id, StringComparer.Ordinal).Take(TopRegions);
        doc.Table([t["region"], t["benefit"], t["direct"], t["spillover"], t["per_head"]],
            regions.Select(r => new[]
            {
                names.GetValueOrDefault(r.Id, r.Id), t.Money(r.Benefit), t.Money(r.Direct), t.Money(r.Spillover),
                r.Population > 0 ? t.Number(r.Benefit / r.Population) : "–",
            }), 1, 2, 3, 4);
        if (all.Count > TopRegions) doc.Caption(t.Format("top_regions", TopRegions, all.Count));
    }

    private static void AddAgreements(BriefDocument doc, RunFolder run, BriefLanguage t)
    {
        var sources = run.Scenario?.Agreements.ToDictionary(a => a.Id, a => a.Source, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var all = run.AgreementTotals().Where(a => a.FinalState != "not_started" || a.EverActive).ToList();
        var rows = all.OrderByDescending(a => a.Signatories + a.Others).ThenBy(a => a.Id, StringComparer.Ordinal).Take(TopAgreements)
            .Select(a => new[]
            {
                run.AgreementName(a.Id), t.AgreementType(a.Type), t.State(a.FinalState), t.Money(a.Signatories), t.Money(a.Others), t.Number(a.Reached),
                sources.GetValueOrDefault(a.Id, ""),
            });
        doc.H(2, t["agreements"]).Table([t["agreement"], t["type"], t["state"], t["to_signatories"], t["to_others"], t["reached"], t["source"]], rows, 3, 4, 5);
        doc.Caption(all.Count > TopAgreements ? t.Format("top_agreements", TopAgreements, all.Count) + " " + t["reached_caption"] : t["reached_caption"]);
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
        return BriefCharts.TimeSeries("benefit-over-time", t["chart_time"], months, series, Million, t);
    }

    private static Chart RegionChart(RunFolder run, BriefLanguage t)
    {
        var names = RegionNames(run.Scenario);
        var all = run.RegionTotals();
        var regions = all.OrderByDescending(r => r.Benefit).ThenBy(r => r.Id, StringComparer.Ordinal).Take(ChartRegions)
            .Select(r => (names.GetValueOrDefault(r.Id, r.Id), r.Direct, r.Spillover)).ToList();
        var caption = all.Count > ChartRegions ? t["chart_regions"] + " " + t.Format("chart_largest_benefit", ChartRegions, all.Count) : t["chart_regions"];
        return BriefCharts.RegionBars("benefit-by-region", caption, regions, t["direct"], t["spillover"], Million, t);
    }

    /// <summary>Parameter values, whether they are the model's defaults or the scenario's, and the section of docs/model.md that explains them.</summary>
    private static void AddAssumptions(BriefDocument doc, Scenario? scenario, BriefLanguage t)
    {
        if (scenario is null) return;
        var p = scenario.Parameters;
        var d = new ModelParameters();
        string From(double value, double fallback) => value == fallback ? t["from_default"] : t["from_scenario"];
        string Section(string key) => t.Format("section", t[key]);
        var gate = scenario.Policies.OneGate;
        var rows = new List<string[]>
        {
            new[] { t["param_spillover_rate"], t.Number(p.SpilloverRate, 2), From(p.SpilloverRate, d.SpilloverRate), Section("sec_spillover") },
            new[] { t["param_capacity_cost_effect"], t.Number(p.CapacityCostEffect, 2), From(p.CapacityCostEffect, d.CapacityCostEffect), Section("sec_shared") },
            new[] { t["param_knowledge_rate"], t.Number(p.KnowledgeRate, 3), From(p.KnowledgeRate, d.KnowledgeRate), Section("sec_capacity") },
            new[] { t["param_peer_learning_rate"], t.Number(p.PeerLearningRate, 3), From(p.PeerLearningRate, d.PeerLearningRate), Section("sec_capacity") },
            new[] { t["param_funding_max_cost_share"], t.Number(p.FundingMaxCostShare, 2), From(p.FundingMaxCostShare, d.FundingMaxCostShare), Section("sec_funding") },
            new[] { t["param_agreement_coordination_cost"], t.Money(p.AgreementCoordinationCost), From(p.AgreementCoordinationCost, d.AgreementCoordinationCost), Section("sec_coordination") },
            new[]
            {
                t["param_one_gate"],
                gate.Enabled ? t.Format("param_one_gate_value", gate.ReviewCapacity, gate.ReviewMonths, t.Money(gate.QualityThreshold)) : t["param_one_gate_off"],
                t["from_scenario"], Section("sec_lifecycle"),
            },
        };
        foreach (var s in scenario.Services.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var reference = s.Id == "water" ? t["reference_water"] : s.Id == "waste" ? t["reference_waste"] : null;
            rows.Add([t.Format("param_cost_elasticity", string.IsNullOrEmpty(s.Name) ? s.Id : s.Name), t.Number(s.CostElasticity, 2),
                reference is null ? t["from_scenario"] : $"{t["from_scenario"]} ({reference})", Section("sec_shared")]);
        }
        var c = new Commodity { Id = "" };
        foreach (var k in scenario.Commodities.Values.OrderBy(k => k.Id, StringComparer.Ordinal))
        {
            var label = string.IsNullOrEmpty(k.Name) ? k.Id : k.Name;
            rows.Add([t.Format("param_price_response", label), t.Number(k.PriceResponse, 2), From(k.PriceResponse, c.PriceResponse), Section("sec_food")]);
            rows.Add([t.Format("param_mean_reversion", label), t.Number(k.MeanReversion, 2), From(k.MeanReversion, c.MeanReversion), Section("sec_food")]);
            rows.Add([t.Format("param_transmission", label), t.Number(k.Transmission, 2),
                k.Transmission == c.Transmission ? t.Format("from_default_ref", t["reference_transmission"]) : t["from_scenario"], Section("sec_food")]);
        }
        doc.H(2, t["assumptions"]).Table([t["parameter"], t["value"], t["where_from"], t["mechanism"]], rows, 1);
    }

    private static void AddReproduce(BriefDocument doc, BriefLanguage t, string version, string path, string hash, string seed, string replications,
        string engine, string command)
    {
        doc.H(2, t["reproduce"]).P(t.Format("reproduce_text", version, path, hash, seed, replications, engine)).Code(command);
    }
}
