using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// Reads scenario files (docs/scenario-format.md): YAML into <see cref="Scenario"/>, with <c>extends</c>,
/// <c>variants</c>, structural checks while converting and the semantic checks of <see cref="ScenarioValidator"/>.
/// Never throws for bad input; every problem becomes a <see cref="ScenarioError"/> with its file position.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Largest scenario file read, in bytes (8 MiB).</summary>
    public const long MaxFileBytes = 8L * 1024 * 1024;

    /// <summary>Most files one scenario may read through <c>extends</c> (counting repeats).</summary>
    public const int MaxFiles = 64;

    public static ScenarioLoadResult Load(string path, string? variant = null)
    {
        var ctx = new LoadContext(path is not null && Path.IsPathRooted(path));
        Resolved? resolved = null;
        try
        {
            var full = Path.GetFullPath(path!);
            var bytes = ctx.ReadFile(full, path!, null, "");
            if (bytes is not null) resolved = ctx.ResolveBytes(bytes, path!, full, Path.GetDirectoryName(full)!);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ctx.Errors.Add(new(new SourceSpan(path ?? "", 1, 1), "", $"cannot read the scenario: {ex.Message}"));
        }
        return ctx.Finish(resolved, variant, path ?? "");
    }

    /// <summary>Loads scenario text; <c>extends</c> paths are resolved relative to the current directory.</summary>
    public static ScenarioLoadResult LoadText(string yaml, string fileName = "<text>", string? variant = null)
    {
        var ctx = new LoadContext(false);
        Resolved? resolved = null;
        try
        {
            var bytes = Encoding.UTF8.GetBytes(yaml ?? "");
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
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ctx.Errors.Add(new(new SourceSpan(fileName, 1, 1), "", $"cannot read the scenario: {ex.Message}"));
        }
        return ctx.Finish(resolved, variant, fileName);
    }

    internal static string TooLarge(long bytes) =>
        $"the file is {bytes.ToString(CultureInfo.InvariantCulture)} bytes; scenario files are limited to {MaxFileBytes.ToString(CultureInfo.InvariantCulture)} bytes (8 MiB)";

    /// <summary>A variant as declared in one file: its overlay (without description).</summary>
    internal sealed record VariantOverlay(string Name, YScalar Key, YMapping Overlay, string Description = "");

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
            var at = referencedAt?.Span ?? new SourceSpan(display, 1, 1);
            if (Directory.Exists(full))
            {
                Errors.Add(new(at, referencePath, referencedAt is null ? "is a directory, not a scenario file" : $"'{referencedAt.Value}' is a directory, not a scenario file"));
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
                var length = new FileInfo(full).Length;
                if (length > MaxFileBytes)
                {
                    Errors.Add(new(new SourceSpan(display, 1, 1), "", TooLarge(length)));
                    return null;
                }
                var bytes = File.ReadAllBytes(full);
                if (bytes.Length > MaxFileBytes)
                {
                    Errors.Add(new(new SourceSpan(display, 1, 1), "", TooLarge(bytes.Length)));
                    return null;
                }
                Hash.AppendData(bytes);
                return bytes;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Errors.Add(new(at, referencePath, $"cannot read {display}: {ex.Message}"));
                return null;
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

            tree = ScenarioMerge.MergeRoot(tree, map.Without("extends", "variants"), Errors);
            variants.AddRange(ReadVariants(map));
            _chain.RemoveAt(_chain.Count - 1);
            return new Resolved(tree, variants);
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

        private List<VariantOverlay> ReadVariants(YMapping map)
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
                    result.Add(new(key.Value, key, new YMapping(value.Span, [])));
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
                result.Add(new(key.Value, key, overlay.Without("extends", "variants", "description"), (overlay.Get("description") as YScalar)?.Value.Trim() ?? ""));
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
                            tree = ScenarioMerge.MergeRoot(tree, overlay.Overlay, Errors);
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
                scenario = scenario with { VariantNames = names, VariantDescriptions = descriptions, Variant = applied, Locations = reader.Locations };
                Errors.AddRange(reader.Errors);
                // A value that could not be read keeps its default; semantic errors about that path (or below it)
                // would only repeat the problem, so they are left out.
                var unreadable = reader.Errors.Select(e => e.Path).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
                // An item whose type or kind could not be read is checked against the wrong rules: skip it whole.
                foreach (var p in unreadable.ToList())
                    if (p.EndsWith(".type", StringComparison.Ordinal) || p.EndsWith(".kind", StringComparison.Ordinal))
                        unreadable.Add(p[..p.LastIndexOf('.')]);
                Errors.AddRange(ScenarioValidator.Validate(scenario).Where(e => !Within(e.Path, unreadable)));
            }
            var sorted = Errors.Distinct()
                .OrderBy(e => e.Location.File, StringComparer.Ordinal)
                .ThenBy(e => e.Location.Line)
                .ThenBy(e => e.Location.Column)
                .ToList();
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
