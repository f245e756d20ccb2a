using System.Globalization;

namespace KerjasamaGraph.Web.Graph;

/// <summary>How the map draws agreements: line pattern by type, colour by lifecycle state; and the benefit colour scale.</summary>
public static class MapStyle
{
    public static readonly string[] Types = ["shared_service", "knowledge", "funding", "food_supply"];

    /// <summary>Dash pattern per type (empty: solid), as ECharts' lineStyle.type and as SVG stroke-dasharray for the legend.</summary>
    public static double[] Dash(string type) => type switch
    {
        "shared_service" => [],
        "knowledge" => [8, 4],
        "funding" => [2, 4],
        _ => [10, 4, 2, 4],
    };

    public static double Width(string type) => type == "shared_service" ? 3.5 : 2.5;

    /// <summary>Whether the edge has a direction (knowledge, funding and food flow from the first party to the second).</summary>
    public static bool Directed(string type) => type != "shared_service";

    /// <summary>"planned" (no run chosen) or a lifecycle state name of agreements.csv.</summary>
    public static string StateColour(string state) => state switch
    {
        "planned" => "#1565c0",
        "not_started" => "#9e9e9e",
        "active" => "#2e7d32",
        "expired" => "#546e7a",
        "revoked" or "rejected" => "#c62828",
        _ => "#f9a825",   // in the procedure: initiative, review, offer, joint agreement, council approval, implementing agreement, renewed
    };

    /// <summary>The state groups the legend shows, in order.</summary>
    public static readonly string[] LegendStates = ["planned", "not_started", "procedure", "active", "expired", "rejected"];

    public static string LegendColour(string group) => group switch
    {
        "procedure" => StateColour("offer"),
        _ => StateColour(group),
    };

    public static string Dasharray(string type) => string.Join(' ', Dash(type).Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A colour on a white-to-teal scale for a share in [0, 1] (benefit relative to the largest); orange for losses.</summary>
    public static string Scale(double value, double max)
    {
        if (double.IsNaN(value) || max <= 0) return "#eef3ee";
        if (value < 0) return "#ffccbc";
        var t = Math.Clamp(value / max, 0, 1);
        // #eef3ee → #00695c
        int Lerp(int a, int b) => (int)Math.Round(a + (b - a) * Math.Sqrt(t));
        return $"#{Lerp(0xee, 0x00):x2}{Lerp(0xf3, 0x69):x2}{Lerp(0xee, 0x5c):x2}";
    }
}
