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
    private readonly OutputFormat _format;
    private readonly Stream[] _files = [];
    private readonly ParquetTable?[] _tables = [];
    private readonly string[] _names;
    private bool _completed;

    public string FinalDirectory => _finalDirectory;

    private RunWriter(string finalDirectory, OutputFormat format)
    {
        _finalDirectory = Path.GetFullPath(finalDirectory);
        _format = format;
        var parent = Path.GetDirectoryName(_finalDirectory) ?? ".";
        Directory.CreateDirectory(parent);
        _workDirectory = Path.Combine(parent, "." + Path.GetFileName(_finalDirectory) + ".incomplete-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_workDirectory);
        _names = format == OutputFormat.Csv
            ? [RegionsFile, AgreementsFile, SummaryFile]
            : [Path.ChangeExtension(RegionsFile, ".parquet"), Path.ChangeExtension(AgreementsFile, ".parquet"), Path.ChangeExtension(SummaryFile, ".parquet")];
        if (format == OutputFormat.Parquet) _tables = new ParquetTable?[3];
    }

    private RunWriter(string finalDirectory, RunHeaders headers) : this(finalDirectory, OutputFormat.Csv)
    {
        _files =
        [
            Open(RegionsFile, headers.Regions),
            Open(AgreementsFile, headers.Agreements),
            Open(SummaryFile, headers.Summary),
        ];
    }

    /// <summary>Starts a run folder of CSV tables. Fails with <see cref="IOException"/> when the folder already exists.</summary>
    public static RunWriter Begin(string finalDirectory, RunHeaders headers)
    {
        CheckFree(finalDirectory);
        return new RunWriter(finalDirectory, headers);
    }

    /// <summary>Starts a run folder whose tables are in <paramref name="format"/>. Fails with <see cref="IOException"/> when the folder already exists.</summary>
    public static async Task<RunWriter> BeginAsync(string finalDirectory, RunHeaders headers, OutputFormat format, CancellationToken cancellationToken = default)
    {
        CheckFree(finalDirectory);
        if (format == OutputFormat.Csv) return new RunWriter(finalDirectory, headers);
        var writer = new RunWriter(finalDirectory, format);
        try
        {
            // Text columns: month and region; month, agreement, type, legal_form, owner and state; month.
            int[] texts = [2, 6, 1];
            string[][] columns = [headers.Regions, headers.Agreements, headers.Summary];
            for (var t = 0; t < 3; t++) writer._tables[t] = await ParquetTable.CreateAsync(Path.Combine(writer._workDirectory, writer._names[t]), columns[t], texts[t], cancellationToken);
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    private static void CheckFree(string finalDirectory)
    {
        if (Directory.Exists(finalDirectory) || File.Exists(finalDirectory))
        {
            throw new IOException($"{finalDirectory}: output folder already exists; runs never overwrite earlier results (choose another --out)");
        }
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

    /// <summary>A table file: UTF-8 without BOM, "\n" line ends, CsvHelper's quoting (<see cref="CsvText"/>), written through a 1 MiB buffer.</summary>
    private Stream Open(string file, string[] header)
    {
        var stream = new FileStream(Path.Combine(_workDirectory, file), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 20);
        CsvText.WriteRow(stream, header);
        return stream;
    }

    /// <summary>Appends one month's rows to CSV tables; nothing of the month is kept once this returns.</summary>
    public void Write(MonthRows rows)
    {
        if (_format != OutputFormat.Csv) throw new InvalidOperationException("Parquet tables are written with WriteAsync");
        rows.Regions.WriteCsv(_files[0]);
        rows.Agreements.WriteCsv(_files[1]);
        CsvText.WriteRow(_files[2], rows.Summary);
    }

    /// <summary>Appends one month's rows to the tables (CSV or Parquet); nothing of the month is kept once this returns.</summary>
    public async Task WriteAsync(MonthRows rows, CancellationToken cancellationToken = default)
    {
        if (_format == OutputFormat.Csv)
        {
            Write(rows);
            return;
        }
        await _tables[0]!.WriteAsync(rows.Regions, cancellationToken);
        await _tables[1]!.WriteAsync(rows.Agreements, cancellationToken);
        _tables[2]!.Add(rows.Summary);
    }

    /// <summary>Closes CSV tables, writes manifest.json and publishes the folder under its final name.</summary>
    public void Complete(Func<IReadOnlyList<string>, RunManifest> manifest)
    {
        if (_format != OutputFormat.Csv) throw new InvalidOperationException("Parquet tables are completed with CompleteAsync");
        foreach (var f in _files) f.Dispose();
        Publish(manifest);
    }

    /// <summary>Closes the tables, writes manifest.json and publishes the folder under its final name.</summary>
    public async Task CompleteAsync(Func<IReadOnlyList<string>, RunManifest> manifest)
    {
        foreach (var f in _files) await f.DisposeAsync();
        for (var t = 0; t < _tables.Length; t++)
        {
            if (_tables[t] is { } table) await table.DisposeAsync();
            _tables[t] = null;
        }
        Publish(manifest);
    }

    private void Publish(Func<IReadOnlyList<string>, RunManifest> manifest)
    {
        var files = _names.Append(ManifestFile).ToArray();
        var json = JsonSerializer.Serialize(manifest(files), RunManifest.JsonOptions);
        File.WriteAllText(Path.Combine(_workDirectory, ManifestFile), json + "\n", new UTF8Encoding(false));
        if (Directory.Exists(_finalDirectory)) throw new IOException($"{_finalDirectory}: output folder appeared while the run was writing; results left in {_workDirectory}");
        Directory.Move(_workDirectory, _finalDirectory);
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed) return;
        foreach (var f in _files)
        {
            try { f.Dispose(); } catch (IOException) { }
        }
        foreach (var t in _tables)
        {
            try { t?.Abandon(); } catch (IOException) { }
        }
        try { Directory.Delete(_workDirectory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
