using System.Globalization;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Calibration;

/// <summary>An observed monthly series of month-on-month inflation (percent), read from a CSV with the columns month and mtm_pct.</summary>
public sealed record ObservedSeries(IReadOnlyDictionary<YearMonth, double> MonthOnMonth)
{
    /// <summary>Reads the file and checks that every month of the window has a number. Errors are FILE:LINE: messages.</summary>
    public static ObservedSeries Read(string path, YearMonth from, YearMonth to, out List<string> errors)
    {
        errors = [];
        var values = new Dictionary<YearMonth, double>();
        if (!File.Exists(path))
        {
            errors.Add($"{path}: file not found");
            return new ObservedSeries(values);
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            errors.Add($"{path}:1: the file is empty; expected a header with the columns month and mtm_pct");
            return new ObservedSeries(values);
        }
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var monthCol = Array.IndexOf(header, "month");
        var mtmCol = Array.IndexOf(header, "mtm_pct");
        if (monthCol < 0) errors.Add($"{path}:1: no 'month' column in the header ({string.Join(", ", header)})");
        if (mtmCol < 0) errors.Add($"{path}:1: no 'mtm_pct' column in the header ({string.Join(", ", header)})");
        if (errors.Count > 0) return new ObservedSeries(values);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split(',');
            var line = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (cells.Length <= Math.Max(monthCol, mtmCol))
            {
                errors.Add($"{path}:{line}: expected {header.Length} columns, found {cells.Length}");
                continue;
            }
            if (!YearMonth.TryParse(cells[monthCol].Trim(), out var month))
            {
                errors.Add($"{path}:{line}: month: '{cells[monthCol].Trim()}' is not a month (YYYY-MM)");
                continue;
            }
            var text = cells[mtmCol].Trim();
            if (text.Length == 0) continue; // a month without a figure; reported below if it is in the window
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                errors.Add($"{path}:{line}: mtm_pct: '{text}' is not a number");
                continue;
            }
            if (!values.TryAdd(month, v)) errors.Add($"{path}:{line}: month {month} appears twice");
        }
        var missing = new List<string>();
        for (var m = from; m <= to; m = m.AddMonths(1))
            if (!values.ContainsKey(m)) missing.Add(m.ToString());
        if (missing.Count > 0 && errors.Count == 0)
            errors.Add($"{path}: no month-on-month figure for {string.Join(", ", missing)} (window {from}..{to})");
        return new ObservedSeries(values);
    }
}
