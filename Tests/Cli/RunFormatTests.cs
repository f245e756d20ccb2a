using System.Globalization;
using KerjasamaGraph.Model.Outputs;
using Parquet;

namespace KerjasamaGraph.Tests.Cli;

/// <summary>`run --format parquet`: the same tables as the CSV run, as Parquet (text columns strings, the rest nullable doubles).</summary>
[Collection("cli")]
public sealed class RunFormatTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Parquet_tables_hold_exactly_the_values_of_the_csv_tables()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var csv = await _cli.Run("run", file, "--out", _cli.PathOf("csv"), "--quiet");
        Assert.True(csv.ExitCode == 0, csv.Error);
        // Without --quiet, as users run it: the same headline tables, and the folder it wrote.
        var parquet = await _cli.Run("run", file, "--out", _cli.PathOf("pq"), "--format", "parquet");
        Assert.True(parquet.ExitCode == 0, parquet.Error);
        Assert.Contains("Benefit by region", parquet.Out);
        Assert.Contains("Run folder: " + _cli.PathOf("pq"), parquet.Out);
        Assert.Equal(["agreements.parquet", "manifest.json", "regions.parquet", "summary.parquet"],
            Directory.GetFiles(_cli.PathOf("pq")).Select(f => Path.GetFileName(f)!).Order().ToArray());
        foreach (var table in new[] { "regions", "agreements", "summary" })
        {
            var lines = File.ReadAllLines(Path.Combine(_cli.PathOf("csv"), table + ".csv"));
            var header = lines[0].Split(',');
            var rows = await ReadParquet(Path.Combine(_cli.PathOf("pq"), table + ".parquet"), header);
            Assert.Equal(lines.Length - 1, rows.Count);
            // The small scenario's ids hold no commas, so a plain split reads its CSV.
            for (var r = 0; r < rows.Count; r++) Assert.Equal(lines[r + 1], string.Join(',', rows[r]));
        }
    }

    [Fact]
    public async Task An_unknown_format_is_refused_with_one_line()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var r = await _cli.Run("run", file, "--out", _cli.PathOf("x"), "--quiet", "--format", "xlsx");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--format: unknown format 'xlsx' (csv or parquet)", r.Error);
        Assert.False(Directory.Exists(_cli.PathOf("x")));
    }

    [Fact]
    public async Task A_month_goes_to_parquet_as_its_cells_with_repeated_texts_in_a_dictionary_and_survives_a_rollback()
    {
        // Three text columns (month, id, state) and two numbers; NaN and infinities are nulls, ids are one per row.
        string[] header = ["month", "agreement", "state", "x", "y"];
        RowBlock Month(string month, double shift) => new(month,
            Enumerable.Range(0, 3000).Select(i => new[] { $"a{i:D4}", i % 3 == 0 ? "active" : "" }).ToArray(),
            Enumerable.Range(0, 3000).SelectMany(i => new[] { i % 7 == 0 ? double.NaN : i + shift, i % 11 == 0 ? double.PositiveInfinity : -0.5 * i }).ToArray(), 2);
        var path = _cli.PathOf("t.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var table = await ParquetTable.CreateAsync(path, header, 3);
        await table.WriteAsync(Month("2023-01", 0.25));
        var (length, footer) = await table.MarkAsync();
        await table.WriteAsync(Month("2023-02", 0.5));
        await table.RollBackAsync(length, footer);
        await table.WriteAsync(Month("2023-03", 0.75));
        await table.DisposeAsync();

        var rows = await ReadParquet(path, header);
        var expected = Month("2023-01", 0.25).Concat(Month("2023-03", 0.75)).Select(r => string.Join(',', r)).ToList();
        Assert.Equal(expected, rows.Select(r => string.Join(',', r)).ToList());
        Assert.Equal("2023-03,a0001,,1.75,-0.5", string.Join(',', rows[3001]));
        Assert.Equal("2023-01,a0000,active,,", string.Join(',', rows[0]));

        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        using var group = reader.OpenRowGroupReader(1);
        string Encodings(int c) => string.Join(",", group.RowGroup.Columns[c].MetaData!.Encodings.Order());
        Assert.Equal("PLAIN_DICTIONARY,RLE", Encodings(0));
        Assert.Equal("PLAIN,RLE", Encodings(1));
        Assert.Equal("PLAIN_DICTIONARY,RLE", Encodings(2));
        Assert.Equal("PLAIN,RLE", Encodings(3));
        Assert.Equal(Parquet.Meta.CompressionCodec.SNAPPY, group.RowGroup.Columns[3].MetaData!.Codec);
        // 3000 rows, NaN in every 7th: 429 nulls, counted in the column's statistics.
        Assert.Equal(429, group.RowGroup.Columns[3].MetaData!.Statistics!.NullCount);
    }

    /// <summary>Every row as the CSV would print it: strings as they are, doubles in round-trip form, nulls empty.</summary>
    internal static async Task<List<string[]>> ReadParquet(string path, string[] header)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(header, fields.Select(f => f.Name));
        var rows = new List<string[]>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var columns = new List<string[]>();
            foreach (var f in fields)
            {
                if (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    var text = new string?[n];
                    await group.ReadAsync(f, text.AsMemory());
                    columns.Add(text.Select(t => t ?? "").ToArray());
                }
                else
                {
                    Assert.Equal(typeof(double), f.ClrType);
                    var numbers = new double?[n];
                    await group.ReadAsync<double>(f, numbers.AsMemory());
                    columns.Add(numbers.Select(v => v is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "").ToArray());
                }
            }
            for (var r = 0; r < group.RowCount; r++) rows.Add(columns.Select(c => c[r]).ToArray());
        }
        return rows;
    }
}
