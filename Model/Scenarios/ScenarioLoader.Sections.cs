using System.Globalization;

namespace KerjasamaGraph.Model.Scenarios;

// The scenario file format as tables: one Section per YAML mapping, one Field per key. Adding a key means
// adding one line here (plus its schema.json entry and its row in docs/scenario-format.md); adding an
// id-keyed list means adding it to ScenarioMerge.IdKeyedLists as well.

internal delegate T FieldReader<T>(T target, YNode value, ValueReader reader, string path);

internal sealed record Field<T>(string Key, FieldReader<T> Read);

internal sealed class Section<T>
{
    private readonly Dictionary<string, Field<T>> _fields;

    public Section(string what, string[] required, params Field<T>[] fields)
    {
        What = what;
        Required = required;
        _fields = fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        Keys = fields.Select(f => f.Key).ToArray();
    }

    public Section(string what, params Field<T>[] fields) : this(what, [], fields) { }

    /// <summary>What the mapping is, for messages ("a region").</summary>
    public string What { get; }

    public IReadOnlyList<string> Keys { get; }

    public IReadOnlyList<string> Required { get; }

    public T Read(YNode node, T seed, ValueReader r, string path)
    {
        var map = r.Mapping(node, path, $"{What} (a mapping of keys)");
        if (map is null) return seed;
        var target = seed;
        foreach (var (key, value) in map.Entries)
        {
            var fieldPath = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
            if (!_fields.TryGetValue(key.Value, out var field))
            {
                var hint = Suggest.Closest(key.Value, Keys);
                r.Errors.Add(new(key.Span, fieldPath, hint is not null
                    ? $"unknown key '{key.Value}' (did you mean '{hint}'?)"
                    : $"unknown key '{key.Value}'; {What} has the keys: {string.Join(", ", Keys)}"));
                continue;
            }
            target = field.Read(target, value, r, fieldPath);
        }
        foreach (var key in Required)
            if (map.Get(key) is null)
                r.Errors.Add(new(map.Span, path.Length == 0 ? key : $"{path}.{key}", $"'{key}' is required in {What}"));
        return target;
    }
}

internal static class ScenarioSections
{
    // Shorthand so the tables below read as key -> assignment.
    private static Field<T> F<T>(string key, FieldReader<T> read) => new(key, read);

    public static readonly Section<Scenario> Header = new("the scenario header",
        F<Scenario>("name", (o, n, r, p) => o with { Name = r.Text(n, p, o.Name) }),
        F<Scenario>("description", (o, n, r, p) => o with { Description = r.Text(n, p, o.Description) }));

    public static readonly Section<RunSettings> Run = new("run",
        F<RunSettings>("start", (o, n, r, p) => o with { Start = r.Month(n, p, o.Start) }),
        F<RunSettings>("months", (o, n, r, p) => o with { Months = r.Int(n, p, o.Months) }),
        F<RunSettings>("seed", (o, n, r, p) => o with { Seed = r.ULong(n, p, o.Seed) }),
        F<RunSettings>("replications", (o, n, r, p) => o with { Replications = r.Int(n, p, o.Replications) }));

    public static readonly Section<ModelParameters> Parameters = new("parameters",
        F<ModelParameters>("capacity_cost_effect", (o, n, r, p) => o with { CapacityCostEffect = r.Number(n, p, o.CapacityCostEffect) }),
        F<ModelParameters>("knowledge_rate", (o, n, r, p) => o with { KnowledgeRate = r.Number(n, p, o.KnowledgeRate) }),
        F<ModelParameters>("peer_learning_rate", (o, n, r, p) => o with { PeerLearningRate = r.Number(n, p, o.PeerLearningRate) }),
        F<ModelParameters>("spillover_rate", (o, n, r, p) => o with { SpilloverRate = r.Number(n, p, o.SpilloverRate) }),
        F<ModelParameters>("spillover_attribution_floor", (o, n, r, p) => o with { SpilloverAttributionFloor = r.Number(n, p, o.SpilloverAttributionFloor) }),
        F<ModelParameters>("agreement_coordination_cost", (o, n, r, p) => o with { AgreementCoordinationCost = r.Number(n, p, o.AgreementCoordinationCost) }),
        F<ModelParameters>("funding_max_cost_share", (o, n, r, p) => o with { FundingMaxCostShare = r.Number(n, p, o.FundingMaxCostShare) }),
        F<ModelParameters>("budget_burden_share", (o, n, r, p) => o with { BudgetBurdenShare = r.Number(n, p, o.BudgetBurdenShare) }));

    public static readonly Section<LifecycleSettings> Lifecycle = new("lifecycle",
        F<LifecycleSettings>("initiative", (o, n, r, p) => o with { Initiative = r.Number(n, p, o.Initiative) }),
        F<LifecycleSettings>("offer", (o, n, r, p) => o with { Offer = r.Number(n, p, o.Offer) }),
        F<LifecycleSettings>("joint_agreement", (o, n, r, p) => o with { JointAgreement = r.Number(n, p, o.JointAgreement) }),
        F<LifecycleSettings>("council_approval", (o, n, r, p) => o with { CouncilApproval = r.Number(n, p, o.CouncilApproval) }),
        F<LifecycleSettings>("implementing_agreement", (o, n, r, p) => o with { ImplementingAgreement = r.Number(n, p, o.ImplementingAgreement) }),
        F<LifecycleSettings>("default_term_months", (o, n, r, p) => o with { DefaultTermMonths = r.Int(n, p, o.DefaultTermMonths) }));

    public static readonly Section<OneGatePolicy> OneGate = new("one_gate",
        F<OneGatePolicy>("enabled", (o, n, r, p) => o with { Enabled = r.Bool(n, p, o.Enabled) }),
        F<OneGatePolicy>("regions", (o, n, r, p) => o with { Regions = r.TextListOrNull(n, p, o.Regions) }),
        F<OneGatePolicy>("review_capacity", (o, n, r, p) => o with { ReviewCapacity = r.Int(n, p, o.ReviewCapacity) }),
        F<OneGatePolicy>("review_months", (o, n, r, p) => o with { ReviewMonths = r.Int(n, p, o.ReviewMonths) }),
        F<OneGatePolicy>("quality_threshold", (o, n, r, p) => o with { QualityThreshold = r.Number(n, p, o.QualityThreshold) }));

    public static readonly Section<Policies> Policies = new("policies",
        F<Policies>("one_gate", (o, n, r, p) => o with { OneGate = OneGate.Read(n, o.OneGate, r, p) }),
        F<Policies>("coordination_delay_months", (o, n, r, p) => o with { CoordinationDelayMonths = r.Number(n, p, o.CoordinationDelayMonths) }),
        F<Policies>("revoke_after_loss_months", (o, n, r, p) => o with { RevokeAfterLossMonths = r.Int(n, p, o.RevokeAfterLossMonths) }));

    public static readonly Section<ServiceDefinition> Service = new("a service",
        F<ServiceDefinition>("name", (o, n, r, p) => o with { Name = r.Text(n, p, o.Name) }),
        F<ServiceDefinition>("unit", (o, n, r, p) => o with { Unit = r.Text(n, p, o.Unit) }),
        F<ServiceDefinition>("cost_elasticity", (o, n, r, p) => o with { CostElasticity = r.Number(n, p, o.CostElasticity) }),
        F<ServiceDefinition>("reference_demand", (o, n, r, p) => o with { ReferenceDemand = r.Number(n, p, o.ReferenceDemand) }),
        F<ServiceDefinition>("reference_unit_cost", (o, n, r, p) => o with { ReferenceUnitCost = r.Number(n, p, o.ReferenceUnitCost) }),
        F<ServiceDefinition>("optimal_scale", (o, n, r, p) => o with { OptimalScale = r.NumberOrNull(n, p, o.OptimalScale) }),
        F<ServiceDefinition>("diseconomy_elasticity", (o, n, r, p) => o with { DiseconomyElasticity = r.Number(n, p, o.DiseconomyElasticity) }),
        F<ServiceDefinition>("haulage_per_unit_km", (o, n, r, p) => o with { HaulagePerUnitKm = r.Number(n, p, o.HaulagePerUnitKm) }),
        F<ServiceDefinition>("coordination_cost", (o, n, r, p) => o with { CoordinationCost = r.Number(n, p, o.CoordinationCost) }));

    public static readonly Section<RegionService> RegionService = new("a region's service entry",
        F<RegionService>("demand", (o, n, r, p) => o with { Demand = r.Number(n, p, o.Demand) }),
        F<RegionService>("unit_cost", (o, n, r, p) => o with { UnitCost = r.NumberOrNull(n, p, o.UnitCost) }));

    public static readonly Section<Commodity> Commodity = new("a commodity",
        F<Commodity>("name", (o, n, r, p) => o with { Name = r.Text(n, p, o.Name) }),
        F<Commodity>("unit", (o, n, r, p) => o with { Unit = r.Text(n, p, o.Unit) }),
        F<Commodity>("price_response", (o, n, r, p) => o with { PriceResponse = r.Number(n, p, o.PriceResponse) }),
        F<Commodity>("mean_reversion", (o, n, r, p) => o with { MeanReversion = r.Number(n, p, o.MeanReversion) }),
        F<Commodity>("transmission", (o, n, r, p) => o with { Transmission = r.Number(n, p, o.Transmission) }),
        F<Commodity>("freight_rate", (o, n, r, p) => o with { FreightRate = r.Number(n, p, o.FreightRate) }),
        F<Commodity>("cpi_weight", (o, n, r, p) => o with { CpiWeight = r.Number(n, p, o.CpiWeight) }));

    public static readonly Section<RegionFood> RegionFood = new("a region's food entry",
        F<RegionFood>("per_capita", (o, n, r, p) => o with { PerCapita = r.Number(n, p, o.PerCapita) }),
        F<RegionFood>("production", (o, n, r, p) => o with { Production = r.Number(n, p, o.Production) }),
        F<RegionFood>("seasonality", (o, n, r, p) => o with { Seasonality = r.NumberList(n, p, o.Seasonality) }),
        F<RegionFood>("noise", (o, n, r, p) => o with { Noise = r.Number(n, p, o.Noise) }),
        F<RegionFood>("base_price", (o, n, r, p) => o with { BasePrice = r.Number(n, p, o.BasePrice) }));

    public static readonly Section<NonFood> NonFood = new("a region's non-food prices",
        F<NonFood>("trend", (o, n, r, p) => o with { Trend = r.Number(n, p, o.Trend) }));

    public static readonly Section<Region> Region = new("a region", ["id"],
        F<Region>("id", (o, n, r, p) => o with { Id = r.Text(n, p, o.Id) }),
        F<Region>("name", (o, n, r, p) => o with { Name = r.Text(n, p, o.Name) }),
        F<Region>("kind", (o, n, r, p) => o with { Kind = r.Enum(n, p, o.Kind) }),
        F<Region>("province", (o, n, r, p) => o with { Province = r.Text(n, p, o.Province) }),
        F<Region>("population", (o, n, r, p) => o with { Population = r.Number(n, p, o.Population) }),
        F<Region>("area_km2", (o, n, r, p) => o with { AreaKm2 = r.Number(n, p, o.AreaKm2) }),
        F<Region>("lat", (o, n, r, p) => o with { Lat = r.Number(n, p, o.Lat) }),
        F<Region>("lon", (o, n, r, p) => o with { Lon = r.Number(n, p, o.Lon) }),
        F<Region>("budget", (o, n, r, p) => o with { Budget = r.Number(n, p, o.Budget) }),
        F<Region>("capacity", (o, n, r, p) => o with { Capacity = r.Number(n, p, o.Capacity) }),
        F<Region>("services", (o, n, r, p) => o with { Services = KeyedMap(n, r, p, "service id", _ => new RegionService(), RegionService) }),
        F<Region>("food", (o, n, r, p) => o with { Food = KeyedMap(n, r, p, "commodity id", _ => new RegionFood(), RegionFood) }),
        F<Region>("non_food", (o, n, r, p) => o with { NonFood = NonFood.Read(n, o.NonFood, r, p) }));

    public static readonly Section<Partner> Partner = new("a partner", ["id", "kind"],
        F<Partner>("id", (o, n, r, p) => o with { Id = r.Text(n, p, o.Id) }),
        F<Partner>("name", (o, n, r, p) => o with { Name = r.Text(n, p, o.Name) }),
        F<Partner>("kind", (o, n, r, p) => o with { Kind = r.Enum(n, p, o.Kind) }),
        F<Partner>("country", (o, n, r, p) => o with { Country = r.Text(n, p, o.Country) }),
        F<Partner>("capacity", (o, n, r, p) => o with { Capacity = r.Number(n, p, o.Capacity) }),
        F<Partner>("funds", (o, n, r, p) => o with { Funds = r.NumberOrNull(n, p, o.Funds) }),
        F<Partner>("lat", (o, n, r, p) => o with { Lat = r.Number(n, p, o.Lat) }),
        F<Partner>("lon", (o, n, r, p) => o with { Lon = r.Number(n, p, o.Lon) }));

    public static readonly Section<Neighbour> Neighbour = new("a neighbour pair", ["a", "b"],
        F<Neighbour>("a", (o, n, r, p) => o with { A = r.Text(n, p, o.A) }),
        F<Neighbour>("b", (o, n, r, p) => o with { B = r.Text(n, p, o.B) }),
        F<Neighbour>("border_km", (o, n, r, p) => o with { BorderKm = r.NumberOrNull(n, p, o.BorderKm) }),
        F<Neighbour>("road_km", (o, n, r, p) => o with { RoadKm = r.NumberOrNull(n, p, o.RoadKm) }));

    public static readonly Section<AgreementTiming> Timing = new("an agreement's lifecycle",
        F<AgreementTiming>("initiated", (o, n, r, p) => o with { Initiated = r.MonthOrNull(n, p, o.Initiated) }),
        F<AgreementTiming>("active_from", (o, n, r, p) => o with { ActiveFrom = r.MonthOrNull(n, p, o.ActiveFrom) }),
        F<AgreementTiming>("term_months", (o, n, r, p) => o with { TermMonths = r.IntOrNull(n, p, o.TermMonths) }),
        F<AgreementTiming>("renew", (o, n, r, p) => o with { Renew = r.Bool(n, p, o.Renew) }),
        F<AgreementTiming>("revoke_at", (o, n, r, p) => o with { RevokeAt = r.MonthOrNull(n, p, o.RevokeAt) }));

    public static readonly Section<Agreement> Agreement = new("an agreement", ["id", "type", "legal_form"],
        F<Agreement>("id", (o, n, r, p) => o with { Id = r.Text(n, p, o.Id) }),
        F<Agreement>("type", (o, n, r, p) => o with { Type = r.Enum(n, p, o.Type) }),
        F<Agreement>("name", (o, n, r, p) => o with { Name = r.Text(n, p, o.Name) }),
        F<Agreement>("legal_form", (o, n, r, p) => o with { LegalForm = r.Enum(n, p, o.LegalForm) }),
        F<Agreement>("parties", (o, n, r, p) => o with { Parties = r.TextList(n, p, o.Parties) }),
        F<Agreement>("host", (o, n, r, p) => o with { Host = r.TextOrNull(n, p, o.Host) }),
        F<Agreement>("service", (o, n, r, p) => o with { Service = r.TextOrNull(n, p, o.Service) }),
        F<Agreement>("subject", (o, n, r, p) => o with { Subject = r.TextOrNull(n, p, o.Subject) }),
        F<Agreement>("cost_rule", (o, n, r, p) => o with { CostRule = r.Enum(n, p, o.CostRule) }),
        F<Agreement>("amount", (o, n, r, p) => o with { Amount = r.Number(n, p, o.Amount) }),
        F<Agreement>("burdens_budget", (o, n, r, p) => o with { BurdensBudget = r.BoolOrNull(n, p, o.BurdensBudget) }),
        F<Agreement>("lifecycle", (o, n, r, p) => o with { Timing = Timing.Read(n, o.Timing, r, p) }),
        F<Agreement>("commodity", (o, n, r, p) => o with { Commodity = r.TextOrNull(n, p, o.Commodity) }),
        F<Agreement>("volume", (o, n, r, p) => o with { Volume = r.Number(n, p, o.Volume) }),
        F<Agreement>("freight_subsidy", (o, n, r, p) => o with { FreightSubsidy = r.Number(n, p, o.FreightSubsidy) }),
        F<Agreement>("source", (o, n, r, p) => o with { Source = r.Text(n, p, o.Source) }));

    public static readonly Section<Shock> Shock = new("a shock", ["id", "kind", "from", "to"],
        F<Shock>("id", (o, n, r, p) => o with { Id = r.Text(n, p, o.Id) }),
        F<Shock>("kind", (o, n, r, p) => o with { Kind = r.Enum(n, p, o.Kind) }),
        F<Shock>("service", (o, n, r, p) => o with { Service = r.TextOrNull(n, p, o.Service) }),
        F<Shock>("commodity", (o, n, r, p) => o with { Commodity = r.TextOrNull(n, p, o.Commodity) }),
        F<Shock>("regions", (o, n, r, p) => o with { Regions = r.TextListOrNull(n, p, o.Regions) }),
        F<Shock>("from", (o, n, r, p) => o with { From = r.Month(n, p, o.From) }),
        F<Shock>("to", (o, n, r, p) => o with { To = r.Month(n, p, o.To) }),
        F<Shock>("factor", (o, n, r, p) => o with { Factor = r.Number(n, p, o.Factor) }));

    public static readonly Section<Trigger> Trigger = new("a trigger", ["id", "region", "indicator", "commodity"],
        F<Trigger>("id", (o, n, r, p) => o with { Id = r.Text(n, p, o.Id) }),
        F<Trigger>("region", (o, n, r, p) => o with { Region = r.Text(n, p, o.Region) }),
        F<Trigger>("indicator", (o, n, r, p) => o with { Indicator = r.Enum(n, p, o.Indicator) }),
        F<Trigger>("threshold", (o, n, r, p) => o with { Threshold = r.Number(n, p, o.Threshold) }),
        F<Trigger>("months", (o, n, r, p) => o with { Months = r.Int(n, p, o.Months) }),
        F<Trigger>("commodity", (o, n, r, p) => o with { Commodity = r.Text(n, p, o.Commodity) }),
        F<Trigger>("candidates", (o, n, r, p) => o with { Candidates = r.TextListOrNull(n, p, o.Candidates) }),
        F<Trigger>("top", (o, n, r, p) => o with { Top = r.Int(n, p, o.Top) }),
        F<Trigger>("volume", (o, n, r, p) => o with { Volume = r.Number(n, p, o.Volume) }),
        F<Trigger>("freight_subsidy", (o, n, r, p) => o with { FreightSubsidy = r.Number(n, p, o.FreightSubsidy) }),
        F<Trigger>("legal_form", (o, n, r, p) => o with { LegalForm = r.Enum(n, p, o.LegalForm) }),
        F<Trigger>("term_months", (o, n, r, p) => o with { TermMonths = r.IntOrNull(n, p, o.TermMonths) }),
        F<Trigger>("source", (o, n, r, p) => o with { Source = r.Text(n, p, o.Source) }));

    public static readonly Section<ObservedData> Observed = new("observed data", ["region", "file"],
        F<ObservedData>("region", (o, n, r, p) => o with { Region = r.Text(n, p, o.Region) }),
        F<ObservedData>("file", (o, n, r, p) => o with { File = RelativeTo(n, r.Text(n, p, o.File)) }));

    /// <summary>A path written in a scenario file, resolved against the folder of that file.</summary>
    private static string RelativeTo(YNode node, string path)
    {
        if (path.Length == 0 || Path.IsPathRooted(path)) return path;
        var folder = Path.GetDirectoryName(node.Span.File);
        return string.IsNullOrEmpty(folder) ? path : Path.Combine(folder, path);
    }

    /// <summary>The top level. <c>extends</c> and <c>variants</c> are consumed before conversion (see ScenarioLoader).</summary>
    public static readonly Section<Scenario> Root = new("a scenario file",
        F<Scenario>("extends", (o, _, _, _) => o),
        F<Scenario>("scenario", (o, n, r, p) => Header.Read(n, o, r, p)),
        F<Scenario>("run", (o, n, r, p) => o with { Run = Run.Read(n, o.Run, r, p) }),
        F<Scenario>("parameters", (o, n, r, p) => o with { Parameters = Parameters.Read(n, o.Parameters, r, p) }),
        F<Scenario>("lifecycle", (o, n, r, p) => o with { Lifecycle = Lifecycle.Read(n, o.Lifecycle, r, p) }),
        F<Scenario>("policies", (o, n, r, p) => o with { Policies = Policies.Read(n, o.Policies, r, p) }),
        F<Scenario>("services", (o, n, r, p) => o with { Services = KeyedMap(n, r, p, "service id", id => new ServiceDefinition { Id = id }, Service) }),
        F<Scenario>("regions", (o, n, r, p) => o with { Regions = IdList(n, r, p, id => new Region { Id = id }, Region) }),
        F<Scenario>("partners", (o, n, r, p) => o with { Partners = IdList(n, r, p, id => new Partner { Id = id }, Partner) }),
        F<Scenario>("neighbours", (o, n, r, p) => o with { Neighbours = IndexList(n, r, p, () => new Neighbour { A = "", B = "" }, Neighbour) }),
        F<Scenario>("agreements", (o, n, r, p) => o with { Agreements = IdList(n, r, p, id => new Agreement { Id = id }, Agreement) }),
        F<Scenario>("shocks", (o, n, r, p) => o with { Shocks = IdList(n, r, p, id => new Shock { Id = id }, Shock) }),
        F<Scenario>("triggers", (o, n, r, p) => o with { Triggers = IdList(n, r, p, id => new Trigger { Id = id }, Trigger) }),
        F<Scenario>("commodities", (o, n, r, p) => o with { Commodities = KeyedMap(n, r, p, "commodity id", id => new Commodity { Id = id }, Commodity) }),
        F<Scenario>("observed", (o, n, r, p) => o with { Observed = Observed.Read(n, o.Observed ?? new ObservedData(), r, p) }),
        F<Scenario>("variants", (o, _, _, _) => o));

    /// <summary>A list of items identified by <c>id</c>. Item paths are <c>list.id</c> (first use of an id) or <c>list[index]</c>.</summary>
    private static IReadOnlyList<T> IdList<T>(YNode node, ValueReader r, string path, Func<string, T> create, Section<T> section)
    {
        var seq = r.Sequence(node, path);
        if (seq is null) return [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<T>(seq.Items.Count);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            var indexPath = ScenarioPaths.Index(path, i);
            r.Locate(indexPath, item);
            if (item is not YMapping map)
            {
                r.Error(item, indexPath, $"expected {section.What} (a mapping with an id), found {item.Describe()}");
                continue;
            }
            var id = map.Get("id") is YScalar { IsNull: false } s ? s.Value : "";
            var itemPath = ScenarioPaths.Item(path, id, i, seen);
            result.Add(section.Read(map, create(id), r, itemPath));
        }
        return result;
    }

    private static IReadOnlyList<T> IndexList<T>(YNode node, ValueReader r, string path, Func<T> create, Section<T> section)
    {
        var seq = r.Sequence(node, path);
        if (seq is null) return [];
        var result = new List<T>(seq.Items.Count);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            var itemPath = ScenarioPaths.Index(path, i);
            if (item is not YMapping)
            {
                r.Locate(itemPath, item);
                r.Error(item, itemPath, $"expected {section.What} (a mapping), found {item.Describe()}");
                continue;
            }
            result.Add(section.Read(item, create(), r, itemPath));
        }
        return result;
    }

    /// <summary>A mapping keyed by id (services, a region's services). The id comes from the key.</summary>
    private static IReadOnlyDictionary<string, T> KeyedMap<T>(YNode node, ValueReader r, string path, string keyWhat, Func<string, T> create, Section<T> section)
    {
        var map = r.Mapping(node, path, $"a mapping keyed by {keyWhat}");
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        if (map is null) return result;
        foreach (var (key, value) in map.Entries)
        {
            var id = key.Value;
            result[id] = section.Read(value, create(id), r, $"{path}.{id}");
        }
        return result;
    }

    /// <summary>Every key of every section, by section, for tests that keep schema.json and the docs in step with the loader.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AllKeys() => new Dictionary<string, IReadOnlyList<string>>
    {
        [""] = Root.Keys, ["scenario"] = Header.Keys, ["run"] = Run.Keys, ["parameters"] = Parameters.Keys,
        ["lifecycle"] = Lifecycle.Keys, ["policies"] = Policies.Keys, ["policies.one_gate"] = OneGate.Keys,
        ["services.*"] = Service.Keys, ["regions[]"] = Region.Keys, ["regions[].services.*"] = RegionService.Keys,
        ["partners[]"] = Partner.Keys, ["neighbours[]"] = Neighbour.Keys, ["agreements[]"] = Agreement.Keys,
        ["agreements[].lifecycle"] = Timing.Keys, ["shocks[]"] = Shock.Keys, ["commodities.*"] = Commodity.Keys,
        ["regions[].food.*"] = RegionFood.Keys, ["triggers[]"] = Trigger.Keys, ["regions[].non_food"] = NonFood.Keys,
    };

    internal static string Invariant(int i) => i.ToString(CultureInfo.InvariantCulture);
}
