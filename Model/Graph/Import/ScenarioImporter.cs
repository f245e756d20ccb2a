using System.Globalization;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Graph.Import;

/// <summary>
/// Turns an <see cref="ImportedNetwork"/> into a <see cref="Scenario"/> with an <see cref="ImportMapping"/>:
/// nodes become regions or partners; each edge becomes, per relation it stands for, a border (regions only; a
/// pair may border once) or an agreement from Source to Target (in an undirected file, from the partner when one
/// end is a partner), active from the start month. Shared services
/// get a placeholder service definition (<c>service=ID</c>) and a demand of 1 per member unless <c>node.demand</c>
/// is mapped: edit them before simulating costs. Shared-service edges that touch become one multi-member agreement
/// (see <see cref="SharedServices"/>).
/// Every problem is reported as <c>FILE:LINE: message</c>.
/// </summary>
public static class ScenarioImporter
{
    public static Scenario Import(ImportedNetwork network, ImportMapping map)
    {
        var regions = new List<Region>();
        var partners = new List<Partner>();
        var isPartner = new Dictionary<string, bool>(StringComparer.Ordinal);
        var demand = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, e) in network.Nodes)
        {
            var a = e.Attributes;
            var name = Text(a, map.Node.GetValueOrDefault("name"), "label", "Label", "name") ?? id;
            var kind = Text(a, map.Node.GetValueOrDefault("kind"), "kind", "Kind")?.Trim().ToLowerInvariant().Replace(' ', '_');
            var role = Text(a, map.Node.GetValueOrDefault("role"), "role", "node_type")?.Trim().ToLowerInvariant();
            var partnerKind = kind is null ? null : PartnerKindOf(kind);
            var partner = role == "partner" || kind == "partner" || partnerKind is not null;
            if (role is not null and not ("partner" or "region")) throw new GraphInputException($"{e.Where}: role '{role}' is neither region nor partner");
            isPartner[id] = partner;
            if (partner)
            {
                partners.Add(new Partner
                {
                    Id = id, Name = name,
                    Kind = partnerKind ?? PartnerKindOf(Text(a, null, "partner_kind") ?? "") ?? PartnerKind.Donor,
                    Country = Text(a, null, "country") ?? "",
                    Capacity = Number(e, map, "capacity") ?? 0.8,
                    Lat = Number(e, map, "lat") ?? 0,
                    Lon = Number(e, map, "lon") ?? 0,
                });
                continue;
            }
            var regionKind = kind switch
            {
                null or "" or "node" => RegionKind.Kabupaten,
                "kota" or "city" => RegionKind.Kota,
                "kabupaten" or "regency" => RegionKind.Kabupaten,
                "provinsi" or "province" => RegionKind.Provinsi,
                _ => throw new GraphInputException($"{e.Where}: node '{id}': kind '{kind}' is not kota, kabupaten, provinsi, partner or a partner kind (map it with --map node.kind=ATTR or node.role=ATTR)"),
            };
            demand[id] = Number(e, map, "demand") ?? 1;
            regions.Add(new Region
            {
                Id = id, Name = name, Kind = regionKind,
                Province = Text(a, map.Node.GetValueOrDefault("province"), "province") ?? "",
                Population = Number(e, map, "population") ?? 0,
                AreaKm2 = Number(e, map, "area_km2") ?? 0,
                Lat = Number(e, map, "lat") ?? 0,
                Lon = Number(e, map, "lon") ?? 0,
                Budget = Number(e, map, "budget") ?? 0,
                Capacity = Number(e, map, "capacity") ?? 0.5,
            });
        }

        var neighbours = new List<Neighbour>();
        var borders = new Dictionary<(string, string), string>();
        var agreements = new List<Agreement>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var usesSharedService = new HashSet<string>(StringComparer.Ordinal);
        var counter = 0;
        var shared = new List<(string S, string T, ImportedElement E)>();
        foreach (var (s, t, e) in network.Edges)
        {
            if (!isPartner.ContainsKey(s)) throw new GraphInputException($"{e.Where}: edge source '{s}' is not a node");
            if (!isPartner.ContainsKey(t)) throw new GraphInputException($"{e.Where}: edge target '{t}' is not a node");
            if (s == t) throw new GraphInputException($"{e.Where}: self-loop on '{s}'");
            var kindText = Text(e.Attributes, map.Edge.GetValueOrDefault("kind"), "kind", "Kind");
            var relations = map.RelationsOf(kindText)
                ?? throw new GraphInputException($"{e.Where}: edge kind '{kindText}' has no mapping (add --map kind.{kindText}=border|shared_service|food_supply|knowledge|funding|ignore)");
            foreach (var relation in relations)
            {
                switch (relation)
                {
                    case "ignore":
                        break;
                    case "border":
                        foreach (var end in new[] { s, t })
                            if (isPartner[end]) throw new GraphInputException($"{e.Where}: border {s}-{t}: '{end}' is a partner; only regions share borders");
                        var key = string.CompareOrdinal(s, t) < 0 ? (s, t) : (t, s);
                        if (borders.TryGetValue(key, out var first)) throw new GraphInputException($"{e.Where}: duplicate border {s}-{t} (first at {first})");
                        borders[key] = e.Where;
                        neighbours.Add(new Neighbour { A = s, B = t, BorderKm = Number(e, map, "border_km", edge: true) });
                        break;
                    default:
                        var type = relation switch
                        {
                            "shared_service" => AgreementType.SharedService,
                            "food_supply" => AgreementType.FoodSupply,
                            "knowledge" => AgreementType.Knowledge,
                            _ => AgreementType.Funding,
                        };
                        if (type == AgreementType.SharedService)
                        {
                            foreach (var end in new[] { s, t })
                                if (isPartner[end]) throw new GraphInputException($"{e.Where}: shared_service {s}-{t}: '{end}' is a partner; members are regions");
                            shared.Add((s, t, e));
                            break;
                        }
                        var id = Text(e.Attributes, map.Edge.GetValueOrDefault("id"), "agreement_id", "agreement_ids") is { } given && relations.Count == 1 && !given.Contains(';') ? given : $"{relation}-{++counter}";
                        if (!ids.Add(id)) throw new GraphInputException($"{e.Where}: duplicate agreement id '{id}'");
                        // An undirected file does not say who gives to whom; a partner is always the giving side.
                        var (from, to) = !network.Directed && isPartner[t] && !isPartner[s] ? (t, s) : (s, t);
                        agreements.Add(MakeAgreement(e, map, type, id, from, to, isPartner, partners));
                        break;
                }
            }
        }

        agreements.AddRange(SharedServices(shared, network, map, ids, usesSharedService));
        var services = new Dictionary<string, ServiceDefinition>(StringComparer.Ordinal);
        if (agreements.Any(a => a.Type == AgreementType.SharedService))
        {
            services[map.Service] = new ServiceDefinition { Id = map.Service, Name = $"{map.Service} (imported placeholder: set the cost curve)" };
            regions = regions.Select(r => usesSharedService.Contains(r.Id)
                ? r with { Services = new Dictionary<string, RegionService> { [map.Service] = new RegionService { Demand = demand[r.Id] } } }
                : r).ToList();
        }
        return new Scenario
        {
            Name = map.Name ?? Path.GetFileNameWithoutExtension(network.File),
            Description = $"Imported from {Path.GetFileName(network.File)}",
            Run = new RunSettings { Start = map.Start, Months = map.Months },
            Regions = regions,
            Partners = partners,
            Neighbours = neighbours,
            Services = services,
            Agreements = agreements,
        };
    }

    /// <summary>
    /// Shared-service edges that touch form one agreement per connected group (a region pools one service in one
    /// agreement at a time): the clique or star that <see cref="CooperationGraphBuilder"/> expands a multi-member
    /// agreement into comes back as that agreement. The host is the mapped <c>host</c> attribute where the group's
    /// edges name one, else the group's first endpoint that touches every other member (the star's centre), else
    /// its first member.
    /// </summary>
    private static IEnumerable<Agreement> SharedServices(List<(string S, string T, ImportedElement E)> edges, ImportedNetwork network,
        ImportMapping map, HashSet<string> ids, HashSet<string> members)
    {
        var order = network.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent.TryGetValue(x, out var p) && p != x) x = parent[x] = parent.GetValueOrDefault(p, p);
            return x;
        }
        foreach (var (s, t, _) in edges)
        {
            parent.TryAdd(s, s);
            parent.TryAdd(t, t);
            var (a, b) = (Find(s), Find(t));
            if (a != b) parent[order[a] < order[b] ? b : a] = order[a] < order[b] ? a : b;
        }
        var n = 0;
        foreach (var group in edges.GroupBy(e => Find(e.S)).OrderBy(g => order[g.Key]))
        {
            var groupEdges = group.ToList();
            var parties = groupEdges.SelectMany(e => new[] { e.S, e.T }).Distinct().OrderBy(x => order[x]).ToList();
            var hosts = groupEdges.Select(e => Text(e.E.Attributes, map.Edge.GetValueOrDefault("host"), "host")).Where(h => h is not null).Distinct().ToList();
            if (hosts.Count > 1) throw new GraphInputException($"{groupEdges[0].E.Where}: the shared-service group of {string.Join(", ", parties)} names several hosts: {string.Join(", ", hosts)}");
            var degree = parties.ToDictionary(p => p, p => groupEdges.Count(e => e.S == p || e.T == p));
            var host = hosts.Count == 1 ? hosts[0]! : parties.FirstOrDefault(p => degree[p] == parties.Count - 1) ?? parties[0];
            if (!parties.Contains(host)) throw new GraphInputException($"{groupEdges[0].E.Where}: host '{host}' is not a member of the shared-service group {string.Join(", ", parties)}");
            var idsGiven = groupEdges.Select(e => Text(e.E.Attributes, map.Edge.GetValueOrDefault("id"), "agreement_ids", "agreement_id")).Distinct().ToList();
            var id = idsGiven.Count == 1 && idsGiven[0] is { } one && !one.Contains(';') ? one : $"shared_service-{++n}";
            if (!ids.Add(id)) throw new GraphInputException($"{groupEdges[0].E.Where}: duplicate agreement id '{id}'");
            foreach (var p in parties) members.Add(p);
            yield return new Agreement
            {
                Id = id, Type = AgreementType.SharedService, LegalForm = LegalForm.KsddSukarela, Parties = parties, Host = host,
                Service = map.Service, Timing = new AgreementTiming { ActiveFrom = map.Start },
            };
        }
    }

    private static Agreement MakeAgreement(ImportedElement e, ImportMapping map, AgreementType type, string id, string s, string t,
        Dictionary<string, bool> isPartner, List<Partner> partners)
    {
        var relation = CooperationGraphBuilder.Snake(type.ToString());
        var timing = new AgreementTiming { ActiveFrom = map.Start };
        switch (type)
        {
            case AgreementType.Funding:
                if (!isPartner[s]) throw new GraphInputException($"{e.Where}: funding {s}->{t}: the funder '{s}' must be a partner");
                if (isPartner[t]) throw new GraphInputException($"{e.Where}: funding {s}->{t}: the recipient '{t}' must be a region");
                var amount = Number(e, map, "amount", edge: true)
                    ?? throw new GraphInputException($"{e.Where}: funding {s}->{t} needs an amount (map it with --map edge.amount=ATTR)");
                if (amount <= 0) throw new GraphInputException($"{e.Where}: funding {s}->{t}: amount {amount} is not positive");
                return new Agreement { Id = id, Type = type, LegalForm = LegalFormWith(partners.First(p => p.Id == s)), Parties = [s, t], Amount = amount, Timing = timing };
            default:
                if (isPartner[t]) throw new GraphInputException($"{e.Where}: {relation} {s}->{t}: the receiving party '{t}' must be a region");
                if (type == AgreementType.FoodSupply && isPartner[s]) throw new GraphInputException($"{e.Where}: food_supply {s}->{t}: the producer '{s}' must be a region");
                return new Agreement
                {
                    Id = id, Type = type, LegalForm = isPartner[s] ? LegalFormWith(partners.First(p => p.Id == s)) : LegalForm.KsddSukarela,
                    Parties = [s, t], Timing = timing,
                };
        }
    }

    /// <summary>The legal form of cooperation with a partner (Permendagri 22/2020 and 25/2020): foreign parties ksdln, central agencies sinergi, other third parties ksdpk.</summary>
    private static LegalForm LegalFormWith(Partner p) => p.Kind switch
    {
        PartnerKind.CentralAgency => LegalForm.Sinergi,
        PartnerKind.PrivateFirm or PartnerKind.University when p.Country is "" or "ID" or "Indonesia" => LegalForm.Ksdpk,
        PartnerKind.PrivateFirm or PartnerKind.University => LegalForm.Ksdln,
        _ => LegalForm.Ksdln,
    };

    private static PartnerKind? PartnerKindOf(string kind) =>
        Enum.GetValues<PartnerKind>().Select(k => (PartnerKind?)k).FirstOrDefault(k => CooperationGraphBuilder.Snake(k!.Value.ToString()) == kind);

    private static string? Text(IReadOnlyDictionary<string, object> a, string? mapped, params string[] fallbacks)
    {
        if (mapped is not null) return a.TryGetValue(mapped, out var v) ? v.ToString() : null;
        return ImportedNetwork.Text(a, fallbacks);
    }

    /// <summary>A numeric field: the mapped attribute, else the attribute of the same name; null when absent.</summary>
    private static double? Number(ImportedElement e, ImportMapping map, string field, bool edge = false)
    {
        var attr = (edge ? map.Edge : map.Node).GetValueOrDefault(field) ?? field;
        if (!e.Attributes.TryGetValue(attr, out var v)) return null;
        return v switch
        {
            double d => d,
            long l => l,
            string s when s.Trim().Length == 0 => null,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw new GraphInputException($"{e.Where}: {field} ('{attr}'): '{v}' is not a number"),
        };
    }
}
