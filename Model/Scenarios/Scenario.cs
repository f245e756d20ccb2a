namespace KerjasamaGraph.Model.Scenarios;

// The scenario: what a YAML scenario file describes after `extends` and the chosen variant are applied.
// Plain immutable data. Field names mirror the YAML keys (snake_case in files, PascalCase here);
// docs/scenario-format.md documents every key, scenarios/schema.json lets editors check them.

/// <summary>A position in a scenario file, for error messages (1-based line and column).</summary>
public sealed record SourceSpan(string File, int Line, int Column)
{
    public static readonly SourceSpan None = new("", 0, 0);
    public override string ToString() => $"{File}:{Line}:{Column}";
}

public sealed record Scenario
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public RunSettings Run { get; init; } = new();
    public ModelParameters Parameters { get; init; } = new();
    public LifecycleSettings Lifecycle { get; init; } = new();
    public Policies Policies { get; init; } = new();
    public IReadOnlyList<Region> Regions { get; init; } = [];
    public IReadOnlyList<Partner> Partners { get; init; } = [];
    public IReadOnlyList<Neighbour> Neighbours { get; init; } = [];
    public IReadOnlyDictionary<string, ServiceDefinition> Services { get; init; } = new Dictionary<string, ServiceDefinition>();
    public IReadOnlyList<Agreement> Agreements { get; init; } = [];
    public IReadOnlyList<Shock> Shocks { get; init; } = [];
    /// <summary>Food commodities traded and priced (MODEL.md section 4, food supply and prices), keyed by id.</summary>
    public IReadOnlyDictionary<string, Commodity> Commodities { get; init; } = new Dictionary<string, Commodity>();
    /// <summary>Rules that initiate food agreements when a region's indicator crosses a threshold.</summary>
    public IReadOnlyList<Trigger> Triggers { get; init; } = [];
    /// <summary>An observed inflation series that runs of this scenario are shown against, or null.</summary>
    public ObservedData? Observed { get; init; }
    /// <summary>Names of the variants the file declares (the one applied, if any, is <see cref="Variant"/>).</summary>
    public IReadOnlyList<string> VariantNames { get; init; } = [];
    /// <summary>Each declared variant's <c>description</c> (what it changes, in the author's words), where it has one.</summary>
    public IReadOnlyDictionary<string, string> VariantDescriptions { get; init; } = new Dictionary<string, string>();
    /// <summary>The variant applied to produce this scenario, or null for the baseline.</summary>
    public string? Variant { get; init; }
    /// <summary>Where each field came from, keyed by field path (e.g. <c>agreements.ks-01.parties[1]</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, SourceSpan> Locations { get; init; } = new Dictionary<string, SourceSpan>();

    public SourceSpan LocationOf(string path)
    {
        // Fall back to the nearest enclosing path that has a location.
        var p = path;
        while (true)
        {
            if (Locations.TryGetValue(p, out var span)) return span;
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0) return SourceSpan.None;
            p = p[..cut];
        }
    }
}

public sealed record RunSettings
{
    public YearMonth Start { get; init; } = YearMonth.Of(2023, 1);
    public int Months { get; init; } = 36;
    public ulong Seed { get; init; } = 1;
    public int Replications { get; init; } = 1;
}

/// <summary>Model-wide parameters (MODEL.md section 4). Defaults are the documented ones.</summary>
public sealed record ModelParameters
{
    /// <summary>η: capacity c lowers every service cost by the factor (1 − η·c). MODEL.md default 0.1.</summary>
    public double CapacityCostEffect { get; init; } = 0.1;
    /// <summary>γ: monthly rate at which a knowledge agreement closes the gap to its source's capacity.</summary>
    public double KnowledgeRate { get; init; } = 0.05;
    /// <summary>δ: monthly rate of peer learning toward better-capacity neighbours (spatial weights).</summary>
    public double PeerLearningRate { get; init; } = 0.01;
    /// <summary>ρ: share of a neighbour's last-month benefit that spills over. MODEL.md default 0.3.</summary>
    public double SpilloverRate { get; init; } = 0.3;
    /// <summary>Tagged spillover below this amount (Rp, in every lane) is no longer tracked per agreement; it still counts in totals.</summary>
    public double SpilloverAttributionFloor { get; init; } = 1_000_000;
    /// <summary>Coordination cost per region party and active month of a knowledge, funding or food-supply agreement (Rp); shared services use their service's coordination cost.</summary>
    public double AgreementCoordinationCost { get; init; } = 5_000_000;
    /// <summary>Largest share of a facility's monthly cost that capital funding may cover (the bound on the funding factor).</summary>
    public double FundingMaxCostShare { get; init; } = 0.5;
    /// <summary>An agreement burdens the budget (and needs council approval) when its expected monthly cost to a party exceeds this share of that party's monthly budget.</summary>
    public double BudgetBurdenShare { get; init; } = 0.001;
}

/// <summary>Mean stage durations in months (drawn per agreement and replication from a Poisson distribution).</summary>
public sealed record LifecycleSettings
{
    public double Initiative { get; init; } = 1;
    public double Offer { get; init; } = 2;
    public double JointAgreement { get; init; } = 1;
    public double CouncilApproval { get; init; } = 3;
    public double ImplementingAgreement { get; init; } = 2;
    public int DefaultTermMonths { get; init; } = 60;
}

public sealed record Policies
{
    public OneGatePolicy OneGate { get; init; } = new();
    /// <summary>Extra mean months of negotiation when a proposal does not pass through One Gate (agencies negotiate alone).</summary>
    public double CoordinationDelayMonths { get; init; } = 3;
    /// <summary>A party revokes a shared-service agreement after this many consecutive loss-making months (0: never).</summary>
    public int RevokeAfterLossMonths { get; init; }
}

/// <summary>Kerjasama Satu Pintu: one coordination team (TKKSD) reviews every proposal of the regions that run it.</summary>
public sealed record OneGatePolicy
{
    public bool Enabled { get; init; }
    /// <summary>Regions that run One Gate; null means every region.</summary>
    public IReadOnlyList<string>? Regions { get; init; }
    /// <summary>Proposals that can start review per month.</summary>
    public int ReviewCapacity { get; init; } = 4;
    /// <summary>Months a review takes.</summary>
    public int ReviewMonths { get; init; } = 1;
    /// <summary>Minimum expected net benefit (Rp per month, all parties together) for a proposal to pass the screen.</summary>
    public double QualityThreshold { get; init; }
}

public enum RegionKind { Kota, Kabupaten, Provinsi }

public sealed record Region
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public RegionKind Kind { get; init; } = RegionKind.Kabupaten;
    public string Province { get; init; } = "";
    public double Population { get; init; }
    public double AreaKm2 { get; init; }
    public double Lat { get; init; }
    public double Lon { get; init; }
    /// <summary>Annual budget (APBD), Rp.</summary>
    public double Budget { get; init; }
    /// <summary>Institutional capacity c in [0, 1].</summary>
    public double Capacity { get; init; } = 0.5;
    /// <summary>Per-service demand and (optional) standalone unit cost, keyed by service id.</summary>
    public IReadOnlyDictionary<string, RegionService> Services { get; init; } = new Dictionary<string, RegionService>();
    /// <summary>Per-commodity food demand, production and base price, keyed by commodity id.</summary>
    public IReadOnlyDictionary<string, RegionFood> Food { get; init; } = new Dictionary<string, RegionFood>();
    /// <summary>The non-food part of the region's consumer price index.</summary>
    public NonFood NonFood { get; init; } = new();
}

/// <summary>A food commodity: how its price responds to excess demand, reverts and transmits (MODEL.md section 4).</summary>
public sealed record Commodity
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "t";
    /// <summary>κ: p ← p·exp(κ·x) with x the excess-demand ratio (D − S)/D.</summary>
    public double PriceResponse { get; init; } = 0.5;
    /// <summary>μ: monthly share of the log deviation from the base price that reverts.</summary>
    public double MeanReversion { get; init; } = 0.2;
    /// <summary>λ: share of a price gap beyond the transport band that closes a month (0.38, Sebayang et al. 2025).</summary>
    public double Transmission { get; init; } = 0.38;
    /// <summary>Freight cost, Rp per unit per km (sets the transport band τ = rate × distance).</summary>
    public double FreightRate { get; init; }
    /// <summary>Weight of the commodity in every region's consumer price index (share of the basket).</summary>
    public double CpiWeight { get; init; }
}

/// <summary>A region's market for one commodity.</summary>
public sealed record RegionFood
{
    /// <summary>Consumption per person a month, in the commodity's unit.</summary>
    public double PerCapita { get; init; }
    /// <summary>Own production a month at a seasonal factor of 1.</summary>
    public double Production { get; init; }
    /// <summary>Twelve monthly factors on production (January first); empty: all 1.</summary>
    public IReadOnlyList<double> Seasonality { get; init; } = [];
    /// <summary>Standard deviation of the multiplicative production noise (a share, drawn per month).</summary>
    public double Noise { get; init; }
    /// <summary>Base (long-run) price, Rp per unit.</summary>
    public double BasePrice { get; init; }
}

/// <summary>The non-food price path of a region: a monthly trend, shocks, and its weight in the CPI (1 − Σ food weights when null).</summary>
public sealed record NonFood
{
    /// <summary>Monthly growth of non-food prices (0.002 is about 2.4% a year).</summary>
    public double Trend { get; init; }
}

public sealed record RegionService
{
    /// <summary>Units a month (e.g. tonnes of waste, m³ of water).</summary>
    public double Demand { get; init; }
    /// <summary>Standalone unit cost (Rp per unit) at the region's own demand; null uses the service's common cost curve.</summary>
    public double? UnitCost { get; init; }
}

public enum PartnerKind { ForeignCity, ForeignGovernment, InternationalOrganisation, Donor, PrivateFirm, University, CentralAgency, Network }

public sealed record Partner
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public PartnerKind Kind { get; init; }
    public string Country { get; init; } = "";
    /// <summary>Capacity level the partner can transfer, in [0, 1].</summary>
    public double Capacity { get; init; } = 0.8;
    /// <summary>Total funds (Rp) the partner can commit over the run; null: unlimited.</summary>
    public double? Funds { get; init; }
    public double Lat { get; init; }
    public double Lon { get; init; }
}

public sealed record Neighbour
{
    public required string A { get; init; }
    public required string B { get; init; }
    /// <summary>Shared border length in km; null where unknown (equal weights are then used).</summary>
    public double? BorderKm { get; init; }
    /// <summary>Road distance in km; null: great-circle distance between centroids.</summary>
    public double? RoadKm { get; init; }
}

/// <summary>A service with a common cost curve C(Q) = u_ref · Q_ref · (Q/Q_ref)^β (MODEL.md section 4).</summary>
public sealed record ServiceDefinition
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "unit";
    /// <summary>β: cost elasticity of output (0.84 water, Shih et al. 2006; 0.85-0.9 waste).</summary>
    public double CostElasticity { get; init; } = 0.85;
    /// <summary>Q_ref: reference output a month.</summary>
    public double ReferenceDemand { get; init; } = 1000;
    /// <summary>u_ref: unit cost at Q_ref, Rp.</summary>
    public double ReferenceUnitCost { get; init; } = 100_000;
    /// <summary>Output a month beyond which scale stops paying; null: no limit.</summary>
    public double? OptimalScale { get; init; }
    /// <summary>Elasticity beyond the optimal scale (≥ 1).</summary>
    public double DiseconomyElasticity { get; init; } = 1.1;
    /// <summary>τ: haulage cost, Rp per unit per km from a member to the host.</summary>
    public double HaulagePerUnitKm { get; init; }
    /// <summary>Coordination cost per member-month of a shared agreement, Rp.</summary>
    public double CoordinationCost { get; init; }
}

public enum AgreementType { SharedService, FoodSupply, Knowledge, Funding }

public enum LegalForm { KsddWajib, KsddSukarela, Ksdpk, Ksdln, Sinergi }

public enum CostRule { Demand, Population, Equal }

public sealed record Agreement
{
    public required string Id { get; init; }
    public AgreementType Type { get; init; }
    public string Name { get; init; } = "";
    public LegalForm LegalForm { get; init; }
    /// <summary>
    /// The parties. For directed types (knowledge, funding, food_supply) exactly two: [from, to].
    /// For shared_service: two or more regions, one of which is <see cref="Host"/>.
    /// </summary>
    public IReadOnlyList<string> Parties { get; init; } = [];
    /// <summary>shared_service: the region that runs the facility.</summary>
    public string? Host { get; init; }
    /// <summary>shared_service: the service pooled. funding: the service whose capital cost it lowers (null: general development).</summary>
    public string? Service { get; init; }
    public CostRule CostRule { get; init; } = CostRule.Demand;
    /// <summary>
    /// What the agreement is about (e.g. "e-government", "flood control"). Two agreements of the same type, parties,
    /// service and subject duplicate each other; a partner's knowledge on one subject transfers once.
    /// </summary>
    public string? Subject { get; init; }
    /// <summary>funding: total amount over the term, Rp.</summary>
    public double Amount { get; init; }
    /// <summary>Overrides whether the agreement burdens the budget (council approval); null: decided from expected cost.</summary>
    public bool? BurdensBudget { get; init; }
    public AgreementTiming Timing { get; init; } = new();
    /// <summary>food_supply: the commodity delivered.</summary>
    public string? Commodity { get; init; }
    /// <summary>food_supply: guaranteed volume a month, in the commodity's unit (delivered as far as the producer's surplus allows).</summary>
    public double Volume { get; init; }
    /// <summary>food_supply: share of the freight cost the agreement pays (0..1); it lowers the transport band between the parties.</summary>
    public double FreightSubsidy { get; init; }
    /// <summary>Where the facts behind the agreement come from.</summary>
    public string Source { get; init; } = "";

    public string From => Parties[0];
    public string To => Parties[^1];
}

public sealed record AgreementTiming
{
    /// <summary>Month the proposal enters the procedure (initiative). Exactly one of Initiated and ActiveFrom is set.</summary>
    public YearMonth? Initiated { get; init; }
    /// <summary>Month an agreement already in force becomes (or became) active; the procedure is skipped.</summary>
    public YearMonth? ActiveFrom { get; init; }
    /// <summary>Term in months (at most 60); null: the lifecycle default.</summary>
    public int? TermMonths { get; init; }
    /// <summary>At the end of the term, start the procedure again (a renewal goes through every stage).</summary>
    public bool Renew { get; init; }
    /// <summary>The agreement is revoked from this month on.</summary>
    public YearMonth? RevokeAt { get; init; }
}

public enum TriggerIndicator { MtmInflation, YoyInflation }

/// <summary>
/// A planner's rule: when <see cref="Indicator"/> of <see cref="Region"/> is above <see cref="Threshold"/> for
/// <see cref="Months"/> consecutive months, the region initiates food_supply agreements for <see cref="Commodity"/>
/// with the <see cref="Top"/> candidate producers ranked by surplus over distance. Fires once per replication.
/// </summary>
public sealed record Trigger
{
    public required string Id { get; init; }
    public string Region { get; init; } = "";
    public TriggerIndicator Indicator { get; init; }
    /// <summary>Percent (e.g. 1.0 for 1% month-on-month inflation).</summary>
    public double Threshold { get; init; }
    public int Months { get; init; } = 1;
    public string Commodity { get; init; } = "";
    /// <summary>Regions that may be chosen; null: every other region that produces the commodity.</summary>
    public IReadOnlyList<string>? Candidates { get; init; }
    public int Top { get; init; } = 3;
    public double Volume { get; init; }
    public double FreightSubsidy { get; init; }
    public LegalForm LegalForm { get; init; } = LegalForm.KsddSukarela;
    public int? TermMonths { get; init; }
    public string Source { get; init; } = "";
}

public enum ShockKind { Demand, Cost, Budget, Production, Freight, NonFoodPrice }

/// <summary>A multiplicative change of demand, cost or budget over a window of months.</summary>
public sealed record Shock
{
    public required string Id { get; init; }
    public ShockKind Kind { get; init; }
    /// <summary>Service id for demand and cost shocks; null: every service.</summary>
    public string? Service { get; init; }
    /// <summary>Commodity id for production and freight shocks; null: every commodity.</summary>
    public string? Commodity { get; init; }
    /// <summary>Regions hit; null: every region.</summary>
    public IReadOnlyList<string>? Regions { get; init; }
    public YearMonth From { get; init; }
    public YearMonth To { get; init; }
    public double Factor { get; init; } = 1;
}

/// <summary>
/// Observed month-on-month CPI inflation of one region (a CSV with the columns month and mtm_pct, as
/// <c>kerjasama calibrate --observed</c> reads), that the terminal shows a run against.
/// </summary>
public sealed record ObservedData
{
    public string Region { get; init; } = "";
    /// <summary>The CSV file, resolved against the folder of the scenario file that names it.</summary>
    public string File { get; init; } = "";
}
