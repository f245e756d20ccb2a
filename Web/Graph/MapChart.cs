using KerjasamaGraph.Web.Localization;
using Vizor.ECharts;

namespace KerjasamaGraph.Web.Graph;

/// <summary>What the map shows besides the scenario: filters, lifecycle states, region values, highlights and the selection.</summary>
public sealed record MapLook(IReadOnlySet<string> Types, bool ShowBorders, IReadOnlyDictionary<string, string>? States,
    IReadOnlyDictionary<string, double>? RegionValues, IReadOnlySet<(string, string)>? Highlight, MapSelection? Selected);

/// <summary>
/// The ECharts options of the cooperation map: the regions' cells as a geo map (coloured by a value when one is given),
/// and a graph series on the same coordinates with region and partner nodes, borders, and agreement edges whose line
/// pattern tells the type and whose colour tells the lifecycle state (<see cref="MapStyle"/>).
/// </summary>
public static class MapChart
{
    public static ChartOptions Build(ScenarioMap map, string mapName, MapLook look, UiText T)
    {
        var max = look.RegionValues is { Count: > 0 } ? look.RegionValues.Values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max() : 0;
        var regions = map.Nodes.Where(n => n.IsRegion).Select(n => new GeoRegion
        {
            Name = n.Id,
            ItemStyle = new ItemStyle
            {
                AreaColor = new Color(look.RegionValues is null ? "#eef3ee" : MapStyle.Scale(look.RegionValues.GetValueOrDefault(n.Id, double.NaN), max)),
                BorderColor = new Color(look.Selected?.Id == n.Id ? "#ef6c00" : "#8fae8f"),
                BorderWidth = look.Selected?.Id == n.Id ? 3 : 1,
            },
        }).ToList();

        var nodes = map.Nodes.Select(n => (object)new Dictionary<string, object?>
        {
            ["name"] = n.Id,
            ["value"] = new[] { n.Lon, n.Lat },
            ["symbol"] = n.IsRegion ? "circle" : "diamond",
            ["symbolSize"] = n.IsRegion ? Math.Clamp(6 + Math.Sqrt(n.Population) / 60, 8, 26) : 16,
            ["itemStyle"] = new Dictionary<string, object>
            {
                ["color"] = n.IsRegion ? (n.Kind == "kota" ? "#00796b" : "#4db6ac") : "#7e57c2",
                ["borderColor"] = look.Selected?.Id == n.Id ? "#ef6c00" : "#ffffff",
                ["borderWidth"] = look.Selected?.Id == n.Id ? 3 : 1,
            },
            ["label"] = new Dictionary<string, object>
            {
                ["show"] = true, ["formatter"] = ShortName(n.Name), ["position"] = "right", ["fontSize"] = 11, ["color"] = "#263238",
                ["width"] = n.IsRegion ? 160 : 190, ["overflow"] = "truncate",
            },
            ["tip"] = $"{n.Name} ({T[n.IsRegion ? "kind_" + n.Kind : "partner"]})" + (look.RegionValues is not null && n.IsRegion ? $"<br/>{T["benefit_to_date"]}: {T.Money(look.RegionValues.GetValueOrDefault(n.Id, double.NaN))}" : ""),
        }).ToList();

        var links = new List<object>();
        if (look.ShowBorders)
        {
            foreach (var (a, b) in map.Borders)
            {
                links.Add(new Dictionary<string, object?>
                {
                    ["source"] = a, ["target"] = b, ["kind"] = "border",
                    ["lineStyle"] = new Dictionary<string, object> { ["color"] = "#b0bec5", ["width"] = 1, ["type"] = "solid", ["opacity"] = 0.7, ["curveness"] = 0 },
                    ["symbol"] = new[] { "none", "none" },
                    ["tip"] = $"{T["border"]}: {Name(map, a)} – {Name(map, b)}",
                    ["silent"] = true,
                });
            }
        }
        foreach (var ag in map.Agreements.Where(a => look.Types.Contains(a.Type)))
        {
            var state = look.States?.GetValueOrDefault(ag.Id, "not_started") ?? "planned";
            var selected = look.Selected?.Kind == "agreement" && look.Selected.Id == ag.Id;
            var index = 0;
            foreach (var seg in ag.Segments)
            {
                var added = look.Highlight?.Contains((seg.From, seg.To)) == true;
                var dash = MapStyle.Dash(ag.Type);
                links.Add(new Dictionary<string, object?>
                {
                    ["source"] = seg.From, ["target"] = seg.To, ["kind"] = "agreement", ["agreement"] = ag.Id,
                    ["lineStyle"] = new Dictionary<string, object>
                    {
                        ["color"] = added ? "#ef6c00" : MapStyle.StateColour(state),
                        ["width"] = MapStyle.Width(ag.Type) + (selected || added ? 2 : 0),
                        ["type"] = dash.Length == 0 ? "solid" : dash,
                        ["opacity"] = 0.95,
                        ["curveness"] = 0.12 + 0.05 * (index++ % 3),
                    },
                    ["symbol"] = MapStyle.Directed(ag.Type) ? new[] { "none", "arrow" } : new[] { "none", "none" },
                    ["symbolSize"] = 9,
                    ["tip"] = $"{(string.IsNullOrEmpty(ag.Agreement.Name) ? ag.Id : ag.Agreement.Name)}<br/>{T["type_" + ag.Type]} · {T["state_" + state]}" + (added ? $"<br/><b>{T["whatif_added"]}</b>" : ""),
                });
            }
        }

        var (minLon, minLat, maxLon, maxLat) = map.Bounds;
        return new Vizor.ECharts.ChartOptions
        {
            Animation = false,
            Tooltip = new Tooltip
            {
                Trigger = TooltipTrigger.Item,
                Formatter = new JavascriptFunction("function (p) { return (p.data && p.data.tip) ? p.data.tip : p.name; }"),
            },
            Geo = new Geo
            {
                Map = mapName,
                Roam = Roam.True,
                Top = new NumberOrString(12), Bottom = new NumberOrString(12), Left = new NumberOrString(12), Right = new NumberOrString(12),
                BoundingCoords = [new object[] { minLon, maxLat }, new object[] { maxLon, minLat }],
                Label = new Label { Show = false },
                ItemStyle = new ItemStyle { AreaColor = new Color("#eef3ee"), BorderColor = new Color("#8fae8f") },
                Emphasis = new Emphasis { Label = new Label { Show = false }, ItemStyle = new ItemStyle { AreaColor = new Color("#ffe0b2") } },
                Regions = regions,
                Tooltip = new Tooltip { Show = false },
            },
            Series =
            [
                new GraphSeries
                {
                    Name = "graph",
                    CoordinateSystem = "geo",
                    Layout = GraphLayout.None,
                    Data = nodes,
                    Links = links,
                    Emphasis = new Emphasis { Focus = "adjacency" },
                    Z = 3,
                },
            ],
        };
    }

    /// <summary>A map label: "Kabupaten Muaro Jambi" is shown as "Muaro Jambi" (cities keep "Kota").</summary>
    public static string ShortName(string name) =>
        name.StartsWith("Kabupaten ", StringComparison.Ordinal) ? name["Kabupaten ".Length..] : name;

    private static string Name(ScenarioMap map, string id) => map.Node(id)?.Name ?? id;
}
