using System.Text.Json;
using System.Text.RegularExpressions;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using Microsoft.Extensions.Options;

namespace KerjasamaGraph.Web.Runs;

/// <summary>A finished run or comparison folder, as listed by the app and the API.</summary>
/// <param name="Id">The folder's name: what URLs carry (never a path).</param>
/// <param name="Kind">"run" or "comparison".</param>
/// <param name="Variants">The variant of a run (empty for the baseline), or the variants of a comparison.</param>
public sealed record RunRecord(string Id, string Kind, string ScenarioName, string ScenarioPath, IReadOnlyList<string> Variants,
    int Replications, int Months, string Start, ulong Seed, string Engine, string StartedUtc, double WallTimeSeconds, string Command)
{
    public bool IsComparison => Kind == RunStore.Comparison;
}

/// <summary>
/// The run and comparison folders under <see cref="WebOptions.RunsDirectory"/>: those the app wrote and those the command
/// line wrote, listed from their manifests (so they survive a restart of the server). Folder names are the ids; an id is
/// accepted only when it is a plain name that the listing contains.
/// </summary>
public sealed partial class RunStore(IOptions<WebOptions> options)
{
    public const string Run = "run";
    public const string Comparison = "comparison";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")]
    private static partial Regex IdPattern();

    public string Root => Path.GetFullPath(options.Value.RunsDirectory);

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal);

    /// <summary>Finished folders, newest first.</summary>
    public IReadOnlyList<RunRecord> List()
    {
        if (!Directory.Exists(Root)) return [];
        var result = new List<RunRecord>();
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var id = Path.GetFileName(folder);
            if (!IsValidId(id)) continue;
            if (Read(folder) is { } record) result.Add(record);
        }
        return result.OrderByDescending(r => r.StartedUtc, StringComparer.Ordinal).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The folder of a finished run or comparison, or null (unknown id, or not a plain name).</summary>
    public string? Folder(string? id)
    {
        if (!IsValidId(id)) return null;
        var folder = Path.Combine(Root, id!);
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(folder)), Root, StringComparison.Ordinal)) return null;
        return File.Exists(Path.Combine(folder, ComparisonFolders.ManifestFile)) || File.Exists(Path.Combine(folder, RunWriter.ManifestFile)) ? folder : null;
    }

    public RunRecord? Find(string? id) => Folder(id) is { } folder ? Read(folder) : null;

    /// <summary>True when a folder (finished, or a reserved name) already uses this name.</summary>
    public bool Exists(string id) => Directory.Exists(Path.Combine(Root, id)) || File.Exists(Path.Combine(Root, id));

    private static RunRecord? Read(string folder)
    {
        var id = Path.GetFileName(folder);
        try
        {
            var comparison = Path.Combine(folder, ComparisonFolders.ManifestFile);
            if (File.Exists(comparison))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(comparison));
                var m = doc.RootElement;
                var baseline = ReadManifest(Path.Combine(folder, "baseline", RunWriter.ManifestFile));
                return new RunRecord(id, Comparison, baseline?.ScenarioName ?? "", Text(m, "scenario_path"),
                    m.TryGetProperty("variants", out var v) ? v.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [],
                    Int(m, "replications"), Int(m, "months"), Text(m, "start"), m.TryGetProperty("seed", out var s) ? s.GetUInt64() : 0,
                    Text(m, "engine"), baseline?.StartedUtc ?? "", m.TryGetProperty("wall_time_seconds", out var w) ? w.GetDouble() : 0, Text(m, "command"));
            }
            var manifest = ReadManifest(Path.Combine(folder, RunWriter.ManifestFile));
            if (manifest is null) return null;
            return new RunRecord(id, Run, manifest.ScenarioName, manifest.ScenarioPath, manifest.Variant is null ? [] : [manifest.Variant],
                manifest.Replications, manifest.Months, manifest.Start, manifest.Seed, manifest.Engine, manifest.StartedUtc, manifest.WallTimeSeconds,
                manifest.Command);
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;   // not a folder this program wrote (or one being written): not listed
        }
    }

    private static RunManifest? ReadManifest(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path)) : null;

    private static string Text(JsonElement e, string key) => e.TryGetProperty(key, out var v) ? v.ToString() : "";

    private static int Int(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.TryGetInt32(out var i) ? i : 0;
}
