using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// A scenario compiled for stepping: entities, services and agreements numbered in a fixed
/// order (ordinal by id), neighbour weights and distances, and who reads whose messages.
/// Immutable and shared by every entity of a run (one copy per silo in the Orleans engine).
/// Entity indices: regions 0..R-1 (ordinal by id), then partners R..R+P-1 (ordinal by id).
/// </summary>
public sealed class SimulationWorld
{
    public Scenario Scenario { get; }
    public int Lanes { get; }
    public int Months { get; }
    public YearMonth Start { get; }
    public ulong Seed { get; }

    public int RegionCount { get; }
    public int EntityCount { get; }
    public string[] EntityIds { get; }
    public ulong[] EntityHashes { get; }
    public Region[] Regions { get; }
    public Partner[] Partners { get; }
    public string[] ServiceIds { get; }
    public ServiceDefinition[] Services { get; }
    public AgreementInfo[] Agreements { get; }
    public ModelParameters Parameters => Scenario.Parameters;

    /// <summary>Per region: neighbours (ascending index) with row-normalised spatial weight w_ij.</summary>
    public NeighbourLink[][] Neighbours { get; }
    /// <summary>Per entity: the entities whose last-month messages it reads (ascending index).</summary>
    public int[][] Subscriptions { get; }
    /// <summary>Per entity: agreements it is a party to (ascending index).</summary>
    public int[][] PartyOf { get; }
    /// <summary>Per region: agreements it owns (runs the procedure for), ascending index.</summary>
    public int[][] Owned { get; }
    /// <summary>Per agreement: its position in its owner's <see cref="Owned"/> list (and in the owner's announcements).</summary>
    public int[] OwnedPosition { get; }
    /// <summary>Per region and service: the capital funding agreements the region receives for that service, ascending.</summary>
    public int[][][] CapitalFunding { get; }
    /// <summary>Per region: whether its proposals pass through One Gate.</summary>
    public bool[] OneGate { get; }
    /// <summary>Per region and service: demand at the scenario's base (0 where the region has none).</summary>
    public double[][] BaseDemand { get; }
    /// <summary>Per region and service: standalone unit cost (NaN: use the common curve).</summary>
    public double[][] StandaloneUnitCost { get; }
    public double[] InitialCapacity { get; }
    /// <summary>Triggers, ordinal by id.</summary>
    public Trigger[] Triggers { get; }
    public int[] TriggerRegion { get; }
    public int[] TriggerCommodity { get; }
    /// <summary>Per trigger: its potential agreements (ascending).</summary>
    public int[][] TriggerAgreements { get; }
    /// <summary>Per region: the triggers it evaluates (ascending).</summary>
    public int[][] OwnedTriggers { get; }
    /// <summary>Commodities, ordinal by id (empty when the scenario has no food markets).</summary>
    public Commodity[] Commodities { get; }
    public string[] CommodityIds { get; }
    /// <summary>Per region and commodity: the region's market (null where the region has no entry for it).</summary>
    public RegionFood?[][] Food { get; }
    /// <summary>Per region: food_supply agreements with a commodity it delivers (ascending); deliveries are published in this order.</summary>
    public int[][] FoodOut { get; }
    /// <summary>Per agreement: its position in its producer's <see cref="FoodOut"/> list (-1 for other agreements).</summary>
    public int[] FoodOutPosition { get; }
    /// <summary>Per region: food_supply agreements with a commodity it receives (ascending).</summary>
    public int[][] FoodIn { get; }

    /// <summary>Per region: knowledge agreements it receives (ascending; <see cref="RegionState.KnowledgeIn"/>).</summary>
    public int[][] KnowledgeIn { get; }
    /// <summary>Per region: shared-service agreements it is a member of (ascending; <see cref="RegionState.SharedMember"/>).</summary>
    public int[][] SharedMember { get; }
    /// <summary>
    /// Per region: the agreements its direct benefit can be booked to (ascending): those it is a party to and the capital
    /// funding of the facilities it shares. A step keeps one lane vector per entry (its "slot").
    /// </summary>
    public int[][] DirectTags { get; }
    /// <summary>Per region: the slot in <see cref="DirectTags"/> of each agreement of <see cref="PartyOf"/>, aligned with it.</summary>
    public int[][] PartySlot { get; }
    /// <summary>Per region: the slot in <see cref="DirectTags"/> of each agreement of <see cref="SharedMember"/>, aligned with it.</summary>
    public int[][] SharedSlot { get; }
    /// <summary>Per region: the slot in <see cref="DirectTags"/> of each agreement of <see cref="KnowledgeIn"/>, aligned with it.</summary>
    public int[][] KnowledgeSlot { get; }
    /// <summary>Per region: the slot in <see cref="DirectTags"/> of each agreement of <see cref="FoodIn"/>, aligned with it.</summary>
    public int[][] FoodInSlot { get; }
    /// <summary>Per region: whether a demand or cost shock can hit its services in some month (the step then prices them month by month).</summary>
    public bool[] ServiceShocked { get; }
    /// <summary>
    /// Per region and shared membership (aligned with <see cref="SharedMember"/>): the bill terms of a month without demand or
    /// cost shocks, or null where a shock can hit the region, the host or a member (those terms are computed each month).
    /// Without shocks <see cref="SharedServices.MemberTerms"/> gives these same numbers every month.
    /// </summary>
    public SharedServices.Terms?[][] QuietTerms { get; }
    /// <summary>Per region and service: the standalone raw cost of a month without shocks (used where <see cref="ServiceShocked"/> is false).</summary>
    public double[][] QuietStandaloneRaw { get; }
    /// <summary>Per commodity: its CPI weight; and their sum (the food share of the CPI basket).</summary>
    public double[] CpiWeights { get; }
    public double CpiFoodWeight { get; }

    private readonly Dictionary<string, int> _entityIndex;
    private readonly Shock[][] _shocksByRegion;
    private readonly Dictionary<(int, int), double> _roadKm = new();

    public SimulationWorld(Scenario scenario)
    {
        Scenario = scenario;
        Lanes = scenario.Run.Replications;
        Months = scenario.Run.Months;
        Start = scenario.Run.Start;
        Seed = scenario.Run.Seed;

        Regions = scenario.Regions.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
        Partners = scenario.Partners.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        RegionCount = Regions.Length;
        EntityCount = Regions.Length + Partners.Length;
        EntityIds = Regions.Select(r => r.Id).Concat(Partners.Select(p => p.Id)).ToArray();
        EntityHashes = EntityIds.Select(RandomStreams.HashId).ToArray();
        _entityIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < EntityIds.Length; i++) _entityIndex[EntityIds[i]] = i;

        var services = scenario.Services.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        Services = services;
        ServiceIds = services.Select(s => s.Id).ToArray();
        var serviceIndex = ServiceIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

        InitialCapacity = Regions.Select(r => r.Capacity).Concat(Partners.Select(p => p.Capacity)).ToArray();
        BaseDemand = new double[RegionCount][];
        StandaloneUnitCost = new double[RegionCount][];
        for (var r = 0; r < RegionCount; r++)
        {
            BaseDemand[r] = new double[services.Length];
            StandaloneUnitCost[r] = new double[services.Length];
            for (var s = 0; s < services.Length; s++)
            {
                var has = Regions[r].Services.TryGetValue(ServiceIds[s], out var rs);
                BaseDemand[r][s] = has ? rs!.Demand : 0;
                StandaloneUnitCost[r][s] = has && rs!.UnitCost is { } u ? u : double.NaN;
            }
        }

        Commodities = scenario.Commodities.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        CommodityIds = Commodities.Select(c => c.Id).ToArray();
        var commodityIndex = CommodityIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        Food = Regions.Select(r => CommodityIds.Select(c => r.Food.TryGetValue(c, out var f) ? f : null).ToArray()).ToArray();

        foreach (var n in scenario.Neighbours)
        {
            if (n.RoadKm is { } road && TryIndex(n.A, out var a) && TryIndex(n.B, out var b))
            {
                _roadKm[(Math.Min(a, b), Math.Max(a, b))] = road;
            }
        }
        Neighbours = Spillover.BuildWeights(this, scenario.Neighbours);

        // Triggers compile to potential agreements, one per (trigger, candidate producer), named TRIGGER:PRODUCER;
        // they stay not_started until their trigger fires and picks them (Triggers.Fire).
        Triggers = scenario.Triggers.OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
        var potential = new List<(Agreement Agreement, int Trigger)>();
        var producers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in Triggers) producers.TryAdd(t.Commodity, []);
        foreach (var r in scenario.Regions)
            foreach (var (commodity, list) in producers)
                if (r.Food.TryGetValue(commodity, out var f) && f.Production > 0) list.Add(r.Id);
        for (var t = 0; t < Triggers.Length; t++)
            foreach (var candidate in Mechanisms.Triggers.Candidates(Triggers[t], producers[Triggers[t].Commodity]))
                potential.Add((Mechanisms.Triggers.PotentialAgreement(Triggers[t], candidate), t));
        var agreements = scenario.Agreements.Select(a => (Agreement: a, Trigger: -1)).Concat(potential)
            .OrderBy(a => a.Agreement.Id, StringComparer.Ordinal).ToArray();
        // Each agreement is compiled on its own (it only reads what is built above), so they are compiled in parallel.
        // A scenario that names an unknown party (one not validated) fails as a sequential build would: on its first
        // such agreement, with that agreement's exception.
        var compiled = new AgreementInfo[agreements.Length];
        void Compile(int k) => compiled[k] = new AgreementInfo(this, k, agreements[k].Agreement, serviceIndex, commodityIndex) { Trigger = agreements[k].Trigger };
        try { Parallel.For(0, agreements.Length, Compile); }
        catch (AggregateException)
        {
            for (var k = 0; k < agreements.Length; k++) Compile(k);
        }
        Agreements = compiled;
        TriggerRegion = Triggers.Select(t => IndexOf(t.Region)).ToArray();
        TriggerCommodity = Triggers.Select(t => commodityIndex[t.Commodity]).ToArray();
        // Every per-region (or per-trigger) list below is filled by one pass over the agreements in index order, so each
        // list is ascending and building them is linear in regions + agreements.
        var triggerAgreements = Buckets(Triggers.Length);
        var foodOut = Buckets(RegionCount);
        var foodIn = Buckets(RegionCount);
        foreach (var a in Agreements)
        {
            if (a.Trigger >= 0) triggerAgreements[a.Trigger].Add(a.Index);
            if (a.Commodity >= 0 && a.From >= 0 && a.From < RegionCount) foodOut[a.From].Add(a.Index);
            if (a.Commodity >= 0 && a.To >= 0 && a.To < RegionCount) foodIn[a.To].Add(a.Index);
        }
        TriggerAgreements = ToArrays(triggerAgreements);
        var ownedTriggers = Buckets(RegionCount);
        for (var t = 0; t < Triggers.Length; t++) if (TriggerRegion[t] < RegionCount) ownedTriggers[TriggerRegion[t]].Add(t);
        OwnedTriggers = ToArrays(ownedTriggers);
        FoodOut = ToArrays(foodOut);
        FoodIn = ToArrays(foodIn);
        FoodOutPosition = new int[Agreements.Length];
        Array.Fill(FoodOutPosition, -1);
        foreach (var list in FoodOut) for (var k = 0; k < list.Length; k++) FoodOutPosition[list[k]] = k;
        CpiWeights = Commodities.Select(c => c.CpiWeight).ToArray();
        CpiFoodWeight = CpiWeights.Sum();

        var transferKeys = new Dictionary<(int, int, string), int>();
        foreach (var a in Agreements)
        {
            a.TransferKey = a.Type == AgreementType.Knowledge && transferKeys.TryGetValue((a.From, a.To, a.Definition.Subject ?? ""), out var first)
                ? first
                : a.Index;
            if (a.Type == AgreementType.Knowledge) transferKeys.TryAdd((a.From, a.To, a.Definition.Subject ?? ""), a.Index);
        }

        var oneGate = scenario.Policies.OneGate;
        var gateRegions = oneGate.Regions is null ? null : new HashSet<string>(oneGate.Regions, StringComparer.Ordinal);
        OneGate = Regions.Select(r => oneGate.Enabled && (gateRegions is null || gateRegions.Contains(r.Id))).ToArray();

        // Agreements are visited in index order, so each entity's list is ascending as it is filled; a party named twice
        // in one agreement is listed once.
        var partyOf = Buckets(EntityCount);
        var owned = Buckets(RegionCount);
        foreach (var a in Agreements)
        {
            foreach (var p in a.Parties)
            {
                var list = partyOf[p];
                if (list.Count == 0 || list[^1] != a.Index) list.Add(a.Index);
            }
            owned[a.Owner].Add(a.Index);
        }
        PartyOf = ToArrays(partyOf);
        Owned = owned.Select(l => l.ToArray()).ToArray();
        OwnedPosition = new int[Agreements.Length];
        foreach (var list in Owned) for (var k = 0; k < list.Length; k++) OwnedPosition[list[k]] = k;
        CapitalFunding = new int[RegionCount][][];
        var capital = new List<int>[services.Length];
        for (var s = 0; s < services.Length; s++) capital[s] = [];
        for (var r = 0; r < RegionCount; r++)
        {
            foreach (var k in Owned[r])
                if (Agreements[k].Type == AgreementType.Funding && Agreements[k].Service >= 0) capital[Agreements[k].Service].Add(k);
            CapitalFunding[r] = new int[services.Length][];
            for (var s = 0; s < services.Length; s++)
            {
                CapitalFunding[r][s] = capital[s].ToArray();
                capital[s].Clear();
            }
        }

        // What a region's step reads and books: knowledge it receives, shared services it is in, and the slots of its
        // direct benefit (its agreements and the capital funding of the facilities it shares).
        KnowledgeIn = new int[RegionCount][];
        SharedMember = new int[RegionCount][];
        DirectTags = new int[RegionCount][];
        PartySlot = new int[RegionCount][];
        SharedSlot = new int[RegionCount][];
        KnowledgeSlot = new int[RegionCount][];
        FoodInSlot = new int[RegionCount][];
        var tags = new List<int>();
        for (var r = 0; r < RegionCount; r++)
        {
            var party = PartyOf[r];
            KnowledgeIn[r] = Array.FindAll(party, a => Agreements[a].Type == AgreementType.Knowledge && Agreements[a].To == r);
            SharedMember[r] = Array.FindAll(party, a => Agreements[a].Type == AgreementType.SharedService);
            tags.Clear();
            tags.AddRange(party);
            foreach (var a in SharedMember[r])
            {
                var info = Agreements[a];
                if (info.Service >= 0 && info.Host >= 0 && info.Host < RegionCount) tags.AddRange(CapitalFunding[info.Host][info.Service]);
            }
            tags.Sort();
            var distinct = 0;
            for (var i = 0; i < tags.Count; i++) if (i == 0 || tags[i] != tags[i - 1]) tags[distinct++] = tags[i];
            var direct = tags.GetRange(0, distinct).ToArray();
            DirectTags[r] = direct;
            PartySlot[r] = Slots(direct, party);
            SharedSlot[r] = Slots(direct, SharedMember[r]);
            KnowledgeSlot[r] = Slots(direct, KnowledgeIn[r]);
            FoodInSlot[r] = Slots(direct, FoodIn[r]);
        }

        // Each entity reads the messages of its neighbours (spillover, peer learning) and of every
        // co-party of its agreements (lifecycle announcements, facility funding, capacities, withdrawals).
        // Entities are independent of each other here: their lists (sorted, without repeats) are built in parallel.
        var subscriptions = new int[EntityCount][];
        Parallel.For(0, EntityCount, new ParallelOptions(), () => new List<int>(), (e, _, list) =>
        {
            list.Clear();
            if (e < RegionCount) foreach (var n in Neighbours[e]) list.Add(n.Region);
            foreach (var a in PartyOf[e]) foreach (var p in Agreements[a].Parties) if (p != e) list.Add(p);
            list.Sort();
            var distinct = 0;
            for (var i = 0; i < list.Count; i++) if (i == 0 || list[i] != list[i - 1]) list[distinct++] = list[i];
            subscriptions[e] = list.GetRange(0, distinct).ToArray();
            return list;
        }, _ => { });
        Subscriptions = subscriptions;

        // Shocks by region, ordinal by id: one pass over the shocks (sorted first) and the regions each names.
        var shocks = Buckets<Shock>(RegionCount);
        foreach (var shock in scenario.Shocks.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            if (shock.Regions is null)
            {
                foreach (var list in shocks) list.Add(shock);
                continue;
            }
            foreach (var id in shock.Regions)
            {
                if (!TryIndex(id, out var r) || r >= RegionCount) continue;
                var list = shocks[r];
                if (list.Count == 0 || !ReferenceEquals(list[^1], shock)) list.Add(shock);
            }
        }
        _shocksByRegion = ToArrays(shocks);

        // Month-independent service costs where no demand or cost shock can change them.
        ServiceShocked = new bool[RegionCount];
        for (var r = 0; r < RegionCount; r++)
            foreach (var shock in _shocksByRegion[r])
                if (shock.Kind is ShockKind.Demand or ShockKind.Cost) ServiceShocked[r] = true;
        QuietTerms = new SharedServices.Terms?[RegionCount][];
        QuietStandaloneRaw = new double[RegionCount][];
        for (var r = 0; r < RegionCount; r++)
        {
            var member = SharedMember[r];
            QuietTerms[r] = new SharedServices.Terms?[member.Length];
            for (var m = 0; m < member.Length; m++)
            {
                var a = Agreements[member[m]];
                if (a.Service < 0) continue;
                var quiet = !ServiceShocked[r] && !ServiceShocked[a.Host];
                foreach (var p in a.RegionParties) quiet &= !ServiceShocked[p];
                if (quiet) QuietTerms[r][m] = SharedServices.MemberTerms(this, a, r, 0);
            }
            QuietStandaloneRaw[r] = new double[services.Length];
            if (ServiceShocked[r]) continue;
            for (var s = 0; s < services.Length; s++)
                QuietStandaloneRaw[r][s] = BaseDemand[r][s] > 0 ? SharedServices.Standalone(this, r, s, 0, 0).Raw : 0;
        }
    }

    private static List<T>[] Buckets<T>(int count)
    {
        var lists = new List<T>[count];
        for (var i = 0; i < count; i++) lists[i] = [];
        return lists;
    }

    private static List<int>[] Buckets(int count) => Buckets<int>(count);

    private static T[][] ToArrays<T>(List<T>[] lists)
    {
        var arrays = new T[lists.Length][];
        for (var i = 0; i < lists.Length; i++) arrays[i] = lists[i].ToArray();
        return arrays;
    }

    /// <summary>The position of each of <paramref name="items"/> in the ascending <paramref name="tags"/>.</summary>
    private static int[] Slots(int[] tags, int[] items)
    {
        var slots = new int[items.Length];
        for (var k = 0; k < items.Length; k++) slots[k] = Array.BinarySearch(tags, items[k]);
        return slots;
    }

    public int IndexOf(string entityId) =>
        _entityIndex.TryGetValue(entityId, out var i) ? i : throw new KeyNotFoundException($"unknown region or partner '{entityId}'");

    public bool TryIndex(string entityId, out int index) => _entityIndex.TryGetValue(entityId, out index);

    public bool IsRegion(int entity) => entity < RegionCount;

    public YearMonth MonthAt(int tick) => Start.AddMonths(tick);

    /// <summary>Product of the factors of every shock of this kind that hits the region in this month (and service, where given).</summary>
    public double ShockFactor(int region, ShockKind kind, int tick, int service = -1)
    {
        var month = MonthAt(tick);
        var factor = 1.0;
        foreach (var s in _shocksByRegion[region])
        {
            if (s.Kind != kind || month < s.From || month > s.To) continue;
            if (service >= 0 && s.Service is not null && !string.Equals(s.Service, ServiceIds[service], StringComparison.Ordinal)) continue;
            factor *= s.Factor;
        }
        return factor;
    }

    /// <summary>Product of the factors of every production or freight shock that hits the region's commodity this month.</summary>
    public double FoodShockFactor(int region, ShockKind kind, int tick, int commodity)
    {
        var month = MonthAt(tick);
        var factor = 1.0;
        foreach (var s in _shocksByRegion[region])
        {
            if (s.Kind != kind || month < s.From || month > s.To) continue;
            if (s.Commodity is not null && !string.Equals(s.Commodity, CommodityIds[commodity], StringComparison.Ordinal)) continue;
            factor *= s.Factor;
        }
        return factor;
    }

    /// <summary>Distance in km between two entities: the scenario's road distance where given, else great-circle between centroids.</summary>
    public double DistanceKm(int a, int b)
    {
        if (a == b) return 0;
        if (_roadKm.TryGetValue((Math.Min(a, b), Math.Max(a, b)), out var road)) return road;
        var (lat1, lon1) = Centroid(a);
        var (lat2, lon2) = Centroid(b);
        return GreatCircleKm(lat1, lon1, lat2, lon2);
    }

    private (double Lat, double Lon) Centroid(int e) =>
        e < RegionCount ? (Regions[e].Lat, Regions[e].Lon) : (Partners[e - RegionCount].Lat, Partners[e - RegionCount].Lon);

    /// <summary>Haversine distance on a sphere of radius 6371.0088 km (IUGG mean Earth radius).</summary>
    public static double GreatCircleKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double radius = 6371.0088;
        var p1 = lat1 * Math.PI / 180;
        var p2 = lat2 * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (lon2 - lon1) * Math.PI / 180;
        var h = Math.Sin(dp / 2) * Math.Sin(dp / 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2);
        return 2 * radius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

/// <summary>A neighbour of a region with its row-normalised spatial weight.</summary>
public readonly record struct NeighbourLink(int Region, double Weight);

/// <summary>An agreement compiled for stepping.</summary>
public sealed class AgreementInfo
{
    public int Index { get; }
    public Agreement Definition { get; }
    public string Id => Definition.Id;
    public AgreementType Type => Definition.Type;
    /// <summary>Entity indices of the parties, in the scenario's order.</summary>
    public int[] Parties { get; }
    /// <summary>Parties that are regions, ascending.</summary>
    public int[] RegionParties { get; }
    /// <summary>The region that runs the procedure: the host of a shared service, else the receiving region.</summary>
    public int Owner { get; }
    /// <summary>Host region (shared_service), else -1.</summary>
    public int Host { get; }
    /// <summary>The source party of a directed agreement (knowledge, funding, food_supply), else -1.</summary>
    public int From { get; }
    /// <summary>The receiving region of a directed agreement, else -1.</summary>
    public int To { get; }
    /// <summary>Service index (shared_service, capital funding), else -1.</summary>
    public int Service { get; }
    public int TermMonths { get; }
    public ulong Hash { get; }
    /// <summary>Shared-service cost weight of each region party (aligned with <see cref="RegionParties"/>), normalised to sum 1.</summary>
    public double[] CostShareWeights { get; }
    /// <summary>Haulage distance in km from each region party to the host (aligned with <see cref="RegionParties"/>).</summary>
    public double[] HaulKm { get; }

    /// <summary>The trigger that initiates this potential agreement, or -1 for an agreement of the scenario.</summary>
    public int Trigger { get; internal init; } = -1;

    /// <summary>food_supply: the commodity index, else (or without a commodity) -1.</summary>
    public int Commodity { get; }

    internal AgreementInfo(SimulationWorld world, int index, Agreement a, Dictionary<string, int> serviceIndex, Dictionary<string, int> commodityIndex)
    {
        Commodity = a.Type == AgreementType.FoodSupply && a.Commodity is not null && commodityIndex.TryGetValue(a.Commodity, out var c) ? c : -1;
        Index = index;
        Definition = a;
        Hash = RandomStreams.HashId(a.Id);
        Parties = a.Parties.Select(world.IndexOf).ToArray();
        RegionParties = DistinctRegions(world, Parties);
        Service = a.Service is not null && serviceIndex.TryGetValue(a.Service, out var s) ? s : -1;
        TermMonths = a.Timing.TermMonths ?? world.Scenario.Lifecycle.DefaultTermMonths;
        if (a.Type == AgreementType.SharedService)
        {
            Host = world.IndexOf(a.Host ?? a.Parties[0]);
            Owner = Host;
            From = -1;
            To = -1;
        }
        else
        {
            Host = -1;
            From = Parties[0];
            To = Parties[^1];
            Owner = To;
        }
        CostShareWeights = SharedServices.CostShareWeights(world, this);
        HaulKm = RegionParties.Select(r => Host >= 0 ? world.DistanceKm(r, Host) : 0).ToArray();
    }

    public bool IsParty(int entity) => Array.IndexOf(Parties, entity) >= 0;

    /// <summary>The parties that are regions, ascending, each once: sorted in place rather than through a set per agreement.</summary>
    private static int[] DistinctRegions(SimulationWorld world, int[] parties)
    {
        var regions = Array.FindAll(parties, world.IsRegion);
        Array.Sort(regions);
        var distinct = 0;
        for (var i = 0; i < regions.Length; i++) if (i == 0 || regions[i] != regions[i - 1]) regions[distinct++] = regions[i];
        return distinct == regions.Length ? regions : regions[..distinct];
    }

    /// <summary>
    /// Knowledge agreements with the same source, recipient and subject transfer capacity once: this is the index of
    /// the first of them (by id), the key under which the transfer is counted.
    /// </summary>
    public int TransferKey { get; internal set; }
}
