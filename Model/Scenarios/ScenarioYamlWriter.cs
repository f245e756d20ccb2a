using System.Globalization;
using System.Text;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// Writes a resolved scenario in the scenario file format (docs/scenario-format.md): snake_case keys and enum
/// values, invariant culture, shortest round-trip numbers, one flow mapping per region, partner, neighbour,
/// agreement and shock. Fields at their "absent" value (null) are left out, so loading the text back gives an
/// equal scenario (variants are not written: the output is the scenario after its variant was applied).
/// </summary>
public static class ScenarioYamlWriter
{
    public static string ToYaml(Scenario s) => ToYaml(s, null);

    /// <summary>
    /// The scenario as YAML, with the lists named in <paramref name="tables"/> written as references to tables
    /// (list key → the reference's flow mapping, e.g. <c>regions</c> → <c>{ table: regions.csv }</c>).
    /// </summary>
    public static string ToYaml(Scenario s, IReadOnlyDictionary<string, string>? tables)
    {
        ArgumentNullException.ThrowIfNull(s);
        var w = new StringBuilder(1024 + 256 * (s.Regions.Count + s.Agreements.Count + s.Neighbours.Count / 2));
        w.Append("# yaml-language-server: $schema=schema.json\n");
        w.Append("# Written by KerjasamaGraph (ScenarioYamlWriter)");
        if (s.Variant is not null) w.Append(" from variant ").Append(s.Variant);
        w.Append(".\n");

        w.Append("scenario: { name: ").Append(Str(s.Name)).Append(", description: ").Append(Str(s.Description)).Append(" }\n");
        var r = s.Run;
        w.Append("run: { start: ").Append(Month(r.Start)).Append(", months: ").Append(Int(r.Months))
            .Append(", seed: ").Append(r.Seed.ToString(CultureInfo.InvariantCulture)).Append(", replications: ").Append(Int(r.Replications)).Append(" }\n");

        var p = s.Parameters;
        w.Append("parameters: { capacity_cost_effect: ").Append(Num(p.CapacityCostEffect))
            .Append(", knowledge_rate: ").Append(Num(p.KnowledgeRate))
            .Append(", peer_learning_rate: ").Append(Num(p.PeerLearningRate))
            .Append(", spillover_rate: ").Append(Num(p.SpilloverRate))
            .Append(", spillover_attribution_floor: ").Append(Num(p.SpilloverAttributionFloor))
            .Append(", agreement_coordination_cost: ").Append(Num(p.AgreementCoordinationCost))
            .Append(", funding_max_cost_share: ").Append(Num(p.FundingMaxCostShare))
            .Append(", budget_burden_share: ").Append(Num(p.BudgetBurdenShare)).Append(" }\n");

        var l = s.Lifecycle;
        w.Append("lifecycle: { initiative: ").Append(Num(l.Initiative))
            .Append(", offer: ").Append(Num(l.Offer))
            .Append(", joint_agreement: ").Append(Num(l.JointAgreement))
            .Append(", council_approval: ").Append(Num(l.CouncilApproval))
            .Append(", implementing_agreement: ").Append(Num(l.ImplementingAgreement))
            .Append(", default_term_months: ").Append(Int(l.DefaultTermMonths)).Append(" }\n");

        var g = s.Policies.OneGate;
        w.Append("policies:\n");
        w.Append("  one_gate: { enabled: ").Append(Bool(g.Enabled));
        if (g.Regions is not null) w.Append(", regions: ").Append(List(g.Regions));
        w.Append(", review_capacity: ").Append(Int(g.ReviewCapacity))
            .Append(", review_months: ").Append(Int(g.ReviewMonths))
            .Append(", quality_threshold: ").Append(Num(g.QualityThreshold)).Append(" }\n");
        w.Append("  coordination_delay_months: ").Append(Num(s.Policies.CoordinationDelayMonths)).Append('\n');
        w.Append("  revoke_after_loss_months: ").Append(Int(s.Policies.RevokeAfterLossMonths)).Append('\n');

        w.Append("services:").Append(s.Services.Count == 0 ? " {}\n" : "\n");
        foreach (var (id, d) in s.Services)
        {
            w.Append("  ").Append(Key(id)).Append(": { name: ").Append(Str(d.Name))
                .Append(", unit: ").Append(Str(d.Unit))
                .Append(", cost_elasticity: ").Append(Num(d.CostElasticity))
                .Append(", reference_demand: ").Append(Num(d.ReferenceDemand))
                .Append(", reference_unit_cost: ").Append(Num(d.ReferenceUnitCost));
            if (d.OptimalScale is { } q) w.Append(", optimal_scale: ").Append(Num(q));
            w.Append(", diseconomy_elasticity: ").Append(Num(d.DiseconomyElasticity))
                .Append(", haulage_per_unit_km: ").Append(Num(d.HaulagePerUnitKm))
                .Append(", coordination_cost: ").Append(Num(d.CoordinationCost)).Append(" }\n");
        }

        if (s.Commodities.Count > 0)
        {
            w.Append("commodities:\n");
            foreach (var (id, c) in s.Commodities)
            {
                w.Append("  ").Append(Key(id)).Append(": { name: ").Append(Str(c.Name))
                    .Append(", unit: ").Append(Str(c.Unit))
                    .Append(", price_response: ").Append(Num(c.PriceResponse))
                    .Append(", mean_reversion: ").Append(Num(c.MeanReversion))
                    .Append(", transmission: ").Append(Num(c.Transmission))
                    .Append(", freight_rate: ").Append(Num(c.FreightRate))
                    .Append(", cpi_weight: ").Append(Num(c.CpiWeight)).Append(" }\n");
            }
        }

        foreach (var x in ListOrTable(w, tables, "regions", s.Regions))
        {
            w.Append("  - { id: ").Append(Str(x.Id)).Append(", name: ").Append(Str(x.Name))
                .Append(", kind: ").Append(Snake(x.Kind.ToString())).Append(", province: ").Append(Str(x.Province))
                .Append(", population: ").Append(Num(x.Population)).Append(", area_km2: ").Append(Num(x.AreaKm2))
                .Append(", lat: ").Append(Num(x.Lat)).Append(", lon: ").Append(Num(x.Lon))
                .Append(", budget: ").Append(Num(x.Budget)).Append(", capacity: ").Append(Num(x.Capacity))
                .Append(", services: {");
            var first = true;
            foreach (var (id, rs) in x.Services)
            {
                w.Append(first ? " " : ", ").Append(Key(id)).Append(": { demand: ").Append(Num(rs.Demand));
                if (rs.UnitCost is { } u) w.Append(", unit_cost: ").Append(Num(u));
                w.Append(" }");
                first = false;
            }
            w.Append(first ? "}" : " }");
            if (x.Food.Count > 0)
            {
                w.Append(", food: {");
                first = true;
                foreach (var (id, f) in x.Food)
                {
                    w.Append(first ? " " : ", ").Append(Key(id)).Append(": { per_capita: ").Append(Num(f.PerCapita))
                        .Append(", production: ").Append(Num(f.Production));
                    if (f.Seasonality.Count > 0) w.Append(", seasonality: [").Append(string.Join(", ", f.Seasonality.Select(Num))).Append(']');
                    w.Append(", noise: ").Append(Num(f.Noise)).Append(", base_price: ").Append(Num(f.BasePrice)).Append(" }");
                    first = false;
                }
                w.Append(" }");
            }
            if (x.NonFood.Trend != 0) w.Append(", non_food: { trend: ").Append(Num(x.NonFood.Trend)).Append(" }");
            w.Append(" }\n");
        }

        foreach (var x in ListOrTable(w, tables, "partners", s.Partners))
        {
            w.Append("  - { id: ").Append(Str(x.Id)).Append(", name: ").Append(Str(x.Name))
                .Append(", kind: ").Append(Snake(x.Kind.ToString())).Append(", country: ").Append(Str(x.Country))
                .Append(", capacity: ").Append(Num(x.Capacity));
            if (x.Funds is { } f) w.Append(", funds: ").Append(Num(f));
            w.Append(", lat: ").Append(Num(x.Lat)).Append(", lon: ").Append(Num(x.Lon)).Append(" }\n");
        }

        foreach (var x in ListOrTable(w, tables, "neighbours", s.Neighbours))
        {
            w.Append("  - { a: ").Append(Str(x.A)).Append(", b: ").Append(Str(x.B));
            if (x.BorderKm is { } b) w.Append(", border_km: ").Append(Num(b));
            if (x.RoadKm is { } rk) w.Append(", road_km: ").Append(Num(rk));
            w.Append(" }\n");
        }

        foreach (var a in ListOrTable(w, tables, "agreements", s.Agreements))
        {
            w.Append("  - { id: ").Append(Str(a.Id)).Append(", type: ").Append(Snake(a.Type.ToString()))
                .Append(", name: ").Append(Str(a.Name)).Append(", legal_form: ").Append(Snake(a.LegalForm.ToString()))
                .Append(", parties: ").Append(List(a.Parties));
            if (a.Host is not null) w.Append(", host: ").Append(Str(a.Host));
            if (a.Service is not null) w.Append(", service: ").Append(Str(a.Service));
            if (a.Subject is not null) w.Append(", subject: ").Append(Str(a.Subject));
            if (a.Type == AgreementType.SharedService || a.CostRule != CostRule.Demand) w.Append(", cost_rule: ").Append(Snake(a.CostRule.ToString()));
            if (a.Amount != 0 || a.Type == AgreementType.Funding) w.Append(", amount: ").Append(Num(a.Amount));
            if (a.BurdensBudget is { } bb) w.Append(", burdens_budget: ").Append(Bool(bb));
            if (a.Commodity is not null) w.Append(", commodity: ").Append(Str(a.Commodity));
            if (a.Volume != 0) w.Append(", volume: ").Append(Num(a.Volume));
            if (a.FreightSubsidy != 0) w.Append(", freight_subsidy: ").Append(Num(a.FreightSubsidy));
            var t = a.Timing;
            w.Append(", lifecycle: {");
            var parts = new List<string>(5);
            if (t.Initiated is { } i) parts.Add("initiated: " + Month(i));
            if (t.ActiveFrom is { } af) parts.Add("active_from: " + Month(af));
            if (t.TermMonths is { } tm) parts.Add("term_months: " + Int(tm));
            parts.Add("renew: " + Bool(t.Renew));
            if (t.RevokeAt is { } ra) parts.Add("revoke_at: " + Month(ra));
            w.Append(' ').Append(string.Join(", ", parts)).Append(" }");
            w.Append(", source: ").Append(Str(a.Source)).Append(" }\n");
        }

        w.Append("shocks:").Append(s.Shocks.Count == 0 ? " []\n" : "\n");
        foreach (var x in s.Shocks)
        {
            w.Append("  - { id: ").Append(Str(x.Id)).Append(", kind: ").Append(Snake(x.Kind.ToString()));
            if (x.Service is not null) w.Append(", service: ").Append(Str(x.Service));
            if (x.Commodity is not null) w.Append(", commodity: ").Append(Str(x.Commodity));
            if (x.Regions is not null) w.Append(", regions: ").Append(List(x.Regions));
            w.Append(", from: ").Append(Month(x.From)).Append(", to: ").Append(Month(x.To))
                .Append(", factor: ").Append(Num(x.Factor)).Append(" }\n");
        }
        if (s.Triggers.Count > 0)
        {
            w.Append("triggers:\n");
            foreach (var t in s.Triggers)
            {
                w.Append("  - { id: ").Append(Str(t.Id)).Append(", region: ").Append(Str(t.Region))
                    .Append(", indicator: ").Append(Snake(t.Indicator.ToString())).Append(", threshold: ").Append(Num(t.Threshold))
                    .Append(", months: ").Append(Int(t.Months)).Append(", commodity: ").Append(Str(t.Commodity));
                if (t.Candidates is not null) w.Append(", candidates: ").Append(List(t.Candidates));
                w.Append(", top: ").Append(Int(t.Top)).Append(", volume: ").Append(Num(t.Volume))
                    .Append(", freight_subsidy: ").Append(Num(t.FreightSubsidy)).Append(", legal_form: ").Append(Snake(t.LegalForm.ToString()));
                if (t.TermMonths is { } tm) w.Append(", term_months: ").Append(Int(tm));
                w.Append(", source: ").Append(Str(t.Source)).Append(" }\n");
            }
        }
        return w.ToString();
    }

    /// <summary>
    /// Writes a list's key and returns its items to write, or writes the reference to the list's table when
    /// <paramref name="tables"/> names one and returns no items.
    /// </summary>
    private static IReadOnlyList<T> ListOrTable<T>(StringBuilder w, IReadOnlyDictionary<string, string>? tables, string key, IReadOnlyList<T> items)
    {
        if (tables is not null && tables.TryGetValue(key, out var table))
        {
            w.Append(key).Append(": ").Append(table).Append('\n');
            return [];
        }
        w.Append(key).Append(':').Append(items.Count == 0 ? " []\n" : "\n");
        return items;
    }

    /// <summary>PascalCase to snake_case (enum values).</summary>
    public static string Snake(string pascal)
    {
        var b = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) b.Append('_');
                b.Append(char.ToLowerInvariant(c));
            }
            else b.Append(c);
        }
        return b.ToString();
    }

    /// <summary>A number as the scenario format writes it: the shortest invariant text that reads back as the same double.</summary>
    internal static string Number(double v) => Num(v);

    private static string Num(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) throw new ArgumentException($"cannot write {v} to a scenario file");
        // "R" is the shortest text that parses back to the same double (.NET Core 3.0 and later).
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool v) => v ? "true" : "false";

    private static string Month(YearMonth m) => m.ToString();

    private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Str)) + "]";

    private static string Key(string id) => Str(id);

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    /// <summary>A plain scalar where that is unambiguous in flow context, otherwise a double-quoted string.</summary>
    private static string Str(string value)
    {
        if (IsPlainSafe(value)) return value;
        var b = new StringBuilder(value.Length + 2);
        b.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' or '\uFEFF')
                        b.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        b.Append('"');
        return b.ToString();
    }

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || Reserved.Contains(value)) return false;
        if (!char.IsAsciiLetter(value[0])) return false;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return false;
        }
        return true;
    }
}
