using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// Reads scenario files (docs/scenario-format.md): YAML, and the CSV or Parquet tables it names, into
/// <see cref="Scenario"/>, with <c>extends</c>, <c>variants</c>, structural checks while converting and the semantic
/// checks of <see cref="ScenarioValidator"/>. Never throws for bad input; every problem becomes a
/// <see cref="ScenarioError"/> with its file position.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Largest scenario file read, in bytes (8 MiB).</summary>
    public const long MaxFileBytes = 8L * 1024 * 1024;

    /// <summary>Most files one scenario may read: YAML files through <c>extends</c> (counting repeats) and tables.</summary>
    public const int MaxFiles = 64;

    /// <summary>Most bytes of tables one scenario may read, all tables together (4 GiB).</summary>
    public const long MaxTableBytesPerLoad = 4L << 30;

    /// <summary>Most errors listed for one load; a last line says how many more there are.</summary>
    public const int MaxErrors = 1000;

    /// <summary>
    /// Loads a scenario file. Problems with the input (a missing or unreadable file, YAML or values that do not fit)
    /// come back as errors; an exception means a bug in the program and is not turned into an input error.
    /// </summary>
    public static ScenarioLoadResult Load(string path, string? variant = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ctx = new LoadContext(Path.IsPathRooted(path));
        Resolved? resolved = null;
        string? full = null;
        try { full = Path.GetFullPath(path); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            ctx.Errors.Add(new(SourceSpan.WholeFile(path), "", "not a valid file path"));
        }
        if (full is not null)
        {
            var bytes = ctx.ReadFile(full, path, null, "");
            if (bytes is not null) resolved = ctx.ResolveBytes(bytes, path, full, Path.GetDirectoryName(full)!);
        }
        return ctx.Finish(resolved, variant, path);
    }

    /// <summary>Loads scenario text; <c>extends</c> paths are resolved relative to the current directory.</summary>
    public static ScenarioLoadResult LoadText(string yaml, string fileName = "<text>", string? variant = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var ctx = new LoadContext(false);
        Resolved? resolved = null;
        var bytes = Encoding.UTF8.GetBytes(yaml);
        if (bytes.Length > MaxFileBytes)
            ctx.Errors.Add(new(new SourceSpan(fileName, 1, 1), "", TooLarge(bytes.Length)));
        else
        {
            ctx.Hash.AppendData(bytes);
            string identity;
            try { identity = Path.GetFullPath(fileName); }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { identity = "<text>:" + fileName; }
            resolved = ctx.ResolveBytes(bytes, fileName, identity, Environment.CurrentDirectory);
        }
        return ctx.Finish(resolved, variant, fileName);
    }

    internal static string TooLarge(long bytes) =>
        $"the file is {bytes.ToString(CultureInfo.InvariantCulture)} bytes; scenario files are limited to {MaxFileBytes.ToString(CultureInfo.InvariantCulture)} bytes (8 MiB)";

    private static string TooLarge(string full)
    {
        var length = new FileInfo(full).Length;
        return length > MaxFileBytes ? TooLarge(length)
            : $"the file is larger than {MaxFileBytes.ToString(CultureInfo.InvariantCulture)} bytes (8 MiB), the limit for scenario files";
    }

    /// <summary>
    /// The bytes of a file, or null when it holds more than <paramref name="limit"/> bytes. Reads at most one byte
    /// past the limit, so a device or pipe that never ends (/dev/zero) is refused instead of filling memory.
    /// </summary>
    internal static byte[]? ReadBounded(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.CanSeek && stream.Length > limit) return null;
        var buffer = new MemoryStream(stream.CanSeek && stream.Length > 0 ? (int)stream.Length : 64 * 1024);
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length));
            if (n == 0) break;
            buffer.Write(chunk, 0, n);
            if (buffer.Length > limit) return null;
        }
        return buffer.ToArray();
    }

    /// <summary>Why a file could not be read, without the path the exception repeats.</summary>
    internal static string IoReason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => System.Text.RegularExpressions.Regex.Replace(ex.Message, @"\s*:\s*'[^']*'\s*$", "").TrimEnd('.'),
    };

    /// <summary>A variant as declared in one file: its overlay (without description), the folder its tables are relative to, and its description.</summary>
    internal sealed record VariantOverlay(string Name, YScalar Key, YMapping Overlay, string Directory, string Description = "");

    /// <summary>A file with its <c>extends</c> applied, and the variants it declares or inherits, in declaration order.</summary>
    internal sealed record Resolved(YMapping Tree, List<VariantOverlay> Variants);

    private sealed class LoadContext(bool rootedDisplay)
    {
        public List<ScenarioError> Errors { get; } = [];
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly List<(string Full, string Display)> _chain = [];
        private int _files;
        private YScalar? _topVariantsKey;
        private SourceSpan _topStart = SourceSpan.None;

        private string Display(string full) => rootedDisplay ? full : Path.GetRelativePath(Environment.CurrentDirectory, full);

        /// <summary>Reads a file's bytes (adding them to the content hash), or records why it cannot.</summary>
        public byte[]? ReadFile(string full, string display, YScalar? referencedAt, string referencePath)
        {
            var at = referencedAt?.Span ?? SourceSpan.WholeFile(display);
            var named = referencedAt is null ? "" : $"'{referencedAt.Value}' ";
            if (Directory.Exists(full))
            {
                Errors.Add(new(at, referencePath, $"{named}is a directory, not a scenario file{DirectoryHint(full)}"));
                return null;
            }
            if (!File.Exists(full))
            {
                Errors.Add(new(at, referencePath, referencedAt is null ? "file not found" : $"file '{referencedAt.Value}' not found (looked for {display})"));
                return null;
            }
            if (++_files > MaxFiles)
            {
                Errors.Add(new(at, referencePath, $"more than {MaxFiles.ToString(CultureInfo.InvariantCulture)} files are read through 'extends'; '{display}' is not read"));
                return null;
            }
            try
            {
                var bytes = ReadBounded(full, MaxFileBytes);
                if (bytes is null)
                {
                    Errors.Add(new(new SourceSpan(display, 1, 1), "", TooLarge(full)));
                    return null;
                }
                Hash.AppendData(bytes);
                return bytes;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Errors.Add(new(at, referencePath, $"cannot read {(referencedAt is null ? "the file" : display)}: {IoReason(ex)}"));
                return null;
            }
        }

        /// <summary>" (it holds x.yaml)" when a directory given as a scenario holds YAML files, so the message says what to give instead.</summary>
        private string DirectoryHint(string full)
        {
            try
            {
                var files = Directory.EnumerateFiles(full, "*.y*ml").Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Take(4).Select(f => Display(f)).Order(StringComparer.Ordinal).ToList();
                return files.Count switch
                {
                    0 => "",
                    1 => $" (it holds {files[0]})",
                    _ => $" (it holds {string.Join(", ", files.Take(3))}{(files.Count > 3 ? ", ..." : "")})",
                };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return "";
            }
        }
        public Resolved? ResolveBytes(byte[] bytes, string display, string full, string directory)
        {
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                var (line, column) = Position(bytes, ex.Index);
                Errors.Add(new(new SourceSpan(display, line, column), "", "not a UTF-8 text file; scenario files are YAML text in UTF-8"));
                return null;
            }
            if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            var root = YamlTreeReader.Read(text, display, Errors);
            if (root is null) return null;
            if (root is not YMapping map)
            {
                Errors.Add(new(root.Span, "", $"the top level must be a mapping of keys (scenario:, run:, regions: ...), found {root.Describe()}"));
                return null;
            }
            return ResolveTree(map, display, full, directory);
        }

        private static (int Line, int Column) Position(byte[] bytes, int index)
        {
            int line = 1, column = 1;
            for (var i = 0; i < Math.Min(index, bytes.Length); i++)
            {
                if (bytes[i] == (byte)'\n') { line++; column = 1; }
                else if ((bytes[i] & 0xC0) != 0x80) column++;
            }
            return (line, column);
        }

        private Resolved ResolveTree(YMapping map, string display, string full, string directory)
        {
            if (_chain.Count == 0)
            {
                _topVariantsKey = map.KeyNode("variants");
                _topStart = map.Span;
            }
            _chain.Add((full, display));
            var tree = new YMapping(map.Span, []);
            var variants = new List<VariantOverlay>();

            foreach (var (node, path) in ExtendsEntries(map))
            {
                string target;
                try { target = Path.GetFullPath(Path.Combine(directory, node.Value)); }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
                {
                    Errors.Add(new(node.Span, path, $"'{node.Value}' is not a valid path"));
                    continue;
                }
                var targetDisplay = Display(target);
                var loop = _chain.FindIndex(c => string.Equals(c.Full, target, StringComparison.Ordinal));
                if (loop >= 0)
                {
                    var names = _chain.Skip(loop).Select(c => c.Display).Append(targetDisplay);
                    Errors.Add(new(node.Span, path, $"extends cycle: {string.Join(" -> ", names)}"));
                    continue;
                }
                var bytes = ReadFile(target, targetDisplay, node, path);
                if (bytes is null) continue;
                var resolved = ResolveBytes(bytes, targetDisplay, target, Path.GetDirectoryName(target)!);
                if (resolved is null) continue;
                tree = ScenarioMerge.MergeRoot(tree, resolved.Tree, Errors);
                variants.AddRange(resolved.Variants);
            }

            var (own, additions) = ExpandTables(map.Without("extends", "variants"), "", directory);
            tree = ScenarioMerge.MergeRoot(tree, own, Errors);
            if (additions is not null) tree = ScenarioMerge.MergeRoot(tree, additions, Errors);
            variants.AddRange(ReadVariants(map, directory));
            _chain.RemoveAt(_chain.Count - 1);
            return new Resolved(tree, variants);
        }

        private bool _tablesFailed;
        private readonly Dictionary<string, TableFile?> _tables = new(StringComparer.Ordinal);
        private long _tableBytes;

        private (YMapping Tree, YMapping? Additions) ExpandTables(YMapping map, string pathPrefix, string directory)
        {
            Prefetch(map, directory);
            return ScenarioTables.Expand(map, pathPrefix, (name, path) => OpenTable(name, path, directory), Errors, ref _tablesFailed);
        }

        /// <summary>A table file read and parsed ahead of its turn: its bytes (or why they could not be read) and the table with the errors parsing gave.</summary>
        private sealed record Parsed(byte[]? Bytes, Exception? ReadFailure, TableFile? Table, List<ScenarioError> Errors);

        private readonly Dictionary<string, Task<Parsed>> _prefetched = new(StringComparer.Ordinal);

        /// <summary>
        /// Starts reading and parsing, each on its own thread, the tables <paramref name="map"/> names (a large scenario's
        /// regions, neighbours and agreements take seconds each to parse, and parsing one does not depend on another).
        /// Nothing is decided here: <see cref="OpenTable"/> goes through the files in their order as before, with every check,
        /// limit, hash and error in the same place, and only takes the bytes and the parse from here instead of doing them
        /// itself. A table it refuses (too many files, tables too large together) was parsed for nothing, and that is all.
        /// Only regular files of at most <see cref="TableFile.MaxBytes"/> bytes are read ahead; anything else is left to
        /// <see cref="OpenTable"/>, which reads it when its turn comes.
        /// </summary>
        private void Prefetch(YMapping map, string directory)
        {
            var names = new List<string>();
            foreach (var (key, value) in map.Entries)
            {
                if (value is not YMapping reference || !ScenarioTables.Lists.ContainsKey(key.Value)) continue;
                foreach (var (_, name) in reference.Entries)
                    if (name is YScalar { IsNull: false } file && TableFile.IsTableFile(file.Value)) names.Add(file.Value);
            }
            if (names.Count < 2) return;
            foreach (var name in names)
            {
                string full;
                try { full = Path.GetFullPath(Path.Combine(directory, name)); }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { continue; }
                if (_tables.ContainsKey(full) || _prefetched.ContainsKey(full)) continue;
                FileInfo info;
                try
                {
                    info = new FileInfo(full);
                    if (!info.Exists || info.Length == 0 || info.Length > TableFile.MaxBytes || (info.Attributes & (FileAttributes.Directory | FileAttributes.Device)) != 0) continue;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { continue; }
                var display = Display(full);
                _prefetched[full] = Task.Run(() =>
                {
                    byte[]? bytes;
                    try { bytes = ReadBounded(full, TableFile.MaxBytes); }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return new Parsed(null, ex, null, []); }
                    if (bytes is null) return new Parsed(null, null, null, []);
                    var errors = new List<ScenarioError>();
                    return new Parsed(bytes, null, TableFile.Read(bytes, display, errors), errors);
                });
            }
        }

        /// <summary>Reads a table named in a file (relative to <paramref name="directory"/>), once per load however often it is named.</summary>
        private TableFile? OpenTable(YScalar name, string referencePath, string directory)
        {
            if (!TableFile.IsTableFile(name.Value))
            {
                Errors.Add(new(name.Span, referencePath, $"'{name.Value}' is not a table: tables are .csv or .parquet files"));
                return null;
            }
            string full;
            try { full = Path.GetFullPath(Path.Combine(directory, name.Value)); }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                Errors.Add(new(name.Span, referencePath, $"'{name.Value}' is not a valid path"));
                return null;
            }
            if (_tables.TryGetValue(full, out var cached)) return cached;
            var display = Display(full);
            TableFile? table = null;
            if (Directory.Exists(full)) Errors.Add(new(name.Span, referencePath, $"'{name.Value}' is a directory, not a table"));
            else if (!File.Exists(full)) Errors.Add(new(name.Span, referencePath, $"table '{name.Value}' not found (looked for {display})"));
            else if (++_files > MaxFiles)
                Errors.Add(new(name.Span, referencePath, $"more than {MaxFiles.ToString(CultureInfo.InvariantCulture)} files are read for one scenario; '{display}' is not read"));
            else
            {
                Parsed? parsed = null;
                if (_prefetched.Remove(full, out var ahead))
                {
                    parsed = ahead.GetAwaiter().GetResult();
                    // Read as a whole file, not up to this table's limit: the same bytes, or a file the limit refuses.
                    if (parsed.Bytes is not null && parsed.Bytes.Length > Math.Min(TableFile.MaxBytes, MaxTableBytesPerLoad - _tableBytes))
                        parsed = parsed with { Bytes = null };
                }
                try
                {
                    if (parsed?.ReadFailure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                    var bytes = parsed is not null ? parsed.Bytes : ReadBounded(full, Math.Min(TableFile.MaxBytes, MaxTableBytesPerLoad - _tableBytes));
                    if (bytes is null)
                        Errors.Add(new(new SourceSpan(display, 1, 1), "", _tableBytes > 0 && new FileInfo(full).Length <= TableFile.MaxBytes
                            ? $"the scenario's tables add up to more than {MaxTableBytesPerLoad.ToString(CultureInfo.InvariantCulture)} bytes (4 GiB); this one is not read"
                            : $"the table is larger than {TableFile.MaxBytes.ToString(CultureInfo.InvariantCulture)} bytes (1 GiB), the limit for tables"));
                    else
                    {
                        _tableBytes += bytes.Length;
                        Hash.AppendData(bytes);
                        if (parsed is not null)
                        {
                            Errors.AddRange(parsed.Errors);
                            table = parsed.Table;
                        }
                        else table = TableFile.Read(bytes, display, Errors);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Errors.Add(new(name.Span, referencePath, $"cannot read {display}: {IoReason(ex)}"));
                }
            }
            _tables[full] = table;
            return table;
        }

        private IEnumerable<(YScalar Node, string Path)> ExtendsEntries(YMapping map)
        {
            var node = map.Get("extends");
            switch (node)
            {
                case null:
                case YScalar { IsNull: true }:
                    yield break;
                case YScalar s:
                    yield return (s, "extends");
                    break;
                case YSequence seq:
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        var path = ScenarioPaths.Index("extends", i);
                        if (seq.Items[i] is YScalar { IsNull: false } item) yield return (item, path);
                        else Errors.Add(new(seq.Items[i].Span, path, $"expected a file name, found {seq.Items[i].Describe()}"));
                    }
                    break;
                default:
                    Errors.Add(new(node.Span, "extends", $"expected a file name or a list of file names, found {node.Describe()}"));
                    break;
            }
        }

        private List<VariantOverlay> ReadVariants(YMapping map, string directory)
        {
            var result = new List<VariantOverlay>();
            var node = map.Get("variants");
            if (node is null or YScalar { IsNull: true }) return result;
            if (node is not YMapping variants)
            {
                Errors.Add(new(node.Span, "variants", $"expected a mapping of variant names to overlays, found {node.Describe()}"));
                return result;
            }
            foreach (var (key, value) in variants.Entries)
            {
                var path = $"variants.{key.Value}";
                if (key.IsNull || key.Value.Trim().Length == 0)
                {
                    Errors.Add(new(key.Span, "variants", "a variant needs a name"));
                    continue;
                }
                if (value is YScalar { IsNull: true })
                {
                    result.Add(new(key.Value, key, new YMapping(value.Span, []), directory));
                    continue;
                }
                if (value is not YMapping overlay)
                {
                    Errors.Add(new(value.Span, path, $"expected a mapping (the keys this variant changes), found {value.Describe()}"));
                    continue;
                }
                foreach (var forbidden in new[] { "extends", "variants" })
                    if (overlay.KeyNode(forbidden) is { } k)
                        Errors.Add(new(k.Span, $"{path}.{forbidden}", $"a variant may not contain '{forbidden}'"));
                if (overlay.Get("description") is { } d and not YScalar)
                    Errors.Add(new(d.Span, $"{path}.description", $"expected text, found {d.Describe()}"));
                result.Add(new(key.Value, key, overlay.Without("extends", "variants", "description"), directory, (overlay.Get("description") as YScalar)?.Value.Trim() ?? ""));
            }
            return result;
        }

        public ScenarioLoadResult Finish(Resolved? resolved, string? variant, string topDisplay)
        {
            var hash = "sha256:" + Convert.ToHexStringLower(Hash.GetHashAndReset());
            Scenario? scenario = null;
            if (resolved is not null)
            {
                var tree = resolved.Tree;
                var names = resolved.Variants.Select(v => v.Name).Distinct(StringComparer.Ordinal).ToList();
                string? applied = null;
                if (variant is not null)
                {
                    if (names.Contains(variant, StringComparer.Ordinal))
                    {
                        applied = variant;
                        foreach (var overlay in resolved.Variants.Where(v => v.Name == variant))
                        {
                            var (own, additions) = ExpandTables(overlay.Overlay, $"variants.{variant}", overlay.Directory);
                            tree = ScenarioMerge.MergeRoot(tree, own, Errors);
                            if (additions is not null) tree = ScenarioMerge.MergeRoot(tree, additions, Errors);
                        }
                    }
                    else
                    {
                        var at = _topVariantsKey?.Span ?? (_topStart == SourceSpan.None ? new SourceSpan(topDisplay, 1, 1) : _topStart);
                        Errors.Add(new(at, "variants", names.Count == 0
                            ? $"unknown variant '{variant}': the scenario declares no variants"
                            : $"unknown variant '{variant}'{Hint(variant, names)}; available: {string.Join(", ", names)}"));
                    }
                }
                var reader = new ValueReader();
                scenario = ScenarioSections.Root.Read(tree, new Scenario(), reader, "");
                var descriptions = resolved.Variants.Where(v => v.Description.Length > 0).GroupBy(v => v.Name, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Last().Description, StringComparer.Ordinal);
                scenario = scenario with { VariantNames = names, VariantDescriptions = descriptions, Variant = applied, Locations = reader.AllLocations() };
                Errors.AddRange(reader.Errors);
                // A value that could not be read keeps its default; semantic errors about that path (or below it)
                // would only repeat the problem, so they are left out.
                var unreadable = reader.Errors.Select(e => e.Path).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
                // An item whose type or kind could not be read is checked against the wrong rules: skip it whole.
                foreach (var p in unreadable.ToList())
                    if (p.EndsWith(".type", StringComparison.Ordinal) || p.EndsWith(".kind", StringComparison.Ordinal))
                        unreadable.Add(p[..p.LastIndexOf('.')]);
                // A table that could not be read leaves its list empty or partial: checking references against it
                // would report every use of every missing item, so the semantic checks wait until the tables read.
                if (!_tablesFailed)
                    Errors.AddRange(ScenarioValidator.Validate(scenario).Where(e => !Within(e.Path, unreadable)));
            }
            // The scenario holds its values; of the tables only what locations need stays (which cells were empty, and
            // a long table's service or commodity ids).
            foreach (var table in _tables.Values) table?.Compact();
            var sorted = Errors.Distinct()
                .OrderBy(e => e.Location.File, StringComparer.Ordinal)
                .ThenBy(e => e.Location.Line)
                .ThenBy(e => e.Location.Column)
                .ToList();
            if (sorted.Count > MaxErrors)
            {
                var more = sorted.Count - MaxErrors;
                sorted = sorted.Take(MaxErrors).ToList();
                sorted.Add(new(SourceSpan.WholeFile(topDisplay), "",
                    $"{more.ToString(CultureInfo.InvariantCulture)} more errors are not listed (the first {MaxErrors.ToString(CultureInfo.InvariantCulture)} are above)"));
            }
            return new ScenarioLoadResult(scenario, sorted, hash);
        }

        private static bool Within(string path, HashSet<string> paths)
        {
            for (var p = path; p.Length > 0;)
            {
                if (paths.Contains(p)) return true;
                var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
                if (cut <= 0) return false;
                p = p[..cut];
            }
            return false;
        }

        private static string Hint(string word, IEnumerable<string> names) =>
            Suggest.Closest(word, names) is { } h ? $" (did you mean '{h}'?)" : "";
    }
}
