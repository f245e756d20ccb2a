using System.Globalization;

namespace KerjasamaGraph.Model.Scenarios;

// Tables in scenario files (docs/scenario-format.md, "Tables"): a list section given as `{ table: FILE }` holds one
// row per item, with one column per field (nested fields by their dotted path, `services.waste.demand`); regions
// can add long tables of services and food markets (one row per region and service or commodity). Rows join the
// YAML tree as YRow nodes that stay small until something needs them as mappings, so extends, variants, the merge
// rules, the typed readers and the validator work on rows exactly as on YAML items, and errors point at the table's
// file, line and column.

/// <summary>A table cell as a YAML scalar: plain (typed by its text), null only when empty, positioned on demand.</summary>
internal sealed class YCell(TableFile table, int row, int column, string value) : YScalar(null, value, plain: true, nullWords: false)
{
    public override SourceSpan Span => table.Span(row, column);
}

/// <summary>A list cell (items separated by ';') as a YAML sequence.</summary>
internal sealed class YCellList(TableFile table, int row, int column, List<YNode> items) : YSequence(null, items)
{
    public override SourceSpan Span => table.Span(row, column);
}

/// <summary>A group of a row's columns (e.g. <c>services.waste.*</c>) as a mapping, positioned at its first cell.</summary>
internal sealed class YGroupMapping(YNode first, List<KeyValuePair<YScalar, YNode>> entries) : YMapping(null, entries)
{
    public override SourceSpan Span => first.Span;
}

/// <summary>A table row turned into a mapping: missing required keys are reported at their column when the table has one.</summary>
internal sealed class YRowMapping(TableRows rows, int row, List<KeyValuePair<YScalar, YNode>> entries) : YMapping(null, entries)
{
    public override SourceSpan Span => rows.RowSpan(row);

    public override SourceSpan MissingKeySpan(string key) => rows.ColumnIndex(key) is { } c ? rows.Table.Span(row, c) : Span;
}

/// <summary>One item of a list kept in a table: a row, with the rows of long tables that add to it.</summary>
internal sealed class YRow(TableRows rows, int row) : YNode(null)
{
    public TableRows Rows => rows;

    public int Row => row;

    /// <summary>Rows of the region's long tables (services, food) that belong to this row.</summary>
    public List<(TableRows Rows, int Row)>? Attached { get; set; }

    public override SourceSpan Span => rows.RowSpan(row);

    public override string Describe() => "a mapping";

    public string? Cell(string column) => rows.ColumnIndex(column) is { } c ? rows.Table.Cell(row, c) : null;

    /// <summary>The row as a mapping (with its long-table rows under their section); built anew on every call.</summary>
    public YMapping ToMapping()
    {
        var map = rows.Build(row);
        if (Attached is null) return map;
        foreach (var group in Attached.GroupBy(a => a.Rows))
        {
            var nested = new List<KeyValuePair<YScalar, YNode>>();
            foreach (var (longRows, longRow) in group)
                nested.Add(new(longRows.KeyCell(longRow), longRows.Build(longRow)));
            map.Entries.Add(new(group.Key.SectionKey!, new YMapping(group.Key.SectionKey!.Span, nested)));
        }
        return map;
    }

    /// <summary>Where a field of this row is: its cell when the cell is not empty (a field path below the item, e.g. <c>services.waste.demand</c>).</summary>
    public bool TryLocate(string field, out SourceSpan span)
    {
        span = SourceSpan.None;
        if (field.Length == 0)
        {
            span = Span;
            return true;
        }
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0) field = field[..bracket];
        if (rows.ColumnIndex(field) is { } c)
        {
            if (!rows.Table.Has(row, c)) return false;
            span = rows.Table.Span(row, c);
            return true;
        }
        if (Attached is null) return false;
        var parts = field.Split('.', 3);
        if (parts.Length < 2) return false;
        foreach (var (longRows, longRow) in Attached)
        {
            if (longRows.SectionKey!.Value != parts[0] || longRows.KeyCell(longRow).Value != parts[1]) continue;
            if (parts.Length == 2)
            {
                span = longRows.RowSpan(longRow);
                return true;
            }
            return new YRow(longRows, longRow).TryLocate(parts[2], out span);
        }
        return false;
    }

    /// <summary>How many cells <see cref="Cells"/> lists, without building their paths.</summary>
    public int CellCount()
    {
        var n = 0;
        for (var c = 0; c < rows.Table.Columns.Length; c++)
            if (rows.Table.Has(row, c) && c != rows.NestedKeyColumn && c != rows.KeyColumn2) n++;
        if (Attached is not null)
            foreach (var (longRows, longRow) in Attached) n += new YRow(longRows, longRow).CellCount();
        return n;
    }

    /// <summary>The non-empty cells of the row as (field path below the item, position).</summary>
    public IEnumerable<(string Field, SourceSpan Span)> Cells()
    {
        for (var c = 0; c < rows.Table.Columns.Length; c++)
            if (rows.Table.Has(row, c) && c != rows.NestedKeyColumn && c != rows.KeyColumn2)
                yield return (rows.Table.Columns[c], rows.Table.Span(row, c));
        if (Attached is null) yield break;
        foreach (var (longRows, longRow) in Attached)
        {
            var prefix = $"{longRows.SectionKey!.Value}.{longRows.KeyCell(longRow).Value}";
            foreach (var (field, span) in new YRow(longRows, longRow).Cells()) yield return ($"{prefix}.{field}", span);
        }
    }
}

/// <summary>
/// A table read for one list (or for one of a region's nested maps): which column holds which field, checked
/// against the section the rows are read with, and the rows built as mappings from those columns.
/// </summary>
internal sealed class TableRows
{
    private sealed class Node(string key, YScalar keyNode, int column, bool isList, List<Node>? children)
    {
        public string Key { get; } = key;
        public YScalar KeyNode { get; } = keyNode;
        public int Column { get; } = column;
        public bool IsList { get; } = isList;
        public List<Node>? Children { get; } = children;
    }

    private readonly Dictionary<string, int> _columns;
    private readonly List<Node> _plan = [];

    private TableRows(TableFile table, Dictionary<string, int> columns)
    {
        Table = table;
        _columns = columns;
    }

    public TableFile Table { get; }

    /// <summary>The column that names a row in messages: <c>id</c>, <c>a</c>, or <c>region</c> in a long table.</summary>
    public int KeyColumn { get; private set; }

    /// <summary>In a long table, the column of the service or commodity id; -1 otherwise.</summary>
    public int NestedKeyColumn { get; private set; } = -1;

    /// <summary>In a long table, the column of the region id (not a field of the nested entry); -1 otherwise.</summary>
    public int KeyColumn2 { get; private set; } = -1;

    /// <summary>In a long table, the region's key it fills (<c>services</c> or <c>food</c>) as a key node; null otherwise.</summary>
    public YScalar? SectionKey { get; private set; }

    public int? ColumnIndex(string name) => _columns.TryGetValue(name, out var c) ? c : null;

    public string? Cell(int row, string column) => _columns.TryGetValue(column, out var c) ? Table.Cell(row, c) : null;

    public SourceSpan RowSpan(int row) => Table.Span(row, KeyColumn);

    /// <summary>A long table's service or commodity id of a row, as the key of the region's nested map.</summary>
    public YScalar KeyCell(int row) => new YCell(Table, row, NestedKeyColumn, Table.Cell(row, NestedKeyColumn) ?? "");

    /// <summary>
    /// Maps the columns of <paramref name="table"/> to the fields of <paramref name="section"/>; null (with errors at
    /// the header) when a column is not a field or a key column is missing. <paramref name="keyColumns"/> must be
    /// present; <paramref name="outside"/> are columns that are not fields of the section (a long table's region and
    /// service or commodity).
    /// </summary>
    public static TableRows? Create(TableFile table, string list, ISection section, string[] keyColumns, string[] outside, List<ScenarioError> errors)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < table.Columns.Length; c++) columns[table.Columns[c]] = c;
        var rows = new TableRows(table, columns);
        var ok = true;
        foreach (var key in keyColumns)
            if (!columns.ContainsKey(key))
            {
                errors.Add(new(new SourceSpan(table.File, 1, 1), list, $"the table needs a '{key}' column (its columns: {string.Join(", ", table.Columns)})"));
                ok = false;
            }
        if (!ok) return null;
        rows.KeyColumn = columns[keyColumns[0]];
        if (outside.Length == 2)
        {
            rows.KeyColumn2 = columns[outside[0]];
            rows.NestedKeyColumn = columns[outside[1]];
        }
        for (var c = 0; c < table.Columns.Length; c++)
        {
            var name = table.Columns[c];
            if (outside.Contains(name, StringComparer.Ordinal)) continue;
            if (rows.Place(name, c, section, list) is { } problem)
            {
                errors.Add(new(table.HeaderSpan(c), list, problem));
                ok = false;
            }
        }
        return ok ? rows : null;
    }

    /// <summary>Adds a column to the plan; returns what is wrong with its name, or null.</summary>
    private string? Place(string name, int column, ISection section, string list)
    {
        var parts = name.Split('.');
        var level = _plan;
        for (var k = 0; k < parts.Length; k++)
        {
            var part = parts[k];
            if (!section.TryField(part, out var shape, out var sub))
            {
                var hint = section.Suggestion(part);
                var meant = hint is null ? null : string.Join('.', parts.Take(k).Append(hint).Concat(parts.Skip(k + 1)));
                return meant is not null
                    ? $"unknown column '{name}' (did you mean '{meant}'?)"
                    : $"unknown column '{name}'; the columns of {section.What} are {Describe(section)}";
            }
            var last = k == parts.Length - 1;
            switch (shape)
            {
                case FieldShape.Scalar or FieldShape.List:
                    if (!last) return $"the column '{name}': '{string.Join('.', parts.Take(k + 1))}' is one value, not a group of fields";
                    level.Add(new Node(part, KeyNode(part, column), column, shape == FieldShape.List, null));
                    return null;
                case FieldShape.Section:
                    if (last) return $"the column '{name}' names a group of fields; give one column per field ({Example(name, sub!)})";
                    level = Group(level, part, column);
                    section = sub!;
                    break;
                default:
                    if (k + 2 > parts.Length - 1)
                        return $"the column '{name}' needs the form {part}.ID.FIELD, one column per field (for example {part}.waste.{sub!.Keys[0]})";
                    level = Group(Group(level, part, column), parts[++k], column);
                    section = sub!;
                    break;
            }
        }
        return null;
    }

    private static string Describe(ISection section) =>
        string.Join(", ", section.Keys.Select(k => section.TryField(k, out var shape, out var sub) && sub is not null
            ? shape == FieldShape.KeyedSections ? $"{k}.ID.{{{string.Join(",", sub.Keys)}}}" : $"{k}.{{{string.Join(",", sub.Keys)}}}"
            : k));

    private static string Example(string name, ISection sub) => string.Join(", ", sub.Keys.Take(2).Select(k => $"{name}.{k}"));

    private List<Node> Group(List<Node> level, string key, int column)
    {
        foreach (var n in level)
            if (n.Key == key && n.Children is not null) return n.Children;
        var node = new Node(key, KeyNode(key, column), -1, false, []);
        level.Add(node);
        return node.Children!;
    }

    private YScalar KeyNode(string key, int column) => new(Table.HeaderSpan(column), key, plain: true);

    /// <summary>A row as a mapping of its non-empty cells (a group whose cells are all empty is left out).</summary>
    public YMapping Build(int row) => new YRowMapping(this, row, Entries(_plan, row));

    private List<KeyValuePair<YScalar, YNode>> Entries(List<Node> nodes, int row)
    {
        var entries = new List<KeyValuePair<YScalar, YNode>>(nodes.Count);
        foreach (var node in nodes)
        {
            if (node.Children is { } children)
            {
                var nested = Entries(children, row);
                if (nested.Count > 0) entries.Add(new(node.KeyNode, new YGroupMapping(nested[0].Value, nested)));
                continue;
            }
            if (Table.Cell(row, node.Column) is not { } text) continue;
            entries.Add(new(node.KeyNode, node.IsList ? List(row, node.Column, text) : new YCell(Table, row, node.Column, text)));
        }
        return entries;
    }

    private YCellList List(int row, int column, string text)
    {
        var parts = text.Split(';');
        var items = new List<YNode>(parts.Length);
        foreach (var part in parts) items.Add(new YCell(Table, row, column, part.Trim()));
        return new YCellList(Table, row, column, items);
    }

    /// <summary>Configures a long table: the region column, the id column, and the region key it fills.</summary>
    public TableRows AsNested(string sectionKey)
    {
        SectionKey = new YScalar(Table.HeaderSpan(NestedKeyColumn), sectionKey, plain: true);
        Table.KeepOnCompact(NestedKeyColumn);
        return this;
    }
}

/// <summary>Replaces table references in a file's tree by rows (see the comment at the top of this file); lists the tables a text names.</summary>
public static class ScenarioTables
{
    /// <summary>The lists that may be tables, with the section their rows are read with and the columns that identify a row.</summary>
    internal static readonly IReadOnlyDictionary<string, (ISection Section, string[] Keys)> Lists = new Dictionary<string, (ISection, string[])>(StringComparer.Ordinal)
    {
        ["regions"] = (ScenarioSections.Region, ["id"]),
        ["partners"] = (ScenarioSections.Partner, ["id"]),
        ["neighbours"] = (ScenarioSections.Neighbour, ["a", "b"]),
        ["agreements"] = (ScenarioSections.Agreement, ["id"]),
        ["shocks"] = (ScenarioSections.Shock, ["id"]),
        ["triggers"] = (ScenarioSections.Trigger, ["id"]),
    };

    /// <summary>Long tables of a region's nested maps: the region key they fill, the section of an entry, and the column of the entry's id.</summary>
    internal static readonly IReadOnlyDictionary<string, (ISection Section, string IdColumn)> RegionLongTables = new Dictionary<string, (ISection, string)>(StringComparer.Ordinal)
    {
        ["services"] = (ScenarioSections.RegionService, "service"),
        ["food"] = (ScenarioSections.RegionFood, "commodity"),
    };

    /// <summary>
    /// The tables a scenario text names (in its lists and in its variants' lists), with their positions, without
    /// reading them: for a caller that must know which files loading the text would read (the web app refuses
    /// uploads that name any). Text that is not a YAML mapping names none.
    /// </summary>
    public static IReadOnlyList<(string File, int Line, int Column)> References(string yaml)
    {
        var result = new List<(string, int, int)>();
        if (YamlTreeReader.Read(yaml, "", []) is not YMapping root) return result;
        Collect(root);
        if (root.Get("variants") is YMapping variants)
            foreach (var (_, overlay) in variants.Entries)
                if (overlay is YMapping o) Collect(o);
        return result;

        void Collect(YMapping map)
        {
            foreach (var (key, value) in map.Entries)
                if (Lists.ContainsKey(key.Value) && value is YMapping reference)
                    foreach (var (_, name) in reference.Entries)
                        if (name is YScalar { IsNull: false } file) result.Add((file.Value, file.Span.Line, file.Span.Column));
        }
    }

    /// <summary>Opens a table named in a file: reads, hashes and parses it, or records why it cannot (null).</summary>
    internal delegate TableFile? Open(YScalar name, string referencePath);

    /// <summary>
    /// The file's tree with every table reference replaced by its rows, and the items that only add to regions
    /// defined elsewhere (rows of long tables for regions that are not in this file's own table), to be merged after
    /// the file's own keys. <paramref name="failed"/> is set when a table could not be used (its errors are recorded).
    /// </summary>
    internal static (YMapping Tree, YMapping? Additions) Expand(YMapping map, string pathPrefix, Open open, List<ScenarioError> errors, ref bool failed)
    {
        List<KeyValuePair<YScalar, YNode>>? entries = null;
        YMapping? additions = null;
        for (var i = 0; i < map.Entries.Count; i++)
        {
            var (key, value) = map.Entries[i];
            if (value is not YMapping reference || !Lists.TryGetValue(key.Value, out var list)) continue;
            entries ??= [.. map.Entries];
            var (rows, adds) = ExpandList(key.Value, reference, list.Section, list.Keys, pathPrefix, open, errors, ref failed);
            entries[i] = new(key, rows);
            if (adds.Count > 0) additions = new YMapping(map.Span, [new(key, new YSequence(reference.Span, adds))]);
        }
        return (entries is null ? map : new YMapping(map.Span, entries), additions);
    }

    private static (YSequence Rows, List<YNode> Additions) ExpandList(string list, YMapping reference, ISection section, string[] keys, string pathPrefix,
        Open open, List<ScenarioError> errors, ref bool failed)
    {
        var refPath = pathPrefix.Length == 0 ? list : $"{pathPrefix}.{list}";
        var items = new List<YNode>();
        var additions = new List<YNode>();
        var allowed = list == "regions" ? new[] { "table", "services", "food" } : ["table"];
        YScalar? tableName = null;
        var longNames = new List<(string Key, YScalar Name)>();
        foreach (var (k, v) in reference.Entries)
        {
            var path = $"{refPath}.{k.Value}";
            if (!allowed.Contains(k.Value, StringComparer.Ordinal))
            {
                var hint = Suggest.Closest(k.Value, allowed);
                errors.Add(new(k.Span, path, hint is not null
                    ? $"unknown key '{k.Value}' (did you mean '{hint}'?)"
                    : $"unknown key '{k.Value}'; {list} is a list of items, or a table: {{ {string.Join(", ", allowed.Select(a => $"{a}: FILE"))} }}"));
                failed = true;
                continue;
            }
            if (v is not YScalar { IsNull: false } name)
            {
                errors.Add(new(v.Span, path, $"expected a file name (a .csv or .parquet table, relative to this file), found {v.Describe()}"));
                failed = true;
                continue;
            }
            if (k.Value == "table") tableName = name;
            else longNames.Add((k.Value, name));
        }
        if (tableName is null && longNames.Count == 0)
        {
            if (reference.Entries.Count == 0)
            {
                errors.Add(new(reference.Span, refPath, $"expected a list of {list}, or a table: {{ table: {list}.csv }}"));
                failed = true;
            }
            return (new YSequence(reference.Span, items), additions);
        }

        TableRows? main = null;
        YRow[] rows = [];
        if (tableName is not null && open(tableName, $"{refPath}.table") is { } table)
        {
            main = TableRows.Create(table, list, section, keys, [], errors);
            if (main is null) failed = true;
            else
            {
                rows = new YRow[table.RowCount];
                for (var r = 0; r < rows.Length; r++) rows[r] = new YRow(main, r);
                items.AddRange(rows);
            }
        }
        else if (tableName is not null) failed = true;

        Dictionary<string, int>? byId = null;
        var overlays = new Dictionary<string, YMapping>(StringComparer.Ordinal);
        foreach (var (longKey, name) in longNames)
        {
            var (longSection, idColumn) = RegionLongTables[longKey];
            if (open(name, $"{refPath}.{longKey}") is not { } longTable)
            {
                failed = true;
                continue;
            }
            if (main?.ColumnIndex(longKey) is not null || (main is not null && main.Table.Columns.Any(c => c.StartsWith(longKey + ".", StringComparison.Ordinal))))
            {
                errors.Add(new(longTable.HeaderSpan(0), list, $"the regions' {longKey} are given twice: in {main!.Table.File} ({longKey}.* columns) and in {longTable.File}; keep one"));
                failed = true;
                continue;
            }
            var longRows = TableRows.Create(longTable, list, longSection, ["region", idColumn], ["region", idColumn], errors)?.AsNested(longKey);
            if (longRows is null)
            {
                failed = true;
                continue;
            }
            if (main is not null && byId is null)
            {
                byId = new Dictionary<string, int>(rows.Length, StringComparer.Ordinal);
                var idColumnOfMain = main.ColumnIndex("id")!.Value;
                for (var r = 0; r < rows.Length; r++)
                    if (main.Table.Cell(r, idColumnOfMain) is { } id) byId.TryAdd(id, r);
            }
            var seen = new Dictionary<(string Region, string Id), int>();
            for (var r = 0; r < longTable.RowCount; r++)
            {
                var region = longRows.Cell(r, "region");
                var id = longRows.Cell(r, idColumn);
                if (region is null || id is null)
                {
                    var missing = region is null ? "region" : idColumn;
                    errors.Add(new(longTable.Span(r, longRows.ColumnIndex(missing)!.Value), list, $"needs a {(missing == "region" ? "region" : idColumn)} id"));
                    failed = true;
                    continue;
                }
                if (!seen.TryAdd((region, id), r))
                {
                    errors.Add(new(longTable.Span(r, longRows.NestedKeyColumn), list,
                        $"the {(longKey == "food" ? "market" : "service")} '{id}' of region '{region}' is listed twice (first at line {longTable.Line(seen[(region, id)]).ToString(CultureInfo.InvariantCulture)})"));
                    failed = true;
                    continue;
                }
                if (byId is not null && byId.TryGetValue(region, out var at))
                {
                    (rows[at].Attached ??= []).Add((longRows, r));
                    continue;
                }
                // A region defined in another file (or in YAML): the row adds to it when the lists are merged.
                if (!overlays.TryGetValue(region, out var overlay))
                {
                    var regionCell = new YCell(longTable, r, longRows.KeyColumn, region);
                    overlay = new YRowMapping(longRows, r, [new(new YScalar(longTable.HeaderSpan(longRows.KeyColumn), "id", true), regionCell)])
                    {
                        MissingTargetMessage = $"unknown region '{region}' (the rows of {longTable.File} add to the scenario's regions)",
                    };
                    overlays[region] = overlay;
                    additions.Add(overlay);
                }
                var nested = overlay.Get(longKey) as YMapping;
                if (nested is null)
                {
                    nested = new YMapping(longRows.SectionKey!.Span, []);
                    overlay.Entries.Add(new(longRows.SectionKey!, nested));
                }
                nested.Entries.Add(new(longRows.KeyCell(r), longRows.Build(r)));
            }
        }
        return (new YSequence(reference.Span, items), additions);
    }
}
