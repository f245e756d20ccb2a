using System.Globalization;
using CsvHelper;
using Parquet;
using Parquet.Schema;

namespace KerjasamaGraph.Model.Outputs;

/// <summary>
/// Copies a results CSV into Apache Parquet (Parquet.Net) for pandas, R (arrow) and Spark: named text columns stay
/// text, every other column is a nullable double (empty cells become nulls). Rows are written in row groups of at
/// most <see cref="RowGroupSize"/>, so memory does not grow with the file.
/// </summary>
public static class ParquetExport
{
    public const int RowGroupSize = 10_000;

    public static async Task FromCsvAsync(string csvPath, string parquetPath, IReadOnlySet<string> textColumns, CancellationToken cancellationToken = default)
    {
        using var reader = new CsvReader(new StreamReader(csvPath), CultureInfo.InvariantCulture);
        await reader.ReadAsync();
        reader.ReadHeader();
        var header = reader.HeaderRecord ?? throw new InvalidDataException($"{csvPath}: no header");
        var fields = header.Select(h => textColumns.Contains(h) ? (DataField)new DataField<string>(h, true) : new DataField<double?>(h)).ToArray();
        var schema = new ParquetSchema(fields);
        var temporary = parquetPath + ".incomplete";
        await using (var stream = File.Create(temporary))
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken))
        {
            var text = header.Select(_ => new List<string?>()).ToArray();
            var numbers = header.Select(_ => new List<double?>()).ToArray();
            var rows = 0;
            async Task Flush()
            {
                if (rows == 0) return;
                using var group = writer.CreateRowGroup();
                for (var c = 0; c < header.Length; c++)
                {
                    if (fields[c] is DataField<string> tf) await group.WriteAsync(tf, text[c].ToArray());
                    else await group.WriteAsync<double>(fields[c], numbers[c].ToArray().AsMemory(), cancellationToken: cancellationToken);
                    text[c].Clear();
                    numbers[c].Clear();
                }
                rows = 0;
            }
            while (await reader.ReadAsync())
            {
                for (var c = 0; c < header.Length; c++)
                {
                    var cell = reader.GetField(c) ?? "";
                    if (fields[c] is DataField<string>) text[c].Add(cell.Length == 0 ? null : cell);
                    else numbers[c].Add(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null);
                }
                if (++rows == RowGroupSize) await Flush();
            }
            await Flush();
        }
        File.Move(temporary, parquetPath, overwrite: true);
    }
}
