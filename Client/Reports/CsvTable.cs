using System.Globalization;
using CsvHelper;

namespace KerjasamaGraph.Client.Reports;

/// <summary>A results table read back from a run folder, with access by column name.</summary>
public sealed class CsvTable
{
    public string Path { get; }
    public string[] Header { get; }
    public List<string[]> Rows { get; }

    private CsvTable(string path, string[] header, List<string[]> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
    }

    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new Commands.InputException($"{path}: file not found");
        using var reader = new CsvReader(new StreamReader(path), CultureInfo.InvariantCulture);
        if (!reader.Read() || !reader.ReadHeader()) throw new Commands.InputException($"{path}:1:1: empty table");
        var header = reader.HeaderRecord!;
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[header.Length];
            for (var i = 0; i < header.Length; i++) row[i] = reader.GetField(i) ?? "";
            rows.Add(row);
        }
        return new CsvTable(path, header, rows);
    }

    public bool Has(string column) => Array.IndexOf(Header, column) >= 0 || Array.IndexOf(Header, column + "_mean") >= 0;

    public int Column(string column)
    {
        var i = Array.IndexOf(Header, column);
        if (i < 0) i = Array.IndexOf(Header, column + "_mean");
        if (i < 0) throw new Commands.InputException($"{Path}:1:1: no column '{column}'");
        return i;
    }

    public string Text(string[] row, string column) => row[Column(column)];

    /// <summary>The value of a column (its _mean with several replications); NaN where blank.</summary>
    public double Number(string[] row, string column)
    {
        var i = Column(column);
        var cell = row[i];
        if (cell.Length == 0) return double.NaN;
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new Commands.InputException($"{Path}:{Rows.IndexOf(row) + 2}:{i + 1}: {Header[i]}: '{cell}' is not a number");
        }
        return v;
    }

    /// <summary>The mean and 5th–95th percentile band of a column (all three equal with one replication).</summary>
    public (double Mean, double P05, double P95) Band(string[] row, string column)
    {
        var mean = Number(row, column);
        if (Array.IndexOf(Header, column + "_p05") < 0) return (mean, mean, mean);
        return (mean, double.Parse(Text(row, column + "_p05") is { Length: > 0 } lo ? lo : "NaN", CultureInfo.InvariantCulture),
            double.Parse(Text(row, column + "_p95") is { Length: > 0 } hi ? hi : "NaN", CultureInfo.InvariantCulture));
    }
}
