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

/// <summary>
/// A silo that died under a run: which, how far the run had come (months done), what the run saw, and the checkpoint the
/// run went on from on the surviving silos (months done at that checkpoint; 0: it was run again from the start).
/// </summary>
public sealed record RunRecovery(
    [property: JsonPropertyName("lost_silos")] IReadOnlyList<string> LostSilos,
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("months_done")] int? MonthsDone,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("restored_from_tick")] int RestoredFromTick);

/// <summary>Where a run's checkpoints are, which months they hold and the seconds the run waited for them (details in the folder's checkpoints.json).</summary>
public sealed record RunCheckpoints(
    [property: JsonPropertyName("every_months")] int Every,
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("months")] IReadOnlyList<string> Months,
    [property: JsonPropertyName("seconds")] double Seconds);

/// <summary>A resumption of an interrupted run: from which checkpoint (months done), and when.</summary>
public sealed record RunResumption(
    [property: JsonPropertyName("from_tick")] int FromTick,
    [property: JsonPropertyName("resumed_utc")] string ResumedUtc);

/// <summary>The run a fork continues: its folder, the checkpoint (months done) and the first month the fork simulated itself.</summary>
public sealed record RunFork(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("tick")] int Tick,
    [property: JsonPropertyName("at")] string At);

/// <summary>
/// Where a run folder's three tables stood at a checkpoint: their lengths in bytes and, for Parquet, each file's footer
/// then (appending writes over the footer, so cutting a table back writes it again); empty footers for CSV.
/// </summary>
public sealed record TableMark(long[] Lengths, byte[][] Footers);

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
    /// <summary>Checkpoints the run left (<c>--checkpoint-every</c>, or on a cluster), listed in checkpoints.json.</summary>
    [JsonPropertyName("checkpoints")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RunCheckpoints? Checkpoints { get; init; }
    /// <summary>Times the run was interrupted and resumed from a checkpoint (<c>run --resume</c>).</summary>
    [JsonPropertyName("resumed")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<RunResumption>? Resumed { get; init; }
    /// <summary>The run this one was forked from (<c>run --from DIR --at YYYY-MM</c>): its months before the fork are that run's.</summary>
    [JsonPropertyName("forked_from")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RunFork? ForkedFrom { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}

/// <summary>
/// Writes a run folder: regions.csv, agreements.csv, summary.csv and, last, manifest.json.
/// Everything is written into a hidden sibling folder (<c>.NAME.incomplete…</c>) that is renamed to NAME only
/// once complete, so a failed or interrupted run never leaves a folder that looks complete, and an existing
/// folder is never overwritten. A checkpointed run (<see cref="BeginAsync"/> with <c>resumable</c>) writes into
/// <c>.NAME.incomplete</c> exactly (<see cref="IncompleteFolder"/>), which survives an interruption so that the run can be
/// resumed: <see cref="MarkAsync"/> makes the tables whole up to the current month and returns their lengths,
/// <see cref="RollBackAsync"/> cuts them back to such a mark, and <see cref="ReopenAsync"/> opens them again.
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
    private bool _keep;

    public string FinalDirectory => _finalDirectory;
    /// <summary>The hidden folder the tables are written to until <see cref="Complete"/> renames it.</summary>
    public string WorkDirectory => _workDirectory;
    /// <summary>The table files of the folder, in the order of <see cref="MarkAsync"/>'s lengths.</summary>
    public IReadOnlyList<string> TableFiles => _names;

    private RunWriter(string finalDirectory, OutputFormat format, string? workDirectory = null, bool create = true)
    {
        _finalDirectory = Path.GetFullPath(finalDirectory);
        _format = format;
        _workDirectory = workDirectory ?? Path.Combine(ParentOf(_finalDirectory), "." + Path.GetFileName(_finalDirectory) + ".incomplete-" + Guid.NewGuid().ToString("N")[..8]);
        if (create)
        {
            Directory.CreateDirectory(ParentOf(_finalDirectory));
            Directory.CreateDirectory(_workDirectory);
        }
        _names = TableNames(format);
        if (format == OutputFormat.Parquet) _tables = new ParquetTable?[3];
        if (format == OutputFormat.Csv) _files = new Stream[3];
    }

    private static string ParentOf(string fullPath) => Path.GetDirectoryName(fullPath) ?? ".";

    /// <summary>The table files of a run folder in <paramref name="format"/>: regions, agreements, summary.</summary>
    public static string[] TableNames(OutputFormat format) => format == OutputFormat.Csv
        ? [RegionsFile, AgreementsFile, SummaryFile]
        : [Path.ChangeExtension(RegionsFile, ".parquet"), Path.ChangeExtension(AgreementsFile, ".parquet"), Path.ChangeExtension(SummaryFile, ".parquet")];

    /// <summary>The hidden folder a checkpointed run writes <paramref name="finalDirectory"/> into until it is complete.</summary>
    public static string IncompleteFolder(string finalDirectory)
    {
        var full = Path.GetFullPath(finalDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        return Path.Combine(ParentOf(full), "." + Path.GetFileName(full) + ".incomplete");
    }

    /// <summary>Starts a run folder of CSV tables. Fails with <see cref="IOException"/> when the folder already exists.</summary>
    public static RunWriter Begin(string finalDirectory, RunHeaders headers)
    {
        CheckFree(finalDirectory);
        var writer = new RunWriter(finalDirectory, OutputFormat.Csv);
        writer.OpenCsv(headers);
        return writer;
    }

    /// <summary>
    /// Starts a run folder whose tables are in <paramref name="format"/>. Fails with <see cref="IOException"/> when the folder
    /// already exists. <paramref name="resumable"/>: write into <see cref="IncompleteFolder"/>, which must not exist either (an
    /// interrupted run of the same folder is resumed, not overwritten).
    /// </summary>
    public static async Task<RunWriter> BeginAsync(string finalDirectory, RunHeaders headers, OutputFormat format, CancellationToken cancellationToken = default, bool resumable = false)
    {
        CheckFree(finalDirectory, resumable);
        var writer = new RunWriter(finalDirectory, format, resumable ? IncompleteFolder(finalDirectory) : null);
        try
        {
            if (format == OutputFormat.Csv) writer.OpenCsv(headers);
            else
            {
                string[][] columns = [headers.Regions, headers.Agreements, headers.Summary];
                for (var t = 0; t < 3; t++) writer._tables[t] = await ParquetTable.CreateAsync(Path.Combine(writer._workDirectory, writer._names[t]), columns[t], TextColumns[t], cancellationToken);
            }
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the tables of an interrupted run's folder <paramref name="workDirectory"/> again, cut back to
    /// <paramref name="mark"/> (a <see cref="MarkAsync"/> of that run), to go on writing after it.
    /// </summary>
    public static async Task<RunWriter> ReopenAsync(string workDirectory, string finalDirectory, RunHeaders headers, OutputFormat format, TableMark mark,
        CancellationToken cancellationToken = default)
    {
        CheckFree(finalDirectory);
        var writer = new RunWriter(finalDirectory, format, Path.GetFullPath(workDirectory), create: false);
        try
        {
            await writer.OpenAtMarkAsync(headers, mark, cancellationToken);
            return writer;
        }
        catch
        {
            // The folder holds the interrupted run: close what was opened, delete nothing.
            writer.Keep();
            writer.Dispose();
            throw;
        }
    }

    private async Task OpenAtMarkAsync(RunHeaders headers, TableMark mark, CancellationToken cancellationToken)
    {
        string[][] columns = [headers.Regions, headers.Agreements, headers.Summary];
        var lengths = mark.Lengths;
        for (var t = 0; t < 3; t++)
        {
            var path = Path.Combine(_workDirectory, _names[t]);
            if (!File.Exists(path)) throw new IOException($"{path}: table of the interrupted run is missing; the run cannot be resumed");
            // A Parquet table's footer at the mark may have been written over since (or not copied): it is written again.
            if (new FileInfo(path).Length < lengths[t] - mark.Footers[t].Length) throw new IOException($"{path}: {new FileInfo(path).Length} bytes, shorter than at the checkpoint ({lengths[t]}); the run cannot be resumed");
            if (_format == OutputFormat.Csv)
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, 1 << 20);
                stream.SetLength(lengths[t]);
                stream.Seek(0, SeekOrigin.End);
                _files[t] = stream;
            }
            else _tables[t] = await ParquetTable.AppendAsync(path, columns[t], TextColumns[t], lengths[t], mark.Footers[t], cancellationToken);
        }
    }

    // Text columns of the Parquet tables: month and region; month, agreement, type, legal_form, owner and state; month.
    private static readonly int[] TextColumns = [2, AgreementTextColumns, 1];

    /// <summary>Text columns of the agreements table: month, agreement, type, legal_form, owner and state.</summary>
    internal const int AgreementTextColumns = 6;

    private void OpenCsv(RunHeaders headers)
    {
        _files[0] = Open(RegionsFile, headers.Regions);
        _files[1] = Open(AgreementsFile, headers.Agreements);
        _files[2] = Open(SummaryFile, headers.Summary);
    }

    private static void CheckFree(string finalDirectory, bool resumable = false)
    {
        if (FolderTaken(finalDirectory, resumable) is { } problem) throw new IOException(problem);
    }

    /// <summary>
    /// Why a run cannot be written to <paramref name="finalDirectory"/>, or null: the folder exists (runs never overwrite
    /// earlier results), or, with <paramref name="resumable"/>, an interrupted run of it waits in <see cref="IncompleteFolder"/>.
    /// </summary>
    public static string? FolderTaken(string finalDirectory, bool resumable)
    {
        if (Directory.Exists(finalDirectory) || File.Exists(finalDirectory))
        {
            return $"{finalDirectory}: output folder already exists; runs never overwrite earlier results (choose another --out)";
        }
        var work = IncompleteFolder(finalDirectory);
        return resumable && (Directory.Exists(work) || File.Exists(work))
            ? $"{work}: an interrupted run of {finalDirectory} is there; finish it (kerjasama run --resume {finalDirectory}) or delete that folder"
            : null;
    }

    /// <summary>A new folder name under <paramref name="root"/>: NAME-YYYYMMDD-HHMMSS, with -2, -3… if taken.</summary>
    public static string UniqueFolder(string root, string name, DateTime utcNow)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-');
        if (safe.Length == 0) safe = "run";
        var stem = Path.Combine(root, $"{safe}-{utcNow:yyyyMMdd-HHmmss}");
        var candidate = stem;
        for (var n = 2; Directory.Exists(candidate) || File.Exists(candidate) || Directory.Exists(IncompleteFolder(candidate)); n++) candidate = $"{stem}-{n}";
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
        // The two tables are separate files with their own writers: their row groups are encoded and compressed at the
        // same time, and both are written before this returns (a failure of either is thrown once both have stopped).
        await Task.WhenAll(
            Task.Run(() => _tables[0]!.WriteAsync(rows.Regions, cancellationToken), cancellationToken),
            _tables[1]!.WriteAsync(rows.Agreements, cancellationToken));
        _tables[2]!.Add(rows.Summary);
    }

    /// <summary>
    /// Makes the tables whole files up to the rows written so far (CSV flushed; Parquet files closed with their footer and
    /// reopened to append) and returns where they stand: cutting the files back to this mark gives valid tables of exactly
    /// those rows (<see cref="RollBackAsync"/>, <see cref="ReopenAsync"/>).
    /// </summary>
    public async Task<TableMark> MarkAsync(CancellationToken cancellationToken = default)
    {
        var lengths = new long[3];
        var footers = new byte[3][];
        for (var t = 0; t < 3; t++)
        {
            if (_format == OutputFormat.Csv)
            {
                await _files[t].FlushAsync(cancellationToken);
                lengths[t] = _files[t].Length;
                footers[t] = [];
            }
            else (lengths[t], footers[t]) = await _tables[t]!.MarkAsync(cancellationToken);
        }
        return new TableMark(lengths, footers);
    }

    /// <summary>Cuts the tables back to a <see cref="MarkAsync"/> (the rows written after it are dropped) and goes on writing from there.</summary>
    public async Task RollBackAsync(TableMark mark, CancellationToken cancellationToken = default)
    {
        for (var t = 0; t < 3; t++)
        {
            if (_format == OutputFormat.Csv)
            {
                await _files[t].FlushAsync(cancellationToken);
                _files[t].SetLength(mark.Lengths[t]);
                _files[t].Seek(0, SeekOrigin.End);
            }
            else await _tables[t]!.RollBackAsync(mark.Lengths[t], mark.Footers[t], cancellationToken);
        }
    }

    /// <summary>Closes the tables without publishing or deleting the folder (an interrupted checkpointed run, to be resumed).</summary>
    public void Keep() => _keep = true;

    /// <summary>Closes CSV tables, writes manifest.json and publishes the folder under its final name.</summary>
    public void Complete(Func<IReadOnlyList<string>, RunManifest> manifest)
    {
        if (_format != OutputFormat.Csv) throw new InvalidOperationException("Parquet tables are completed with CompleteAsync");
        foreach (var f in _files) f.Dispose();
        Publish(manifest);
    }

    /// <summary>Closes the tables, writes manifest.json and publishes the folder under its final name.</summary>
    public async Task CompleteAsync(Func<IReadOnlyList<string>, RunManifest> manifest, IEnumerable<string>? extraFiles = null)
    {
        foreach (var f in _files) await f.DisposeAsync();
        for (var t = 0; t < _tables.Length; t++)
        {
            if (_tables[t] is { } table) await table.DisposeAsync();
            _tables[t] = null;
        }
        Publish(manifest, extraFiles);
    }

    private void Publish(Func<IReadOnlyList<string>, RunManifest> manifest, IEnumerable<string>? extraFiles = null)
    {
        var files = _names.Concat(extraFiles ?? []).Append(ManifestFile).ToArray();
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
            try { f?.Dispose(); } catch (IOException) { }
        }
        foreach (var t in _tables)
        {
            try { t?.Abandon(); } catch (IOException) { }
        }
        _completed = true;
        if (_keep) return;
        try { Directory.Delete(_workDirectory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
