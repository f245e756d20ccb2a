using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Tests.Graph.Support;

/// <summary>Small scenarios for graph building and export tests.</summary>
public static class GraphScenarios
{
    /// <summary>
    /// Five regions (one with a quote and non-ASCII letters in its name), two partners, four borders (one without a
    /// length), and one agreement of each type: a three-member shared service hosted by kota-jambi, a food supply,
    /// a knowledge transfer from a partner, and funding from a donor.
    /// </summary>
    public static Scenario Jambi() => new()
    {
        Name = "jambi-test",
        Run = new RunSettings { Start = YearMonth.Of(2023, 1), Months = 6 },
        Regions =
        [
            Region("kota-jambi", "Kota Jambi", RegionKind.Kota, 620_000, 0.6),
            Region("muaro-jambi", "Muaro \"MJ\" Jambi — Sengeti", RegionKind.Kabupaten, 420_000, 0.4),
            Region("batanghari", "Batang Hari", RegionKind.Kabupaten, 310_000, 0.35),
            Region("tanjabtim", "Tanjung Jabung Timur", RegionKind.Kabupaten, 230_000, 0.3),
            Region("kerinci", "Kerinci", RegionKind.Kabupaten, 250_000, 0.45),
        ],
        Partners =
        [
            new Partner { Id = "jica", Name = "JICA", Kind = PartnerKind.Donor, Country = "JP", Capacity = 0.9 },
            new Partner { Id = "itb", Name = "ITB", Kind = PartnerKind.University, Country = "ID", Capacity = 0.85 },
            new Partner { Id = "unused", Name = "Unused", Kind = PartnerKind.PrivateFirm },
        ],
        Neighbours =
        [
            new Neighbour { A = "kota-jambi", B = "muaro-jambi", BorderKm = 42.5 },
            new Neighbour { A = "muaro-jambi", B = "batanghari", BorderKm = 80 },
            new Neighbour { A = "muaro-jambi", B = "tanjabtim" },
            new Neighbour { A = "batanghari", B = "tanjabtim", BorderKm = 12.25 },
        ],
        Agreements =
        [
            new Agreement
            {
                Id = "ss-waste", Type = AgreementType.SharedService, Parties = ["kota-jambi", "muaro-jambi", "batanghari"], Host = "kota-jambi",
                Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 2), TermMonths = 3 },
            },
            new Agreement
            {
                Id = "food-1", Type = AgreementType.FoodSupply, Parties = ["kerinci", "kota-jambi"],
                Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 1) },
            },
            new Agreement
            {
                Id = "know-1", Type = AgreementType.Knowledge, Parties = ["itb", "batanghari"],
                Timing = new AgreementTiming { Initiated = YearMonth.Of(2023, 1) },
            },
            new Agreement
            {
                Id = "fund-1", Type = AgreementType.Funding, Parties = ["jica", "tanjabtim"], Amount = 2.5e9,
                Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 3), RevokeAt = YearMonth.Of(2023, 5) },
            },
        ],
    };

    private static Region Region(string id, string name, RegionKind kind, double population, double capacity) => new()
    {
        Id = id, Name = name, Kind = kind, Province = "Jambi", Population = population, Capacity = capacity,
        AreaKm2 = population / 300, Lat = -1.6, Lon = 103.6, Budget = population * 2e6,
    };
}
