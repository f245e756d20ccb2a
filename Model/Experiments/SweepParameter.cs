using System.Globalization;
using System.Text;

namespace KerjasamaGraph.Model.Experiments;

/// <summary>
/// One swept scenario field: <c>PATH=LO..HI[:STEPS]</c>. PATH addresses any numeric field of a scenario file with
/// dots; items of id-keyed lists are addressed by id (<c>agreements.ks-01.amount</c>,
/// <c>regions.kota-jambi.capacity</c>, <c>policies.one_gate.review_months</c>). Whole-number fields (months,
/// capacities of review queues, terms) are rounded to the nearest whole number.
/// </summary>
public sealed record SweepParameter(string Path, double Low, double High, int Steps)
{
    private static readonly HashSet<string> IdLists = new(StringComparer.Ordinal) { "regions", "partners", "agreements", "shocks" };
    private static readonly HashSet<string> WholeNumberKeys = new(StringComparer.Ordinal)
    {
        "months", "replications", "review_capacity", "review_months", "term_months", "default_term_months", "revoke_after_loss_months",
    };

    public string[] Segments => Path.Split('.');

    public bool IsWholeNumber => WholeNumberKeys.Contains(Segments[^1]);

    /// <summary>Parses PATH=LO..HI[:STEPS]; returns an error message instead of throwing.</summary>
    public static SweepParameter? TryParse(string text, int defaultSteps, out string? error)
    {
        error = null;
        var eq = text.IndexOf('=');
        if (eq <= 0) { error = $"--param {text}: expected PATH=LO..HI[:STEPS]"; return null; }
        var path = text[..eq].Trim();
        var range = text[(eq + 1)..].Trim();
        var steps = defaultSteps;
        var colon = range.IndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(range[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out steps) || steps < 2)
            {
                error = $"--param {text}: STEPS must be a whole number of at least 2";
                return null;
            }
            range = range[..colon];
        }
        var dots = range.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0
            || !double.TryParse(range[..dots], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            || !double.TryParse(range[(dots + 2)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi)
            || !double.IsFinite(lo) || !double.IsFinite(hi))
        {
            error = $"--param {text}: expected a range LO..HI of two numbers";
            return null;
        }
        if (hi < lo) { error = $"--param {text}: HI ({hi.ToString(CultureInfo.InvariantCulture)}) is below LO"; return null; }
        var segments = path.Split('.');
        if (segments.Length < 2 || segments.Any(s => s.Length == 0))
        {
            error = $"--param {text}: PATH must name a field inside a section, e.g. policies.one_gate.review_months";
            return null;
        }
        if (IdLists.Contains(segments[0]) && segments.Length < 3)
        {
            error = $"--param {text}: name the item and its field, e.g. {segments[0]}.ID.FIELD";
            return null;
        }
        return new SweepParameter(path, lo, hi, steps);
    }

    /// <summary>The value at a position u in [0, 1] of the range (rounded for whole-number fields).</summary>
    public double At(double u)
    {
        var v = Low + u * (High - Low);
        if (IsWholeNumber) return Math.Round(v, MidpointRounding.AwayFromZero);
        // 12 significant digits: 0.1 + 0.5·0.4 is 0.3, not 0.30000000000000004.
        return double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A scenario overlay that extends <paramref name="scenarioPath"/> and sets each parameter to its value, using the
    /// scenario format's own merge rules (id-keyed list items are merged by id).
    /// </summary>
    public static string Overlay(string scenarioPath, IReadOnlyList<SweepParameter> parameters, IReadOnlyList<double> values)
    {
        var root = new SortedDictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var seg = parameters[i].Segments;
            IDictionary<string, object> node = root;
            var start = 0;
            if (IdLists.Contains(seg[0]))
            {
                if (!root.TryGetValue(seg[0], out var list)) root[seg[0]] = list = new SortedDictionary<string, SortedDictionary<string, object>>(StringComparer.Ordinal);
                var items = (SortedDictionary<string, SortedDictionary<string, object>>)list;
                if (!items.TryGetValue(seg[1], out var item)) items[seg[1]] = item = new SortedDictionary<string, object>(StringComparer.Ordinal);
                node = item;
                start = 2;
            }
            for (var k = start; k < seg.Length - 1; k++)
            {
                if (!node.TryGetValue(seg[k], out var child) || child is not IDictionary<string, object>)
                {
                    node[seg[k]] = child = new SortedDictionary<string, object>(StringComparer.Ordinal);
                }
                node = (IDictionary<string, object>)child;
            }
            node[seg[^1]] = values[i];
        }
        var sb = new StringBuilder();
        sb.Append("extends: ").Append(Quote(System.IO.Path.GetFullPath(scenarioPath))).Append('\n');
        foreach (var (key, value) in root) Write(sb, key, value, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, string key, object value, int indent)
    {
        var pad = new string(' ', indent);
        switch (value)
        {
            case double d:
                sb.Append(pad).Append(Quote(key)).Append(": ").Append(d.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                break;
            case SortedDictionary<string, SortedDictionary<string, object>> items:
                sb.Append(pad).Append(Quote(key)).Append(":\n");
                foreach (var (id, fields) in items)
                {
                    sb.Append(pad).Append("  - id: ").Append(Quote(id)).Append('\n');
                    foreach (var (k, v) in fields) Write(sb, k, v, indent + 4);
                }
                break;
            case IDictionary<string, object> map:
                sb.Append(pad).Append(Quote(key)).Append(":\n");
                foreach (var (k, v) in map) Write(sb, k, v, indent + 2);
                break;
        }
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
