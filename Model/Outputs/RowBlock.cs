using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace KerjasamaGraph.Model.Outputs;

/// <summary>
/// One month's rows of a table, kept as numbers: per row a few text fields (after the month) and a fixed number of
/// numeric fields. Rows are formatted only when read (<see cref="this[int]"/>) or written (<see cref="WriteCsv"/>, which
/// formats chunks of rows in parallel straight to UTF-8), so a month of 83,000 regions costs no string per field.
/// Text is exactly what <see cref="RunAggregator.Format"/> and CsvHelper's quoting would give.
/// </summary>
public sealed class RowBlock : IReadOnlyList<string[]>
{
    private readonly string[][] _text;
    private readonly double[] _values;

    /// <param name="month">The first field of every row (YYYY-MM).</param>
    /// <param name="text">Per row, its text fields after the month (may be shared between months).</param>
    /// <param name="values">[row × <paramref name="numericColumns"/>]: the numeric fields (NaN and infinities are written empty).</param>
    public RowBlock(string month, string[][] text, double[] values, int numericColumns)
    {
        if (values.Length != text.Length * numericColumns) throw new ArgumentException($"{values.Length} values for {text.Length} rows of {numericColumns} numbers");
        Month = month;
        _text = text;
        _values = values;
        NumericColumns = numericColumns;
    }

    public static RowBlock Empty(string month) => new(month, [], [], 0);

    public string Month { get; }
    public int NumericColumns { get; }
    public int Count => _text.Length;
    /// <summary>Same as <see cref="Count"/> (rows were arrays before).</summary>
    public int Length => _text.Length;

    /// <summary>The text fields of a row after the month.</summary>
    public IReadOnlyList<string> Text(int row) => _text[row];

    /// <summary>The numeric fields of a row.</summary>
    public ReadOnlySpan<double> Values(int row) => _values.AsSpan(row * NumericColumns, NumericColumns);

    /// <summary>
    /// Copies text field <paramref name="column"/> (after the month) of every row into <paramref name="values"/>, and
    /// one definition level per row into <paramref name="levels"/> (1: the text, 0: null); returns how many texts were
    /// copied. This is the column as a Parquet writer takes it, read straight from the rows.
    /// </summary>
    public int CopyText(int column, Span<ReadOnlyMemory<char>> values, Span<int> levels)
    {
        var n = 0;
        for (var r = 0; r < _text.Length; r++)
        {
            if (_text[r][column] is { } text)
            {
                values[n++] = text.AsMemory();
                levels[r] = 1;
            }
            else levels[r] = 0;
        }
        return n;
    }

    /// <summary>
    /// Copies numeric field <paramref name="column"/> of every row into <paramref name="values"/>, finite values only,
    /// and one definition level per row into <paramref name="levels"/> (1: a value, 0: NaN or infinite, written as
    /// null); returns how many values were copied.
    /// </summary>
    public int CopyValues(int column, Span<double> values, Span<int> levels)
    {
        var n = 0;
        var stride = NumericColumns;
        var all = _values;
        for (int r = 0, at = column; r < _text.Length; r++, at += stride)
        {
            var v = all[at];
            if (double.IsFinite(v))
            {
                values[n++] = v;
                levels[r] = 1;
            }
            else levels[r] = 0;
        }
        return n;
    }

    public string[] this[int row]
    {
        get
        {
            var text = _text[row];
            var fields = new string[1 + text.Length + NumericColumns];
            fields[0] = Month;
            text.CopyTo(fields, 1);
            var values = Values(row);
            for (var i = 0; i < values.Length; i++) fields[1 + text.Length + i] = RunAggregator.Format(values[i]);
            return fields;
        }
    }

    public IEnumerator<string[]> GetEnumerator()
    {
        for (var r = 0; r < Count; r++) yield return this[r];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Writes every row as CSV ("\n" line ends) to <paramref name="stream"/>; chunks of rows are formatted in parallel, written in order.</summary>
    public void WriteCsv(Stream stream)
    {
        const int chunk = 512;
        var chunks = (Count + chunk - 1) / chunk;
        if (chunks == 0) return;
        var month = CsvText.Field(Month);
        // Format a window of chunks in parallel, then write them in order; the window bounds the memory held.
        var window = Math.Max(1, Environment.ProcessorCount * 4);
        var buffers = new ArrayBufferWriter<byte>[Math.Min(window, chunks)];
        for (var b = 0; b < buffers.Length; b++) buffers[b] = new ArrayBufferWriter<byte>(64 * 1024);
        for (var first = 0; first < chunks; first += window)
        {
            var n = Math.Min(window, chunks - first);
            Parallel.For(0, n, k =>
            {
                var buffer = buffers[k];
                buffer.ResetWrittenCount();
                var end = Math.Min(Count, (first + k + 1) * chunk);
                for (var r = (first + k) * chunk; r < end; r++) WriteRow(buffer, month, r);
            });
            for (var k = 0; k < n; k++) stream.Write(buffers[k].WrittenSpan);
        }
    }

    /// <summary>
    /// Writes <paramref name="v"/> (finite) as <see cref="RunAggregator.Format"/> does ("R", invariant). Whole numbers below
    /// 10^14 in magnitude (counts, populations, zeros: many of a table's fields), which "R" writes as plain digits, take
    /// the integer formatter; negative zero ("-0") and everything else take the general one.
    /// </summary>
    public static int FormatNumber(double v, Span<byte> destination)
    {
        int written;
        if (Math.Abs(v) < 1e14 && v == Math.Floor(v) && !(v == 0 && double.IsNegative(v)))
        {
            if (!((long)v).TryFormat(destination, out written, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException($"cannot format {v}");
            return written;
        }
        if (!v.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture)) throw new InvalidOperationException($"cannot format {v}");
        return written;
    }

    private void WriteRow(ArrayBufferWriter<byte> buffer, byte[] month, int row)
    {
        buffer.Write(month);
        foreach (var t in _text[row])
        {
            buffer.Write(","u8);
            buffer.Write(CsvText.Field(t));
        }
        foreach (var v in Values(row))
        {
            buffer.Write(","u8);
            if (!double.IsFinite(v)) continue;
            var span = buffer.GetSpan(32);
            buffer.Advance(FormatNumber(v, span));
        }
        buffer.Write("\n"u8);
    }
}

/// <summary>The CSV field text of a string as CsvHelper writes it (RFC 4180 quoting), as UTF-8, cached: table texts come from small sets.</summary>
public static class CsvText
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);
    private const int CacheLimit = 1_000_000;
    /// <summary>Entries added (an upper bound of the cache's size): ConcurrentDictionary.Count takes every lock of the table, far too slow per field.</summary>
    private static int _cached;

    public static byte[] Field(string text)
    {
        if (Cache.TryGetValue(text, out var bytes)) return bytes;
        bytes = Encoding.UTF8.GetBytes(Quoted(text));
        if (Volatile.Read(ref _cached) < CacheLimit && Cache.TryAdd(text, bytes)) Interlocked.Increment(ref _cached);
        return bytes;
    }

    /// <summary>The field as CsvHelper writes it with the configuration of <see cref="CsvFiles"/>.</summary>
    public static string Quoted(string text)
    {
        if (IsPlain(text)) return text;
        using var writer = new StringWriter();
        using (var csv = new CsvHelper.CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }))
        {
            csv.WriteField(text);
        }
        return writer.ToString();
    }

    /// <summary>Whether a field is written as it is (no quoting): what every number and most ids are.</summary>
    public static bool IsPlain(string text) =>
        text.Length > 0 && text.AsSpan().IndexOfAny(",\"\r\n") < 0 && text[0] is not (' ' or '\t') && text[^1] is not (' ' or '\t');

    /// <summary>A whole row of text fields, as CSV with a "\n" line end.</summary>
    public static void WriteRow(Stream stream, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first) stream.Write(","u8);
            first = false;
            stream.Write(IsPlain(f) ? Encoding.UTF8.GetBytes(f) : Field(f));
        }
        stream.Write("\n"u8);
    }
}
