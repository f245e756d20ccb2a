using KerjasamaGraph.Web.Graph;
using KerjasamaGraph.Web.Localization;
using Vizor.ECharts;

namespace KerjasamaGraph.Web.Runs;

/// <summary>
/// The results charts (Apache ECharts options): benefit over time with the 5th–95th percentile band, benefit by region
/// split into direct benefit and spillover, the share reaching regions that did not sign, agreements by state, inflation,
/// and for comparisons the paired differences with their 95% intervals. Money is shown in Rp million.
/// </summary>
public static class ResultCharts
{
    private const double Million = 1e-6;
    private static readonly string[] Palette = ["#00695c", "#ef6c00", "#5e35b1", "#c62828", "#1565c0", "#6d4c41", "#2e7d32", "#ad1457"];

    /// <summary>Numbers on the value axes in the interface language's format (1.000,5 in Indonesian, 1,000.5 in English).</summary>
    public static ChartOptions Localized(this ChartOptions options, string language)
    {
        var locale = language == "id" ? "id-ID" : "en-US";
        var formatter = new StringOrFunction(new JavascriptFunction($"function (v) {{ return Number(v).toLocaleString('{locale}'); }}"));
        foreach (var axis in new object?[] { options.XAxis, options.YAxis })
        {
            switch (axis)
            {
                case XAxis { Type: AxisType.Value } x: x.AxisLabel = new AxisLabel { Formatter = formatter }; break;
                case YAxis { Type: AxisType.Value } y: y.AxisLabel = new AxisLabel { Formatter = formatter }; break;
            }
        }
        return options;
    }

    private static double R(double v, double scale = 1) => double.IsNaN(v) ? double.NaN : Math.Round(v * scale, 4);

    private static object? Cell(double v) => double.IsNaN(v) ? null : v;

    private static ChartOptions Frame(string yName, bool legend = true, string? valueFormat = null) => new()
    {
        Animation = false,
        Color = Palette.Cast<object>().ToList(),
        Tooltip = new Tooltip { Trigger = TooltipTrigger.Axis },
        Legend = legend ? new Legend { Top = new NumberOrString(0), Type = LegendType.Scroll } : null,
        Grid = new Grid { Left = new NumberOrString(70), Right = new NumberOrString(24), Top = new NumberOrString(legend ? 40 : 20), Bottom = new NumberOrString(40) },
        XAxis = new XAxis { Type = AxisType.Category, BoundaryGap = new BoundaryGap(false) },
        YAxis = new YAxis
        {
            Type = AxisType.Value, Name = yName, NameLocation = NameLocation.End,
            AxisLabel = valueFormat is null ? null : new AxisLabel { Formatter = new StringOrFunction(valueFormat) },
        },
        Series = [],
    };

    /// <summary>Lines of the mean with a shaded 5th–95th percentile band, one per run (baseline and variants).</summary>
    public static ChartOptions OverTime(IReadOnlyList<string> months, IReadOnlyList<(string Label, Band Band)> runs, string yName, double scale, string bandLabel = "5–95%")
    {
        var options = Frame(yName);
        for (var k = 0; k < runs.Count; k++)
        {
            var (label, band) = runs[k];
            var colour = Palette[k % Palette.Length];
            var stack = "band-" + k;
            var hasBand = band.Low.Zip(band.High).Any(x => x.First != x.Second);
            if (hasBand)
            {
                options.Series!.Add(new LineSeries
                {
                    // Stacked whatever the signs, so that the band stays between its bounds when they cross zero.
                    Name = label + " p05", Stack = stack, StackStrategy = StackStrategy.All, Symbol = new StringOrFunction("none"), LineStyle = new LineStyle { Opacity = 0 },
                    Data = months.Select((m, i) => new object?[] { m, Cell(R(band.Low[i], scale)) }).ToList(), Tooltip = new Tooltip { Show = false },
                });
                options.Series.Add(new LineSeries
                {
                    Name = label + " " + bandLabel, Stack = stack, StackStrategy = StackStrategy.All, Symbol = new StringOrFunction("none"), LineStyle = new LineStyle { Opacity = 0 },
                    AreaStyle = new AreaStyle { Opacity = 0.18 }, ItemStyle = new ItemStyle { Color = new Color(colour) },
                    Data = months.Select((m, i) => new object?[] { m, Cell(R(band.High[i] - band.Low[i], scale)) }).ToList(), Tooltip = new Tooltip { Show = false },
                });
            }
            options.Series!.Add(new LineSeries
            {
                Name = label, Symbol = new StringOrFunction("none"), LineStyle = new LineStyle { Width = 2.5, Color = new Color(colour) },
                ItemStyle = new ItemStyle { Color = new Color(colour) },
                Data = months.Select((m, i) => new object?[] { m, Cell(R(band.Mean[i], scale)) }).ToList(),
            });
        }
        // The band's helper series stay out of the legend: it names the runs only.
        options.Legend!.Data = runs.Select(r => r.Label).ToArray();
        return options;
    }

    /// <summary>Benefit over the whole run by region: direct benefit and spillover stacked (horizontal bars, largest first).</summary>
    public static ChartOptions ByRegion(IReadOnlyList<(string Id, string Name, double Direct, double Spillover)> regions, string direct, string spillover, string xName)
    {
        // The 20 regions with the largest benefit or loss, in order of benefit (largest at the top).
        var rows = regions.OrderByDescending(r => Math.Abs(r.Direct) + Math.Abs(r.Spillover)).Take(20)
            .OrderBy(r => r.Direct + r.Spillover).ToList();
        return new ChartOptions
        {
            Animation = false,
            Color = [Palette[0], Palette[1]],
            Tooltip = new Tooltip { Trigger = TooltipTrigger.Axis },
            Legend = new Legend { Top = new NumberOrString(0) },
            Grid = new Grid { Left = new NumberOrString(130), Right = new NumberOrString(30), Top = new NumberOrString(36), Bottom = new NumberOrString(36) },
            XAxis = new XAxis { Type = AxisType.Value, Name = xName, NameLocation = NameLocation.Middle, NameGap = 24 },
            YAxis = new YAxis { Type = AxisType.Category },
            Series =
            [
                new BarSeries { Name = direct, Stack = "b", Data = rows.Select(r => new object[] { R(r.Direct, Million), r.Name }).ToList() },
                new BarSeries { Name = spillover, Stack = "b", Data = rows.Select(r => new object[] { R(r.Spillover, Million), r.Name }).ToList() },
            ],
        };
    }

    /// <summary>Agreements by lifecycle state per month (stacked areas, colours of the map).</summary>
    public static ChartOptions States(IReadOnlyList<string> months, IReadOnlyList<(string State, double[] Counts)> states, Func<string, string> label, string yName)
    {
        var options = Frame(yName);
        options.Color = states.Select(s => (object)MapStyle.StateColour(s.State)).ToList();
        foreach (var (state, counts) in states)
        {
            options.Series!.Add(new LineSeries
            {
                Name = label(state), Stack = "states", Symbol = new StringOrFunction("none"), AreaStyle = new AreaStyle { Opacity = 0.75 },
                LineStyle = new LineStyle { Width = 0.5 }, Data = months.Select((m, i) => new object?[] { m, R(counts[i]) }).ToList(),
            });
        }
        return options;
    }

    /// <summary>Year-on-year inflation (percent) of the regions with food markets.</summary>
    public static ChartOptions Inflation(IReadOnlyList<string> months, IReadOnlyList<(string Id, string Name, double[] Values)> regions, string yName)
    {
        var options = Frame(yName);
        foreach (var (_, name, values) in regions)
        {
            options.Series!.Add(new LineSeries
            {
                Name = name, Symbol = new StringOrFunction("none"), ConnectNulls = false,
                Data = months.Select((m, i) => new object?[] { m, Cell(R(values[i])) }).ToList(),
            });
        }
        return options;
    }

    /// <summary>
    /// Paired differences (variant − baseline) with 95% intervals as error bars, one bar per item (regions), largest first.
    /// </summary>
    public static ChartOptions Differences(IReadOnlyList<(string Name, double Mean, double Low, double High)> items, string xName, string seriesName)
    {
        var rows = items.Take(25).Reverse().ToList();
        return new ChartOptions
        {
            Animation = false,
            Tooltip = new Tooltip
            {
                Trigger = TooltipTrigger.Item,
                Formatter = new JavascriptFunction(
                    "function (p) { var d = p.data; return d.length === 4 ? (d[3] + ': ' + d[0] + ' [' + d[1] + ', ' + d[2] + ']') : (p.name + ': ' + d[0]); }"),
            },
            Grid = new Grid { Left = new NumberOrString(130), Right = new NumberOrString(30), Top = new NumberOrString(16), Bottom = new NumberOrString(40) },
            XAxis = new XAxis { Type = AxisType.Value, Name = xName, NameLocation = NameLocation.Middle, NameGap = 24 },
            YAxis = new YAxis { Type = AxisType.Category },
            Series =
            [
                new BarSeries
                {
                    Name = seriesName, BarMaxWidth = new NumberOrString(18),
                    Data = rows.Select(r => (object)new Dictionary<string, object?>
                    {
                        ["value"] = new object?[] { Cell(R(r.Mean, Million)), r.Name },
                        ["itemStyle"] = new Dictionary<string, object> { ["color"] = r.Mean < 0 ? "#ef6c00" : "#00897b" },
                    }).ToList(),
                },
                new CustomSeries
                {
                    Name = "95%",
                    RenderItem = new JavascriptFunction(
                        """
                        function (params, api) {
                          var y = api.value(3);
                          var lo = api.coord([api.value(1), y]);
                          var hi = api.coord([api.value(2), y]);
                          var h = api.size([0, 1])[1] * 0.35;
                          var style = { stroke: '#263238', lineWidth: 1.5 };
                          return { type: 'group', children: [
                            { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: style },
                            { type: 'line', shape: { x1: lo[0], y1: lo[1] - h / 2, x2: lo[0], y2: lo[1] + h / 2 }, style: style },
                            { type: 'line', shape: { x1: hi[0], y1: hi[1] - h / 2, x2: hi[0], y2: hi[1] + h / 2 }, style: style }
                          ] };
                        }
                        """),
                    Encode = new Encode { X = new NumberOrStringArray([new NumberOrString(1), new NumberOrString(2)]), Y = new NumberOrStringArray([new NumberOrString(3)]) },
                    Data = rows.Select(r => (object)new object?[] { R(r.Mean, Million), Cell(R(r.Low, Million)), Cell(R(r.High, Million)), r.Name }).ToList(),
                    Z = 10,
                },
            ],
        };
    }
}
