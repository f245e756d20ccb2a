using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Parquet;
using Parquet.Schema;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// A table a scenario keeps outside its YAML (docs/scenario-format.md, "Tables"): a CSV or Parquet file read into
/// text cells, with the line (CSV) or row number (Parquet) of every row for error messages. Every cell is text, as
/// in a CSV file; an empty cell (or a Parquet null) is null and means "not given".
/// </summary>
internal sealed class TableFile
{
    /// <summary>Largest table file read, in bytes (1 GiB; a generated 83,000-region scenario's largest table is about 40 MB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Most rows in one table.</summary>
    public const int MaxRows = 10_000_000;

    /// <summary>Most columns in one table.</summary>
    public const int MaxColumns = 1_000;

    /// <summary>Longest line of a CSV file, in characters; longer lines stop the reading (a guard against files that are not tables).</summary>
    public const int MaxLineChars = 1 << 20;

    /// <summary>Longest cell, in characters.</summary>
    public const int MaxCellChars = 1 << 16;

    /// <summary>Problems with the table's structure reported before the rest are summarised in one line.</summary>
    public const int MaxStructureErrors = 20;

    private readonly List<string?> _cells = [];
    private readonly List<int> _lines = [];

    private TableFile(string file, bool parquet, string[] columns)
    {
        File = file;
        IsParquet = parquet;
        Columns = columns;
    }

    /// <summary>The file as named in messages.</summary>
    public string File { get; }

    public bool IsParquet { get; }

    public string[] Columns { get; }

    public int RowCount => _lines.Count;

    /// <summary>The CSV line where the row starts, or the Parquet row number (1 for the first row).</summary>
    public int Line(int row) => _lines[row];

    /// <summary>The text of a cell; null when it is empty. Only while the table is whole: see <see cref="Compact"/>.</summary>
    public string? Cell(int row, int column) =>
        _kept is null ? _cells[row * Columns.Length + column]
        : _kept.TryGetValue(column, out var values) ? values[row]
        : throw new InvalidOperationException($"the cells of {File} were released after loading; only whether a cell is empty is known");

    /// <summary>Whether a cell holds a value (works before and after <see cref="Compact"/>).</summary>
    public bool Has(int row, int column)
    {
        if (_present is null) return _cells[row * Columns.Length + column] is not null;
        var bit = (long)row * Columns.Length + column;
        return (_present[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    private ulong[]? _present;
    private readonly HashSet<int> _keep = [];

    /// <summary>Keeps a column's text when the table is compacted (a long table's ids, which locations look up).</summary>
    public void KeepOnCompact(int column) => _keep.Add(column);
    private Dictionary<int, string?[]>? _kept;

    /// <summary>
    /// Releases the cells once the scenario is read, keeping whether each cell was empty (for locations) and the
    /// text of the columns marked with <see cref="KeepOnCompact"/>: the scenario keeps its own copy of every value,
    /// and the cells of an 83,000-region scenario would otherwise hold about 200 MB for as long as the scenario lives.
    /// </summary>
    public void Compact()
    {
        if (_present is not null) return;
        var present = new ulong[((long)RowCount * Columns.Length + 63) / 64];
        for (var i = 0; i < _cells.Count; i++)
            if (_cells[i] is not null) present[i >> 6] |= 1UL << (i & 63);
        var kept = new Dictionary<int, string?[]>();
        foreach (var c in _keep)
        {
            var values = new string?[RowCount];
            for (var r = 0; r < RowCount; r++) values[r] = _cells[r * Columns.Length + c];
            kept[c] = values;
        }
        _present = present;
        _kept = kept;
        _cells.Clear();
        _cells.TrimExcess();
    }

    public SourceSpan Span(int row, int column) => new(File, Line(row), column + 1) { ColumnName = Columns[column] };

    /// <summary>Where a column is named: the header line of a CSV file; row 1 of a Parquet file (it has no header line).</summary>
    public SourceSpan HeaderSpan(int column) => new(File, 1, column + 1) { ColumnName = Columns[column] };

    public static bool IsTableFile(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a table from its bytes; returns null (with errors) when nothing usable could be read.</summary>
    public static TableFile? Read(byte[] bytes, string file, List<ScenarioError> errors) =>
        file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ReadParquet(bytes, file, errors) : ReadCsv(bytes, file, errors);

    // ---- CSV -----------------------------------------------------------------------------------------

    private static TableFile? ReadCsv(byte[] bytes, string file, List<ScenarioError> errors)
    {
        var structure = 0;
        void Structure(int line, string column, int columnIndex, string message)
        {
            if (++structure <= MaxStructureErrors)
                errors.Add(new(new SourceSpan(file, line, columnIndex) { ColumnName = column.Length == 0 ? null : column }, "", message));
            else if (structure == MaxStructureErrors + 1)
                errors.Add(new(new SourceSpan(file, line, columnIndex), "", "more problems with the table's rows are not listed"));
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = ",",
            TrimOptions = TrimOptions.Trim,
            MaxFieldSize = MaxCellChars,
            CacheFields = true,
            IgnoreBlankLines = true,
            BadDataFound = args => Structure(args.Context.Parser?.RawRow ?? 0, "", 1,
                $"a quote inside an unquoted cell ({Clip(args.Field)}): quote the whole cell and double the quotes inside it"),
        };
        if (FirstInvalidUtf8(bytes) is { } invalid)
        {
            var line = 1 + bytes.AsSpan(0, invalid).Count((byte)'\n');
            errors.Add(new(new SourceSpan(file, line, 1), "", "not UTF-8 text; a CSV table is UTF-8 (a spreadsheet saves it as 'CSV UTF-8')"));
            return null;
        }
        var text = new LineLimitedReader(new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true));
        using var parser = new CsvParser(text, config);
        TableFile? table = null;
        try
        {
            while (parser.Read())
            {
                var record = parser.Record!;
                var count = record.Length;
                var line = parser.RawRow;
                if (table is null)
                {
                    table = Header(record, file, line, errors);
                    if (table is null) return null;
                    continue;
                }
                var breaks = 0;
                foreach (var cell in record) breaks += LineBreaks(cell);
                line -= breaks;
                if (count != table.Columns.Length)
                {
                    Structure(line, "", 1, $"the row has {Plural(count, "cell")}, the header has {Plural(table.Columns.Length, "column")}");
                    continue;
                }
                if (table.RowCount >= MaxRows)
                {
                    errors.Add(new(new SourceSpan(file, line, 1), "", $"the table has more than {MaxRows.ToString(CultureInfo.InvariantCulture)} rows; it is not read further"));
                    return null;
                }
                table._lines.Add(line);
                foreach (var cell in record) table._cells.Add(string.IsNullOrEmpty(cell) ? null : cell);
            }
        }
        catch (LineTooLongException ex)
        {
            errors.Add(new(new SourceSpan(file, ex.Line, 1), "", $"line {ex.Line.ToString(CultureInfo.InvariantCulture)} is longer than {MaxLineChars.ToString(CultureInfo.InvariantCulture)} characters; the table is not read further"));
            return null;
        }
        catch (MaxFieldSizeException ex)
        {
            var line = ex.Context?.Parser?.RawRow ?? text.Line;
            errors.Add(new(new SourceSpan(file, line, 1), "", $"a cell is longer than {MaxCellChars.ToString(CultureInfo.InvariantCulture)} characters; the table is not read further"));
            return null;
        }
        catch (CsvHelperException ex)
        {
            var line = ex.Context?.Parser?.RawRow ?? text.Line;
            errors.Add(new(new SourceSpan(file, Math.Max(1, line), 1), "", "not a CSV table: " + ex.Message.Split('\n')[0].Trim()));
            return null;
        }
        if (table is null)
        {
            errors.Add(new(new SourceSpan(file, 1, 1), "", "the table is empty: its first line names the columns"));
            return null;
        }
        return structure > 0 ? null : table;
    }

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or null when all of it is.</summary>
    private static int? FirstInvalidUtf8(byte[] bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        var chars = new char[64 * 1024];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(offset), chars, out var read, out _, replaceInvalidSequences: false);
            if (status == System.Buffers.OperationStatus.InvalidData) return offset + read;
            if (status == System.Buffers.OperationStatus.Done) return null;
            offset += read;
        }
        return null;
    }

    private static int LineBreaks(string? cell)
    {
        if (cell is null || cell.AsSpan().IndexOfAny('\n', '\r') < 0) return 0;
        var n = 0;
        for (var i = 0; i < cell.Length; i++)
            if (cell[i] == '\n' || (cell[i] == '\r' && (i + 1 == cell.Length || cell[i + 1] != '\n'))) n++;
        return n;
    }

    /// <summary>Checks the column names; returns the empty table, or null (with errors) when the header is unusable.</summary>
    private static TableFile? Header(string[] names, string file, int line, List<ScenarioError> errors)
    {
        var ok = true;
        if (names.Length > MaxColumns)
        {
            errors.Add(new(new SourceSpan(file, line, 1), "", $"the table has {names.Length.ToString(CultureInfo.InvariantCulture)} columns; tables are limited to {MaxColumns.ToString(CultureInfo.InvariantCulture)}"));
            return null;
        }
        if (names.Length == 1 && names[0].IndexOfAny([';', '\t']) is var at and >= 0)
        {
            var separator = names[0][at] == ';' ? "';'" : "tabs";
            errors.Add(new(new SourceSpan(file, line, 1), "", $"the columns are separated by {separator}; scenario tables are comma-separated (a spreadsheet saves them as 'CSV UTF-8, comma delimited')"));
            return null;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = names[i].Trim();
            if (names[i].Length == 0)
            {
                errors.Add(new(new SourceSpan(file, line, i + 1), "", $"column {(i + 1).ToString(CultureInfo.InvariantCulture)} has no name"));
                ok = false;
            }
            else if (!seen.TryAdd(names[i], i))
            {
                errors.Add(new(new SourceSpan(file, line, i + 1) { ColumnName = names[i] }, "", $"the column '{names[i]}' appears twice (first as column {(seen[names[i]] + 1).ToString(CultureInfo.InvariantCulture)})"));
                ok = false;
            }
        }
        return ok ? new TableFile(file, parquet: false, names) : null;
    }

    private static string Plural(int n, string word) => $"{n.ToString(CultureInfo.InvariantCulture)} {word}{(n == 1 ? "" : "s")}";

    private static string Clip(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..37]}...'";

    private sealed class LineTooLongException(int line) : Exception
    {
        public int Line { get; } = line;
    }

    /// <summary>Passes text through, counting lines, and stops at a line longer than <see cref="MaxLineChars"/>.</summary>
    private sealed class LineLimitedReader(TextReader inner) : TextReader
    {
        private int _column;

        /// <summary>The line being read (1-based).</summary>
        public int Line { get; private set; } = 1;

        public override int Peek() => inner.Peek();

        public override int Read()
        {
            var c = inner.Read();
            if (c >= 0) Count(c);
            return c;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var n = inner.Read(buffer);
            var rest = (ReadOnlySpan<char>)buffer[..n];
            while (true)
            {
                var newline = rest.IndexOf('\n');
                _column += newline < 0 ? rest.Length : newline;
                if (_column > MaxLineChars) throw new LineTooLongException(Line);
                if (newline < 0) return n;
                Line++;
                _column = 0;
                rest = rest[(newline + 1)..];
            }
        }

        private void Count(int c)
        {
            if (c == '\n')
            {
                Line++;
                _column = 0;
            }
            else if (++_column > MaxLineChars) throw new LineTooLongException(Line);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    // ---- Parquet -------------------------------------------------------------------------------------

    private static TableFile? ReadParquet(byte[] bytes, string file, List<ScenarioError> errors)
    {
        try
        {
            return ReadParquetAsync(bytes, file, errors).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ThrownByParquetReader(ex))
        {
            // A damaged or foreign file makes the Parquet reader fail, with its own exceptions and with others
            // (a null reference in its metadata code, an index out of range); a failure of this file's code is a bug.
            errors.Add(new(new SourceSpan(file, 1, 1), "", "not a readable Parquet file: " + ex.Message.Split('\n')[0].Trim()));
            return null;
        }
    }

    private static bool ThrownByParquetReader(Exception ex) =>
        ex is ParquetException or Parquet.Meta.Proto.ThriftProtocolException
        || new System.Diagnostics.StackTrace(ex).GetFrames().Any(f => f.GetMethod()?.Module.Assembly == typeof(ParquetReader).Assembly);

    private static async Task<TableFile?> ReadParquetAsync(byte[] bytes, string file, List<ScenarioError> errors)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        await using var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { TreatByteArrayAsString = true });
        var fields = reader.Schema.GetDataFields();
        var nested = reader.Schema.Fields.FirstOrDefault(f => f.SchemaType != SchemaType.Data || f is DataField { IsArray: true });
        if (nested is not null)
        {
            errors.Add(new(new SourceSpan(file, 1, 1) { ColumnName = nested.Name }, "", $"the column '{nested.Name}' is nested (a {nested.SchemaType.ToString().ToLowerInvariant()}); scenario tables have flat columns (a list is text with ';' between its items)"));
            return null;
        }
        var names = fields.Select(f => f.Name).ToArray();
        var table = Header(names, file, 1, errors);
        if (table is null) return null;
        table = new TableFile(file, parquet: true, table.Columns);
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++) rows += reader.OpenRowGroupReader(g).RowCount;
        if (rows > MaxRows)
        {
            errors.Add(new(new SourceSpan(file, 1, 1), "", $"the table has {rows.ToString(CultureInfo.InvariantCulture)} rows; tables are limited to {MaxRows.ToString(CultureInfo.InvariantCulture)}"));
            return null;
        }
        var columns = fields.Length;
        var next = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = checked((int)group.RowCount);
            var start = table._cells.Count;
            for (var r = 0; r < count; r++)
            {
                table._lines.Add(++next);
                for (var c = 0; c < columns; c++) table._cells.Add(null);
            }
            for (var c = 0; c < columns; c++)
            {
                var texts = await ColumnText(group, fields[c], count);
                if (texts is null)
                {
                    errors.Add(new(table.HeaderSpan(c), "", $"the column '{fields[c].Name}' has the type {fields[c].ClrType.Name}; scenario tables hold text, numbers and true/false"));
                    return null;
                }
                for (var r = 0; r < count; r++)
                {
                    var text = texts[r];
                    if (text is not null && text.Length > MaxCellChars)
                    {
                        errors.Add(new(table.Span(start / columns + r, c), "", $"the cell is longer than {MaxCellChars.ToString(CultureInfo.InvariantCulture)} characters; the table is not read further"));
                        return null;
                    }
                    table._cells[start + r * columns + c] = string.IsNullOrEmpty(text) ? null : text.Trim();
                }
            }
        }
        return table;
    }

    /// <summary>A column's values as text (numbers in invariant round-trip form, booleans as true/false); null for unsupported types.</summary>
    private static async Task<string?[]?> ColumnText(ParquetRowGroupReader group, DataField field, int count)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[count];
            await group.ReadAsync(field, values.AsMemory());
            // Repeated texts (kinds, legal forms, sources, provinces) become one string each, as CSV's field cache does.
            var pool = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
                if (values[i] is { } v)
                    values[i] = pool.TryGetValue(v, out var shared) ? shared : pool[v] = v;
            return values;
        }
        if (type == typeof(double)) return await Numbers<double>(group, field, count, v => v.ToString("R", CultureInfo.InvariantCulture));
        if (type == typeof(float)) return await Numbers<float>(group, field, count, v => v.ToString("R", CultureInfo.InvariantCulture));
        if (type == typeof(decimal)) return await Numbers<decimal>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(long)) return await Numbers<long>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(int)) return await Numbers<int>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(short)) return await Numbers<short>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(sbyte)) return await Numbers<sbyte>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(byte)) return await Numbers<byte>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(ushort)) return await Numbers<ushort>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(uint)) return await Numbers<uint>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(ulong)) return await Numbers<ulong>(group, field, count, v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(bool)) return await Numbers<bool>(group, field, count, v => v ? "true" : "false");
        if (type == typeof(DateTime)) return await Numbers<DateTime>(group, field, count, Month);
        if (type == typeof(DateOnly)) return await Numbers<DateOnly>(group, field, count, d => Month(d.ToDateTime(TimeOnly.MinValue)));
        return null;

        // A date on the first of a month reads as the month (YYYY-MM), any other date as YYYY-MM-DD (which a month field refuses).
        static string Month(DateTime d) => d.ToString(d.Day == 1 && d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static async Task<string?[]> Numbers<T>(ParquetRowGroupReader group, DataField field, int count, Func<T, string> format) where T : struct
    {
        var text = new string?[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            await group.ReadAsync(field, values.AsMemory());
            for (var i = 0; i < count; i++) text[i] = values[i] is { } v ? format(v) : null;
        }
        else
        {
            var values = new T[count];
            await group.ReadAsync(field, values.AsMemory());
            for (var i = 0; i < count; i++) text[i] = format(values[i]);
        }
        return text;
    }
}
