using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace KerjasamaGraph.Model.Outputs;

/// <summary>How a run folder stores its tables.</summary>
public enum OutputFormat
{
    /// <summary>regions.csv, agreements.csv, summary.csv (the default; what briefs, compares and the web app read).</summary>
    Csv,
    /// <summary>regions.parquet, agreements.parquet, summary.parquet (Apache Parquet, for pandas, R arrow, Spark and DuckDB).</summary>
    Parquet,
}

/// <summary>
/// A results table written as Apache Parquet (Parquet.Net) month by month: the leading text columns (month, ids,
/// states) are strings, every other column a nullable double (undefined values, blank in the CSV, are nulls). Each
/// month of regions.parquet and agreements.parquet is one row group, so memory holds one month, never the run; the
/// summary (one row per month) is written as one row group at the end (and at each checkpoint, see <see cref="MarkAsync"/>). Column names are those of the CSV.
/// Columns are Snappy-compressed (the default of Parquet writers, read by pandas/pyarrow, R arrow, Spark and DuckDB
/// alike); text columns whose values repeat (month, type, legal form, owner, state) are dictionary-encoded.
/// </summary>
public sealed class ParquetTable : IAsyncDisposable
{
    private readonly Stream _stream;
    private ParquetWriter _writer;
    private readonly DataField[] _fields;
    private readonly int _textColumns;
    private readonly List<string[]> _buffered = new();
    private readonly ParquetOptions _options;
    // A month's column as the writer takes it (values without nulls, one definition level per row), reused from month to month.
    private ReadOnlyMemory<char>[] _texts = [];
    private double[] _numbers = [];
    private int[] _levels = [];

    private ParquetTable(Stream stream, ParquetWriter writer, DataField[] fields, int textColumns, ParquetOptions options)
    {
        _stream = stream;
        _writer = writer;
        _fields = fields;
        _textColumns = textColumns;
        _options = options;
    }

    public static async Task<ParquetTable> CreateAsync(string path, string[] header, int textColumns, CancellationToken cancellationToken = default)
    {
        var fields = Fields(header, textColumns);
        // Read and write: a checkpoint closes the file and appends to it again (MarkAsync), which reads its footer.
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 20);
        try
        {
            var options = Options(fields, textColumns);
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options, cancellationToken: cancellationToken);
            return new ParquetTable(stream, writer, fields, textColumns, options);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private static DataField[] Fields(string[] header, int textColumns) =>
        header.Select((h, i) => i < textColumns ? (DataField)new DataField<string>(h, true) : new DataField<double?>(h)).ToArray();

    /// <summary>
    /// Snappy (the writer's default) and a dictionary for every text column that repeats its values. Ids (one per row)
    /// are left plain: the writer gives up on a dictionary after sampling the first rows, instead of hashing the whole
    /// column first. A month's month column is one dictionary entry; the others hold a few types, forms, owners and
    /// states, which a dictionary page and small indexes store in a fraction of the bytes that plain text takes to
    /// encode and compress.
    /// </summary>
    private static ParquetOptions Options(DataField[] fields, int textColumns)
    {
        var options = new ParquetOptions { DictionaryEncodingSampleSize = 1024 };
        foreach (var field in fields.Take(textColumns)) options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
        return options;
    }

    /// <summary>Opens a table closed by <see cref="MarkAsync"/>, cut back to that mark (its length and footer), to append row groups.</summary>
    public static async Task<ParquetTable> AppendAsync(string path, string[] header, int textColumns, long length, byte[] footer, CancellationToken cancellationToken = default)
    {
        var fields = Fields(header, textColumns);
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 20);
        try
        {
            await CutAsync(stream, length, footer, cancellationToken);
            var options = Options(fields, textColumns);
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options, append: true, cancellationToken: cancellationToken);
            return new ParquetTable(stream, writer, fields, textColumns, options);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the buffered summary rows as a row group, closes the file with its footer (a valid Parquet file of every row so
    /// far) and goes on appending; returns the file's length and its footer (metadata, its length and "PAR1"), the point
    /// <see cref="RollBackAsync"/> and <see cref="AppendAsync"/> cut back to. The footer is returned because appending writes
    /// the next row group over it: cutting back means cutting the file before the footer and writing the footer again.
    /// </summary>
    public async Task<(long Length, byte[] Footer)> MarkAsync(CancellationToken cancellationToken = default)
    {
        await FlushBuffered();
        await _writer.DisposeAsync();
        await _stream.FlushAsync(cancellationToken);
        var length = _stream.Length;
        var footer = await FooterAsync(_stream, cancellationToken);
        _stream.Seek(0, SeekOrigin.End);
        _writer = await ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream, _options, append: true, cancellationToken: cancellationToken);
        return (length, footer);
    }

    /// <summary>Drops every row written after the <see cref="MarkAsync"/> that returned <paramref name="length"/> and <paramref name="footer"/>.</summary>
    public async Task RollBackAsync(long length, byte[] footer, CancellationToken cancellationToken = default)
    {
        _buffered.Clear();
        await _writer.DisposeAsync();
        await _stream.FlushAsync(cancellationToken);
        await CutAsync(_stream, length, footer, cancellationToken);
        _writer = await ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream, _options, append: true, cancellationToken: cancellationToken);
    }

    /// <summary>The footer of the closed Parquet file at <paramref name="path"/> (see <see cref="FooterAsync(Stream, CancellationToken)"/>).</summary>
    internal static async Task<byte[]> FooterAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return await FooterAsync(stream, cancellationToken);
    }

    /// <summary>The last bytes of a closed Parquet file: its footer metadata, the metadata's length (int32) and "PAR1".</summary>
    private static async Task<byte[]> FooterAsync(Stream stream, CancellationToken cancellationToken)
    {
        var end = new byte[8];
        stream.Seek(-8, SeekOrigin.End);
        await stream.ReadExactlyAsync(end, cancellationToken);
        var metadata = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(end);
        if (end[4] != (byte)'P' || end[5] != (byte)'A' || end[6] != (byte)'R' || end[7] != (byte)'1' || metadata < 0 || metadata + 12L > stream.Length)
        {
            throw new InvalidDataException("the Parquet table has no valid footer");
        }
        var footer = new byte[metadata + 8];
        stream.Seek(-footer.Length, SeekOrigin.End);
        await stream.ReadExactlyAsync(footer, cancellationToken);
        return footer;
    }

    /// <summary>Makes the file what it was at a mark: its bytes up to the footer, then the footer.</summary>
    private static async Task CutAsync(Stream stream, long length, byte[] footer, CancellationToken cancellationToken)
    {
        if (length < footer.Length || stream.Length < length - footer.Length) throw new InvalidDataException($"the Parquet table is shorter than at the checkpoint ({length} bytes)");
        stream.SetLength(length - footer.Length);
        stream.Seek(0, SeekOrigin.End);
        await stream.WriteAsync(footer, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Writes one month's rows as a row group.</summary>
    public async Task WriteAsync(RowBlock block, CancellationToken cancellationToken = default)
    {
        var rows = block.Count;
        if (rows == 0) return;
        if (1 + block.Text(0).Count != _textColumns || _textColumns + block.NumericColumns != _fields.Length)
        {
            throw new InvalidOperationException($"rows of {1 + block.Text(0).Count} texts and {block.NumericColumns} numbers for a table of {_fields.Length} columns");
        }
        if (_levels.Length < rows)
        {
            _texts = new ReadOnlyMemory<char>[rows];
            _numbers = new double[rows];
            _levels = new int[rows];
        }
        // Columns go to the writer as values and definition levels (WriteAllPartsAsync), read straight from the block:
        // no nullable copy per column for the writer to split into levels and values again.
        var levels = _levels.AsMemory(0, rows);
        using var group = _writer.CreateRowGroup();
        _texts.AsSpan(0, rows).Fill(block.Month.AsMemory());
        levels.Span.Fill(1);
        await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(_fields[0], _texts.AsMemory(0, rows), levels, null, cancellationToken);
        for (var t = 1; t < _textColumns; t++)
        {
            var n = block.CopyText(t - 1, _texts, levels.Span);
            await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(_fields[t], _texts.AsMemory(0, n), levels, null, cancellationToken);
        }
        for (var c = 0; c < block.NumericColumns; c++)
        {
            var n = block.CopyValues(c, _numbers, levels.Span);
            await group.WriteAllPartsAsync<double>(_fields[_textColumns + c], _numbers.AsMemory(0, n), levels, null, cancellationToken);
        }
        // The month's texts are not kept alive by the buffer until the next month.
        Array.Clear(_texts, 0, rows);
    }

    /// <summary>Keeps a row of formatted fields (the summary's) until <see cref="DisposeAsync"/> writes them as one row group.</summary>
    public void Add(string[] row) => _buffered.Add(row);

    private async Task FlushBuffered()
    {
        if (_buffered.Count == 0) return;
        using var group = _writer.CreateRowGroup();
        for (var c = 0; c < _fields.Length; c++)
        {
            if (c < _textColumns)
            {
                await group.WriteAsync((DataField<string>)_fields[c], _buffered.Select(r => (string?)r[c]).ToArray());
            }
            else
            {
                var column = _buffered.Select(r => double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null).ToArray();
                await group.WriteAsync<double>(_fields[c], column.AsMemory());
            }
        }
        _buffered.Clear();
    }

    /// <summary>Closes the file without finishing it (the run failed; its folder is deleted).</summary>
    public void Abandon()
    {
        // The writer's footer is not written: the file is incomplete and is deleted with its folder.
        _stream.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try { await FlushBuffered(); }
        finally
        {
            await _writer.DisposeAsync();
            await _stream.DisposeAsync();
        }
    }
}
