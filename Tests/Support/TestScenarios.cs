using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Tests.Support;

/// <summary>Small scenarios built in code, with numbers chosen so expected values can be worked out by hand.</summary>
public static class TestScenarios
{
    public static readonly ServiceDefinition Waste = new()
    {
        Id = "waste", Name = "Solid waste", Unit = "t", CostElasticity = 0.8, ReferenceDemand = 1000, ReferenceUnitCost = 100_000,
        HaulagePerUnitKm = 1000, CoordinationCost = 2_000_000,
    };

    public static Region Region(string id, double population, double capacity = 0, double wasteDemand = 0, double lat = 0, double lon = 0) => new()
    {
        Id = id, Name = id.ToUpperInvariant(), Kind = RegionKind.Kabupaten, Province = "Test", Population = population,
        Lat = lat, Lon = lon, Budget = 1e12, Capacity = capacity,
        Services = wasteDemand > 0 ? new Dictionary<string, RegionService> { ["waste"] = new() { Demand = wasteDemand } } : new Dictionary<string, RegionService>(),
    };

    /// <summary>Stage means of zero: every procedure stage takes exactly 0 months, so timings are exact.</summary>
    public static readonly LifecycleSettings Instant = new()
    {
        Initiative = 0, Offer = 0, JointAgreement = 0, CouncilApproval = 0, ImplementingAgreement = 0, DefaultTermMonths = 60,
    };

    /// <summary>A generated scenario (<see cref="ScenarioGenerator"/>) run for <paramref name="months"/> with <paramref name="lanes"/> replications.</summary>
    public static Scenario Generated(int regions, ulong seed, int months, int lanes)
    {
        var g = ScenarioGenerator.Generate(regions, seed);
        return g with { Run = g.Run with { Months = months, Replications = lanes } };
    }

    public static Scenario Base(int months = 12, int replications = 1) => new()
    {
        Name = "test",
        Run = new RunSettings { Start = YearMonth.Of(2023, 1), Months = months, Seed = 7, Replications = replications },
        Lifecycle = Instant,
        Parameters = new ModelParameters { PeerLearningRate = 0, KnowledgeRate = 0.1, AgreementCoordinationCost = 0 },
        Policies = new Policies { CoordinationDelayMonths = 0 },
        Services = new Dictionary<string, ServiceDefinition> { ["waste"] = Waste },
    };

    /// <summary>
    /// A mixed scenario that exercises every mechanism with random stage durations: a line of five regions,
    /// two partners, a shared landfill, knowledge, capital and general funding, a shock and One Gate.
    /// </summary>
    public static Scenario Mixed(int months = 30, int replications = 4) => Base(months, replications) with
    {
        Lifecycle = new LifecycleSettings(),
        Parameters = new ModelParameters { SpilloverAttributionFloor = 10_000 },
        Services = new Dictionary<string, ServiceDefinition> { ["waste"] = Waste with { HaulagePerUnitKm = 100 } },
        Policies = new Policies
        {
            OneGate = new OneGatePolicy { Enabled = true, Regions = ["a"], ReviewCapacity = 1, ReviewMonths = 1, QualityThreshold = 0 },
            CoordinationDelayMonths = 2,
            RevokeAfterLossMonths = 3,
        },
        Regions =
        [
            Region("a", 600_000, 0.6, 12_000, -1.6, 103.6),
            Region("b", 400_000, 0.3, 6_000, -1.65, 103.85),
            Region("c", 300_000, 0.2, 4_000, -1.75, 103.15),
            Region("d", 200_000, 0.4, 3_000, -1.4, 102.3),
            Region("e", 100_000, 0.1, 1_000, -1.5, 102.0),
        ],
        Partners =
        [
            new Partner { Id = "kfw", Name = "KfW", Kind = PartnerKind.Donor, Country = "Germany", Capacity = 0.9, Lat = 50.1, Lon = 8.7 },
            new Partner { Id = "iclei", Name = "ICLEI", Kind = PartnerKind.Network, Country = "Germany", Capacity = 0.8, Lat = 50.7, Lon = 7.1 },
        ],
        Neighbours =
        [
            new Neighbour { A = "a", B = "b", BorderKm = 70.4, RoadKm = 25 },
            new Neighbour { A = "b", B = "c", BorderKm = 156 },
            new Neighbour { A = "c", B = "d" },
            new Neighbour { A = "d", B = "e", BorderKm = 138.5 },
            new Neighbour { A = "b", B = "d", BorderKm = 40 },
        ],
        Agreements =
        [
            new Agreement
            {
                Id = "landfill", Type = AgreementType.SharedService, LegalForm = LegalForm.KsddSukarela, Parties = ["a", "b", "c"], Host = "a",
                Service = "waste", Timing = new AgreementTiming { Initiated = YearMonth.Of(2023, 2), TermMonths = 24, Renew = true },
            },
            new Agreement
            {
                Id = "landfill-far", Type = AgreementType.SharedService, LegalForm = LegalForm.KsddSukarela, Parties = ["d", "e"], Host = "d",
                Service = "waste", CostRule = CostRule.Population, Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2022, 6) },
            },
            new Agreement
            {
                Id = "kfw-landfill", Type = AgreementType.Funding, LegalForm = LegalForm.Ksdln, Parties = ["kfw", "a"], Service = "waste",
                Amount = 2.4e10, Timing = new AgreementTiming { Initiated = YearMonth.Of(2023, 1), TermMonths = 48 },
            },
            new Agreement
            {
                Id = "iclei-c", Type = AgreementType.Knowledge, LegalForm = LegalForm.Ksdln, Parties = ["iclei", "c"],
                Timing = new AgreementTiming { Initiated = YearMonth.Of(2023, 1), TermMonths = 36 },
            },
            new Agreement
            {
                Id = "a-teaches-e", Type = AgreementType.Knowledge, LegalForm = LegalForm.KsddSukarela, Parties = ["a", "e"],
                Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 1), TermMonths = 12, Renew = true },
            },
            new Agreement
            {
                Id = "grant-d", Type = AgreementType.Funding, LegalForm = LegalForm.Ksdln, Parties = ["kfw", "d"], Amount = 1.2e9,
                Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 3), TermMonths = 12, RevokeAt = YearMonth.Of(2023, 10) },
            },
        ],
        Shocks =
        [
            new Shock { Id = "flood", Kind = ShockKind.Demand, Service = "waste", Regions = ["b"], From = YearMonth.Of(2023, 6), To = YearMonth.Of(2023, 9), Factor = 1.4 },
            new Shock { Id = "fuel", Kind = ShockKind.Cost, From = YearMonth.Of(2023, 9), To = YearMonth.Of(2024, 2), Factor = 1.1 },
        ],
    };
}
