using KerjasamaGraph.Model.Scenarios;
using ScottPlot;

namespace KerjasamaGraph.Client.Reports;

/// <summary>A chart rendered both as PNG (embedded in the HTML brief) and SVG (for editing and print).</summary>
public sealed record Chart(string Name, string Caption, byte[] Png, string Svg);

/// <summary>The brief's charts, drawn with ScottPlot.</summary>
public static class BriefCharts
{
    private const int Width = 900;
    private const int Height = 480;

    private static readonly Color[] Palette =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189), new(140, 86, 75), new(227, 119, 194),
    ];

    public static readonly IReadOnlyDictionary<string, Color> AgreementColors = new Dictionary<string, Color>
    {
        ["shared_service"] = new(31, 119, 180), ["knowledge"] = new(44, 160, 44), ["funding"] = new(255, 127, 14), ["food_supply"] = new(214, 39, 40),
    };

    private static Chart Render(Plot plot, string name, string caption) =>
        new(name, caption, plot.GetImageBytes(Width, Height, ImageFormat.Png), plot.GetSvgXml(Width, Height));

    /// <summary>An indicator over time, one line per run with its 5th–95th percentile band.</summary>
    public static Chart TimeSeries(string name, string caption, IReadOnlyList<string> months,
        IReadOnlyList<(string Label, double[] Mean, double[] P05, double[] P95)> series, double scale)
    {
        var plot = new Plot();
        var xs = Enumerable.Range(0, months.Count).Select(i => (double)i).ToArray();
        for (var k = 0; k < series.Count; k++)
        {
            var (label, mean, p05, p95) = series[k];
            var color = Palette[k % Palette.Length];
            var band = plot.Add.FillY(xs, p05.Select(v => v * scale).ToArray(), p95.Select(v => v * scale).ToArray());
            band.FillColor = color.WithAlpha(0.2);
            band.LineColor = Colors.Transparent;
            var line = plot.Add.Scatter(xs, mean.Select(v => v * scale).ToArray());
            line.Color = color;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = label;
        }
        var step = Math.Max(1, months.Count / 8);
        var ticks = Enumerable.Range(0, months.Count).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(i => (double)i).ToArray(), ticks.Select(i => months[i]).ToArray());
        if (series.Count > 1) plot.ShowLegend();
        return Render(plot, name, caption);
    }

    /// <summary>Stacked bars per region: direct benefit and spillover.</summary>
    public static Chart RegionBars(string name, string caption, IReadOnlyList<(string Label, double Direct, double Spill)> regions,
        string directLabel, string spillLabel, double scale)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < regions.Count; i++)
        {
            var d = regions[i].Direct * scale;
            var s = regions[i].Spill * scale;
            bars.Add(new Bar { Position = i, ValueBase = 0, Value = d, FillColor = Palette[0] });
            bars.Add(new Bar { Position = i, ValueBase = d, Value = d + s, FillColor = Palette[1] });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, regions.Count).Select(i => (double)i).ToArray(), regions.Select(r => r.Label).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 120;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = directLabel, FillColor = Palette[0] });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = spillLabel, FillColor = Palette[1] });
        plot.ShowLegend();
        return Render(plot, name, caption);
    }

    /// <summary>Bars of a difference per region with 95% intervals.</summary>
    public static Chart DifferenceBars(string name, string caption, IReadOnlyList<(string Label, double Difference, double Low, double High)> regions, double scale)
    {
        var plot = new Plot();
        var bars = regions.Select((r, i) => new Bar
        {
            Position = i,
            Value = r.Difference * scale,
            Error = double.IsNaN(r.Low) ? 0 : (r.High - r.Low) / 2 * scale,
            FillColor = r.Difference >= 0 ? Palette[2] : Palette[3],
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, regions.Count).Select(i => (double)i).ToArray(), regions.Select(r => r.Label).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 120;
        return Render(plot, name, caption);
    }

    /// <summary>Labelled points, e.g. Morris μ* against σ, or a sweep result against one parameter.</summary>
    public static Chart Points(string name, string caption, IReadOnlyList<(double X, double Y, string Label)> points, string xLabel, string yLabel)
    {
        var plot = new Plot();
        foreach (var (x, y, label) in points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)))
        {
            plot.Add.Marker(x, y, MarkerShape.FilledCircle, 8, Palette[0]);
            if (label.Length > 0)
            {
                var text = plot.Add.Text(label, x, y);
                text.LabelFontSize = 11;
                text.LabelOffsetX = 6;
            }
        }
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return Render(plot, name, caption);
    }

    /// <summary>
    /// A map-like drawing of the cooperation graph: regions at their centroids (longitude, latitude), sized by cumulative
    /// benefit; borders in grey; agreements between regions as lines coloured by type (shared services from each member to
    /// the host). Partners outside the map are left out.
    /// </summary>
    public static Chart Map(string name, string caption, Scenario scenario, IReadOnlyDictionary<string, double> benefit)
    {
        var plot = new Plot();
        var regions = scenario.Regions.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var n in scenario.Neighbours)
        {
            if (!regions.TryGetValue(n.A, out var a) || !regions.TryGetValue(n.B, out var b)) continue;
            var line = plot.Add.Line(a.Lon, a.Lat, b.Lon, b.Lat);
            line.LineColor = Colors.LightGray;
            line.LineWidth = 1;
        }
        foreach (var agreement in scenario.Agreements)
        {
            var color = AgreementColors.TryGetValue(KerjasamaGraph.Model.Outputs.RunAggregator.Snake(agreement.Type.ToString()), out var c) ? c : Colors.Black;
            var pairs = agreement.Type == AgreementType.SharedService && agreement.Host is not null
                ? agreement.Parties.Where(p => p != agreement.Host).Select(p => (p, agreement.Host))
                : [(agreement.Parties[0], agreement.Parties[^1])];
            foreach (var (from, to) in pairs)
            {
                if (!regions.TryGetValue(from, out var a) || !regions.TryGetValue(to, out var b)) continue;
                var line = plot.Add.Line(a.Lon, a.Lat, b.Lon, b.Lat);
                line.LineColor = color.WithAlpha(0.8);
                line.LineWidth = 3;
            }
        }
        var max = benefit.Values.Select(Math.Abs).DefaultIfEmpty(0).Max();
        foreach (var r in scenario.Regions)
        {
            var value = benefit.GetValueOrDefault(r.Id);
            var size = 6 + (max > 0 ? 24 * Math.Sqrt(Math.Abs(value) / max) : 0);
            var marker = plot.Add.Marker(r.Lon, r.Lat, MarkerShape.FilledCircle, (float)size, value >= 0 ? Palette[4] : Palette[3]);
            marker.MarkerStyle.OutlineColor = Colors.White;
            var label = plot.Add.Text(string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, r.Lon, r.Lat);
            label.LabelFontSize = 10;
            label.LabelOffsetY = -(float)(size / 2 + 4);
            label.LabelAlignment = Alignment.LowerCenter;
        }
        foreach (var (type, color) in AgreementColors)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = type, LineColor = color, LineWidth = 3 });
        }
        plot.ShowLegend();
        plot.Axes.SquareUnits();
        return Render(plot, name, caption);
    }
}
