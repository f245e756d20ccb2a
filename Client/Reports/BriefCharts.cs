using KerjasamaGraph.Model.Scenarios;
using ScottPlot;

namespace KerjasamaGraph.Client.Reports;

/// <summary>A chart rendered both as PNG (embedded in the HTML brief) and SVG (for editing and print).</summary>
public sealed record Chart(string Name, string Caption, byte[] Png, string Svg);

/// <summary>
/// The brief's charts, drawn with ScottPlot. Rules every chart keeps: labels are never rotated or cut (region names go
/// on the vertical axis of horizontal bars, whose width ScottPlot measures); legends sit outside the data area so they
/// hide no line; bands are drawn before every line, and lines that could coincide differ in dash pattern as well as
/// colour; point labels are placed so that they do not overlap each other or the points.
/// </summary>
public static class BriefCharts
{
    private const int Width = 900;
    private const int Height = 480;
    private const float FontSize = 13;

    private static readonly Color[] Palette =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189), new(140, 86, 75), new(227, 119, 194),
    ];

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.DenselyDashed, LinePattern.Dotted];

    public static readonly IReadOnlyDictionary<string, Color> AgreementColors = new Dictionary<string, Color>
    {
        ["shared_service"] = new(31, 119, 180), ["knowledge"] = new(44, 160, 44), ["funding"] = new(255, 127, 14), ["food_supply"] = new(214, 39, 40),
    };

    private static Chart Render(Plot plot, string name, string caption, int height = Height) =>
        new(name, caption, plot.GetImageBytes(Width, height, ImageFormat.Png), plot.GetSvgXml(Width, height));

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Axes.Bottom.TickLabelStyle.FontSize = FontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = FontSize;
        plot.Axes.Bottom.Label.FontSize = FontSize;
        plot.Axes.Left.Label.FontSize = FontSize;
        plot.Legend.FontSize = FontSize;
        return plot;
    }

    /// <summary>A legend label: the text up to <paramref name="max"/> characters, cut at a word with an ellipsis.</summary>
    public static string Short(string text, int max = 100)
    {
        if (text.Length <= max) return text.TrimEnd('.');
        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > max / 2 ? cut : max - 1)].TrimEnd(',', ';', ':', ' ', '-', '–') + "…";
    }

    /// <summary>An indicator over time, one line per run with its 5th–95th percentile band; the legend below the chart.</summary>
    public static Chart TimeSeries(string name, string caption, IReadOnlyList<string> months,
        IReadOnlyList<(string Label, double[] Mean, double[] P05, double[] P95)> series, double scale, BriefLanguage t)
    {
        var plot = NewPlot();
        var xs = Enumerable.Range(0, months.Count).Select(i => (double)i).ToArray();
        // Bands first, all of them, so that no band covers another run's line.
        for (var k = 0; k < series.Count; k++)
        {
            var (_, _, p05, p95) = series[k];
            var band = plot.Add.FillY(xs, p05.Select(v => v * scale).ToArray(), p95.Select(v => v * scale).ToArray());
            band.FillColor = Palette[k % Palette.Length].WithAlpha(0.15);
            band.LineColor = Colors.Transparent;
        }
        // Then the lines: the first run (the baseline) solid at the bottom, the others dashed above it, so that a run that
        // coincides with another for a while still shows (the solid line shows through the gaps of the dashes).
        for (var k = 0; k < series.Count; k++)
        {
            var (label, mean, _, _) = series[k];
            var line = plot.Add.Scatter(xs, mean.Select(v => v * scale).ToArray());
            line.Color = Palette[k % Palette.Length];
            line.MarkerSize = 0;
            line.LineWidth = k == 0 ? 3 : 2;
            line.LinePattern = Patterns[k % Patterns.Length];
            if (series.Count > 1) line.LegendText = label;
        }
        var step = Math.Max(1, (int)Math.Ceiling(months.Count / 10.0));
        var ticks = Enumerable.Range(0, months.Count).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(i => (double)i).ToArray(), ticks.Select(i => months[i]).ToArray());
        plot.XLabel(t["axis_month"]);
        plot.YLabel(t["axis_rp_million"]);
        var height = Height;
        if (series.Count > 1)
        {
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.Orientation = Orientation.Vertical;
            height += 24 * series.Count;
        }
        else plot.HideLegend();
        return Render(plot, name, caption, height);
    }

    /// <summary>Horizontal stacked bars per region, largest on top: direct benefit and spillover.</summary>
    public static Chart RegionBars(string name, string caption, IReadOnlyList<(string Label, double Direct, double Spill)> regions,
        string directLabel, string spillLabel, double scale, BriefLanguage t)
    {
        var plot = NewPlot();
        var bars = new List<Bar>();
        var n = regions.Count;
        for (var i = 0; i < n; i++)
        {
            var d = regions[i].Direct * scale;
            var s = regions[i].Spill * scale;
            // Direct benefit can be negative (a loss-making agreement): spillover then starts from zero, not from the loss.
            var spillBase = Math.Max(d, 0);
            bars.Add(new Bar { Position = n - 1 - i, ValueBase = 0, Value = d, FillColor = Palette[0], Orientation = Orientation.Horizontal });
            bars.Add(new Bar { Position = n - 1 - i, ValueBase = spillBase, Value = spillBase + s, FillColor = Palette[1], Orientation = Orientation.Horizontal });
        }
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), regions.Select(r => r.Label).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.XLabel(t["axis_rp_million"]);
        plot.Axes.Margins(left: 0.02, right: 0.05, bottom: 0.02, top: 0.02);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = directLabel, FillColor = Palette[0] });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = spillLabel, FillColor = Palette[1] });
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        return Render(plot, name, caption, BarHeight(n));
    }

    private static int BarHeight(int bars) => Math.Max(260, 110 + 24 * bars);

    /// <summary>Horizontal bars of a difference per region with 95% intervals, largest gain on top.</summary>
    public static Chart DifferenceBars(string name, string caption, IReadOnlyList<(string Label, double Difference, double Low, double High)> regions,
        double scale, BriefLanguage t)
    {
        var plot = NewPlot();
        var n = regions.Count;
        var bars = regions.Select((r, i) => new Bar
        {
            Position = n - 1 - i,
            Value = r.Difference * scale,
            Error = double.IsNaN(r.Low) ? 0 : (r.High - r.Low) / 2 * scale,
            FillColor = r.Difference >= 0 ? Palette[2] : Palette[3],
            Orientation = Orientation.Horizontal,
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), regions.Select(r => r.Label).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        var zero = plot.Add.VerticalLine(0);
        zero.Color = Colors.Gray;
        zero.LineWidth = 1;
        plot.XLabel(t["axis_rp_million"]);
        plot.Axes.Margins(left: 0.05, right: 0.05, bottom: 0.02, top: 0.02);
        return Render(plot, name, caption, BarHeight(n));
    }

    /// <summary>Labelled points, e.g. Morris μ* against σ, or a sweep result against one parameter; labels do not overlap.</summary>
    public static Chart Points(string name, string caption, IReadOnlyList<(double X, double Y, string Label)> points, string xLabel, string yLabel)
    {
        var plot = NewPlot();
        var finite = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        foreach (var (x, y, _) in finite) plot.Add.Marker(x, y, MarkerShape.FilledCircle, 8, Palette[0]);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        var labelled = finite.Where(p => p.Label.Length > 0).ToList();
        if (labelled.Count > 0)
        {
            var area = FixLayout(plot, finite.Select(p => (p.X, p.Y)).ToList(), square: false, Width, Height, right: 30);
            PlaceLabels(plot, area, labelled.Select(p => (p.X, p.Y, p.Label, 8f)).ToList(), 11);
        }
        return Render(plot, name, caption);
    }

    /// <summary>
    /// A map-like drawing of the cooperation graph: regions at their centroids (longitude, latitude, equal units on both
    /// axes), sized by cumulative benefit; borders in grey; agreements between regions as lines coloured by type (shared
    /// services from each member to the host). Region names are placed where they overlap no other name and no point.
    /// Partners outside the map are left out.
    /// </summary>
    public static Chart Map(string name, string caption, Scenario scenario, IReadOnlyDictionary<string, double> benefit, BriefLanguage t)
    {
        var plot = NewPlot();
        const int height = 640;
        var regions = scenario.Regions.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var area = FixLayout(plot, scenario.Regions.Select(r => (r.Lon, r.Lat)).ToList(), square: true, Width, height, bottom: 100);
        var unitsPerPixel = (area.XMax - area.XMin) / area.Rect.Width;
        foreach (var n in scenario.Neighbours)
        {
            if (!regions.TryGetValue(n.A, out var a) || !regions.TryGetValue(n.B, out var b)) continue;
            var line = plot.Add.Line(a.Lon, a.Lat, b.Lon, b.Lat);
            line.LineColor = Colors.LightGray;
            line.LineWidth = 1;
        }
        // Agreements between the same two regions are drawn side by side (4 px apart), so none hides another.
        var segments = new List<(Region A, Region B, string Type)>();
        foreach (var agreement in scenario.Agreements)
        {
            var type = KerjasamaGraph.Model.Outputs.RunAggregator.Snake(agreement.Type.ToString());
            var pairs = agreement.Type == AgreementType.SharedService && agreement.Host is not null
                ? agreement.Parties.Where(p => p != agreement.Host).Select(p => (p, agreement.Host))
                : [(agreement.Parties[0], agreement.Parties[^1])];
            foreach (var (from, to) in pairs)
            {
                if (regions.TryGetValue(from, out var a) && regions.TryGetValue(to, out var b) && a != b) segments.Add((a, b, type));
            }
        }
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in segments.GroupBy(s => string.CompareOrdinal(s.A.Id, s.B.Id) < 0 ? (s.A.Id, s.B.Id) : (s.B.Id, s.A.Id)))
        {
            var list = group.ToList();
            for (var k = 0; k < list.Count; k++)
            {
                var (a, b, type) = list[k];
                if (string.CompareOrdinal(a.Id, b.Id) > 0) (a, b) = (b, a);
                var dx = b.Lon - a.Lon;
                var dy = b.Lat - a.Lat;
                var length = Math.Sqrt(dx * dx + dy * dy);
                var shift = (k - (list.Count - 1) / 2.0) * 4 * unitsPerPixel;
                var (ox, oy) = length > 0 ? (-dy / length * shift, dx / length * shift) : (0, 0);
                var line = plot.Add.Line(a.Lon + ox, a.Lat + oy, b.Lon + ox, b.Lat + oy);
                line.LineColor = (AgreementColors.TryGetValue(type, out var c) ? c : Colors.Black).WithAlpha(0.9);
                line.LineWidth = 3;
                types.Add(type);
            }
        }
        var max = benefit.Values.Select(Math.Abs).DefaultIfEmpty(0).Max();
        var labels = new List<(double X, double Y, string Label, float Size)>();
        foreach (var r in scenario.Regions)
        {
            var value = benefit.GetValueOrDefault(r.Id);
            var size = 6 + (max > 0 ? 24 * Math.Sqrt(Math.Abs(value) / max) : 0);
            var marker = plot.Add.Marker(r.Lon, r.Lat, MarkerShape.FilledCircle, (float)size, value >= 0 ? Palette[4].WithAlpha(0.85) : Palette[3].WithAlpha(0.85));
            marker.MarkerStyle.OutlineColor = Colors.White;
            labels.Add((r.Lon, r.Lat, string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, (float)size));
        }
        PlaceLabels(plot, area, labels, 11);
        foreach (var (type, color) in AgreementColors.Where(kv => types.Contains(kv.Key)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = t.AgreementType(type), LineColor = color, LineWidth = 3 });
        }
        plot.XLabel(t["axis_lon"]);
        plot.YLabel(t["axis_lat"]);
        if (types.Count > 0)
        {
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.Orientation = Orientation.Horizontal;
        }
        return Render(plot, name, caption, height);
    }

    /// <summary>The data area in pixels and the axis limits shown in it.</summary>
    private sealed record DataArea(PixelRect Rect, double XMin, double XMax, double YMin, double YMax)
    {
        public (float X, float Y) Pixel(double x, double y) =>
            ((float)(Rect.Left + (x - XMin) / (XMax - XMin) * Rect.Width), (float)(Rect.Bottom - (y - YMin) / (YMax - YMin) * Rect.Height));
    }

    /// <summary>
    /// Fixes the layout (padding around the data area) and the axis limits, so that positions in pixels are known before
    /// rendering: label placement needs them. With <paramref name="square"/> one unit is as long on both axes.
    /// </summary>
    private static DataArea FixLayout(Plot plot, IReadOnlyList<(double X, double Y)> points, bool square, int width, int height,
        float left = 70, float right = 20, float bottom = 50, float top = 20)
    {
        plot.Layout.Fixed(new PixelPadding(left, right, bottom, top));
        var rect = new PixelRect(left, width - right, height - bottom, top);
        var xMin = points.Min(p => p.X);
        var xMax = points.Max(p => p.X);
        var yMin = points.Min(p => p.Y);
        var yMax = points.Max(p => p.Y);
        var xSpan = Math.Max(xMax - xMin, 1e-9);
        var ySpan = Math.Max(yMax - yMin, 1e-9);
        // Room for markers and labels: 12% on each side.
        xMin -= 0.12 * xSpan; xMax += 0.12 * xSpan; yMin -= 0.12 * ySpan; yMax += 0.12 * ySpan;
        if (square)
        {
            var unitsPerPixel = Math.Max((xMax - xMin) / rect.Width, (yMax - yMin) / rect.Height);
            var cx = (xMin + xMax) / 2;
            var cy = (yMin + yMax) / 2;
            xMin = cx - unitsPerPixel * rect.Width / 2; xMax = cx + unitsPerPixel * rect.Width / 2;
            yMin = cy - unitsPerPixel * rect.Height / 2; yMax = cy + unitsPerPixel * rect.Height / 2;
        }
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        return new DataArea(rect, xMin, xMax, yMin, yMax);
    }

    /// <summary>
    /// Places each label next to its point at the first of several candidate positions (above, below, right, left, then
    /// farther out) where its box overlaps no label placed before, no point and stays inside the data area; a label
    /// with no free position goes where it overlaps least. Larger points are labelled first.
    /// </summary>
    private static void PlaceLabels(Plot plot, DataArea area, IReadOnlyList<(double X, double Y, string Label, float Size)> points, float fontSize)
    {
        var style = new LabelStyle { FontSize = fontSize };
        var pixels = points.Select(p => area.Pixel(p.X, p.Y)).ToList();
        var pointBoxes = points.Select((p, i) => new PixelRect(pixels[i].X - p.Size / 2, pixels[i].X + p.Size / 2, pixels[i].Y + p.Size / 2, pixels[i].Y - p.Size / 2)).ToList();
        var placed = new List<PixelRect>();
        using var paint = Paint.NewDisposablePaint();
        foreach (var i in Enumerable.Range(0, points.Count).OrderByDescending(i => points[i].Size).ThenBy(i => i))
        {
            var (x, y, label, size) = points[i];
            style.Text = label;
            var measured = style.Measure(paint);
            var w = measured.Width + 4;
            var h = measured.Height + 2;
            var (px, py) = pixels[i];
            var gap = size / 2 + 3;
            var candidates = new List<(float L, float T)>();
            foreach (var k in new[] { 0f, 1f, 2.2f })
            {
                var extra = k * h;
                candidates.Add((px - w / 2, py - gap - h - extra));      // above
                candidates.Add((px - w / 2, py + gap + extra));          // below
                candidates.Add((px + gap + extra, py - h / 2));          // right
                candidates.Add((px - gap - w - extra, py - h / 2));      // left
                candidates.Add((px + gap / 1.4f + extra, py - gap / 1.4f - h - extra)); // upper right
                candidates.Add((px - gap / 1.4f - w - extra, py - gap / 1.4f - h - extra)); // upper left
                candidates.Add((px + gap / 1.4f + extra, py + gap / 1.4f + extra)); // lower right
                candidates.Add((px - gap / 1.4f - w - extra, py + gap / 1.4f + extra)); // lower left
            }
            PixelRect best = default;
            var bestCost = double.MaxValue;
            foreach (var (l, tp) in candidates)
            {
                var box = new PixelRect(l, l + w, tp + h, tp);
                var cost = 0.0;
                foreach (var other in placed) cost += Overlap(box, other);
                for (var j = 0; j < pointBoxes.Count; j++) if (j != i) cost += Overlap(box, pointBoxes[j]);
                if (box.Left < area.Rect.Left || box.Right > area.Rect.Right || box.Top < area.Rect.Top || box.Bottom > area.Rect.Bottom) cost += 1e6;
                if (cost < bestCost) { bestCost = cost; best = box; }
                if (cost == 0) break;
            }
            placed.Add(best);
            // Back to coordinates: the label's upper-left corner.
            var cx = area.XMin + (best.Left + 2 - area.Rect.Left) / area.Rect.Width * (area.XMax - area.XMin);
            var cy = area.YMin + (area.Rect.Bottom - best.Top - 1) / area.Rect.Height * (area.YMax - area.YMin);
            var text = plot.Add.Text(label, cx, cy);
            text.LabelFontSize = fontSize;
            text.LabelAlignment = Alignment.UpperLeft;
            text.LabelBackgroundColor = Colors.White.WithAlpha(0.7);
        }
    }

    private static double Overlap(PixelRect a, PixelRect b)
    {
        var w = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
