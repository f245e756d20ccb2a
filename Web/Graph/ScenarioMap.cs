using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Web.Graph;

public sealed record MapNode(string Id, string Name, bool IsRegion, string Kind, double Lon, double Lat, double Population, double AreaKm2,
    double Capacity, double Budget, string Province, string Country, double? Funds);

/// <summary>One drawn segment of an agreement: from → to (a shared service is drawn as a star from its host).</summary>
public sealed record MapSegment(string From, string To);

public sealed record MapAgreement(Agreement Agreement, IReadOnlyList<MapSegment> Segments)
{
    public string Id => Agreement.Id;
    public string Type => TypeName(Agreement.Type);

    public static string TypeName(AgreementType type) => type switch
    {
        AgreementType.SharedService => "shared_service",
        AgreementType.FoodSupply => "food_supply",
        AgreementType.Knowledge => "knowledge",
        _ => "funding",
    };
}

/// <summary>
/// A scenario laid out for the map: regions at their centroids with Voronoi cells, partners in a column beside the
/// regions (most are abroad), borders, and agreements as typed edges. Ids are the scenario's ids.
/// </summary>
public sealed class ScenarioMap
{
    public required IReadOnlyList<MapNode> Nodes { get; init; }
    public required IReadOnlyList<(string A, string B)> Borders { get; init; }
    public required IReadOnlyList<MapAgreement> Agreements { get; init; }
    /// <summary>GeoJSON FeatureCollection of the regions' cells (feature name = region id).</summary>
    public required object Cells { get; init; }
    public required (double MinLon, double MinLat, double MaxLon, double MaxLat) Bounds { get; init; }

    public MapNode? Node(string id) => Nodes.FirstOrDefault(n => n.Id == id);
    public MapAgreement? Agreement(string id) => Agreements.FirstOrDefault(a => a.Id == id);

    public static ScenarioMap Build(Scenario scenario)
    {
        var regions = scenario.Regions;
        var cells = VoronoiCells.Compute(regions.Select(r => (r.Lon, r.Lat)).ToList(), regions.Select(r => r.AreaKm2).ToList());
        var features = regions.Select((r, i) => new Dictionary<string, object>
        {
            ["type"] = "Feature",
            ["properties"] = new Dictionary<string, object> { ["name"] = r.Id },
            ["geometry"] = new Dictionary<string, object>
            {
                ["type"] = "Polygon",
                ["coordinates"] = new[] { cells[i].Select(p => new[] { Math.Round(p.Lon, 5), Math.Round(p.Lat, 5) }).ToArray() },
            },
        }).ToList();
        var allPoints = cells.SelectMany(c => c).ToList();
        var bounds = allPoints.Count == 0
            ? (0.0, 0.0, 1.0, 1.0)
            : (allPoints.Min(p => p.Lon), allPoints.Min(p => p.Lat), allPoints.Max(p => p.Lon), allPoints.Max(p => p.Lat));

        var nodes = regions.Select(r => new MapNode(r.Id, Display(r.Name, r.Id), true, r.Kind.ToString().ToLowerInvariant(), r.Lon, r.Lat,
            r.Population, r.AreaKm2, r.Capacity, r.Budget, r.Province, "Indonesia", null)).ToList();
        // Partners: a column to the right of the regions, evenly spaced (their own coordinates are often abroad).
        var partners = scenario.Partners;
        var height = bounds.Item4 - bounds.Item2;
        var width = bounds.Item3 - bounds.Item1;
        for (var i = 0; i < partners.Count; i++)
        {
            var p = partners[i];
            var y = bounds.Item4 - (partners.Count == 1 ? height / 2 : height * i / (partners.Count - 1));
            nodes.Add(new MapNode(p.Id, Display(p.Name, p.Id), false, Snake(p.Kind.ToString()), bounds.Item3 + Math.Max(0.3, width * 0.12), y,
                0, 0, p.Capacity, 0, "", p.Country, p.Funds));
        }
        // Room on the right for the partners' labels.
        if (partners.Count > 0) bounds = (bounds.Item1, bounds.Item2, bounds.Item3 + Math.Max(1.2, width * 0.5), bounds.Item4);

        var agreements = scenario.Agreements.Select(a => new MapAgreement(a, Segments(a))).ToList();
        return new ScenarioMap
        {
            Nodes = nodes,
            Borders = scenario.Neighbours.Select(n => (n.A, n.B)).ToList(),
            Agreements = agreements,
            Cells = new Dictionary<string, object> { ["type"] = "FeatureCollection", ["features"] = features },
            Bounds = bounds,
        };
    }

    private static IReadOnlyList<MapSegment> Segments(Agreement a)
    {
        if (a.Type == AgreementType.SharedService && a.Host is { } host)
        {
            return a.Parties.Where(p => p != host).Select(p => new MapSegment(host, p)).ToList();
        }
        return a.Parties.Count >= 2 ? [new MapSegment(a.From, a.To)] : [];
    }

    private static string Display(string name, string id) => string.IsNullOrWhiteSpace(name) ? id : name;

    public static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>What the visitor clicked on the map: a region, a partner or an agreement.</summary>
public sealed record MapSelection(string Kind, string Id);
