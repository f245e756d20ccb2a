using System.Globalization;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;

namespace KerjasamaGraph.Client.Presentation;

/// <summary>
/// The inflation headline of a run with food markets: month-on-month and year-on-year consumer price inflation of
/// each region that buys food (its peak and the month of the peak, and the last month), and, for a region whose
/// observed series the caller supplies, the simulated path against the observed one month by month.
/// Collected from the rows of regions.csv as the run writes them (the mean over replications, and its band).
/// </summary>
public sealed class InflationView
{
    private readonly string[] _regionIds;
    private readonly int _mtm;
    private readonly int _yoy;
    private readonly int _mtmLow;
    private readonly int _mtmHigh;
    private readonly List<(YearMonth Month, double[] Mtm, double[] Yoy, double[] MtmLow, double[] MtmHigh)> _months = [];
    private readonly Scenario _scenario;

    private InflationView(Scenario scenario, string[] header)
    {
        _scenario = scenario;
        _regionIds = scenario.Regions.Where(r => r.Food.Values.Any(f => f.PerCapita > 0)).Select(r => r.Id).ToArray();
        _mtm = Column(header, "mtm_inflation");
        _yoy = Column(header, "yoy_inflation");
        _mtmLow = Array.IndexOf(header, "mtm_inflation_p05");
        _mtmHigh = Array.IndexOf(header, "mtm_inflation_p95");
    }

    /// <summary>A collector for a run of this scenario, or null when the scenario has no food markets.</summary>
    public static InflationView? For(Scenario scenario, string[] regionsHeader)
    {
        if (scenario.Commodities.Count == 0 || Column(regionsHeader, "mtm_inflation") < 0) return null;
        var view = new InflationView(scenario, regionsHeader);
        return view._regionIds.Length == 0 ? null : view;
    }

    private static int Column(string[] header, string name)
    {
        var i = Array.IndexOf(header, name);
        return i >= 0 ? i : Array.IndexOf(header, name + "_mean");
    }

    /// <summary>Takes one month's rows.</summary>
    public void Add(MonthRows rows)
    {
        var month = _scenario.Run.Start.AddMonths(rows.Tick);
        // A run that goes on from a checkpoint (after a silo's death) hands the months since then again: they replace the earlier ones.
        _months.RemoveAll(m => m.Month >= month);
        var byId = rows.Regions.ToDictionary(r => r[1], StringComparer.Ordinal);
        double Cell(string id, int column) => column >= 0 && byId.TryGetValue(id, out var row) && double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
        _months.Add((month,
            _regionIds.Select(id => Cell(id, _mtm)).ToArray(),
            _regionIds.Select(id => Cell(id, _yoy)).ToArray(),
            _regionIds.Select(id => Cell(id, _mtmLow)).ToArray(),
            _regionIds.Select(id => Cell(id, _mtmHigh)).ToArray()));
    }

    /// <summary>Simulated month-on-month inflation (mean over replications) of a region, by month.</summary>
    public IReadOnlyDictionary<YearMonth, double> MonthOnMonth(string region)
    {
        var k = Array.IndexOf(_regionIds, region);
        return k < 0 ? new Dictionary<YearMonth, double>() : _months.ToDictionary(m => m.Month, m => m.Mtm[k]);
    }

    public void Render(IAnsiConsole console, int shown, ObservedInflation? observed)
    {
        if (_months.Count == 0) return;
        var names = _scenario.Regions.ToDictionary(r => r.Id, r => string.IsNullOrEmpty(r.Name) ? r.Id : r.Name, StringComparer.Ordinal);
        var rows = _regionIds.Select((id, k) =>
        {
            var mtm = _months.Select(m => (m.Month, Value: m.Mtm[k])).Where(x => double.IsFinite(x.Value)).ToList();
            var yoy = _months.Select(m => (m.Month, Value: m.Yoy[k])).Where(x => double.IsFinite(x.Value)).ToList();
            var peakMtm = mtm.Count == 0 ? default : mtm.MaxBy(x => x.Value);
            var peakYoy = yoy.Count == 0 ? default : yoy.MaxBy(x => x.Value);
            return (Id: id, Name: names[id], PeakMtm: peakMtm, PeakYoy: peakYoy, Last: _months[^1].Yoy[k], HasYoy: yoy.Count > 0);
        }).OrderByDescending(r => r.PeakYoy.Value).ThenByDescending(r => r.PeakMtm.Value).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

        var table = new Table().Border(TableBorder.Rounded).Title("Consumer price inflation, regions with a food market (percent)");
        table.AddColumn("Region");
        table.AddColumn(new TableColumn("Peak m/m").RightAligned());
        table.AddColumn("in");
        table.AddColumn(new TableColumn("Peak y/y").RightAligned());
        table.AddColumn("in");
        table.AddColumn(new TableColumn($"y/y {_months[^1].Month}").RightAligned());
        foreach (var r in rows.Take(shown))
        {
            table.AddPlainRow(r.Name, Pct(r.PeakMtm.Value), r.PeakMtm.Month.ToString(),
                r.HasYoy ? Pct(r.PeakYoy.Value) : "–", r.HasYoy ? r.PeakYoy.Month.ToString() : "", Pct(r.Last));
        }
        if (rows.Count > shown) table.AddOmittedRow($"… {rows.Count - shown} more");
        var caption = "m/m: change of the consumer price index on the month before; y/y: on the same month a year before"
            + (_scenario.Run.Replications > 1 ? $"; means over {_scenario.Run.Replications} replications" : "")
            + ". Year-on-year figures start twelve months into the run.";
        if (rows.Count > shown) caption += $" {rows.Count - shown} more regions not shown (all in regions.csv).";
        console.WriteTable(table, caption);

        if (observed is null) return;
        var k = Array.IndexOf(_regionIds, observed.Region);
        if (k < 0) return;
        var bands = _months.Any(m => double.IsFinite(m.MtmLow[k]));
        var compare = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{names[observed.Region]}: month-on-month inflation, simulated and observed (percent)"));
        compare.AddColumn("Month");
        compare.AddColumn(new TableColumn("Simulated").RightAligned());
        if (bands) compare.AddColumn(new TableColumn("5%–95%").RightAligned());
        compare.AddColumn(new TableColumn("Observed").RightAligned());
        compare.AddColumn(new TableColumn("Difference").RightAligned());
        double squares = 0;
        var n = 0;
        foreach (var m in _months)
        {
            if (!observed.MonthOnMonth.TryGetValue(m.Month, out var o)) continue;
            var s = m.Mtm[k];
            var cells = new List<string> { m.Month.ToString(), Pct(s) };
            if (bands) cells.Add($"{Pct(m.MtmLow[k])} – {Pct(m.MtmHigh[k])}");
            cells.Add(Pct(o));
            cells.Add(double.IsFinite(s) ? (s - o).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "–");
            compare.AddPlainRow([.. cells]);
            if (double.IsFinite(s)) { squares += (s - o) * (s - o); n++; }
        }
        if (n == 0) return;
        var simPeak = _months.Where(m => observed.MonthOnMonth.ContainsKey(m.Month) && double.IsFinite(m.Mtm[k])).MaxBy(m => m.Mtm[k]);
        var obsPeak = observed.MonthOnMonth.Where(kv => _months.Any(m => m.Month == kv.Key)).MaxBy(kv => kv.Value);
        console.WriteTable(compare,
            $"Observed: {observed.Source}. RMSE {Math.Sqrt(squares / n).ToString("0.000", CultureInfo.InvariantCulture)} pp over {n} months; " +
            $"peak {Pct(simPeak.Mtm[k])}% in {simPeak.Month} simulated, {Pct(obsPeak.Value)}% in {obsPeak.Key} observed.");
    }

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";

}

/// <summary>An observed month-on-month inflation series of one region, and where it comes from.</summary>
public sealed record ObservedInflation(string Region, string Source, IReadOnlyDictionary<YearMonth, double> MonthOnMonth);
