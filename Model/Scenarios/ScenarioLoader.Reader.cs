using System.Globalization;
using System.Text.RegularExpressions;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// Typed reading of YAML values into C# values: every reader records the value's position under its field
/// path and, when the value does not fit, records an error and returns the fallback (the field's current value),
/// so that one pass reports every problem.
/// </summary>
internal sealed partial class ValueReader
{
    public List<ScenarioError> Errors { get; } = [];
    public Dictionary<string, SourceSpan> Locations { get; } = new(StringComparer.Ordinal);

    /// <summary>Items read from table rows, by item path: their fields are located on demand (<see cref="ScenarioLocations"/>).</summary>
    public Dictionary<string, YRow> Rows { get; } = new(StringComparer.Ordinal);

    /// <summary>While true (reading a table row), fields are not recorded one by one: the row records them all.</summary>
    public bool Quiet { get; set; }

    public void Error(YNode node, FieldPath path, string message) => Errors.Add(new(node.Span, path.ToString(), message));

    public void Locate(FieldPath path, YNode node)
    {
        if (!Quiet) Locations.TryAdd(path.ToString(), node.Span);
    }

    /// <summary>Reads a table row as an item at <paramref name="path"/>.</summary>
    public T Row<T>(YRow row, string path, Func<YMapping, T> read)
    {
        Rows.TryAdd(path, row);
        var quiet = Quiet;
        Quiet = true;
        try { return read(row.ToMapping()); }
        finally { Quiet = quiet; }
    }

    public IReadOnlyDictionary<string, SourceSpan> AllLocations() => Rows.Count == 0 ? Locations : new ScenarioLocations(Locations, Rows);

    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    // ---- numbers -------------------------------------------------------------------------------------

    private bool TryNumber(YNode node, FieldPath path, out double value)
    {
        value = 0;
        if (node is not YScalar s || s.IsNull)
        {
            Error(node, path, $"expected a number, found {node.Describe()}");
            return false;
        }
        if (!s.Plain)
        {
            Error(node, path, $"expected a number, found the text {s.Describe()} (numbers are written without quotes)");
            return false;
        }
        var t = s.Value;
        switch (t)
        {
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
        }
        if (NumberPattern().IsMatch(t) &&
            double.TryParse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return true;
        Error(node, path, $"expected a number, found {s.Describe()}");
        return false;
    }

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();

    /// <summary>A number. Ranges are checked by <see cref="ScenarioValidator"/>, except that NaN and ±∞ are refused here.</summary>
    public double Number(YNode node, FieldPath path, double fallback)
    {
        Locate(path, node);
        if (!TryNumber(node, path, out var v)) return fallback;
        if (!double.IsFinite(v))
        {
            Error(node, path, $"must be a finite number, found {((YScalar)node).Value}");
            return fallback;
        }
        return v;
    }

    public double? NumberOrNull(YNode node, FieldPath path, double? fallback)
    {
        if (node is YScalar { IsNull: true })
        {
            Locate(path, node);
            return null;
        }
        return Number(node, path, fallback ?? 0);
    }

    public long Integer(YNode node, FieldPath path, long fallback, long min = long.MinValue)
    {
        Locate(path, node);
        if (!TryNumber(node, path, out var v)) return fallback;
        if (!double.IsFinite(v) || Math.Floor(v) != v || Math.Abs(v) > 9.0e15)
        {
            Error(node, path, $"expected a whole number, found {((YScalar)node).Value}");
            return fallback;
        }
        if (v < min)
        {
            Error(node, path, $"must be {min.ToString(CultureInfo.InvariantCulture)} or more, found {((YScalar)node).Value}");
            return fallback;
        }
        return (long)v;
    }

    public int Int(YNode node, FieldPath path, int fallback)
    {
        var v = Integer(node, path, fallback);
        if (v is < int.MinValue or > int.MaxValue)
        {
            Error(node, path, $"{v.ToString(CultureInfo.InvariantCulture)} is too large");
            return fallback;
        }
        return (int)v;
    }

    public int? IntOrNull(YNode node, FieldPath path, int? fallback)
    {
        if (node is YScalar { IsNull: true })
        {
            Locate(path, node);
            return null;
        }
        return Int(node, path, fallback ?? 0);
    }

    public ulong ULong(YNode node, FieldPath path, ulong fallback)
    {
        Locate(path, node);
        if (node is YScalar { Plain: true } s && ulong.TryParse(s.Value.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var u))
            return u;
        if (node is YScalar { Plain: true, IsNull: false } n && NumberPattern().IsMatch(n.Value))
        {
            Error(node, path, $"must be a non-negative whole number below 2^64, found {n.Value}");
            return fallback;
        }
        TryNumber(node, path, out _);
        return fallback;
    }

    // ---- other scalars -------------------------------------------------------------------------------

    public bool Bool(YNode node, FieldPath path, bool fallback)
    {
        Locate(path, node);
        if (node is YScalar { Plain: true, Value: "true" or "True" or "TRUE" }) return true;
        if (node is YScalar { Plain: true, Value: "false" or "False" or "FALSE" }) return false;
        Error(node, path, $"expected true or false, found {node.Describe()}");
        return fallback;
    }

    public bool? BoolOrNull(YNode node, FieldPath path, bool? fallback)
    {
        if (node is YScalar { IsNull: true })
        {
            Locate(path, node);
            return null;
        }
        return Bool(node, path, fallback ?? false);
    }

    public string Text(YNode node, FieldPath path, string fallback)
    {
        Locate(path, node);
        if (node is YScalar s) return s.IsNull ? "" : s.Value;
        Error(node, path, $"expected text, found {node.Describe()}");
        return fallback;
    }

    public string? TextOrNull(YNode node, FieldPath path, string? fallback)
    {
        Locate(path, node);
        if (node is YScalar s) return s.IsNull ? null : s.Value;
        Error(node, path, $"expected text, found {node.Describe()}");
        return fallback;
    }

    public YearMonth Month(YNode node, FieldPath path, YearMonth fallback)
    {
        Locate(path, node);
        if (node is YScalar { IsNull: false } s)
        {
            if (YearMonth.TryParse(s.Value, out var m)) return m;
            var match = MonthShape().Match(s.Value);
            if (match.Success)
            {
                var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                Error(node, path, month is < 1 or > 12
                    ? $"month {month.ToString("D2", CultureInfo.InvariantCulture)} is out of range in '{s.Value}' (01 to 12)"
                    : $"year {year.ToString(CultureInfo.InvariantCulture)} is out of range in '{s.Value}' (1900 to 2200)");
                return fallback;
            }
        }
        Error(node, path, $"expected a month as YYYY-MM (e.g. 2023-01), found {node.Describe()}");
        return fallback;
    }

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})$")]
    private static partial Regex MonthShape();

    public YearMonth? MonthOrNull(YNode node, FieldPath path, YearMonth? fallback)
    {
        if (node is YScalar { IsNull: true })
        {
            Locate(path, node);
            return null;
        }
        return Month(node, path, fallback ?? default);
    }

    public TEnum Enum<TEnum>(YNode node, FieldPath path, TEnum fallback) where TEnum : struct, Enum
    {
        Locate(path, node);
        var names = EnumNames<TEnum>.ByName;
        if (node is YScalar { IsNull: false } s && names.TryGetValue(s.Value, out var value)) return value;
        var list = string.Join(", ", names.Keys);
        var hint = node is YScalar sc ? Suggest.Closest(sc.Value, names.Keys) : null;
        Error(node, path, $"unknown value {node.Describe()}{(hint is null ? "" : $" (did you mean '{hint}'?)")}; expected one of: {list}");
        return fallback;
    }

    public IReadOnlyList<string> TextList(YNode node, FieldPath path, IReadOnlyList<string> fallback)
    {
        Locate(path, node);
        if (node is YScalar { IsNull: true }) return [];
        if (node is not YSequence seq)
        {
            Error(node, path, $"expected a list (e.g. [a, b]), found {node.Describe()}");
            return fallback;
        }
        var result = new List<string>(seq.Items.Count);
        var list = path.ToString();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var itemPath = new FieldPath(list, i);
            var item = seq.Items[i];
            Locate(itemPath, item);
            if (item is YScalar { IsNull: false } s) result.Add(s.Value);
            else Error(item, itemPath, $"expected an id, found {item.Describe()}");
        }
        return result;
    }

    public IReadOnlyList<double> NumberList(YNode node, FieldPath path, IReadOnlyList<double> fallback)
    {
        Locate(path, node);
        if (node is YScalar { IsNull: true }) return [];
        if (node is not YSequence seq)
        {
            Error(node, path, $"expected a list of numbers (e.g. [1.0, 0.9]), found {node.Describe()}");
            return fallback;
        }
        var result = new List<double>(seq.Items.Count);
        var list = path.ToString();
        for (var i = 0; i < seq.Items.Count; i++) result.Add(Number(seq.Items[i], new FieldPath(list, i), double.NaN));
        return result;
    }

    public IReadOnlyList<string>? TextListOrNull(YNode node, FieldPath path, IReadOnlyList<string>? fallback) =>
        node is YScalar { IsNull: true } ? Located(path, node) : TextList(node, path, fallback ?? []);

    private IReadOnlyList<string>? Located(FieldPath path, YNode node)
    {
        Locate(path, node);
        return null;
    }

    /// <summary>
    /// The mapping of a section or item; null (with an error "expected WHAT (a mapping of keys)" when
    /// <paramref name="section"/> is given, "expected WHAT" otherwise) when the value is something else; empty for a null value.
    /// </summary>
    public YMapping? Mapping(YNode node, FieldPath path, string what = "a mapping of keys", bool section = false)
    {
        Locate(path, node);
        if (node is YMapping m) return m;
        if (node is YScalar { IsNull: true } n) return new YMapping(n.Span, []);
        Error(node, path, $"expected {what}{(section ? " (a mapping of keys)" : "")}, found {node.Describe()}");
        return null;
    }

    public YSequence? Sequence(YNode node, FieldPath path)
    {
        Locate(path, node);
        if (node is YSequence s) return s;
        if (node is YScalar { IsNull: true } n) return new YSequence(n.Span, []);
        Error(node, path, $"expected a list (items start with '-'), found {node.Describe()}");
        return null;
    }

    private static class EnumNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<string, TEnum> ByName =
            System.Enum.GetValues<TEnum>().ToDictionary(v => SnakeCase(v.ToString()), v => v, StringComparer.Ordinal);
    }

    public static string SnakeCase(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>
/// A field path built only when it is needed (for an error or a recorded location): the parent's path and the key,
/// or the list's path and the index. Reading a table row touches every field; most never need their path as text.
/// </summary>
internal readonly struct FieldPath
{
    private readonly string _parent;
    private readonly string? _key;
    private readonly int _index;

    public FieldPath(string parent, string key)
    {
        _parent = parent;
        _key = key;
        _index = -1;
    }

    public FieldPath(string list, int index)
    {
        _parent = list;
        _key = null;
        _index = index;
    }

    private FieldPath(string full)
    {
        _parent = full;
        _key = null;
        _index = -1;
    }

    public static implicit operator FieldPath(string full) => new(full);

    public override string ToString() =>
        _key is not null ? (_parent.Length == 0 ? _key : string.Concat(_parent, ".", _key))
        : _index >= 0 ? ScenarioPaths.Index(_parent, _index)
        : _parent;
}

/// <summary>snake_case names of enum values (as in scenario files), computed once per value.</summary>
internal static class SnakeNames
{
    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Names = System.Enum.GetValues<TEnum>().ToDictionary(v => v, v => ValueReader.SnakeCase(v.ToString()));
    }

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Cache<TEnum>.Names.TryGetValue(value, out var name) ? name : ValueReader.SnakeCase(value.ToString());
}

/// <summary>"Did you mean" suggestions: the closest candidate within a small edit distance.</summary>
public static class Suggest
{
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Distance(word.ToLowerInvariant(), c);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        var limit = Math.Max(1, Math.Min(3, word.Length / 3));
        return bestDistance <= limit && bestDistance < word.Length ? best : null;
    }

    /// <summary>
    /// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring): insertions,
    /// deletions, substitutions and transpositions of two neighbouring characters each cost 1, so "reigons" is one
    /// edit from "regions", as a typing slip is.
    /// </summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue;
        var before = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = Math.Min(cur[j], before[j - 2] + 1);
            }
            (before, prev, cur) = (prev, cur, before);
        }
        return prev[b.Length];
    }
}
