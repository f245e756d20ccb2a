using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// <see cref="Scenario.Locations"/>: where each field came from, keyed by field path. Fields read from YAML are
/// recorded one by one; items read from table rows are recorded once per row and their fields located on demand
/// (the cell of the field's column when it is not empty), so an 83,000-row table does not cost a dictionary entry
/// per cell.
/// </summary>
internal sealed class ScenarioLocations(Dictionary<string, SourceSpan> fields, Dictionary<string, YRow> rows) : IReadOnlyDictionary<string, SourceSpan>
{
    private int? _count;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out SourceSpan value)
    {
        if (fields.TryGetValue(key, out value)) return true;
        value = null;
        if (rows.Count == 0 || Split(key) is not var (item, field) || !rows.TryGetValue(item, out var row)) return false;
        if (!row.TryLocate(field, out var span)) return false;
        value = span;
        return true;
    }

    /// <summary>Splits a field path into its item (<c>regions.kota-jambi</c>, <c>neighbours[3]</c>) and the field below it.</summary>
    private static (string Item, string Field)? Split(string path)
    {
        var start = path.IndexOfAny(['.', '[']);
        if (start <= 0) return null;
        int end;
        if (path[start] == '[')
        {
            end = path.IndexOf(']', start);
            if (end < 0) return null;
            end++;
        }
        else
        {
            end = path.IndexOfAny(['.', '['], start + 1);
            if (end < 0) end = path.Length;
        }
        var field = end < path.Length && path[end] == '.' ? path[(end + 1)..] : path[end..];
        return (path[..end], field);
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public SourceSpan this[string key] => TryGetValue(key, out var span) ? span : throw new KeyNotFoundException($"no location for '{key}'");

    public int Count => _count ??= fields.Count + rows.Sum(r => r.Value.CellCount());

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<SourceSpan> Values => this.Select(e => e.Value);

    public IEnumerator<KeyValuePair<string, SourceSpan>> GetEnumerator()
    {
        foreach (var entry in fields) yield return entry;
        foreach (var (item, row) in rows)
            foreach (var (field, span) in row.Cells())
            {
                var path = $"{item}.{field}";
                if (!fields.ContainsKey(path)) yield return new(path, span);
            }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
