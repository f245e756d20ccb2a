using System.Globalization;
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
