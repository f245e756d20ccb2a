using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace KerjasamaGraph.Model.Graph.Import;

/// <summary>
/// Reads a network from CSV tables in Gephi's layout (what <c>export --format csv</c> writes): an edge table with
/// <c>Source</c>, <c>Target</c> and optionally <c>Type</c> (Directed/Undirected), and optionally a node table with
/// <c>Id</c> (without one, nodes are the edge endpoints in order of appearance). Column names are matched
/// case-insensitively. Cells that parse as numbers become numbers, <c>true</c>/<c>false</c> booleans, the rest text.
/// </summary>
public static class CsvNetworkReader
{
    /// <summary>
    /// <paramref name="path"/>: the edge table (X.edges.csv, or any .csv), or the stem X of X.nodes.csv and X.edges.csv.
    /// The node table is X.nodes.csv beside it, or <paramref name="nodesPath"/>.
    /// </summary>
    public static ImportedNetwork Read(string path, string? nodesPath = null)
    {
        string edgesPath;
        if (File.Exists(path)) edgesPath = path;
        else if (File.Exists(path + ".edges.csv")) edgesPath = path + ".edges.csv";
        else throw new GraphInputException($"{path}: not found (give the edge table, or the stem of STEM.nodes.csv and STEM.edges.csv)");
        var stem = edgesPath.EndsWith(".edges.csv", StringComparison.OrdinalIgnoreCase) ? edgesPath[..^10] : null;
        nodesPath ??= stem is not null && File.Exists(stem + ".nodes.csv") ? stem + ".nodes.csv" : null;

        var edgeRows = ReadTable(edgesPath);
        var sourceCol = Column(edgeRows.Header, "Source", edgesPath);
        var targetCol = Column(edgeRows.Header, "Target", edgesPath);
        var typeCol = edgeRows.Header.FindIndex(h => h.Equals("Type", StringComparison.OrdinalIgnoreCase));
        var directed = false;
        if (typeCol >= 0 && edgeRows.Rows.Count > 0)
        {
            var types = edgeRows.Rows.Select(r => r.Cells[typeCol].Trim().ToLowerInvariant()).Distinct().ToList();
            foreach (var (cells, line) in edgeRows.Rows)
            {
                var t = cells[typeCol].Trim().ToLowerInvariant();
                if (t is not ("directed" or "undirected" or ""))
                    throw new GraphInputException($"{edgesPath}:{line}: Type '{cells[typeCol]}' is neither Directed nor Undirected");
            }
            if (types.Contains("directed") && types.Contains("undirected"))
                throw new GraphInputException($"{edgesPath}:{edgeRows.Rows.First(r => r.Cells[typeCol].Trim().ToLowerInvariant() != types[0]).Line}: mixed Directed and Undirected edges are not supported");
            directed = types.Contains("directed");
        }
        var network = new ImportedNetwork { File = edgesPath, Directed = directed };
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (nodesPath is not null)
        {
            var nodeRows = ReadTable(nodesPath);
            var idCol = Column(nodeRows.Header, "Id", nodesPath);
            foreach (var (cells, line) in nodeRows.Rows)
            {
                var id = cells[idCol].Trim();
                if (id.Length == 0) throw new GraphInputException($"{nodesPath}:{line}: empty Id");
                if (!ids.Add(id)) throw new GraphInputException($"{nodesPath}:{line}: duplicate Id '{id}'");
                network.Nodes.Add((id, new ImportedElement(nodesPath, line, Attributes(nodeRows.Header, cells, idCol))));
            }
        }
        foreach (var (cells, line) in edgeRows.Rows)
        {
            var s = cells[sourceCol].Trim();
            var t = cells[targetCol].Trim();
            if (s.Length == 0 || t.Length == 0) throw new GraphInputException($"{edgesPath}:{line}: empty Source or Target");
            foreach (var end in new[] { s, t })
            {
                if (ids.Contains(end)) continue;
                if (nodesPath is not null) throw new GraphInputException($"{edgesPath}:{line}: '{end}' is not an Id in {nodesPath}");
                ids.Add(end);
                network.Nodes.Add((end, new ImportedElement(edgesPath, line, new SortedDictionary<string, object>(StringComparer.Ordinal))));
            }
            network.Edges.Add((s, t, new ImportedElement(edgesPath, line, Attributes(edgeRows.Header, cells, sourceCol, targetCol, typeCol))));
        }
        return network;
    }

    private sealed record Table(List<string> Header, List<(string[] Cells, int Line)> Rows);

    private static Table ReadTable(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true });
        if (!csv.Read()) throw new GraphInputException($"{path}:1: empty file");
        var header = csv.Record!.Select(h => h.Trim()).ToList();
        var rows = new List<(string[], int)>();
        while (csv.Read())
        {
            var record = csv.Record!;
            if (record.Length == 1 && record[0].Length == 0) continue;
            if (record.Length != header.Count) throw new GraphInputException($"{path}:{csv.Row}: {record.Length} fields, the header has {header.Count}");
            rows.Add((record, csv.Row));
        }
        return new Table(header, rows);
    }

    private static int Column(List<string> header, string name, string path)
    {
        var i = header.FindIndex(h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i : throw new GraphInputException($"{path}:1: missing column '{name}' (columns: {string.Join(", ", header)})");
    }

    private static SortedDictionary<string, object> Attributes(List<string> header, string[] cells, params int[] skip)
    {
        var data = new SortedDictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (skip.Contains(i) || cells[i].Length == 0) continue;
            var text = cells[i];
            data[header[i]] = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                : text.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
                : text;
        }
        return data;
    }
}
