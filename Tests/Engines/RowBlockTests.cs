using System.Globalization;
using System.Text;
using KerjasamaGraph.Model.Outputs;

namespace KerjasamaGraph.Tests.Engines;

/// <summary>Month rows kept as numbers are written exactly as CsvHelper wrote the formatted strings.</summary>
public class RowBlockTests
{
    [Fact]
    public void Csv_of_a_block_equals_csvhelper_on_the_formatted_rows()
    {
        string[][] text = [["plain"], ["with,comma"], ["say \"hi\""], [" padded "], ["line\nbreak"], ["kota-é"]];
        var values = new double[text.Length * 4];
        for (var i = 0; i < values.Length; i++) values[i] = Math.Pow(-1.7, i) / 3;
        values[1] = double.NaN;
        values[6] = double.PositiveInfinity;
        values[7] = 1e300;
        values[9] = -0.0;
        values[10] = 5e-324;
        var block = new RowBlock("2024-01", text, values, 4);

        using var ours = new MemoryStream();
        block.WriteCsv(ours);

        var expected = new StringWriter();
        using (var csv = new CsvHelper.CsvWriter(expected, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }))
        {
            foreach (var row in block) CsvFiles.WriteRow(csv, row);
        }
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(ours.ToArray()));
        Assert.Equal(["2024-01", "with,comma", RunAggregator.Format(values[4]), RunAggregator.Format(values[5]), "", RunAggregator.Format(values[7])], block[1]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-5.0)]
    [InlineData(300000.0)]
    [InlineData(99999999999999.0)]
    [InlineData(-99999999999999.0)]
    [InlineData(100000000000000.0)]
    [InlineData(1e15)]
    [InlineData(1e16)]
    [InlineData(0.5)]
    [InlineData(123456.789)]
    [InlineData(-1e-300)]
    [InlineData(9007199254740993.0)]
    public void Numbers_are_written_exactly_as_the_round_trip_format(double v)
    {
        Span<byte> buffer = stackalloc byte[32];
        var n = RowBlock.FormatNumber(v, buffer);
        Assert.Equal(RunAggregator.Format(v), Encoding.UTF8.GetString(buffer[..n]));
    }

    [Fact]
    public void Whole_numbers_near_the_fast_path_limit_are_written_as_the_round_trip_format()
    {
        Span<byte> buffer = stackalloc byte[32];
        for (var e = 0; e <= 16; e++)
        {
            foreach (var v in new[] { Math.Pow(10, e), Math.Pow(10, e) - 1, -Math.Pow(10, e), Math.Pow(10, e) + 1 })
            {
                var n = RowBlock.FormatNumber(v, buffer);
                Assert.Equal(RunAggregator.Format(v), Encoding.UTF8.GetString(buffer[..n]));
            }
        }
        var zero = RowBlock.FormatNumber(-0.0, buffer);
        Assert.Equal(RunAggregator.Format(-0.0), Encoding.UTF8.GetString(buffer[..zero]));
    }

    [Fact]
    public void Large_blocks_keep_row_order_across_parallel_chunks()
    {
        var rows = 5000;
        var text = Enumerable.Range(0, rows).Select(r => new[] { "r" + r.ToString(CultureInfo.InvariantCulture) }).ToArray();
        var values = Enumerable.Range(0, rows).Select(r => (double)r).ToArray();
        using var ours = new MemoryStream();
        new RowBlock("2030-12", text, values, 1).WriteCsv(ours);
        var lines = Encoding.UTF8.GetString(ours.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, rows).Select(r => $"2030-12,r{r},{r}"), lines);
    }
}
