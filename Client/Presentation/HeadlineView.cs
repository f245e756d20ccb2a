using System.Globalization;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;

namespace KerjasamaGraph.Client.Presentation;

/// <summary>The end-of-run tables: benefit by region (gains and losses), who gains, benefit by agreement, agreements by state.</summary>
public static class HeadlineView
{
    /// <summary>Rows of the region and agreement tables; the caption says how many more the files hold.</summary>
    public const int RegionsShown = 15;
    public const int AgreementsShown = 10;

    /// <summary>The line that says what ran.</summary>
    public static void Title(IAnsiConsole console, Scenario scenario, Headline h)
    {
        console.WriteLine();
        console.MarkupLineInterpolated($"[bold]{scenario.Name}[/]{(scenario.Variant is null ? "" : $" — variant {scenario.Variant}")}: {h.Months} months from {scenario.Run.Start}, {h.Replications} replication(s), seed {scenario.Run.Seed}");
    }

    public static void Render(IAnsiConsole console, Scenario scenario, Headline h)
    {
        var bands = h.Replications > 1;

        var regions = new Table().Title("Benefit by region, cumulative (Rp million)").Border(TableBorder.Rounded);
        regions.AddColumn("Region");
        regions.AddColumn(new TableColumn("Benefit").RightAligned());
        if (bands) regions.AddColumn(new TableColumn("5%–95%").RightAligned());
        regions.AddColumn(new TableColumn("Spillover").RightAligned());
        regions.AddColumn(new TableColumn("Rp/head").RightAligned());
        var ordered = h.Regions.OrderByDescending(r => r.Benefit.Mean).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var (top, bottom, omitted) = PlainText.GainsAndLosses(ordered, r => r.Benefit.Mean, RegionsShown);
        void Region(HeadlineRegion r)
        {
            var cells = new List<string> { string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, Million(r.Benefit.Mean) };
            if (bands) cells.Add($"{Million(r.Benefit.P05)}–{Million(r.Benefit.P95)}");
            cells.Add(Million(r.Spillover));
            cells.Add(r.Population > 0 ? (r.Benefit.Mean / r.Population).ToString("N0", CultureInfo.InvariantCulture) : "–");
            regions.AddPlainRow([.. cells]);
        }
        foreach (var r in top) Region(r);
        if (omitted > 0) regions.AddOmittedRow($"… {omitted} more");
        foreach (var r in bottom) Region(r);
        var losers = h.Regions.Count(r => r.Benefit.Mean < 0);
        var caption = "Benefit: direct benefit of the region's own agreements plus spillover, the share of its neighbours' benefit that reaches it.";
        if (omitted > 0) caption += bottom.Count > 0
            ? $" Largest gains and losses shown; {omitted} regions between them are not (all {ordered.Count} in regions.csv)."
            : $" {omitted} more regions with smaller benefit are not shown (all {ordered.Count} in regions.csv).";
        caption += losers == 0 ? " No region lost." : $" {losers} of {ordered.Count} regions lost (negative benefit).";
        console.WriteTable(regions, caption);

        var gains = new Table().Title("Who gains").Border(TableBorder.Rounded);
        gains.AddColumn("Indicator");
        gains.AddColumn(new TableColumn("Value").RightAligned());
        gains.AddPlainRow("Share of agreement benefit to signatories", Percent(h.SignatoryShare, bands));
        gains.AddPlainRow("Share to regions that did not sign (spillover)", Percent(new Stat(1 - h.SignatoryShare.Mean, 1 - h.SignatoryShare.P95, 1 - h.SignatoryShare.P05), bands));
        gains.AddPlainRow("Regions with a loss (cumulative benefit below zero)", $"{losers} of {h.Regions.Count}");
        gains.AddPlainRow("Gini of cumulative gains per head across regions", Number(h.GiniPerCapitaBenefit, bands));
        console.WriteTable(gains, "Gini: 0 when every region gains the same per head, near 1 when one region gains everything; a region that lost counts as gaining nothing (docs/model.md). –: undefined (no agreement benefit, or no region gained).");

        var agreementsOrdered = h.Agreements.OrderByDescending(a => a.Signatories.Mean + a.NonSignatories.Mean).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        if (agreementsOrdered.Count > 0)
        {
            var agreements = new Table().Title("Benefit by agreement, cumulative (Rp million)").Border(TableBorder.Rounded);
            agreements.AddColumn("Agreement");
            agreements.AddColumn(new TableColumn("Signatories").RightAligned());
            agreements.AddColumn(new TableColumn("Others").RightAligned());
            agreements.AddColumn(new TableColumn("Regions reached").RightAligned());
            var (topA, bottomA, omittedA) = PlainText.GainsAndLosses(agreementsOrdered, a => a.Signatories.Mean + a.NonSignatories.Mean, AgreementsShown);
            void Agreement(HeadlineAgreement a) =>
                agreements.AddPlainRow($"{a.Id} ({a.Type})", Million(a.Signatories.Mean), Million(a.NonSignatories.Mean), a.RegionsReached.ToString(CultureInfo.InvariantCulture));
            foreach (var a in topA) Agreement(a);
            if (omittedA > 0) agreements.AddOmittedRow($"… {omittedA} more");
            foreach (var a in bottomA) Agreement(a);
            var captionA = "Signatories: benefit to the regions that signed; Others: benefit that spilled over to regions that did not. " +
                "Regions reached: how many regions that did not sign received some of the agreement's benefit.";
            if (omittedA > 0) captionA += $" {omittedA} of {agreementsOrdered.Count} agreements not shown (all in agreements.csv).";
            console.WriteTable(agreements, captionA);
        }

        var states = new Table().Title("Agreements by state").Border(TableBorder.Rounded);
        states.AddColumn("State");
        states.AddColumn(new TableColumn("Agreements").RightAligned());
        foreach (var (state, count) in h.AgreementsByState.Where(kv => kv.Value > 0))
        {
            states.AddPlainRow(state, count.ToString(bands ? "0.##" : "0", CultureInfo.InvariantCulture));
        }
        console.WriteTable(states, $"In {scenario.Run.Start.AddMonths(h.Months - 1)}, the last month" + (bands ? "; mean over replications." : "."));
    }

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
