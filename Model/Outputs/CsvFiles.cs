using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace KerjasamaGraph.Model.Outputs;

/// <summary>The one way output tables are written: UTF-8 without BOM, "\n" line ends, RFC 4180 quoting (CsvHelper).</summary>
public static class CsvFiles
{
    public static CsvWriter Open(string path, IEnumerable<string> header, bool append = false)
    {
        var stream = new StreamWriter(path, append, new UTF8Encoding(false)) { NewLine = "\n" };
        var csv = new CsvWriter(stream, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" });
        if (header.Any())
        {
            WriteRow(csv, header);
        }
        return csv;
    }

    public static void WriteRow(CsvWriter csv, IEnumerable<string> fields)
    {
        foreach (var f in fields) csv.WriteField(f);
        csv.NextRecord();
    }

    public static void Write(string path, IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        using var csv = Open(path, header);
        foreach (var row in rows) WriteRow(csv, row);
    }
}
