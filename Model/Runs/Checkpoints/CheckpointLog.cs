using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using KerjasamaGraph.Model.Outputs;

namespace KerjasamaGraph.Model.Runs.Checkpoints;

/// <summary>
/// A run folder's <c>checkpoints.json</c>: what a checkpointed run needs to be resumed (<c>kerjasama run --resume DIR</c>) or
/// forked (<c>kerjasama run FILE --variant V --from DIR --at YYYY-MM</c>): the scenario and run settings it was started
/// with, where its checkpoints are stored, and for each checkpoint the month it was taken after and the lengths of the
/// tables at that moment (cutting the tables back to them gives exactly the rows of the months before). A checkpoint is
/// listed only once its blob is saved, and the file is replaced whole (written to a temporary file, then renamed), so an
/// interruption at any moment leaves a log whose every entry can be resumed from.
/// </summary>
public sealed record CheckpointLog
{
    public const string FileName = "checkpoints.json";
    public const int CurrentFormat = 1;

    [JsonPropertyName("format")] public int Format { get; init; } = CurrentFormat;
    /// <summary>The id the checkpoints are stored under (letters, digits, '-' and '_').</summary>
    [JsonPropertyName("run_id")] public required string RunId { get; init; }
    /// <summary>"folder" (the run folder's checkpoints/) or "redis://HOST:PORT" (the cluster's Redis).</summary>
    [JsonPropertyName("store")] public required string Store { get; init; }
    [JsonPropertyName("every_months")] public required int Every { get; init; }
    /// <summary>The scenario file as an absolute path (resuming reads it again).</summary>
    [JsonPropertyName("scenario_file")] public required string ScenarioFile { get; init; }
    /// <summary>The scenario as the user named it (for the manifest).</summary>
    [JsonPropertyName("scenario_path")] public required string ScenarioPath { get; init; }
    /// <summary>SHA-256 of the scenario file's bytes when the run started; resuming refuses a changed file.</summary>
    [JsonPropertyName("scenario_file_hash")] public required string ScenarioFileHash { get; init; }
    [JsonPropertyName("variant")] public string? Variant { get; init; }
    /// <summary>
    /// The variants the scenario file declared when the run started (<see cref="VariantDescriptions"/>: their descriptions):
    /// the only part of the file a branch lets change afterwards, so that a variant to branch may be added to the file after
    /// its baseline ran (the baseline resolved again, these restored, must still be the one checkpointed). Absent in logs
    /// of older runs, which then need the file unchanged.
    /// </summary>
    [JsonPropertyName("variant_names")] public IReadOnlyList<string>? VariantNames { get; init; }
    [JsonPropertyName("variant_descriptions")] public IReadOnlyDictionary<string, string>? VariantDescriptions { get; init; }
    [JsonPropertyName("start")] public required string Start { get; init; }
    [JsonPropertyName("months")] public required int Months { get; init; }
    [JsonPropertyName("seed")] public required ulong Seed { get; init; }
    [JsonPropertyName("replications")] public required int Replications { get; init; }
    /// <summary>"csv" or "parquet".</summary>
    [JsonPropertyName("table_format")] public required string TableFormat { get; init; }
    [JsonPropertyName("command")] public required string Command { get; init; }
    [JsonPropertyName("started_utc")] public required string StartedUtc { get; init; }
    /// <summary>Table lengths right after the header (tick 0): where a run without any checkpoint yet starts again.</summary>
    [JsonPropertyName("tables_at_start")] public required TableState TablesAtStart { get; init; }
    [JsonPropertyName("checkpoints")] public List<CheckpointEntry> Checkpoints { get; init; } = [];
    [JsonPropertyName("resumed")] public List<RunResumption> Resumed { get; init; } = [];
    [JsonPropertyName("forked_from")] public RunFork? ForkedFrom { get; init; }
    /// <summary>Seconds the run waited for its checkpoints so far (capturing them, and saves still under way when the next one or the end came).</summary>
    [JsonPropertyName("checkpoint_seconds")] public double CheckpointSeconds { get; set; }

    public OutputFormat OutputFormat => TableFormat == "parquet" ? OutputFormat.Parquet : OutputFormat.Csv;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>Replaces <c>FOLDER/checkpoints.json</c> whole.</summary>
    public void Save(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var temporary = Path.Combine(folder, $".{FileName}.{Guid.NewGuid():N}");
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options) + "\n", new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads <c>FOLDER/checkpoints.json</c>; <see cref="InvalidDataException"/> with one line when it is missing or not one.</summary>
    public static CheckpointLog Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: not there; the run was not checkpointed (run it with --checkpoint-every K)");
        CheckpointLog? log;
        try
        {
            log = JsonSerializer.Deserialize<CheckpointLog>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: not a checkpoint log ({e.Message.Split('.')[0]})");
        }
        if (log is null) throw new InvalidDataException($"{path}: empty checkpoint log");
        if (log.Format != CurrentFormat) throw new InvalidDataException($"{path}: checkpoint log format {log.Format}; this program reads format {CurrentFormat}");
        if (!log.TablesAtStart.Valid || log.Checkpoints.Any(c => c.Tables is not { Valid: true }))
        {
            throw new InvalidDataException($"{path}: table lengths and footers must list 3 tables");
        }
        return log;
    }

    /// <summary>The calendar month simulated last before a checkpoint taken after <paramref name="tick"/> months.</summary>
    public string MonthBefore(int tick) => Scenarios.YearMonth.Parse(Start).AddMonths(tick - 1).ToString();
}

/// <summary>One checkpoint: taken after <see cref="Tick"/> months (the last of them <see cref="Month"/>), with where the tables stood then.</summary>
public sealed record CheckpointEntry(
    [property: JsonPropertyName("tick")] int Tick,
    [property: JsonPropertyName("month")] string Month,
    [property: JsonPropertyName("tables")] TableState Tables);

/// <summary>
/// A <see cref="TableMark"/> as stored in checkpoints.json: the tables' lengths and, for Parquet tables, the file (in the run
/// folder's <c>table-footers/</c>) holding their footers at that moment. Footers grow with the months written, so they are
/// kept one file per checkpoint rather than in checkpoints.json, which is rewritten at every checkpoint.
/// </summary>
public sealed record TableState(
    [property: JsonPropertyName("lengths")] long[] Lengths,
    [property: JsonPropertyName("footers_file")] string? FootersFile)
{
    public const string FootersFolder = "table-footers";

    [JsonIgnore] public bool Valid => Lengths is { Length: 3 } && (FootersFile is null || !FootersFile.Contains("..", StringComparison.Ordinal));

    /// <summary>The mark, reading the footers from <paramref name="runFolder"/> (the folder whose checkpoints.json lists this state).</summary>
    public TableMark ToMark(string runFolder)
    {
        if (FootersFile is null) return new TableMark(Lengths, [[], [], []]);
        var path = Path.Combine(runFolder, FootersFile);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: the tables' footers at this checkpoint are missing");
        using var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            var footers = new byte[3][];
            for (var t = 0; t < 3; t++) footers[t] = reader.ReadBytes(reader.ReadInt32());
            return new TableMark(Lengths, footers);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: truncated", e);
        }
    }

    /// <summary>The state of <paramref name="mark"/>, writing its footers (if any) into <paramref name="runFolder"/> under a name for <paramref name="tick"/>.</summary>
    public static TableState Of(TableMark mark, string runFolder, int tick)
    {
        if (mark.Footers.All(f => f.Length == 0)) return new TableState(mark.Lengths, null);
        var name = $"{FootersFolder}/tick-{tick:D6}.bin";
        Directory.CreateDirectory(Path.Combine(runFolder, FootersFolder));
        var path = Path.Combine(runFolder, name);
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            foreach (var footer in mark.Footers)
            {
                writer.Write(footer.Length);
                writer.Write(footer);
            }
        }
        File.Move(temporary, path, overwrite: true);
        return new TableState(mark.Lengths, name);
    }
}
