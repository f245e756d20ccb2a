using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Outputs;

/// <summary>
/// The cluster a run used (<c>--connect</c>): how it was reached, the silos active when the run started, and each
/// recovery from a silo's death (the run was run again on the surviving silos).
/// </summary>
public sealed record RunCluster(
    [property: JsonPropertyName("connect")] string Connect,
    [property: JsonPropertyName("silos")] IReadOnlyList<string> Silos)
{
    [JsonPropertyName("recoveries")] public List<RunRecovery> Recoveries { get; } = [];
}

/// <summary>A silo that died under a run: which, how far the run had come (months done), and what the run saw.</summary>
public sealed record RunRecovery(
    [property: JsonPropertyName("lost_silos")] IReadOnlyList<string> LostSilos,
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("months_done")] int? MonthsDone,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("rerun_from_month")] int RerunFromMonth);

/// <summary>What a run folder's manifest.json records, so that a result can be traced and reproduced.</summary>
public sealed record RunManifest
{
    [JsonPropertyName("scenario_path")] public required string ScenarioPath { get; init; }
    [JsonPropertyName("scenario_name")] public required string ScenarioName { get; init; }
    [JsonPropertyName("scenario_hash")] public required string ScenarioHash { get; init; }
    [JsonPropertyName("variant")] public string? Variant { get; init; }
    [JsonPropertyName("start")] public required string Start { get; init; }
    [JsonPropertyName("months")] public required int Months { get; init; }
    [JsonPropertyName("seed")] public required ulong Seed { get; init; }
    [JsonPropertyName("replications")] public required int Replications { get; init; }
    [JsonPropertyName("engine")] public required string Engine { get; init; }
    [JsonPropertyName("silos")] public required int Silos { get; init; }
    [JsonPropertyName("cluster")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RunCluster? Cluster { get; init; }
    [JsonPropertyName("program_version")] public required string ProgramVersion { get; init; }
    [JsonPropertyName("command")] public required string Command { get; init; }
    [JsonPropertyName("started_utc")] public required string StartedUtc { get; init; }
    [JsonPropertyName("wall_time_seconds")] public required double WallTimeSeconds { get; init; }
    [JsonPropertyName("files")] public required IReadOnlyList<string> Files { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}

/// <summary>
/// Writes a run folder: regions.csv, agreements.csv, summary.csv and, last, manifest.json.
/// Everything is written into a hidden sibling folder (<c>.NAME.incomplete</c>) that is renamed to NAME only
/// once complete, so a failed or interrupted run never leaves a folder that looks complete, and an existing
/// folder is never overwritten.
/// </summary>
public sealed class RunWriter : IDisposable
{
    public const string RegionsFile = "regions.csv";
    public const string AgreementsFile = "agreements.csv";
    public const string SummaryFile = "summary.csv";
    public const string ManifestFile = "manifest.json";

    private readonly string _finalDirectory;
    private readonly string _workDirectory;
    private readonly CsvWriter[] _writers;
    private bool _completed;

    public string FinalDirectory => _finalDirectory;

    private RunWriter(string finalDirectory, RunHeaders headers)
    {
        _finalDirectory = Path.GetFullPath(finalDirectory);
        var parent = Path.GetDirectoryName(_finalDirectory) ?? ".";
        Directory.CreateDirectory(parent);
        _workDirectory = Path.Combine(parent, "." + Path.GetFileName(_finalDirectory) + ".incomplete-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_workDirectory);
        _writers =
        [
            Open(RegionsFile, headers.Regions),
            Open(AgreementsFile, headers.Agreements),
            Open(SummaryFile, headers.Summary),
        ];
    }

    /// <summary>Starts a run folder. Fails with <see cref="IOException"/> when the folder already exists.</summary>
    public static RunWriter Begin(string finalDirectory, RunHeaders headers)
    {
        if (Directory.Exists(finalDirectory) || File.Exists(finalDirectory))
        {
            throw new IOException($"{finalDirectory}: output folder already exists; runs never overwrite earlier results (choose another --out)");
        }
        return new RunWriter(finalDirectory, headers);
    }

    /// <summary>A new folder name under <paramref name="root"/>: NAME-YYYYMMDD-HHMMSS, with -2, -3… if taken.</summary>
    public static string UniqueFolder(string root, string name, DateTime utcNow)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-');
        if (safe.Length == 0) safe = "run";
        var stem = Path.Combine(root, $"{safe}-{utcNow:yyyyMMdd-HHmmss}");
        var candidate = stem;
        for (var n = 2; Directory.Exists(candidate) || File.Exists(candidate); n++) candidate = $"{stem}-{n}";
        return candidate;
    }

    private CsvWriter Open(string file, string[] header) => CsvFiles.Open(Path.Combine(_workDirectory, file), header);

    public void Write(MonthRows rows)
    {
        WriteRows(_writers[0], rows.Regions);
        WriteRows(_writers[1], rows.Agreements);
        WriteRows(_writers[2], [rows.Summary]);
    }

    private static void WriteRows(CsvWriter csv, string[][] rows)
    {
        foreach (var row in rows) CsvFiles.WriteRow(csv, row);
    }

    /// <summary>Closes the tables, writes manifest.json and publishes the folder under its final name.</summary>
    public void Complete(Func<IReadOnlyList<string>, RunManifest> manifest)
    {
        foreach (var w in _writers) w.Dispose();
        var files = new[] { RegionsFile, AgreementsFile, SummaryFile, ManifestFile };
        var json = JsonSerializer.Serialize(manifest(files), RunManifest.JsonOptions);
        File.WriteAllText(Path.Combine(_workDirectory, ManifestFile), json + "\n", new UTF8Encoding(false));
        if (Directory.Exists(_finalDirectory)) throw new IOException($"{_finalDirectory}: output folder appeared while the run was writing; results left in {_workDirectory}");
        Directory.Move(_workDirectory, _finalDirectory);
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed) return;
        foreach (var w in _writers)
        {
            try { w.Dispose(); } catch (IOException) { }
        }
        try { Directory.Delete(_workDirectory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
