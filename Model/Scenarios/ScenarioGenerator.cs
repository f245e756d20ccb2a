using System.Globalization;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// Synthetic but realistic scenarios for scale tests (<c>kerjasama generate</c>, <c>kerjasama bench</c>).
/// <para>
/// Regions sit on a jittered grid (one point per occupied cell, some cells empty) over an area of about
/// 3,000 km² per region (capped so that very large graphs stay within 56° of latitude and 120° of longitude).
/// Neighbours are the edges of the Delaunay triangulation of those points (Bowyer–Watson with a walking point
/// location and spatially ordered insertion: about six neighbours per region, planar); border length is the
/// edge length divided by √3 (the side of a regular hexagonal cell) with a ±30% jitter.
/// Populations are lognormal (kota: median 200,000; kabupaten: median 300,000, close to Indonesia's 2020
/// census distribution), budgets grow with population^0.65 (≈ Rp 1.8 T for 600,000 people, like Kota Jambi),
/// capacity is higher in cities. Services (waste, water, digital) use the Jambi scenarios' cost curves
/// (<see cref="Services"/>), demands scale with population.
/// </para>
/// <para>
/// Agreements: shared services among neighbour pairs, Delaunay triangles (pairwise adjacent: <c>ksdd_wajib</c>)
/// and stars of four (<c>ksdd_sukarela</c>), each region in at most one shared agreement per service (so no two
/// can overlap in time); knowledge from partners and from better-capacity neighbours; funding from partners
/// (partner funds cover what they commit); food supply between neighbours. All are initiated during the first
/// year of a 120-month run.
/// </para>
/// Determinism: every draw comes from <see cref="SplitMix64"/> streams keyed by the seed and a purpose, and every
/// value is rounded before use, so the same (regions, seed) gives the same scenario on any .NET version or platform.
/// </summary>
public static class ScenarioGenerator
{
    private const double AreaPerRegionKm2 = 3_000;
    private const double KmPerDegree = 111.32;
    private const double CentreLat = -2.0;
    private const double CentreLon = 110.0;

    /// <summary>The three services every generated region has (same curves as scenarios/jambi-province.yaml).</summary>
    public static IReadOnlyDictionary<string, ServiceDefinition> Services { get; } = new Dictionary<string, ServiceDefinition>
    {
        ["waste"] = new()
        {
            Id = "waste", Name = "Solid waste final disposal", Unit = "t", CostElasticity = 0.87, ReferenceDemand = 18_000,
            ReferenceUnitCost = 125_000, OptimalScale = 60_000, DiseconomyElasticity = 1.1, HaulagePerUnitKm = 1_000, CoordinationCost = 25_000_000,
        },
        ["water"] = new()
        {
            Id = "water", Name = "Piped drinking water", Unit = "m3", CostElasticity = 0.84, ReferenceDemand = 1_000_000,
            ReferenceUnitCost = 5_500, OptimalScale = 4_500_000, DiseconomyElasticity = 1.1, HaulagePerUnitKm = 60, CoordinationCost = 15_000_000,
        },
        ["digital"] = new()
        {
            Id = "digital", Name = "Digital public services", Unit = "transactions", CostElasticity = 0.75, ReferenceDemand = 200_000,
            ReferenceUnitCost = 3_000, OptimalScale = 5_000_000, DiseconomyElasticity = 1.05, HaulagePerUnitKm = 0, CoordinationCost = 10_000_000,
        },
    };

    public static Scenario Generate(int regions, ulong seed)
    {
        if (regions < 2) throw new ArgumentOutOfRangeException(nameof(regions), regions, "at least two regions");
        var start = YearMonth.Of(2024, 1);

        // 1. Places: a jittered grid over a 2:1 rectangle, some cells left empty.
        var place = new SplitMix64(Mix(seed, 1));
        var heightKm = Math.Min(Math.Sqrt(regions * AreaPerRegionKm2 / 2), 56 * KmPerDegree);
        var widthKm = Math.Min(2 * heightKm, 120 * KmPerDegree);
        var cols = Math.Max(2, (int)Math.Ceiling(Math.Sqrt(regions * widthKm / heightKm)));
        var rows = Math.Max(1, (regions + cols - 1) / cols);
        if ((long)rows * cols < regions + Math.Min(cols, regions / 10 + 1)) rows++; // a few empty cells
        var cellW = widthKm / cols;
        var cellH = heightKm / rows;
        var cells = new int[rows * cols];
        for (var i = 0; i < cells.Length; i++) cells[i] = i;
        for (var i = 0; i < regions; i++)
        {
            var j = i + place.NextIntFast(cells.Length - i);
            (cells[i], cells[j]) = (cells[j], cells[i]);
        }
        var regionCell = cells.AsSpan(0, regions).ToArray();
        var x = new double[regions];
        var y = new double[regions];
        var lat = new double[regions];
        var lon = new double[regions];
        for (var i = 0; i < regions; i++)
        {
            var cell = regionCell[i];
            var cx = (cell % cols + 0.1 + 0.8 * place.NextDouble()) * cellW;
            var cy = (cell / cols + 0.1 + 0.8 * place.NextDouble()) * cellH;
            lat[i] = Round(CentreLat + (cy - heightKm / 2) / KmPerDegree, 4);
            lon[i] = Round(CentreLon + (cx - widthKm / 2) / KmPerDegree, 4);
            x[i] = (lon[i] - CentreLon) * KmPerDegree;
            y[i] = (lat[i] - CentreLat) * KmPerDegree;
        }

        // 2. Neighbours: Delaunay edges, inserted in snake order of cells so that the walk is short.
        var order = Enumerable.Range(0, regions).OrderBy(i =>
        {
            var r = regionCell[i] / cols;
            var c = regionCell[i] % cols;
            return (long)r * cols + (r % 2 == 0 ? c : cols - 1 - c);
        }).ToArray();
        var delaunay = Delaunay.Triangulate(x, y, order);
        var adjacency = new List<int>[regions];
        for (var i = 0; i < regions; i++) adjacency[i] = [];
        var borders = new SplitMix64(Mix(seed, 2));
        var neighbours = new List<Neighbour>(delaunay.Edges.Count);
        var ids = new string[regions];
        var width = Math.Max(4, regions.ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < regions; i++) ids[i] = "r" + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        foreach (var (a, b) in delaunay.Edges)
        {
            adjacency[a].Add(b);
            adjacency[b].Add(a);
            var length = Math.Sqrt((x[a] - x[b]) * (x[a] - x[b]) + (y[a] - y[b]) * (y[a] - y[b]));
            neighbours.Add(new Neighbour { A = ids[a], B = ids[b], BorderKm = Round(Math.Max(0.5, length / Math.Sqrt(3) * (0.7 + 0.6 * borders.NextDouble())), 1) });
        }
        foreach (var list in adjacency) list.Sort();

        // 3. Region attributes.
        var attr = new SplitMix64(Mix(seed, 3));
        var kinds = new RegionKind[regions];
        var population = new double[regions];
        var capacity = new double[regions];
        var regionList = new List<Region>(regions);
        var provinceBlock = 4;
        var provinceCols = (cols + provinceBlock - 1) / provinceBlock;
        for (var i = 0; i < regions; i++)
        {
            var kota = attr.NextDouble() < 0.19; // 98 kota of 514 regencies and cities
            kinds[i] = kota ? RegionKind.Kota : RegionKind.Kabupaten;
            population[i] = Math.Round(kota
                ? Math.Clamp(200_000 * Math.Exp(0.8 * attr.NextNormal()), 20_000, 3_000_000)
                : Math.Clamp(300_000 * Math.Exp(0.7 * attr.NextNormal()), 40_000, 5_500_000));
            var area = kota
                ? Math.Clamp(150 * Math.Exp(0.7 * attr.NextNormal()), 10, 1_500)
                : Math.Clamp(cellW * cellH * Math.Exp(0.3 * attr.NextNormal()), 100, 40_000);
            var budget = 1.4e12 * Math.Pow(population[i] / 400_000, 0.65) * (kota ? 1.1 : 1.0) * Math.Exp(0.15 * attr.NextNormal());
            capacity[i] = Round(Math.Clamp((kota ? 0.55 : 0.4) + 0.12 * attr.NextNormal(), 0.1, 0.9), 2);
            var services = new Dictionary<string, RegionService>();
            var waste = population[i] * (kota ? 0.7 : 0.5) * 30.4 / 1000 * Math.Exp(0.1 * attr.NextNormal());
            double? wasteCost = !kota && attr.NextDouble() < 0.3
                ? Round(StandaloneUnitCost(Services["waste"], waste) * (1.05 + 0.35 * attr.NextDouble()), -2)
                : null;
            services["waste"] = new RegionService { Demand = Round(waste, 1), UnitCost = wasteCost };
            var coverage = Math.Clamp((kota ? 0.75 : 0.3) + 0.1 * attr.NextNormal(), 0.05, 0.98);
            services["water"] = new RegionService { Demand = Math.Round(population[i] * coverage * (kota ? 0.15 : 0.12) * 30.4) };
            services["digital"] = new RegionService { Demand = Math.Round(population[i] * (kota ? 0.6 : 0.3) * Math.Exp(0.2 * attr.NextNormal())) };
            var cell = regionCell[i];
            var province = cell / cols / provinceBlock * provinceCols + cell % cols / provinceBlock;
            var number = i.ToString(CultureInfo.InvariantCulture);
            regionList.Add(new Region
            {
                Id = ids[i],
                Name = (kota ? "Kota Sintetis " : "Kabupaten Sintetis ") + number,
                Kind = kinds[i],
                Province = "Provinsi Sintetis " + province.ToString(CultureInfo.InvariantCulture),
                Population = population[i],
                AreaKm2 = Round(area, 2),
                Lat = lat[i],
                Lon = lon[i],
                Budget = Round(budget, -9),
                Capacity = capacity[i],
                Services = services,
            });
        }

        // 4. Partners: every kind, foreign ones at real places, domestic ones in a region.
        var partnerRng = new SplitMix64(Mix(seed, 4));
        var partnerCount = Math.Clamp(regions / 25, 8, 400);
        var partnerKinds = Enum.GetValues<PartnerKind>();
        var partners = new List<Partner>(partnerCount);
        for (var p = 0; p < partnerCount; p++)
        {
            var kind = partnerKinds[p % partnerKinds.Length];
            var foreign = IsForeign(kind);
            var (country, plat, plon) = foreign
                ? ForeignPlaces[partnerRng.NextIntFast(ForeignPlaces.Length)]
                : ("Indonesia", 0.0, 0.0);
            if (!foreign)
            {
                var home = partnerRng.NextIntFast(regions);
                plat = lat[home];
                plon = lon[home];
            }
            partners.Add(new Partner
            {
                Id = "p" + p.ToString(CultureInfo.InvariantCulture).PadLeft(3, '0'),
                Name = $"{KindLabel(kind)} {p.ToString(CultureInfo.InvariantCulture)}",
                Kind = kind,
                Country = country,
                Capacity = Round(0.7 + 0.25 * partnerRng.NextDouble(), 2),
                Lat = plat,
                Lon = plon,
            });
        }

        // 5. Agreements.
        var agreements = new List<Agreement>();
        var deal = new SplitMix64(Mix(seed, 5));
        var serviceIds = Services.Keys.ToArray();
        var taken = new bool[serviceIds.Length, regions];
        var triangles = new List<int>[regions];
        for (var i = 0; i < regions; i++) triangles[i] = [];
        for (var t = 0; t < delaunay.Triangles.Count; t++)
        {
            var (a, b, c) = delaunay.Triangles[t];
            triangles[a].Add(t);
            triangles[b].Add(t);
            triangles[c].Add(t);
        }
        var visit = Enumerable.Range(0, regions).ToArray();
        for (var i = regions - 1; i > 0; i--)
        {
            var j = deal.NextIntFast(i + 1);
            (visit[i], visit[j]) = (visit[j], visit[i]);
        }
        var counter = 0;
        string NextId(string prefix) => prefix + "-" + (++counter).ToString(CultureInfo.InvariantCulture).PadLeft(6, '0');
        AgreementTiming Timing() => new()
        {
            Initiated = start.AddMonths(deal.NextIntFast(12)),
            TermMonths = deal.NextDouble() switch { < 0.6 => null, < 0.8 => 48, _ => 36 },
        };

        // 5a. Shared services: pairs and triangles (pairwise adjacent: ksdd_wajib), stars of four (ksdd_sukarela).
        foreach (var r in visit)
        {
            for (var s = 0; s < serviceIds.Length; s++)
            {
                if (taken[s, r] || deal.NextDouble() >= 0.5) continue;
                List<int>? group = null;
                var shape = deal.NextDouble();
                if (shape < 0.35)
                {
                    var options = triangles[r].Where(t => Corners(delaunay.Triangles[t]).All(v => !taken[s, v])).ToList();
                    if (options.Count > 0) group = [.. Corners(delaunay.Triangles[options[deal.NextIntFast(options.Count)]])];
                }
                else if (shape < 0.5)
                {
                    var free = adjacency[r].Where(v => !taken[s, v]).ToList();
                    if (free.Count >= 3)
                    {
                        group = [r];
                        for (var k = 0; k < 3; k++)
                        {
                            var pick = deal.NextIntFast(free.Count);
                            group.Add(free[pick]);
                            free.RemoveAt(pick);
                        }
                    }
                }
                if (group is null)
                {
                    var free = adjacency[r].Where(v => !taken[s, v]).ToList();
                    if (free.Count == 0) continue;
                    group = [r, free[deal.NextIntFast(free.Count)]];
                }
                group.Sort();
                var host = group.OrderByDescending(v => population[v]).ThenBy(v => v).First();
                foreach (var v in group) taken[s, v] = true;
                var pairwise = group.All(u => group.All(v => u == v || adjacency[u].BinarySearch(v) >= 0));
                var rule = deal.NextDouble() switch { < 0.7 => CostRule.Demand, < 0.9 => CostRule.Population, _ => CostRule.Equal };
                agreements.Add(new Agreement
                {
                    Id = NextId("ss"),
                    Type = AgreementType.SharedService,
                    Name = $"Shared {Services[serviceIds[s]].Name.ToLowerInvariant()} hosted by {regionList[host].Name} ({group.Count} members)",
                    LegalForm = pairwise ? LegalForm.KsddWajib : LegalForm.KsddSukarela,
                    Parties = group.Select(v => ids[v]).ToArray(),
                    Host = ids[host],
                    Service = serviceIds[s],
                    CostRule = rule,
                    Timing = Timing(),
                    Source = "synthetic (ScenarioGenerator)",
                });
            }
        }

        // 5b. Knowledge: from a better-capacity neighbour or from a partner; some regions get two.
        var funders = partners.Where(p => p.Kind is PartnerKind.Donor or PartnerKind.ForeignGovernment or PartnerKind.CentralAgency
            or PartnerKind.PrivateFirm or PartnerKind.InternationalOrganisation).ToList();
        var committed = new double[partners.Count];
        foreach (var r in visit)
        {
            var count = deal.NextDouble() switch { < 0.2 => 0, < 0.75 => 1, _ => 2 };
            var used = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < count; k++)
            {
                string from;
                LegalForm form;
                var better = adjacency[r].Where(v => capacity[v] > capacity[r] + 0.05).ToList();
                if (better.Count > 0 && deal.NextDouble() < 0.4)
                {
                    from = ids[better[deal.NextIntFast(better.Count)]];
                    form = LegalForm.KsddSukarela;
                }
                else
                {
                    var partner = partners[deal.NextIntFast(partners.Count)];
                    from = partner.Id;
                    form = FormFor(partner.Kind);
                }
                if (!used.Add(from)) continue;
                agreements.Add(new Agreement
                {
                    Id = NextId("kn"),
                    Type = AgreementType.Knowledge,
                    Name = $"Knowledge transfer to {regionList[r].Name}",
                    LegalForm = form,
                    Parties = [from, ids[r]],
                    Timing = Timing(),
                    Source = "synthetic (ScenarioGenerator)",
                });
            }

            // 5c. Funding from a partner that can fund, for a service's capital cost or general development.
            if (deal.NextDouble() < 0.5)
            {
                var pi = deal.NextIntFast(funders.Count);
                var partner = funders[pi];
                var amount = Round(Math.Clamp(2e10 * Math.Exp(0.8 * deal.NextNormal()), 1e9, 3e11), -8);
                committed[partners.IndexOf(partner)] += amount;
                var service = deal.NextDouble() < 0.5 ? serviceIds[deal.NextIntFast(serviceIds.Length)] : null;
                agreements.Add(new Agreement
                {
                    Id = NextId("fu"),
                    Type = AgreementType.Funding,
                    Name = service is null ? $"Development grant to {regionList[r].Name}" : $"Capital grant for {service} in {regionList[r].Name}",
                    LegalForm = FormFor(partner.Kind),
                    Parties = [partner.Id, ids[r]],
                    Service = service,
                    Amount = amount,
                    Timing = Timing(),
                    Source = "synthetic (ScenarioGenerator)",
                });
            }

            // 5d. Food supply from a neighbouring producer.
            if (deal.NextDouble() < 0.4 && adjacency[r].Count > 0)
            {
                var producer = adjacency[r][deal.NextIntFast(adjacency[r].Count)];
                agreements.Add(new Agreement
                {
                    Id = NextId("fs"),
                    Type = AgreementType.FoodSupply,
                    Name = $"Food supply from {regionList[producer].Name} to {regionList[r].Name}",
                    LegalForm = LegalForm.KsddWajib,
                    Parties = [ids[producer], ids[r]],
                    Timing = Timing(),
                    Source = "synthetic (ScenarioGenerator)",
                });
            }
        }
        for (var p = 0; p < partners.Count; p++)
        {
            if (partners[p].Kind is PartnerKind.University or PartnerKind.Network) partners[p] = partners[p] with { Funds = 0 };
            else partners[p] = partners[p] with { Funds = Math.Max(1e11, Math.Ceiling(committed[p] * 1.25 / 1e9) * 1e9) };
        }

        var kotas = Enumerable.Range(0, regions).Where(i => kinds[i] == RegionKind.Kota).Select(i => ids[i]).ToArray();
        return new Scenario
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"synthetic-{regions}-{seed}"),
            Description = string.Create(CultureInfo.InvariantCulture,
                $"Synthetic scenario: {regions} regions on a jittered grid, Delaunay neighbours, {partners.Count} partners, {agreements.Count} agreements initiated in the first year (ScenarioGenerator, seed {seed})."),
            Run = new RunSettings { Start = start, Months = 120, Seed = seed, Replications = 1 },
            Parameters = new ModelParameters(),
            Lifecycle = new LifecycleSettings(),
            Policies = new Policies { OneGate = new OneGatePolicy { Enabled = true, Regions = kotas, ReviewCapacity = 4, ReviewMonths = 1, QualityThreshold = 0 } },
            Services = new Dictionary<string, ServiceDefinition>(Services),
            Regions = regionList,
            Partners = partners,
            Neighbours = neighbours,
            Agreements = agreements,
        };
    }

    private static IEnumerable<int> Corners((int A, int B, int C) t)
    {
        yield return t.A;
        yield return t.B;
        yield return t.C;
    }

    private static double StandaloneUnitCost(ServiceDefinition s, double q) =>
        s.ReferenceUnitCost * Math.Pow(q / s.ReferenceDemand, s.CostElasticity - 1);

    private static bool IsForeign(PartnerKind kind) =>
        kind is PartnerKind.ForeignCity or PartnerKind.ForeignGovernment or PartnerKind.InternationalOrganisation or PartnerKind.Donor or PartnerKind.Network;

    private static LegalForm FormFor(PartnerKind kind) => kind switch
    {
        PartnerKind.CentralAgency => LegalForm.Sinergi,
        PartnerKind.PrivateFirm or PartnerKind.University => LegalForm.Ksdpk,
        _ => LegalForm.Ksdln,
    };

    private static string KindLabel(PartnerKind kind) => kind switch
    {
        PartnerKind.ForeignCity => "Foreign city",
        PartnerKind.ForeignGovernment => "Foreign government",
        PartnerKind.InternationalOrganisation => "International organisation",
        PartnerKind.Donor => "Development bank",
        PartnerKind.PrivateFirm => "Firm",
        PartnerKind.University => "University",
        PartnerKind.CentralAgency => "Central agency",
        _ => "City network",
    };

    private static readonly (string Country, double Lat, double Lon)[] ForeignPlaces =
    [
        ("Singapore", 1.29, 103.85), ("China", 39.9, 116.4), ("South Korea", 37.57, 126.98), ("Denmark", 55.68, 12.57),
        ("Germany", 50.11, 8.68), ("India", 28.61, 77.21), ("Malaysia", 3.14, 101.69), ("Japan", 35.68, 139.69),
        ("Australia", -35.28, 149.13), ("Netherlands", 52.37, 4.9), ("Philippines", 14.6, 120.98), ("United States", 38.9, -77.04),
    ];

    private static double Round(double value, int digits) => digits >= 0
        ? Math.Round(value, digits, MidpointRounding.ToEven)
        : Math.Round(value / Math.Pow(10, -digits)) * Math.Pow(10, -digits);

    private static ulong Mix(ulong seed, ulong purpose)
    {
        var m = new SplitMix64(seed ^ (purpose * 0xD1B54A32D192ED03UL));
        return m.NextUInt64();
    }

    /// <summary>
    /// Delaunay triangulation by Bowyer–Watson: points inserted in a spatially coherent order, the containing
    /// triangle found by walking from the last new triangle, the cavity grown from it by a breadth-first search
    /// over triangles whose circumcircle contains the point. Expected time about O(n log n) for such orders.
    /// </summary>
    internal sealed class Delaunay
    {
        public List<(int A, int B)> Edges { get; } = [];
        public List<(int A, int B, int C)> Triangles { get; } = [];

        private double[] _x = [];
        private double[] _y = [];
        private readonly List<int> _v = [];     // 3 vertices per triangle, counter-clockwise
        private readonly List<int> _n = [];     // 3 neighbours per triangle: _n[3t+i] lies across the edge opposite _v[3t+i]
        private readonly List<bool> _dead = [];
        private readonly Stack<int> _free = new();

        public static Delaunay Triangulate(double[] xs, double[] ys, int[] order)
        {
            var d = new Delaunay();
            d.Run(xs, ys, order);
            return d;
        }

        private void Run(double[] xs, double[] ys, int[] order)
        {
            var n = xs.Length;
            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            for (var i = 0; i < n; i++)
            {
                minX = Math.Min(minX, xs[i]); maxX = Math.Max(maxX, xs[i]);
                minY = Math.Min(minY, ys[i]); maxY = Math.Max(maxY, ys[i]);
            }
            var scale = Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-9);
            // Normalised coordinates in [0, 1]² plus three super-triangle vertices (indices n, n+1, n+2).
            _x = new double[n + 3];
            _y = new double[n + 3];
            for (var i = 0; i < n; i++)
            {
                _x[i] = (xs[i] - minX) / scale;
                _y[i] = (ys[i] - minY) / scale;
            }
            _x[n] = -50; _y[n] = -50;
            _x[n + 1] = 150; _y[n + 1] = -50;
            _x[n + 2] = 0.5; _y[n + 2] = 150;
            var last = NewTriangle(n, n + 1, n + 2, -1, -1, -1);
            var cavity = new List<int>();
            var inCavity = new HashSet<int>();
            var boundary = new List<(int A, int B, int Outside)>();
            var queue = new Queue<int>();
            foreach (var p in order)
            {
                var t = Locate(last, p);
                // Grow the cavity.
                cavity.Clear();
                inCavity.Clear();
                queue.Clear();
                cavity.Add(t);
                inCavity.Add(t);
                queue.Enqueue(t);
                while (queue.Count > 0)
                {
                    var c = queue.Dequeue();
                    for (var i = 0; i < 3; i++)
                    {
                        var nb = _n[3 * c + i];
                        if (nb < 0 || inCavity.Contains(nb)) continue;
                        if (!InCircle(nb, p)) continue;
                        inCavity.Add(nb);
                        cavity.Add(nb);
                        queue.Enqueue(nb);
                    }
                }
                // Keep the cavity star-shaped from p (guards against rounding): drop triangles whose outer edge p cannot see.
                while (true)
                {
                    boundary.Clear();
                    var drop = -1;
                    foreach (var c in cavity)
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            var nb = _n[3 * c + i];
                            if (nb >= 0 && inCavity.Contains(nb)) continue;
                            var a = _v[3 * c + (i + 1) % 3];
                            var b = _v[3 * c + (i + 2) % 3];
                            if (Orient(a, b, p) <= 0 && c != t) drop = c;
                            boundary.Add((a, b, nb));
                        }
                        if (drop >= 0) break;
                    }
                    if (drop < 0) break;
                    cavity.Remove(drop);
                    inCavity.Remove(drop);
                }
                // Replace the cavity by a fan around p.
                foreach (var c in cavity)
                {
                    _dead[c] = true;
                    _free.Push(c);
                }
                var startsAt = new Dictionary<int, int>(boundary.Count);
                var created = new List<int>(boundary.Count);
                foreach (var (a, b, outside) in boundary)
                {
                    var nt = NewTriangle(a, b, p, -1, -1, outside);
                    if (outside >= 0)
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            if (_v[3 * outside + (i + 1) % 3] == b && _v[3 * outside + (i + 2) % 3] == a) _n[3 * outside + i] = nt;
                        }
                    }
                    startsAt[a] = nt;
                    created.Add(nt);
                }
                foreach (var nt in created)
                {
                    var b = _v[3 * nt + 1];
                    _n[3 * nt] = startsAt[b];          // across (b, p): the triangle starting at b
                    _n[3 * startsAt[b] + 1] = nt;      // and its edge (p, b) lies opposite its second vertex
                }
                last = created[^1];
            }
            var real = n;
            for (var t = 0; t < _dead.Count; t++)
            {
                if (_dead[t]) continue;
                int a = _v[3 * t], b = _v[3 * t + 1], c = _v[3 * t + 2];
                if (a < real && b < real && c < real) Triangles.Add((a, b, c));
                for (var i = 0; i < 3; i++)
                {
                    var u = _v[3 * t + (i + 1) % 3];
                    var w = _v[3 * t + (i + 2) % 3];
                    if (u >= real || w >= real) continue;
                    Edges.Add(u < w ? (u, w) : (w, u));
                }
            }
            Edges.Sort();
            for (var i = Edges.Count - 1; i > 0; i--)
            {
                if (Edges[i] == Edges[i - 1]) Edges.RemoveAt(i);
            }
        }

        private int NewTriangle(int a, int b, int c, int na, int nb, int nc)
        {
            int t;
            if (_free.Count > 0)
            {
                t = _free.Pop();
                _v[3 * t] = a; _v[3 * t + 1] = b; _v[3 * t + 2] = c;
                _n[3 * t] = na; _n[3 * t + 1] = nb; _n[3 * t + 2] = nc;
                _dead[t] = false;
            }
            else
            {
                t = _dead.Count;
                _v.Add(a); _v.Add(b); _v.Add(c);
                _n.Add(na); _n.Add(nb); _n.Add(nc);
                _dead.Add(false);
            }
            return t;
        }

        private int Locate(int start, int p)
        {
            var t = start;
            var rotate = 0;
            for (var steps = 0; steps < 1_000_000; steps++)
            {
                var moved = false;
                for (var k = 0; k < 3; k++)
                {
                    var i = (k + rotate) % 3;
                    var a = _v[3 * t + (i + 1) % 3];
                    var b = _v[3 * t + (i + 2) % 3];
                    if (Orient(a, b, p) < 0 && _n[3 * t + i] >= 0)
                    {
                        t = _n[3 * t + i];
                        moved = true;
                        break;
                    }
                }
                if (!moved) return t;
                rotate = (rotate + 1) % 3;
            }
            throw new InvalidOperationException("Delaunay point location did not terminate");
        }

        private double Orient(int a, int b, int p) =>
            (_x[b] - _x[a]) * (_y[p] - _y[a]) - (_y[b] - _y[a]) * (_x[p] - _x[a]);

        private bool InCircle(int t, int p)
        {
            double px = _x[p], py = _y[p];
            double adx = _x[_v[3 * t]] - px, ady = _y[_v[3 * t]] - py;
            double bdx = _x[_v[3 * t + 1]] - px, bdy = _y[_v[3 * t + 1]] - py;
            double cdx = _x[_v[3 * t + 2]] - px, cdy = _y[_v[3 * t + 2]] - py;
            var det = (adx * adx + ady * ady) * (bdx * cdy - cdx * bdy)
                    - (bdx * bdx + bdy * bdy) * (adx * cdy - cdx * ady)
                    + (cdx * cdx + cdy * cdy) * (adx * bdy - bdx * ady);
            return det > 0;
        }
    }
}
