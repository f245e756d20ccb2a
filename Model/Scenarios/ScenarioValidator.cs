using System.Globalization;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>Field paths as used in <see cref="Scenario.Locations"/> and in error messages.</summary>
public static class ScenarioPaths
{
    /// <summary>
    /// The path of an item of an id-keyed list: <c>list.id</c> for the first item with a usable id,
    /// <c>list[index]</c> otherwise (no id, an id that cannot be part of a path, or a repeated id).
    /// </summary>
    public static string Item(string list, string? id, int index, HashSet<string> seen) =>
        id is not null && IsValidId(id) && seen.Add(id) ? $"{list}.{id}" : Index(list, index);

    public static string Index(string list, int index) => $"{list}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>Ids are letters, digits, '-' and '_' (they appear in field paths, file names and output columns).</summary>
    public static bool IsValidId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>
/// Semantic checks of a scenario: ranges, references between ids, agreement parties and legal forms, and
/// conflicts between agreements. Positions come from <see cref="Scenario.Locations"/>; a scenario built in
/// code (no locations) gets errors without positions.
/// </summary>
public static class ScenarioValidator
{
    private static readonly PartnerKind[] ForeignKinds =
        [PartnerKind.ForeignCity, PartnerKind.ForeignGovernment, PartnerKind.InternationalOrganisation, PartnerKind.Donor, PartnerKind.Network];

    private static readonly PartnerKind[] ThirdPartyKinds = [PartnerKind.PrivateFirm, PartnerKind.University, PartnerKind.Network];

    public static IReadOnlyList<ScenarioError> Validate(Scenario scenario) => new Checker(scenario).Run();

    private sealed class Checker(Scenario s)
    {
        private readonly List<ScenarioError> _errors = [];
        private readonly Dictionary<string, Region> _regions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Partner> _partners = new(StringComparer.Ordinal);

        private void Error(string path, string message) => _errors.Add(new(s.LocationOf(path), path, message));

        /// <summary>True when the scenario was read from a file and the file had no value at this path (the loader has reported required keys).</summary>
        private bool Absent(string path) => s.Locations.Count > 0 && !s.Locations.ContainsKey(path);

        private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);

        private void Range(string path, double value, double min, double max, bool minOpen = false)
        {
            if (!double.IsFinite(value)) Error(path, $"must be a finite number, found {N(value)}");
            else if (value < min || (minOpen && value <= min) || value > max)
            {
                var range = double.IsPositiveInfinity(max)
                    ? (minOpen ? $"must be greater than {N(min)}" : min == 0 ? "must not be negative" : $"must be at least {N(min)}")
                    : $"must be between {N(min)} and {N(max)}";
                Error(path, $"{range}, found {N(value)}");
            }
        }

        private void NonNegative(string path, double value) => Range(path, value, 0, double.PositiveInfinity);

        private void Unit(string path, double value) => Range(path, value, 0, 1);

        public IReadOnlyList<ScenarioError> Run()
        {
            Settings();
            Services();
            Regions();
            Partners();
            Neighbours();
            OneGate();
            Agreements();
            Shocks();
            Commodities();
            Triggers();
            ObservedSeries();
            return _errors;
        }

        private void Settings()
        {
            var r = s.Run;
            if (r.Months is < 1 or > 1200) Error("run.months", $"must be between 1 and 1200, found {N(r.Months)}");
            if (r.Replications is < 1 or > 100_000) Error("run.replications", $"must be between 1 and 100000, found {N(r.Replications)}");

            var p = s.Parameters;
            Unit("parameters.capacity_cost_effect", p.CapacityCostEffect);
            Unit("parameters.knowledge_rate", p.KnowledgeRate);
            Unit("parameters.peer_learning_rate", p.PeerLearningRate);
            Range("parameters.spillover_rate", p.SpilloverRate, 0, 0.999);
            NonNegative("parameters.spillover_attribution_floor", p.SpilloverAttributionFloor);
            NonNegative("parameters.agreement_coordination_cost", p.AgreementCoordinationCost);
            Unit("parameters.funding_max_cost_share", p.FundingMaxCostShare);
            Unit("parameters.budget_burden_share", p.BudgetBurdenShare);

            var l = s.Lifecycle;
            NonNegative("lifecycle.initiative", l.Initiative);
            NonNegative("lifecycle.offer", l.Offer);
            NonNegative("lifecycle.joint_agreement", l.JointAgreement);
            NonNegative("lifecycle.council_approval", l.CouncilApproval);
            NonNegative("lifecycle.implementing_agreement", l.ImplementingAgreement);
            Term("lifecycle.default_term_months", l.DefaultTermMonths);

            var pol = s.Policies;
            NonNegative("policies.coordination_delay_months", pol.CoordinationDelayMonths);
            if (pol.RevokeAfterLossMonths < 0) Error("policies.revoke_after_loss_months", $"must not be negative, found {N(pol.RevokeAfterLossMonths)}");
            if (pol.OneGate.ReviewCapacity < 1) Error("policies.one_gate.review_capacity", $"must be at least 1 proposal a month, found {N(pol.OneGate.ReviewCapacity)}");
            if (pol.OneGate.ReviewMonths < 0) Error("policies.one_gate.review_months", $"must not be negative, found {N(pol.OneGate.ReviewMonths)}");
            if (!double.IsFinite(pol.OneGate.QualityThreshold)) Error("policies.one_gate.quality_threshold", $"must be a finite number, found {N(pol.OneGate.QualityThreshold)}");
        }

        private void Term(string path, int months)
        {
            if (months is < 1 or > 60) Error(path, $"must be between 1 and 60 months (a term is at most 60 months), found {N(months)}");
        }

        private void Services()
        {
            foreach (var (key, svc) in s.Services)
            {
                var p = $"services.{key}";
                if (!ScenarioPaths.IsValidId(key)) Error(p, $"service id '{key}' must be letters, digits, '-' or '_'");
                Range($"{p}.cost_elasticity", svc.CostElasticity, 0, double.PositiveInfinity, minOpen: true);
                Range($"{p}.reference_demand", svc.ReferenceDemand, 0, double.PositiveInfinity, minOpen: true);
                NonNegative($"{p}.reference_unit_cost", svc.ReferenceUnitCost);
                if (svc.OptimalScale is { } scale) Range($"{p}.optimal_scale", scale, 0, double.PositiveInfinity, minOpen: true);
                Range($"{p}.diseconomy_elasticity", svc.DiseconomyElasticity, 1, double.PositiveInfinity);
                NonNegative($"{p}.haulage_per_unit_km", svc.HaulagePerUnitKm);
                NonNegative($"{p}.coordination_cost", svc.CoordinationCost);
            }
        }

        private void CheckId(string path, string id, string what)
        {
            if (id.Length == 0)
            {
                if (!Absent($"{path}.id")) Error($"{path}.id", $"{what} needs an id");
            }
            else if (!ScenarioPaths.IsValidId(id))
                Error($"{path}.id", $"id '{id}' must be letters, digits, '-' or '_'");
        }

        private void Regions()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < s.Regions.Count; i++)
            {
                var r = s.Regions[i];
                var p = ScenarioPaths.Item("regions", r.Id, i, seen);
                CheckId(p, r.Id, "a region");
                if (r.Id.Length > 0 && !_regions.TryAdd(r.Id, r))
                    Error($"{p}.id", $"duplicate id '{r.Id}': {Where("regions", r.Id)} already uses it");
                NonNegative($"{p}.population", r.Population);
                NonNegative($"{p}.area_km2", r.AreaKm2);
                Range($"{p}.lat", r.Lat, -90, 90);
                Range($"{p}.lon", r.Lon, -180, 180);
                NonNegative($"{p}.budget", r.Budget);
                Unit($"{p}.capacity", r.Capacity);
                foreach (var (key, rs) in r.Services)
                {
                    var sp = $"{p}.services.{key}";
                    if (!s.Services.ContainsKey(key)) Error(sp, $"unknown service '{key}'{Known(key, s.Services.Keys, "services")}");
                    NonNegative($"{sp}.demand", rs.Demand);
                    if (rs.UnitCost is { } uc) NonNegative($"{sp}.unit_cost", uc);
                }
                foreach (var (key, f) in r.Food)
                {
                    var fp = $"{p}.food.{key}";
                    if (!s.Commodities.ContainsKey(key)) Error(fp, $"unknown commodity '{key}'{Known(key, s.Commodities.Keys, "commodities")}");
                    NonNegative($"{fp}.per_capita", f.PerCapita);
                    NonNegative($"{fp}.production", f.Production);
                    Range($"{fp}.noise", f.Noise, 0, 1);
                    Range($"{fp}.base_price", f.BasePrice, 0, 1e15, minOpen: true);
                    if (f.Seasonality.Count is not (0 or 12))
                        Error($"{fp}.seasonality", $"needs 12 monthly factors (January to December), found {N(f.Seasonality.Count)}");
                    for (var k = 0; k < f.Seasonality.Count; k++) NonNegative(ScenarioPaths.Index($"{fp}.seasonality", k), f.Seasonality[k]);
                }
                Range($"{p}.non_food.trend", r.NonFood.Trend, -0.5, 0.5);
            }
        }

        /// <summary>Commodities: ranges, weights that leave room for non-food prices, and someone who produces each one.</summary>
        private void Commodities()
        {
            var weights = 0.0;
            foreach (var (key, c) in s.Commodities)
            {
                var p = $"commodities.{key}";
                if (!ScenarioPaths.IsValidId(key)) Error(p, $"commodity id '{key}' must be letters, digits, '-' or '_'");
                Range($"{p}.price_response", c.PriceResponse, 0, 10);
                Unit($"{p}.mean_reversion", c.MeanReversion);
                Unit($"{p}.transmission", c.Transmission);
                NonNegative($"{p}.freight_rate", c.FreightRate);
                Unit($"{p}.cpi_weight", c.CpiWeight);
                if (double.IsFinite(c.CpiWeight)) weights += c.CpiWeight;
                if (!s.Regions.Any(r => r.Food.TryGetValue(key, out var f) && f.Production > 0))
                    Error(p, $"nobody produces commodity '{key}': give at least one region a production above 0 (regions[].food.{key}.production)");
            }
            if (weights > 1) Error("commodities", $"the commodities' cpi_weight add up to {N(weights)}; they must leave a non-food share (at most 1)");
        }

        private string Where(string list, string id)
        {
            var at = s.Locations.TryGetValue($"{list}.{id}.id", out var span) ? span : SourceSpan.None;
            var what = list == "regions" ? "region" : list == "partners" ? "partner" : list[..^1];
            return at == SourceSpan.None ? $"another {what}" : $"the {what} at {at}";
        }

        private void Partners()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < s.Partners.Count; i++)
            {
                var partner = s.Partners[i];
                var p = ScenarioPaths.Item("partners", partner.Id, i, seen);
                CheckId(p, partner.Id, "a partner");
                if (partner.Id.Length > 0)
                {
                    if (_regions.ContainsKey(partner.Id))
                        Error($"{p}.id", $"duplicate id '{partner.Id}': {Where("regions", partner.Id)} already uses it (regions and partners share one id space)");
                    else if (!_partners.TryAdd(partner.Id, partner))
                        Error($"{p}.id", $"duplicate id '{partner.Id}': {Where("partners", partner.Id)} already uses it");
                }
                Unit($"{p}.capacity", partner.Capacity);
                if (partner.Funds is { } f) NonNegative($"{p}.funds", f);
                Range($"{p}.lat", partner.Lat, -90, 90);
                Range($"{p}.lon", partner.Lon, -180, 180);
            }
        }

        private static string Known(string id, IEnumerable<string> known, string what)
        {
            var list = known.ToList();
            if (Suggest.Closest(id, list) is { } hint) return $" (did you mean '{hint}'?)";
            return list.Count == 0 ? $" (the scenario has no {what})" : "";
        }

        private void RegionRef(string path, string id)
        {
            if (id.Length == 0)
            {
                if (!Absent(path)) Error(path, "needs a region id");
            }
            else if (!_regions.ContainsKey(id))
                Error(path, _partners.ContainsKey(id)
                    ? $"'{id}' is a partner; a region is expected here"
                    : $"unknown region '{id}'{Known(id, _regions.Keys, "regions")}");
        }

        private void Neighbours()
        {
            var pairs = new Dictionary<(string, string), int>();
            for (var i = 0; i < s.Neighbours.Count; i++)
            {
                var n = s.Neighbours[i];
                var p = ScenarioPaths.Index("neighbours", i);
                RegionRef($"{p}.a", n.A);
                RegionRef($"{p}.b", n.B);
                if (n.BorderKm is { } bk) NonNegative($"{p}.border_km", bk);
                if (n.RoadKm is { } rk) NonNegative($"{p}.road_km", rk);
                if (n.A.Length == 0 || n.B.Length == 0) continue;
                if (n.A == n.B)
                {
                    Error($"{p}.b", $"a region cannot border itself ('{n.A}')");
                    continue;
                }
                var key = string.CompareOrdinal(n.A, n.B) < 0 ? (n.A, n.B) : (n.B, n.A);
                if (!pairs.TryAdd(key, i))
                {
                    var first = s.LocationOf(ScenarioPaths.Index("neighbours", pairs[key]));
                    Error(p, $"the pair {n.A} / {n.B} is listed twice{(first == SourceSpan.None ? "" : $" (first at {first})")}");
                }
            }
        }

        private void OneGate()
        {
            if (s.Policies.OneGate.Regions is not { } regions) return;
            for (var i = 0; i < regions.Count; i++) RegionRef(ScenarioPaths.Index("policies.one_gate.regions", i), regions[i]);
        }

        private void Agreements()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var windows = new List<(string Path, Agreement A, int Start, int End)>();
            var funding = new Dictionary<string, (double Total, List<string> Paths)>(StringComparer.Ordinal);

            for (var i = 0; i < s.Agreements.Count; i++)
            {
                var a = s.Agreements[i];
                var p = ScenarioPaths.Item("agreements", a.Id, i, seen);
                CheckId(p, a.Id, "an agreement");
                if (a.Id.Length > 0 && !ids.Add(a.Id))
                    Error($"{p}.id", $"duplicate agreement id '{a.Id}': {Where("agreements", a.Id)} already uses it");

                var partiesOk = Parties(p, a);
                if (partiesOk) LegalForm(p, a);
                Timing(p, a);
                if (a.Type == AgreementType.Funding) NonNegative($"{p}.amount", a.Amount);
                else if (a.Amount != 0) Error($"{p}.amount", $"only funding agreements have an amount ({a.Id} is {Snake(a.Type)})");

                if (a.Type == AgreementType.SharedService && partiesOk && a.Service is not null && Window(a) is { } w)
                    windows.Add((p, a, w.Start, w.End));
                if (a.Type == AgreementType.Funding && a.Parties.Count == 2 && _partners.TryGetValue(a.From, out var funder) && funder.Funds is not null && double.IsFinite(a.Amount))
                {
                    if (!funding.TryGetValue(a.From, out var f)) f = (0, []);
                    f.Total += a.Amount;
                    f.Paths.Add(p);
                    funding[a.From] = f;
                }
            }

            // A region cannot be in two shared-service agreements for the same service at once.
            for (var i = 0; i < windows.Count; i++)
                for (var j = 0; j < i; j++)
                {
                    var (pi, ai, si, ei) = windows[i];
                    var (_, aj, sj, ej) = windows[j];
                    if (ai.Service != aj.Service || si >= ej || sj >= ei) continue;
                    var shared = ai.Parties.Intersect(aj.Parties, StringComparer.Ordinal).ToList();
                    if (shared.Count == 0) continue;
                    Error($"{pi}.parties", $"{string.Join(", ", shared)} would be in two shared-service agreements for '{ai.Service}' at once: '{aj.Id}' and '{ai.Id}' overlap in time");
                }

            foreach (var (partnerId, (total, paths)) in funding)
            {
                var funds = _partners[partnerId].Funds!.Value;
                if (total > funds)
                    Error($"{paths[^1]}.amount", $"the funding agreements of '{partnerId}' add up to {N(total)}, more than its funds {N(funds)}");
            }
        }

        private static string Snake(Enum e) => ValueReader.SnakeCase(e.ToString());

        /// <summary>Checks the parties against the agreement type. Returns true when they can be used for further checks.</summary>
        private bool Parties(string p, Agreement a)
        {
            var pp = $"{p}.parties";
            var ok = true;
            for (var i = 0; i < a.Parties.Count; i++)
            {
                var id = a.Parties[i];
                if (!_regions.ContainsKey(id) && !_partners.ContainsKey(id))
                {
                    var all = _regions.Keys.Concat(_partners.Keys);
                    Error(ScenarioPaths.Index(pp, i), $"unknown party '{id}'{Known(id, all, "regions or partners")}");
                    ok = false;
                }
            }
            var distinct = a.Parties.Distinct(StringComparer.Ordinal).Count();
            if (distinct != a.Parties.Count)
            {
                Error(pp, "a party is listed more than once");
                ok = false;
            }
            var type = Snake(a.Type);

            if (a.Type != AgreementType.SharedService && a.Host is not null)
                Error($"{p}.host", $"only shared_service agreements have a host ({a.Id} is {type})");
            if (a.Type is AgreementType.Knowledge or AgreementType.FoodSupply && a.Service is not null)
                Error($"{p}.service", $"a {type} agreement has no service");

            switch (a.Type)
            {
                case AgreementType.SharedService:
                    if (a.Parties.Count < 2)
                    {
                        Error(pp, $"a shared_service agreement needs at least 2 regions, found {N(a.Parties.Count)}");
                        return false;
                    }
                    for (var i = 0; i < a.Parties.Count; i++)
                        if (_partners.ContainsKey(a.Parties[i]))
                        {
                            Error(ScenarioPaths.Index(pp, i), $"'{a.Parties[i]}' is a partner; the members of a shared_service agreement are regions");
                            ok = false;
                        }
                    if (a.Host is null)
                    {
                        Error(p, "a shared_service agreement needs a host: the region that runs the facility");
                        ok = false;
                    }
                    else if (!a.Parties.Contains(a.Host, StringComparer.Ordinal))
                    {
                        Error($"{p}.host", $"the host '{a.Host}' is not one of the parties");
                        ok = false;
                    }
                    if (a.Service is null)
                    {
                        Error(p, "a shared_service agreement needs a service");
                        return false;
                    }
                    if (!s.Services.ContainsKey(a.Service))
                    {
                        Error($"{p}.service", $"unknown service '{a.Service}'{Known(a.Service, s.Services.Keys, "services")}");
                        return false;
                    }
                    for (var i = 0; i < a.Parties.Count; i++)
                        if (_regions.TryGetValue(a.Parties[i], out var member) &&
                            (!member.Services.TryGetValue(a.Service, out var rs) || rs.Demand <= 0))
                            Error(ScenarioPaths.Index(pp, i), $"region '{member.Id}' has no demand for '{a.Service}' (set regions.{member.Id}.services.{a.Service}.demand)");
                    return ok;

                case AgreementType.Knowledge:
                case AgreementType.Funding:
                case AgreementType.FoodSupply:
                    if (a.Parties.Count != 2)
                    {
                        Error(pp, $"a {type} agreement has exactly 2 parties [from, to], found {N(a.Parties.Count)}");
                        return false;
                    }
                    if (!ok) return false;
                    var to = $"{pp}[1]";
                    var from = $"{pp}[0]";
                    if (!_regions.ContainsKey(a.To))
                    {
                        Error(to, $"the receiving party of a {type} agreement must be a region; '{a.To}' is a partner");
                        ok = false;
                    }
                    if (a.Type == AgreementType.Funding)
                    {
                        if (!_partners.ContainsKey(a.From))
                        {
                            Error(from, $"the funder of a funding agreement must be a partner; '{a.From}' is a region");
                            ok = false;
                        }
                        if (a.Amount == 0)
                            Error(Absent($"{p}.amount") ? p : $"{p}.amount", "a funding agreement needs an amount greater than 0 (Rp over the term)");
                        if (a.Service is not null)
                        {
                            if (!s.Services.ContainsKey(a.Service))
                            {
                                Error($"{p}.service", $"unknown service '{a.Service}'{Known(a.Service, s.Services.Keys, "services")}");
                                ok = false;
                            }
                            else if (_regions.TryGetValue(a.To, out var rec) && (!rec.Services.TryGetValue(a.Service, out var rs) || rs.Demand <= 0))
                                Error($"{p}.service", $"the recipient '{rec.Id}' has no demand for '{a.Service}'");
                        }
                    }
                    if (a.Type == AgreementType.FoodSupply && !_regions.ContainsKey(a.From))
                    {
                        Error(from, $"the producer of a food_supply agreement must be a region; '{a.From}' is a partner");
                        ok = false;
                    }
                    if (a.Type == AgreementType.FoodSupply) ok &= FoodTerms(p, a);
                    else if (a.Commodity is not null) Error($"{p}.commodity", $"only a food_supply agreement has a commodity; this is a {type} agreement");
                    return ok;
            }
            return ok;
        }

        private void Triggers()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < s.Triggers.Count; i++)
            {
                var t = s.Triggers[i];
                var p = ScenarioPaths.Item("triggers", t.Id, i, seen);
                CheckId(p, t.Id, "a trigger");
                if (t.Id.Length > 0 && !ids.Add(t.Id))
                    Error($"{p}.id", $"duplicate trigger id '{t.Id}': {Where("triggers", t.Id)} already uses it");
                if (t.Region.Length > 0) RegionRef($"{p}.region", t.Region);
                if (!double.IsFinite(t.Threshold)) Error($"{p}.threshold", $"must be a finite number, found {N(t.Threshold)}");
                if (t.Months is < 1 or > 120) Error($"{p}.months", $"must be between 1 and 120 consecutive months, found {N(t.Months)}");
                if (t.Top < 1) Error($"{p}.top", $"must be at least 1 producer, found {N(t.Top)}");
                NonNegative($"{p}.volume", t.Volume);
                Unit($"{p}.freight_subsidy", t.FreightSubsidy);
                if (t.TermMonths is { } term) Term($"{p}.term_months", term);
                if (t.LegalForm is Scenarios.LegalForm.Ksdln or Scenarios.LegalForm.Ksdpk or Scenarios.LegalForm.Sinergi)
                    Error($"{p}.legal_form", "a trigger's food agreements are between regions: use ksdd_sukarela or ksdd_wajib");
                if (t.Commodity.Length == 0) continue;
                if (!s.Commodities.ContainsKey(t.Commodity))
                {
                    Error($"{p}.commodity", $"unknown commodity '{t.Commodity}'{Known(t.Commodity, s.Commodities.Keys, "commodities")}");
                    continue;
                }
                if (_regions.TryGetValue(t.Region, out var buyer) && !buyer.Food.ContainsKey(t.Commodity))
                    Error($"{p}.region", $"region '{buyer.Id}' has no market for '{t.Commodity}' (set regions.{buyer.Id}.food.{t.Commodity})");
                if (t.Candidates is { } candidates)
                {
                    for (var j = 0; j < candidates.Count; j++)
                    {
                        var cp = ScenarioPaths.Index($"{p}.candidates", j);
                        if (!_regions.TryGetValue(candidates[j], out var c)) RegionRef(cp, candidates[j]);
                        else if (c.Id == t.Region) Error(cp, $"the trigger's own region '{c.Id}' cannot supply itself");
                        else if (!(c.Food.TryGetValue(t.Commodity, out var f) && f.Production > 0))
                            Error(cp, $"candidate '{c.Id}' does not produce '{t.Commodity}'");
                    }
                }
                else if (!s.Regions.Any(r => r.Id != t.Region && r.Food.TryGetValue(t.Commodity, out var f) && f.Production > 0))
                    Error($"{p}.commodity", $"no other region produces '{t.Commodity}', so the trigger has no candidates");
            }
        }

        private void ObservedSeries()
        {
            if (s.Observed is not { } o) return;
            if (o.Region.Length > 0) RegionRef("observed.region", o.Region);
            if (o.File.Length > 0 && !File.Exists(o.File)) Error("observed.file", $"file not found: {o.File}");
        }

        private bool FoodTerms(string p, Agreement a)
        {
            NonNegative($"{p}.volume", a.Volume);
            Unit($"{p}.freight_subsidy", a.FreightSubsidy);
            if (a.Commodity is null)
            {
                if (a.Volume > 0) Error($"{p}.volume", "a volume needs a commodity (set commodity)");
                return true;
            }
            if (!s.Commodities.ContainsKey(a.Commodity))
            {
                Error($"{p}.commodity", $"unknown commodity '{a.Commodity}'{Known(a.Commodity, s.Commodities.Keys, "commodities")}");
                return false;
            }
            if (_regions.TryGetValue(a.From, out var producer) && !(producer.Food.TryGetValue(a.Commodity, out var f) && f.Production > 0))
            {
                Error($"{p}.parties[0]", $"the producer '{producer.Id}' does not produce '{a.Commodity}' (set regions.{producer.Id}.food.{a.Commodity}.production)");
                return false;
            }
            return true;
        }

        private void LegalForm(string p, Agreement a)
        {
            var path = $"{p}.legal_form";
            var partners = a.Parties.Where(_partners.ContainsKey).Select(id => _partners[id]).ToList();
            var form = Snake(a.LegalForm);
            switch (a.LegalForm)
            {
                case Scenarios.LegalForm.KsddWajib:
                case Scenarios.LegalForm.KsddSukarela:
                    if (partners.Count > 0)
                    {
                        Error(path, $"{form} is cooperation between regions only; '{partners[0].Id}' is a partner (use ksdpk, ksdln or sinergi)");
                        return;
                    }
                    if (a.LegalForm == Scenarios.LegalForm.KsddWajib && !Connected(a.Parties))
                        Error(path, $"ksdd_wajib needs adjacent regions: the parties {string.Join(", ", a.Parties)} are not connected through shared borders (neighbours)");
                    break;
                case Scenarios.LegalForm.Ksdln:
                    if (!partners.Any(IsForeign))
                        Error(path, "ksdln needs a foreign party: a partner of kind foreign_city, foreign_government, international_organisation, donor or network, or one whose country is not Indonesia");
                    break;
                case Scenarios.LegalForm.Sinergi:
                    if (!partners.Any(x => x.Kind == PartnerKind.CentralAgency))
                        Error(path, "sinergi needs a central_agency partner");
                    break;
                case Scenarios.LegalForm.Ksdpk:
                    if (!partners.Any(x => ThirdPartyKinds.Contains(x.Kind)))
                        Error(path, "ksdpk needs a third party: a partner of kind private_firm, university or network");
                    break;
            }
        }

        private static bool IsForeign(Partner p) =>
            ForeignKinds.Contains(p.Kind) ||
            (p.Country.Length > 0 && !string.Equals(p.Country.Trim(), "Indonesia", StringComparison.OrdinalIgnoreCase));

        /// <summary>Whether the parties form one connected group through neighbour pairs between them.</summary>
        private bool Connected(IReadOnlyList<string> parties)
        {
            if (parties.Count < 2) return true;
            var members = parties.ToHashSet(StringComparer.Ordinal);
            var reached = new HashSet<string>(StringComparer.Ordinal) { parties[0] };
            var queue = new Queue<string>([parties[0]]);
            while (queue.Count > 0)
            {
                var x = queue.Dequeue();
                foreach (var n in s.Neighbours)
                {
                    var other = n.A == x ? n.B : n.B == x ? n.A : null;
                    if (other is not null && members.Contains(other) && reached.Add(other)) queue.Enqueue(other);
                }
            }
            return reached.Count == members.Count;
        }

        private void Timing(string p, Agreement a)
        {
            var t = a.Timing;
            var lp = $"{p}.lifecycle";
            if (t.Initiated is null == t.ActiveFrom is null)
                Error(t.Initiated is null ? lp : $"{lp}.active_from",
                    t.Initiated is null
                        ? "needs exactly one of 'initiated' (the procedure starts that month) and 'active_from' (already in force)"
                        : "give either 'initiated' or 'active_from', not both");
            if (t.TermMonths is { } term) Term($"{lp}.term_months", term);
            var start = t.Initiated ?? t.ActiveFrom;
            if (t.RevokeAt is { } revoke && start is { } st && revoke < st)
                Error($"{lp}.revoke_at", $"{revoke} is before the agreement starts ({st})");
        }

        /// <summary>[start, end) in month indices; end is int.MaxValue when open-ended.</summary>
        private (int Start, int End)? Window(Agreement a)
        {
            var t = a.Timing;
            if ((t.Initiated ?? t.ActiveFrom) is not { } start) return null;
            var end = int.MaxValue;
            if (t.RevokeAt is { } revoke) end = revoke.Index;
            if (t.ActiveFrom is { } af && t.Initiated is null && !t.Renew)
                end = Math.Min(end, af.Index + (t.TermMonths ?? s.Lifecycle.DefaultTermMonths));
            return (start.Index, end);
        }

        private void Shocks()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < s.Shocks.Count; i++)
            {
                var k = s.Shocks[i];
                var p = ScenarioPaths.Item("shocks", k.Id, i, seen);
                CheckId(p, k.Id, "a shock");
                if (k.Id.Length > 0 && !ids.Add(k.Id))
                    Error($"{p}.id", $"duplicate shock id '{k.Id}': {Where("shocks", k.Id)} already uses it");
                if (k.Service is not null)
                {
                    if (k.Kind == ShockKind.Budget) Error($"{p}.service", "a budget shock applies to the whole budget and has no service");
                    else if (!s.Services.ContainsKey(k.Service)) Error($"{p}.service", $"unknown service '{k.Service}'{Known(k.Service, s.Services.Keys, "services")}");
                }
                var food = k.Kind is ShockKind.Production or ShockKind.Freight;
                if (k.Commodity is not null)
                {
                    if (!food) Error($"{p}.commodity", "only production and freight shocks name a commodity");
                    else if (!s.Commodities.ContainsKey(k.Commodity)) Error($"{p}.commodity", $"unknown commodity '{k.Commodity}'{Known(k.Commodity, s.Commodities.Keys, "commodities")}");
                }
                if (k.Service is not null && k.Kind is ShockKind.Production or ShockKind.Freight or ShockKind.NonFoodPrice)
                    Error($"{p}.service", "production, freight and non_food_price shocks have no service");
                if (k.Regions is { } regions)
                    for (var j = 0; j < regions.Count; j++) RegionRef(ScenarioPaths.Index($"{p}.regions", j), regions[j]);
                if (k.From > k.To && k.To.Index > 0) Error($"{p}.to", $"the shock ends ({k.To}) before it starts ({k.From})");
                NonNegative($"{p}.factor", k.Factor);
            }
        }
    }
}
