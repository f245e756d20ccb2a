using System.Globalization;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;

namespace KerjasamaGraph.Client.Presentation;

/// <summary>The end-of-run tables: benefit by region, who gains, agreements by state, inequality.</summary>
public static class HeadlineView
{
    public static void Render(IAnsiConsole console, Scenario scenario, Headline h)
    {
        var bands = h.Replications > 1;
        console.WriteLine();
        console.MarkupLineInterpolated($"[bold]{scenario.Name}[/]{(scenario.Variant is null ? "" : $" — variant {scenario.Variant}")}: {h.Months} months from {scenario.Run.Start}, {h.Replications} replication(s), seed {scenario.Run.Seed}");

        var regions = new Table().Title("Benefit by region, cumulative (Rp million)").Border(TableBorder.Rounded);
        regions.AddColumn("Region");
        regions.AddColumn(new TableColumn("Benefit").RightAligned());
        if (bands) regions.AddColumn(new TableColumn("5%–95%").RightAligned());
        regions.AddColumn(new TableColumn("Spillover").RightAligned());
        regions.AddColumn(new TableColumn("Rp/head").RightAligned());
        const int shown = 15;
        var ordered = h.Regions.OrderByDescending(r => r.Benefit.Mean).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        foreach (var r in ordered.Take(shown))
        {
            var cells = new List<string> { string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, Million(r.Benefit.Mean) };
            if (bands) cells.Add($"{Million(r.Benefit.P05)}–{Million(r.Benefit.P95)}");
            cells.Add(Million(r.Spillover));
            cells.Add(r.Population > 0 ? (r.Benefit.Mean / r.Population).ToString("N0", CultureInfo.InvariantCulture) : "–");
            AddRow(regions, [.. cells]);
        }
        if (ordered.Count > shown) regions.Caption($"{ordered.Count - shown} more regions in regions.csv");
        console.Write(regions);

        var gains = new Table().Title("Who gains").Border(TableBorder.Rounded);
        gains.AddColumn("Indicator");
        gains.AddColumn(new TableColumn("Value").RightAligned());
        AddRow(gains, "Share of agreement benefit to signatories", Percent(h.SignatoryShare, bands));
        AddRow(gains, "Share to regions that did not sign (spillover)", Percent(new Stat(1 - h.SignatoryShare.Mean, 1 - h.SignatoryShare.P95, 1 - h.SignatoryShare.P05), bands));
        AddRow(gains, "Gini of cumulative benefit per head across regions", Number(h.GiniPerCapitaBenefit, bands));
        console.Write(gains);

        var top = h.Agreements.OrderByDescending(a => a.Signatories.Mean + a.NonSignatories.Mean).ThenBy(a => a.Id, StringComparer.Ordinal).Take(10).ToList();
        if (top.Count > 0)
        {
            var agreements = new Table().Title("Benefit by agreement, cumulative (Rp million)").Border(TableBorder.Rounded);
            agreements.AddColumn("Agreement");
            agreements.AddColumn(new TableColumn("Signatories").RightAligned());
            agreements.AddColumn(new TableColumn("Others").RightAligned());
            agreements.AddColumn(new TableColumn("Regions reached").RightAligned());
            foreach (var a in top)
            {
                AddRow(agreements, $"{a.Id} ({a.Type})", Million(a.Signatories.Mean), Million(a.NonSignatories.Mean), a.RegionsReached.ToString(CultureInfo.InvariantCulture));
            }
            console.Write(agreements);
        }

        var states = new Table().Title("Agreements by state, final month" + (bands ? " (mean over replications)" : "")).Border(TableBorder.Rounded);
        states.AddColumn("State");
        states.AddColumn(new TableColumn("Agreements").RightAligned());
        foreach (var (state, count) in h.AgreementsByState.Where(kv => kv.Value > 0))
        {
            AddRow(states, state, count.ToString(bands ? "0.##" : "0", CultureInfo.InvariantCulture));
        }
        console.Write(states);
    }

    /// <summary>Adds a row of plain text (cells are never read as markup).</summary>
    private static void AddRow(Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(c)).ToArray<Spectre.Console.Rendering.IRenderable>());

    private static string Million(double rupiah) => (rupiah / 1e6).ToString("N1", CultureInfo.InvariantCulture);

    private static string Percent(Stat s, bool bands)
    {
        if (double.IsNaN(s.Mean)) return "–";
        string P(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        return bands ? $"{P(s.Mean)} [{P(s.P05)} – {P(s.P95)}]" : P(s.Mean);
    }

    private static string Number(Stat s, bool bands)
    {
        if (double.IsNaN(s.Mean)) return "–";
        string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        return bands ? $"{F(s.Mean)} [{F(s.P05)} – {F(s.P95)}]" : F(s.Mean);
    }
}
