using System.Text;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Graph;

/// <summary>
/// Builds the <see cref="CooperationGraph"/> of a scenario.
/// <list type="bullet">
/// <item>Nodes: every region (in scenario order), then every partner that is a party to an agreement of the chosen
/// types (partners with no such agreement would only add isolated nodes). The node set does not depend on which
/// agreements are active, so graphs of different months are comparable.</item>
/// <item>Border edges: one per neighbour pair; attribute <c>border_km</c> where the length is known.</item>
/// <item>Agreement edges: knowledge, funding and food_supply link their two parties from → to; shared_service
/// links its members as a clique or as a star on the host (<see cref="SharedServiceExpansion"/>).</item>
/// <item>Relations between the same two nodes merge into one edge with <c>relations</c> (how many),
/// <c>agreements</c> (how many agreements), <c>agreement_ids</c>, <c>border_km</c>, <c>amount</c> (funding, Rp) and
/// <c>active_share</c> (sum over its agreements of the share of replications in which each is active).</item>
/// </list>
/// Numeric edge attributes can serve as weights; a missing value counts 1 (NetworkX's default).
/// </summary>
public static class CooperationGraphBuilder
{
    public static CooperationGraph Build(Scenario scenario, CooperationGraphOptions? options = null)
    {
        options ??= new CooperationGraphOptions();
        var includeAgreements = options.Layer != GraphLayer.Borders;
        var selected = includeAgreements
            ? scenario.Agreements.Where(a => options.Types is null || options.Types.Contains(a.Type)).ToList()
            : [];
        var directed = options.Direction switch
        {
            Direction.Directed => true,
            Direction.Undirected => false,
            _ => options.Layer == GraphLayer.Agreements && selected.Count > 0
                 && selected.All(a => CooperationGraphOptions.IsDirectedType(a.Type))
                 || options.Layer == GraphLayer.Agreements && selected.Count == 0 && options.Types is not null
                    && options.Types.All(CooperationGraphOptions.IsDirectedType),
        };
        var graph = new CooperationGraph(directed);
        graph.Attributes["name"] = scenario.Name;
        graph.Attributes["layer"] = Snake(options.Layer.ToString());
        if (options.Types is not null) graph.Attributes["types"] = string.Join(';', options.Types.Select(t => Snake(t.ToString())).Order(StringComparer.Ordinal));
        graph.Attributes["shared_service"] = Snake(options.SharedService.ToString());
        if (scenario.Variant is not null) graph.Attributes["variant"] = scenario.Variant;

        foreach (var r in scenario.Regions)
        {
            var node = graph.AddNode(r.Id, r.Name.Length > 0 ? r.Name : r.Id, Snake(r.Kind.ToString()));
            node.Attributes["node_type"] = "region";
            if (r.Province.Length > 0) node.Attributes["province"] = r.Province;
            node.Attributes["population"] = r.Population;
            node.Attributes["area_km2"] = r.AreaKm2;
            node.Attributes["lat"] = r.Lat;
            node.Attributes["lon"] = r.Lon;
            node.Attributes["budget"] = r.Budget;
            node.Attributes["capacity"] = r.Capacity;
        }
        var partners = scenario.Partners.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var usedPartners = new HashSet<string>(selected.SelectMany(a => a.Parties).Where(partners.ContainsKey), StringComparer.Ordinal);
        foreach (var p in scenario.Partners.Where(p => usedPartners.Contains(p.Id)))
        {
            if (graph.ContainsNode(p.Id)) throw new GraphInputException($"partner '{p.Id}' has the id of a region");
            var node = graph.AddNode(p.Id, p.Name.Length > 0 ? p.Name : p.Id, "partner");
            node.Attributes["node_type"] = "partner";
            node.Attributes["partner_kind"] = Snake(p.Kind.ToString());
            if (p.Country.Length > 0) node.Attributes["country"] = p.Country;
            node.Attributes["capacity"] = p.Capacity;
            node.Attributes["lat"] = p.Lat;
            node.Attributes["lon"] = p.Lon;
        }

        if (options.Layer != GraphLayer.Agreements)
        {
            foreach (var nb in scenario.Neighbours)
            {
                Require(graph, nb.A, $"neighbours {nb.A}-{nb.B}");
                Require(graph, nb.B, $"neighbours {nb.A}-{nb.B}");
                if (nb.A == nb.B) throw new GraphInputException($"neighbours {nb.A}-{nb.B}: a region cannot border itself");
                var edge = graph.GetOrAddEdge(nb.A, nb.B, out _);
                AddRelation(edge, "border", "border");
                if (nb.BorderKm is { } km) edge.Attributes["border_km"] = Sum(edge, "border_km", km);
                if (directed) // a border is symmetric: both arcs
                {
                    var back = graph.GetOrAddEdge(nb.B, nb.A, out _);
                    AddRelation(back, "border", "border");
                    if (nb.BorderKm is { } km2) back.Attributes["border_km"] = Sum(back, "border_km", km2);
                }
            }
        }

        foreach (var a in selected)
        {
            double share = 1;
            if (options.ActiveAgreements is not null && !options.ActiveAgreements.TryGetValue(a.Id, out share)) continue;
            foreach (var p in a.Parties) Require(graph, p, $"agreement {a.Id}");
            var kind = Snake(a.Type.ToString());
            foreach (var (from, to) in Links(a, options.SharedService))
            {
                if (from == to) continue;
                foreach (var (u, v) in directed && a.Type == AgreementType.SharedService ? [(from, to), (to, from)] : new[] { (from, to) })
                {
                    var edge = graph.GetOrAddEdge(u, v, out _);
                    AddRelation(edge, kind, a.Id);
                    edge.Attributes["agreements"] = (long)Sum(edge, "agreements", 1);
                    edge.Attributes["agreement_ids"] = edge.Attributes.TryGetValue("agreement_ids", out var ids) ? ids + ";" + a.Id : a.Id;
                    edge.Attributes["active_share"] = Sum(edge, "active_share", share);
                    if (a.Type == AgreementType.Funding && a.Amount != 0) edge.Attributes["amount"] = Sum(edge, "amount", a.Amount);
                }
            }
        }
        return graph;
    }

    private static IEnumerable<(string, string)> Links(Agreement a, SharedServiceExpansion expansion)
    {
        if (a.Type != AgreementType.SharedService)
        {
            if (a.Parties.Count != 2) throw new GraphInputException($"agreement {a.Id}: a {Snake(a.Type.ToString())} agreement has exactly two parties [from, to], found {a.Parties.Count}");
            yield return (a.From, a.To);
            yield break;
        }
        var members = a.Parties.Distinct(StringComparer.Ordinal).ToList();
        if (expansion == SharedServiceExpansion.Star)
        {
            var host = a.Host ?? throw new GraphInputException($"agreement {a.Id}: shared_service without a host cannot be expanded as a star");
            if (!members.Contains(host)) throw new GraphInputException($"agreement {a.Id}: host '{host}' is not one of the parties");
            foreach (var m in members.Where(m => m != host)) yield return (m, host);
            yield break;
        }
        for (var i = 0; i < members.Count; i++)
            for (var j = i + 1; j < members.Count; j++)
                yield return (members[i], members[j]);
    }

    private static void AddRelation(GraphEdge edge, string kind, string relation)
    {
        edge.Kinds.Add(kind);
        edge.Relations.Add(relation);
        edge.Attributes["relations"] = (long)edge.Relations.Count;
    }

    private static double Sum(GraphEdge edge, string attribute, double add) =>
        (edge.Attributes.TryGetValue(attribute, out var v) ? GraphAttributes.ToDouble(v) ?? 0 : 0) + add;

    private static void Require(CooperationGraph graph, string id, string where)
    {
        if (!graph.ContainsNode(id)) throw new GraphInputException($"{where}: unknown region or partner '{id}'");
    }

    /// <summary>PascalCase enum name to the snake_case used in files: SharedService → shared_service.</summary>
    public static string Snake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
