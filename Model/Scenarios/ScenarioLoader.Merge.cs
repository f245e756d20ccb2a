namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// Merging of YAML trees for <c>extends</c> and <c>variants</c> (docs/scenario-format.md, "Merge rules"):
/// mappings deep-merge with the later value winning; id-keyed lists merge item by item by <c>id</c>;
/// <c>neighbours</c> merge by the unordered pair {a, b}; an item with <c>remove: true</c> deletes its match;
/// every other list, and every scalar, is replaced whole. Nodes keep the file and position they came from.
/// </summary>
internal static class ScenarioMerge
{
    /// <summary>Top-level lists whose items are identified by their <c>id</c> key.</summary>
    public static readonly IReadOnlyList<string> IdKeyedLists = ["regions", "partners", "agreements", "shocks", "triggers"];

    /// <summary>Top-level lists whose items are identified by the unordered pair of their <c>a</c> and <c>b</c> keys.</summary>
    public static readonly IReadOnlyList<string> PairKeyedLists = ["neighbours"];

    public static YMapping MergeRoot(YMapping baseMap, YMapping over, List<ScenarioError> errors)
    {
        var entries = new List<KeyValuePair<YScalar, YNode>>(baseMap.Entries);
        foreach (var (key, value) in over.Entries)
        {
            var i = entries.FindIndex(e => e.Key.Value == key.Value);
            var existing = i >= 0 ? entries[i].Value : null;
            YNode merged;
            if (value is YSequence seq && IdKeyedLists.Contains(key.Value))
                merged = MergeList(existing as YSequence, seq, key.Value, IdOf, k => $"with id '{k}'", errors);
            else if (value is YSequence pairs && PairKeyedLists.Contains(key.Value))
                merged = MergeList(existing as YSequence, pairs, key.Value, PairOf, k => $"for the pair {k.Replace("\u0000", " / ", StringComparison.Ordinal)}", errors);
            else
                merged = existing is null ? value : Merge(existing, value);
            if (i >= 0) entries[i] = new(key, merged);
            else entries.Add(new(key, merged));
        }
        return new YMapping(over.Span, entries);
    }

    /// <summary>Deep merge: mapping onto mapping merges key by key; anything else replaces. Table rows merge as the mappings they stand for.</summary>
    public static YNode Merge(YNode baseNode, YNode over)
    {
        if (baseNode is YRow baseRow) baseNode = baseRow.ToMapping();
        if (over is YRow overRow) over = overRow.ToMapping();
        if (baseNode is not YMapping b || over is not YMapping o) return over;
        var entries = new List<KeyValuePair<YScalar, YNode>>(b.Entries);
        // Mappings keyed by id (services, commodities) can be large: find keys through an index, not a scan.
        var index = entries.Count > 16 ? b.Index() : null;
        foreach (var (key, value) in o.Entries)
        {
            var i = index is null ? entries.FindIndex(e => e.Key.Value == key.Value) : index.GetValueOrDefault(key.Value, -1);
            if (i >= 0) entries[i] = new(key, Merge(entries[i].Value, value));
            else
            {
                index?.Add(key.Value, entries.Count);
                entries.Add(new(key, value));
            }
        }
        return new YMapping(o.Span, entries);
    }

    private static string? IdOf(YNode n) => n switch
    {
        YMapping m => m.Get("id") is YScalar { IsNull: false } s ? s.Value : null,
        YRow r => r.Cell("id"),
        _ => null,
    };

    private static string? PairOf(YNode n)
    {
        string? a, b;
        switch (n)
        {
            case YMapping m:
                a = m.Get("a") is YScalar { IsNull: false } sa ? sa.Value : null;
                b = m.Get("b") is YScalar { IsNull: false } sb ? sb.Value : null;
                break;
            case YRow r:
                a = r.Cell("a");
                b = r.Cell("b");
                break;
            default:
                return null;
        }
        if (a is null || b is null) return null;
        return string.CompareOrdinal(a, b) <= 0 ? $"{a}\u0000{b}" : $"{b}\u0000{a}";
    }

    private static YSequence MergeList(YSequence? baseSeq, YSequence over, string listKey, Func<YNode, string?> keyOf,
        Func<string, string> describe, List<ScenarioError> errors)
    {
        var items = new List<YNode?>(baseSeq?.Items ?? []);
        var index = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
            if (keyOf(items[i]!) is { } k)
                index.TryAdd(k, i);
        var touched = new HashSet<int>();
        var removed = false;

        foreach (var item in over.Items)
        {
            if (item is YRow row)
            {
                // A table row adds an item, or merges into the inherited item with its key (tables cannot remove items).
                if (keyOf(row) is { } rowKey && index.TryGetValue(rowKey, out var rowAt) && touched.Add(rowAt)) items[rowAt] = Merge(items[rowAt]!, row);
                else items.Add(row);
                continue;
            }
            if (item is not YMapping map)
            {
                items.Add(item);
                continue;
            }
            var remove = false;
            if (map.Get("remove") is { } removeNode)
            {
                if (removeNode is YScalar { Plain: true, Value: "true" }) remove = true;
                else if (removeNode is not YScalar { Plain: true, Value: "false" })
                    errors.Add(new(removeNode.Span, $"{listKey}.remove", $"expected true or false, found {removeNode.Describe()}"));
                map = map.Without("remove");
            }
            var key = keyOf(map);
            if (key is null)
            {
                if (remove) errors.Add(new(map.Span, listKey, "an item with 'remove: true' must name the item it removes"));
                else items.Add(map);
                continue;
            }
            if (index.TryGetValue(key, out var at) && touched.Add(at))
            {
                if (remove)
                {
                    items[at] = null;
                    index.Remove(key);
                    removed = true;
                }
                else items[at] = Merge(items[at]!, map);
            }
            else if (remove)
            {
                errors.Add(new(map.Span, listKey, $"'remove: true': there is no item {describe(key)} to remove"));
            }
            else if (map.MissingTargetMessage is { } message && !index.ContainsKey(key))
            {
                errors.Add(new(map.Span, listKey, message));
            }
            else items.Add(map);
        }
        return new YSequence(over.Span, removed ? items.Where(i => i is not null).Select(i => i!).ToList() : items!);
    }
}
