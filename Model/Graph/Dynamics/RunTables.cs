using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Graph.Dynamics;

/// <summary>
/// What the graph tools read from a run folder: manifest.json (<c>scenario_path</c>, <c>variant</c>),
/// agreements.csv (<c>month, agreement, state, active_share, ...</c>) and regions.csv (<c>month, region, ...</c> numeric
/// columns; with replications each quantity X appears as X_mean, X_p05, X_p95, and X_mean is read as X).
/// Problems are reported as <c>FILE:LINE: message</c>.
/// </summary>
public sealed class RunTables
{
    public const string ManifestFile = "manifest.json";
    public const string AgreementsFile = "agreements.csv";
    public const string RegionsFile = "regions.csv";

    /// <summary>An agreement counts as active in a month when it is active in at least this share of replications (a majority).</summary>
    public const double ActiveThreshold = 0.5;

    public required string Directory { get; init; }
    /// <summary>The scenario file the run used, resolved against the run folder when relative and not found as given.</summary>
    public required string ScenarioPath { get; init; }
    public string? Variant { get; init; }
    /// <summary>Months of the run, in order.</summary>
    public required IReadOnlyList<YearMonth> Months { get; init; }
    /// <summary>Per month: agreement id → share of replications in which it is active (only agreements at or above <see cref="ActiveThreshold"/>).</summary>
    public required IReadOnlyDictionary<YearMonth, IReadOnlyDictionary<string, double>> Active { get; init; }
    /// <summary>Per month: region id → column → value.</summary>
    public required IReadOnlyDictionary<YearMonth, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> RegionValues { get; init; }
    /// <summary>Numeric region columns (base names), in file order.</summary>
    public required IReadOnlyList<string> RegionColumns { get; init; }

    public static bool IsRunFolder(string path) => System.IO.Directory.Exists(path) && File.Exists(Path.Combine(path, ManifestFile));

    public static RunTables Read(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath)) throw new GraphInputException($"{manifestPath}: not found (a run folder has manifest.json, regions.csv and agreements.csv)");
        string scenarioPath;
        string? variant = null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            if (!doc.RootElement.TryGetProperty("scenario_path", out var sp) || sp.ValueKind != JsonValueKind.String)
                throw new GraphInputException($"{manifestPath}:1: missing \"scenario_path\"");
            scenarioPath = sp.GetString()!;
            if (doc.RootElement.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String) variant = v.GetString();
        }
        catch (JsonException e)
        {
            throw new GraphInputException($"{manifestPath}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}");
        }
        if (!File.Exists(scenarioPath) && !Path.IsPathRooted(scenarioPath))
        {
            var beside = Path.Combine(directory, scenarioPath);
            if (File.Exists(beside)) scenarioPath = beside;
        }

        var months = new SortedSet<YearMonth>();
        var active = new Dictionary<YearMonth, Dictionary<string, double>>();
        var agreementsPath = Path.Combine(directory, AgreementsFile);
        ReadCsv(agreementsPath, (header, row, line) =>
        {
            var month = Month(agreementsPath, line, row[Column(header, "month", agreementsPath)]);
            months.Add(month);
            var id = row[Column(header, "agreement", agreementsPath)];
            double share;
            if (header.TryGetValue("active_share", out var shareColumn))
            {
                if (!double.TryParse(row[shareColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out share) || share is < 0 or > 1)
                    throw new GraphInputException($"{agreementsPath}:{line}: active_share '{row[shareColumn]}' is not a number between 0 and 1");
            }
            else
            {
                share = row[Column(header, "state", agreementsPath)] == "active" ? 1 : 0;
            }
            if (!active.TryGetValue(month, out var set)) active[month] = set = new Dictionary<string, double>(StringComparer.Ordinal);
            if (share >= ActiveThreshold) set[id] = share;
        });

        var values = new Dictionary<YearMonth, Dictionary<string, IReadOnlyDictionary<string, double>>>();
        var regionColumns = new List<string>();
        var regionsPath = Path.Combine(directory, RegionsFile);
        if (File.Exists(regionsPath))
        {
            List<(int Index, string Name)>? numeric = null;
            ReadCsv(regionsPath, (header, row, line) =>
            {
                numeric ??= NumericColumns(header, regionColumns);
                var month = Month(regionsPath, line, row[Column(header, "month", regionsPath)]);
                months.Add(month);
                var region = row[Column(header, "region", regionsPath)];
                var data = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (index, name) in numeric)
                {
                    var text = row[index];
                    if (text.Length == 0) continue;
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
                        throw new GraphInputException($"{regionsPath}:{line}: column {name}: '{text}' is not a number");
                    data[name] = x;
                }
                if (!values.TryGetValue(month, out var byRegion)) values[month] = byRegion = new(StringComparer.Ordinal);
                byRegion[region] = data;
            });
        }
        return new RunTables
        {
            Directory = directory,
            ScenarioPath = scenarioPath,
            Variant = variant,
            Months = months.ToList(),
            Active = months.ToDictionary(m => m, m => (IReadOnlyDictionary<string, double>)(active.GetValueOrDefault(m) ?? new Dictionary<string, double>())),
            RegionValues = values.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>)kv.Value),
            RegionColumns = regionColumns,
        };
    }

    /// <summary>Columns other than month and region; X_mean is read as X, X_p05 and X_p95 are skipped.</summary>
    private static List<(int, string)> NumericColumns(Dictionary<string, int> header, List<string> names)
    {
        var result = new List<(int, string)>();
        foreach (var (name, index) in header.OrderBy(kv => kv.Value))
        {
            if (name is "month" or "region" || name.EndsWith("_p05", StringComparison.Ordinal) || name.EndsWith("_p95", StringComparison.Ordinal)) continue;
            var baseName = name.EndsWith("_mean", StringComparison.Ordinal) ? name[..^5] : name;
            result.Add((index, baseName));
            names.Add(baseName);
        }
        return result;
    }

    private static YearMonth Month(string file, int line, string text) =>
        YearMonth.TryParse(text, out var m) ? m : throw new GraphInputException($"{file}:{line}: month '{text}' is not YYYY-MM");

    private static int Column(Dictionary<string, int> header, string name, string file) =>
        header.TryGetValue(name, out var i) ? i : throw new GraphInputException($"{file}:1: missing column '{name}'");

    private static void ReadCsv(string path, Action<Dictionary<string, int>, string[], int> row)
    {
        if (!File.Exists(path)) throw new GraphInputException($"{path}: not found");
        using var reader = new StreamReader(path);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        if (!csv.Read()) throw new GraphInputException($"{path}:1: empty file");
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < csv.Record!.Length; i++) header[csv.Record[i]] = i;
        while (csv.Read())
        {
            var record = csv.Record!;
            var line = csv.Row;
            if (record.Length != header.Count)
                throw new GraphInputException($"{path}:{line}: {record.Length} fields, the header has {header.Count}");
            row(header, record, line);
        }
    }
}
