using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Graph.Import;

/// <summary>
/// How an external network's attributes become a scenario, from <c>--map KEY=VALUE</c> entries (several per
/// option, comma-separated, or the option repeated):
/// <list type="bullet">
/// <item><c>node.FIELD=ATTR</c>: node attribute for a region or partner field — <c>name</c>, <c>kind</c>
/// (kota, kabupaten, provinsi, partner or a partner kind), <c>role</c> (region/partner), <c>province</c>,
/// <c>population</c>, <c>area_km2</c>, <c>lat</c>, <c>lon</c>, <c>budget</c>, <c>capacity</c>, <c>demand</c>
/// (shared-service demand). Unmapped fields use the attribute of the same name when there is one.</item>
/// <item><c>edge.FIELD=ATTR</c>: <c>kind</c> (default kind/Kind), <c>border_km</c>, <c>amount</c>, <c>host</c>, <c>id</c>.</item>
/// <item><c>kind.VALUE=RELATION</c>: an edge kind value to border, shared_service, food_supply, knowledge,
/// funding or ignore. A value that already names a relation maps to it; <c>a;b</c> values (merged edges of our
/// exports) are split.</item>
/// <item><c>default=RELATION</c>: relation of edges without a kind (default border).</item>
/// <item><c>service=ID</c>, <c>start=YYYY-MM</c>, <c>months=N</c>, <c>name=TEXT</c>.</item>
/// </list>
/// </summary>
public sealed class ImportMapping
{
    public static readonly string[] Relations = ["border", "shared_service", "food_supply", "knowledge", "funding", "ignore"];
    private static readonly string[] NodeFields = ["name", "kind", "role", "province", "population", "area_km2", "lat", "lon", "budget", "capacity", "demand"];
    private static readonly string[] EdgeFields = ["kind", "border_km", "amount", "host", "id"];

    public Dictionary<string, string> Node { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Edge { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Kinds { get; } = new(StringComparer.Ordinal);
    public string DefaultRelation { get; private set; } = "border";
    public string Service { get; private set; } = "imported";
    public YearMonth Start { get; private set; } = YearMonth.Of(2023, 1);
    public int Months { get; private set; } = 36;
    public string? Name { get; private set; }

    /// <summary>Parses <c>--map</c> values; problems are reported as <c>--map 'ENTRY': ...</c>.</summary>
    public static ImportMapping Parse(IEnumerable<string> entries)
    {
        var m = new ImportMapping();
        foreach (var entry in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var eq = entry.IndexOf('=');
            if (eq <= 0 || eq == entry.Length - 1) throw new GraphInputException($"--map '{entry}': expected KEY=VALUE (e.g. node.population=pop, kind.kerjasama=shared_service)");
            var key = entry[..eq].Trim();
            var value = entry[(eq + 1)..].Trim();
            if (key.StartsWith("node.", StringComparison.Ordinal))
            {
                var f = key[5..];
                if (!NodeFields.Contains(f)) throw new GraphInputException($"--map '{entry}': unknown node field '{f}' ({string.Join(", ", NodeFields)})");
                m.Node[f] = value;
            }
            else if (key.StartsWith("edge.", StringComparison.Ordinal))
            {
                var f = key[5..];
                if (!EdgeFields.Contains(f)) throw new GraphInputException($"--map '{entry}': unknown edge field '{f}' ({string.Join(", ", EdgeFields)})");
                m.Edge[f] = value;
            }
            else if (key.StartsWith("kind.", StringComparison.Ordinal))
            {
                m.Kinds[key[5..]] = Relation(entry, value);
            }
            else
            {
                switch (key)
                {
                    case "default": m.DefaultRelation = Relation(entry, value); break;
                    case "service": m.Service = value; break;
                    case "name": m.Name = value; break;
                    case "start":
                        m.Start = YearMonth.TryParse(value, out var s) ? s : throw new GraphInputException($"--map '{entry}': '{value}' is not a month YYYY-MM");
                        break;
                    case "months":
                        m.Months = int.TryParse(value, out var n) && n is >= 1 and <= 1200 ? n : throw new GraphInputException($"--map '{entry}': months must be a whole number from 1 to 1200");
                        break;
                    default:
                        throw new GraphInputException($"--map '{entry}': unknown key '{key}' (node.FIELD, edge.FIELD, kind.VALUE, default, service, start, months, name)");
                }
            }
        }
        return m;
    }

    private static string Relation(string entry, string value) =>
        Relations.Contains(value) ? value : throw new GraphInputException($"--map '{entry}': '{value}' is not a relation ({string.Join(", ", Relations)})");

    /// <summary>The relations an edge kind value stands for.</summary>
    public IReadOnlyList<string>? RelationsOf(string? kind)
    {
        if (string.IsNullOrEmpty(kind)) return [DefaultRelation];
        if (Kinds.TryGetValue(kind, out var mapped)) return [mapped];
        var parts = kind.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new List<string>();
        foreach (var p in parts)
        {
            if (Kinds.TryGetValue(p, out var r)) result.Add(r);
            else if (Relations.Contains(p)) result.Add(p);
            else return null;
        }
        return result;
    }
}
