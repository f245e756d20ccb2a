using System.Globalization;
using System.Text;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Experiments;

/// <summary>
/// One swept scenario field: <c>PATH=LO..HI[:STEPS]</c>. PATH addresses any numeric field of a scenario file with
/// dots; items of id-keyed lists are addressed by id (<c>agreements.ks-01.amount</c>,
/// <c>regions.kota-jambi.capacity</c>, <c>policies.one_gate.review_months</c>). Whole-number fields (months,
/// capacities of review queues, terms) are rounded to the nearest whole number.
/// </summary>
public sealed record SweepParameter(string Path, double Low, double High, int Steps)
{
    private static readonly HashSet<string> IdLists = new(ScenarioMerge.IdKeyedLists, StringComparer.Ordinal);
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

    /// <summary>
    /// Checks, before anything runs, that every parameter addresses a field of the scenario: an item of an id-keyed
    /// list that the scenario has, and keys the scenario format knows. Returns one line per problem,
    /// <c>--param PATH: message</c>, with the loader's "did you mean" where a name is close. Values are not judged
    /// here: a point whose value the scenario refuses fails on its own, is recorded, and the sweep goes on.
    /// </summary>
    public static IReadOnlyList<string> Check(string scenarioPath, Scenario scenario, IReadOnlyList<SweepParameter> parameters)
    {
        var errors = new List<string>();
        var items = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["regions"] = scenario.Regions.Select(r => r.Id).ToList(),
            ["partners"] = scenario.Partners.Select(p => p.Id).ToList(),
            ["agreements"] = scenario.Agreements.Select(a => a.Id).ToList(),
            ["shocks"] = scenario.Shocks.Select(k => k.Id).ToList(),
            ["triggers"] = scenario.Triggers.Select(t => t.Id).ToList(),
        };
        var addressed = new List<SweepParameter>();
        foreach (var p in parameters)
        {
            var seg = p.Segments;
            if (items.TryGetValue(seg[0], out var ids) && !ids.Contains(seg[1], StringComparer.Ordinal))
            {
                var hint = Suggest.Closest(seg[1], ids);
                errors.Add($"--param {p.Path}: the scenario has no {seg[0]} item '{seg[1]}'" +
                    (hint is not null ? $" (did you mean '{hint}'?)" : ids.Count == 0 ? $" (it has no {seg[0]})" : $"; it has {string.Join(", ", ids.Take(12))}{(ids.Count > 12 ? ", …" : "")}"));
                continue;
            }
            addressed.Add(p);
        }
        if (addressed.Count == 0) return errors;
        // Keys: the scenario with every parameter at the low end of its range, read by the loader, which names
        // unknown keys (and their closest known key) at the path they were written under.
        var loaded = ScenarioLoader.LoadText(Overlay(scenarioPath, addressed, addressed.Select(p => p.Low).ToArray()), scenarioPath + "#sweep-check");
        foreach (var p in addressed)
        {
            foreach (var e in loaded.Errors)
            {
                // A key the format does not know, on the path or above it, or a path that runs through a value.
                var structural = e.Message.StartsWith("unknown key", StringComparison.Ordinal) || e.Message.StartsWith("expected", StringComparison.Ordinal);
                var onThePath = e.Path == p.Path || e.Path.Length > 0 && p.Path.StartsWith(e.Path + ".", StringComparison.Ordinal);
                if (structural && onThePath && (e.Path != p.Path || e.Message.StartsWith("unknown key", StringComparison.Ordinal)))
                    errors.Add($"--param {p.Path}: {e.Message}");
            }
        }
        return errors;
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
