using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KerjasamaGraph.Model.Scenarios;
using Microsoft.Extensions.Options;

namespace KerjasamaGraph.Web.Library;

/// <summary>A scenario the app knows: a shipped file, or one uploaded or saved from a what-if.</summary>
/// <param name="Id">The name requests use: the shipped file's name without extension, or the upload's folder name.</param>
/// <param name="FullPath">Where the file is; never taken from a request.</param>
/// <param name="DisplayPath">The path the loader, manifests and commands show (relative to the working directory when inside it).</param>
public sealed record ScenarioEntry(string Id, string FileName, string FullPath, string DisplayPath, bool Uploaded, DateTime ModifiedUtc);

/// <summary>A scenario file read with the scenario loader: the text, every error at its line, and the scenario when valid.</summary>
public sealed record LoadedScenario(ScenarioEntry Entry, string Text, ScenarioLoadResult Result, string HeaderComment)
{
    public Scenario? Scenario => Result.Scenario;
    public bool Ok => Result.Ok;
}

/// <summary>
/// The scenarios the app offers: the shipped library (<see cref="WebOptions.ScenariosDirectory"/>) and uploads
/// (<see cref="WebOptions.UploadsDirectory"/>, one folder per upload holding the file and copies of the shipped files it
/// extends, so an upload stays reproducible and its <c>extends</c> never reaches outside its folder). Requests name
/// scenarios by id; ids are checked against the listing, never joined into paths unchecked.
/// </summary>
public sealed partial class ScenarioLibrary(IOptions<WebOptions> options)
{
    private readonly WebOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, (DateTime Stamp, long Length, LoadedScenario Loaded)> _cache = new(StringComparer.Ordinal);
    private readonly Lock _uploadLock = new();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugPattern();

    public string ScenariosDirectory => Path.GetFullPath(_options.ScenariosDirectory);
    public string UploadsDirectory => Path.GetFullPath(_options.UploadsDirectory);

    /// <summary>Every scenario: shipped ones by name, then uploads newest first.</summary>
    public IReadOnlyList<ScenarioEntry> List()
    {
        var result = new List<ScenarioEntry>();
        if (Directory.Exists(ScenariosDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(ScenariosDirectory).Where(IsYaml).Order(StringComparer.Ordinal))
            {
                result.Add(Entry(Path.GetFileNameWithoutExtension(file), file, false));
            }
        }
        if (Directory.Exists(UploadsDirectory))
        {
            var uploads = new List<ScenarioEntry>();
            foreach (var folder in Directory.EnumerateDirectories(UploadsDirectory))
            {
                var id = Path.GetFileName(folder);
                if (!IdPattern().IsMatch(id)) continue;
                var file = Path.Combine(folder, id + ".yaml");
                if (File.Exists(file)) uploads.Add(Entry(id, file, true));
            }
            result.AddRange(uploads.OrderByDescending(e => e.ModifiedUtc).ThenBy(e => e.Id, StringComparer.Ordinal));
        }
        return result;
    }

    private static bool IsYaml(string file) => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal);

    private static ScenarioEntry Entry(string id, string file, bool uploaded) =>
        new(id, Path.GetFileName(file), file, DisplayPath(file), uploaded, File.GetLastWriteTimeUtc(file));

    /// <summary>A path as commands show it: relative to the working directory when the file is inside it.</summary>
    public static string DisplayPath(string full)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }

    /// <summary>The scenario with this id, or null when there is none (an id that is not a plain name never matches).</summary>
    public ScenarioEntry? Find(string id) =>
        IdPattern().IsMatch(id ?? "") ? List().FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal)) : null;

    /// <summary>Reads and validates a scenario (cached until the file changes).</summary>
    public LoadedScenario Load(ScenarioEntry entry)
    {
        var info = new FileInfo(entry.FullPath);
        if (_cache.TryGetValue(entry.FullPath, out var hit) && hit.Stamp == info.LastWriteTimeUtc && hit.Length == info.Length) return hit.Loaded;
        var text = File.ReadAllText(entry.FullPath);
        var result = ScenarioLoader.Load(entry.DisplayPath);
        var loaded = new LoadedScenario(entry, text, result, HeaderComment(text));
        _cache[entry.FullPath] = (info.LastWriteTimeUtc, info.Length, loaded);
        return loaded;
    }

    /// <summary>Loads one variant of a scenario (or the baseline when <paramref name="variant"/> is null).</summary>
    public ScenarioLoadResult LoadVariant(ScenarioEntry entry, string? variant) => ScenarioLoader.Load(entry.DisplayPath, variant);

    /// <summary>The comment block a shipped file starts with: its description of sources and estimates.</summary>
    public static string HeaderComment(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!line.StartsWith('#')) break;
            if (line.StartsWith("# yaml-language-server", StringComparison.Ordinal)) continue;
            lines.Add(line.Length > 1 && line[1] == ' ' ? line[2..] : line[1..]);
        }
        return string.Join('\n', lines).Trim('\n');
    }

    /// <summary>
    /// Checks scenario text the way an upload is checked (size, UTF-8, <c>extends</c> only of shipped files) and then
    /// with the scenario loader, without keeping anything. Errors name <paramref name="fileName"/> and the line.
    /// </summary>
    public UploadCheck Check(byte[] bytes, string fileName)
    {
        var name = SafeFileName(fileName);
        var guard = UploadGuard.Check(bytes, name, _options.MaxUploadBytes, ShippedNames());
        if (guard.Count > 0) return new UploadCheck(name, null, guard, null);
        // Load in a scratch folder laid out as the upload would be (the file and the shipped files it extends).
        var scratch = Path.Combine(Path.GetTempPath(), "kerjasama-check-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var file = Lay(scratch, bytes, name, Encoding.UTF8.GetString(bytes));
            var result = ScenarioLoader.Load(file);
            var errors = result.Errors.Select(e => e with { Location = e.Location with { File = Path.GetFileName(e.Location.File) } }).ToList();
            return new UploadCheck(name, result.Ok ? result.Scenario : null, errors, result.ContentHash);
        }
        finally
        {
            try { Directory.Delete(scratch, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Stores a valid scenario as a new upload and returns it; an invalid one is refused with its errors and nothing is kept.
    /// </summary>
    public (ScenarioEntry? Entry, UploadCheck Check) Save(byte[] bytes, string fileName, string prefix = "upload")
    {
        var check = Check(bytes, fileName);
        if (check.Errors.Count > 0) return (null, check);
        lock (_uploadLock)
        {
            var stem = Slug(Path.GetFileNameWithoutExtension(check.FileName));
            var id = $"{prefix}-{stem}-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            for (var n = 2; Directory.Exists(Path.Combine(UploadsDirectory, id)); n++) id = $"{prefix}-{stem}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{n}";
            var folder = Path.Combine(UploadsDirectory, id);
            var work = Path.Combine(UploadsDirectory, "." + id + ".incomplete");
            Directory.CreateDirectory(UploadsDirectory);
            Lay(work, bytes, id + ".yaml", Encoding.UTF8.GetString(bytes));
            Directory.Move(work, folder);
            return (Entry(id, Path.Combine(folder, id + ".yaml"), true), check);
        }
    }

    /// <summary>
    /// Checks a what-if file (which extends <paramref name="baseEntry"/> by file name) with its variant applied, in a
    /// scratch folder laid out as <see cref="SaveWhatIf"/> would keep it.
    /// </summary>
    public UploadCheck CheckWhatIf(ScenarioEntry baseEntry, string yaml, string variant, string fileName = "what-if.yaml")
    {
        var bytes = Encoding.UTF8.GetBytes(yaml);
        if (bytes.LongLength > _options.MaxUploadBytes)
        {
            return new UploadCheck(fileName, null, UploadGuard.Check(bytes, fileName, _options.MaxUploadBytes, ShippedNames()), null);
        }
        var scratch = Path.Combine(Path.GetTempPath(), "kerjasama-whatif-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var file = LayWhatIf(scratch, baseEntry, bytes, fileName);
            var result = ScenarioLoader.Load(file, variant);
            var errors = result.Errors.Select(e => e with { Location = e.Location with { File = Path.GetFileName(e.Location.File) } }).ToList();
            return new UploadCheck(fileName, result.Ok ? result.Scenario : null, errors, result.ContentHash);
        }
        finally
        {
            try { Directory.Delete(scratch, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Keeps a valid what-if as a new scenario (folder <c>whatif-…</c> with the files it extends) and returns it.</summary>
    public (ScenarioEntry? Entry, UploadCheck Check) SaveWhatIf(ScenarioEntry baseEntry, string yaml, string variant)
    {
        var check = CheckWhatIf(baseEntry, yaml, variant);
        if (check.Errors.Count > 0) return (null, check);
        lock (_uploadLock)
        {
            var stem = Slug(variant);
            var id = $"whatif-{stem}-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            for (var n = 2; Directory.Exists(Path.Combine(UploadsDirectory, id)); n++) id = $"whatif-{stem}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{n}";
            var work = Path.Combine(UploadsDirectory, "." + id + ".incomplete");
            Directory.CreateDirectory(UploadsDirectory);
            LayWhatIf(work, baseEntry, Encoding.UTF8.GetBytes(yaml), id + ".yaml");
            var folder = Path.Combine(UploadsDirectory, id);
            Directory.Move(work, folder);
            return (Entry(id, Path.Combine(folder, id + ".yaml"), true), check);
        }
    }

    private string LayWhatIf(string folder, ScenarioEntry baseEntry, byte[] bytes, string fileName)
    {
        Directory.CreateDirectory(folder);
        var sourceFolder = Path.GetDirectoryName(baseEntry.FullPath)!;
        var files = baseEntry.Uploaded
            ? Directory.EnumerateFiles(sourceFolder).Where(IsYaml).Select(f => Path.GetFileName(f)!)
            : ExtendsClosure(File.ReadAllText(baseEntry.FullPath)).Append(baseEntry.FileName);
        foreach (var name in files.Distinct(StringComparer.Ordinal)) File.Copy(Path.Combine(sourceFolder, name), Path.Combine(folder, name), true);
        var file = Path.Combine(folder, fileName);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    private string Lay(string folder, byte[] bytes, string name, string text)
    {
        Directory.CreateDirectory(folder);
        foreach (var shipped in ExtendsClosure(text)) File.Copy(Path.Combine(ScenariosDirectory, shipped), Path.Combine(folder, shipped), true);
        var file = Path.Combine(folder, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    /// <summary>The shipped files a text extends, directly or through other shipped files.</summary>
    private IEnumerable<string> ExtendsClosure(string text)
    {
        var shipped = ShippedNames();
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(UploadGuard.ExtendsOf(text).Select(e => e.Value).Where(shipped.Contains));
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add(next)) continue;
            foreach (var e in UploadGuard.ExtendsOf(File.ReadAllText(Path.Combine(ScenariosDirectory, next))))
            {
                if (shipped.Contains(e.Value) && !seen.Contains(e.Value)) pending.Enqueue(e.Value);
            }
        }
        return seen;
    }

    /// <summary>File names of the shipped scenarios (what an upload may extend).</summary>
    public HashSet<string> ShippedNames() =>
        Directory.Exists(ScenariosDirectory)
            ? Directory.EnumerateFiles(ScenariosDirectory).Where(IsYaml).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];

    private static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray()).TrimStart('.');
        if (name.Length == 0) name = "scenario.yaml";
        if (!IsYaml(name)) name += ".yaml";
        return name.Length > 100 ? name[^100..] : name;
    }

    private static string Slug(string text)
    {
        var slug = SlugPattern().Replace(text.ToLowerInvariant(), "-").Trim('-');
        if (slug.Length == 0) slug = "scenario";
        return slug.Length > 40 ? slug[..40].Trim('-') : slug;
    }

    /// <summary>A short, stable fingerprint of some text (for what-if names).</summary>
    public static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
}

/// <summary>The outcome of checking an upload: errors at their line, or the scenario.</summary>
public sealed record UploadCheck(string FileName, Scenario? Scenario, IReadOnlyList<ScenarioError> Errors, string? ContentHash);
