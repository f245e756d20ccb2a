using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KerjasamaGraph.Model.Scenarios;

// A small YAML tree with source positions, built from YamlDotNet's event parser. Own nodes rather than
// YamlDotNet's RepresentationModel because the loader needs to: refuse aliases before anything expands
// them, report duplicate keys, bound depth and size, and merge trees from several files while each node
// keeps the file and position it came from.

internal abstract class YNode(SourceSpan? span)
{
    /// <summary>Where the node is. Table cells compute it when asked (only for errors and locations), so rows stay small.</summary>
    public virtual SourceSpan Span => span!;

    public abstract string Describe();
}

/// <param name="nullWords">Whether the plain texts ~, null, Null and NULL mean null (YAML); table cells say no, there only an empty cell does.</param>
internal class YScalar(SourceSpan? span, string value, bool plain, bool nullWords = true) : YNode(span)
{
    public string Value { get; } = value;

    /// <summary>Plain (unquoted) scalars are typed by their text (numbers, booleans, null); quoted ones are always text.</summary>
    public bool Plain { get; } = plain;

    public bool IsNull => Plain && (nullWords ? Value is "" or "~" or "null" or "Null" or "NULL" : Value.Length == 0);

    public override string Describe() => IsNull ? "an empty value" : $"'{Value}'";
}

internal class YSequence(SourceSpan? span, List<YNode> items) : YNode(span)
{
    public List<YNode> Items { get; } = items;

    public override string Describe() => "a list";
}

internal class YMapping(SourceSpan? span, List<KeyValuePair<YScalar, YNode>> entries) : YNode(span)
{
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = entries;

    public override string Describe() => "a mapping";

    /// <summary>Where to report a required key that is missing (a table row points at the key's column when it has one).</summary>
    public virtual SourceSpan MissingKeySpan(string key) => Span;

    /// <summary>
    /// Set on an item that only adds to an existing item (a row of a long table for a region defined elsewhere):
    /// merging it into a list without a matching item is this error instead of a new item.
    /// </summary>
    public string? MissingTargetMessage { get; init; }

    public YNode? Get(string key)
    {
        foreach (var e in Entries)
            if (e.Key.Value == key) return e.Value;
        return null;
    }

    public YScalar? KeyNode(string key)
    {
        foreach (var e in Entries)
            if (e.Key.Value == key) return e.Key;
        return null;
    }

    public YMapping Without(params string[] keys) =>
        new(Span, Entries.Where(e => !keys.Contains(e.Key.Value)).ToList());

    /// <summary>The value of a key, by a dictionary for mappings large enough for a linear search to matter.</summary>
    public Dictionary<string, int> Index()
    {
        var index = new Dictionary<string, int>(Entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < Entries.Count; i++) index.TryAdd(Entries[i].Key.Value, i);
        return index;
    }
}

/// <summary>Reads one YAML document into a <see cref="YNode"/> tree, turning every problem into a <see cref="ScenarioError"/>.</summary>
internal static partial class YamlTreeReader
{
    public const int MaxDepth = 64;
    public const int MaxNodes = 2_000_000;
    public const int MaxAliasErrors = 20;

    private sealed class Frame(YNode node)
    {
        public YNode Node { get; } = node;
        public YScalar? PendingKey { get; set; }
        public bool SkipValue { get; set; }
        public Dictionary<string, YScalar>? Keys { get; set; }
    }

    /// <summary>Parses <paramref name="text"/>; returns null (with errors) when there is no usable document.</summary>
    public static YNode? Read(string text, string file, List<ScenarioError> errors)
    {
        var stack = new Stack<Frame>();
        YNode? root = null;
        var documents = 0;
        var nodes = 0;
        var aliases = 0;
        var firstError = errors.Count;
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(scanner);
        while (true)
        {
            // Only the parser's own work is guarded: a failure in the code below is a bug and must surface as one.
            try
            {
                if (!parser.MoveNext()) break;
            }
            catch (YamlException ex)
            {
                // Some syntax errors carry no position (line 1, column 1); the scanner's position is where it stopped.
                var at = ex.Start.Index > 0 ? ex.Start : scanner.CurrentPosition;
                errors.Add(new(Span(file, at), "", "not valid YAML: " + CleanMessage(ex)));
                return null;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
            {
                // YamlDotNet fails on some malformed input (for example a plain value continued on a less indented
                // line inside [...] or {...}) with a bare exception instead of a syntax error.
                errors.Add(new(Span(file, scanner.CurrentPosition), "",
                    "not valid YAML: the parser cannot read on from here (check the indentation, quotes and brackets around this point)"));
                return null;
            }
            var ev = parser.Current!;
            var span = Span(file, ev.Start);
            switch (ev)
            {
                case DocumentStart:
                    documents++;
                    if (documents > 1)
                    {
                        errors.Add(new(span, "", "a scenario file holds one YAML document; found a second one ('---')"));
                        return root;
                    }
                    break;
                case AnchorAlias alias:
                    if (++aliases > MaxAliasErrors)
                    {
                        errors.Add(new(span, "", $"more than {MaxAliasErrors.ToString(CultureInfo.InvariantCulture)} YAML aliases; the file is not read further"));
                        return null;
                    }
                    errors.Add(new(span, "", $"YAML aliases (*{alias.Value}) are not supported in scenario files: write the value out, or use 'extends' and 'variants' to share settings"));
                    if (!Attach(stack, new YScalar(span, "", true), ref root, errors)) return root;
                    break;
                case Scalar s:
                    if (++nodes > MaxNodes) return TooMany(span, errors);
                    var plain = s.Style is ScalarStyle.Plain or ScalarStyle.Any && (s.Tag.IsEmpty || !s.Tag.Value.EndsWith(":str", StringComparison.Ordinal));
                    if (!Attach(stack, new YScalar(span, s.Value, plain), ref root, errors)) return root;
                    break;
                case SequenceStart:
                    if (++nodes > MaxNodes) return TooMany(span, errors);
                    if (stack.Count >= MaxDepth) return TooDeep(span, errors);
                    stack.Push(new Frame(new YSequence(span, [])));
                    break;
                case MappingStart:
                    if (++nodes > MaxNodes) return TooMany(span, errors);
                    if (stack.Count >= MaxDepth) return TooDeep(span, errors);
                    stack.Push(new Frame(new YMapping(span, [])) { Keys = new Dictionary<string, YScalar>(StringComparer.Ordinal) });
                    break;
                case SequenceEnd:
                case MappingEnd:
                    var done = stack.Pop();
                    if (!Attach(stack, done.Node, ref root, errors)) return root;
                    break;
            }
        }

        if (errors.Count > firstError && root is null) return null;
        if (root is null || root is YScalar { IsNull: true })
        {
            errors.Add(new(new SourceSpan(file, 1, 1), "", "the file is empty: a scenario is a YAML mapping (scenario:, run:, regions: ...)"));
            return null;
        }
        return root;
    }

    private static YNode? TooMany(SourceSpan span, List<ScenarioError> errors)
    {
        errors.Add(new(span, "", $"the file has more than {MaxNodes.ToString(CultureInfo.InvariantCulture)} YAML nodes; it is not read further"));
        return null;
    }

    private static YNode? TooDeep(SourceSpan span, List<ScenarioError> errors)
    {
        errors.Add(new(span, "", $"values are nested more than {MaxDepth.ToString(CultureInfo.InvariantCulture)} levels deep; the file is not read further"));
        return null;
    }

    /// <summary>Adds a finished node to its parent. Returns false when reading must stop.</summary>
    private static bool Attach(Stack<Frame> stack, YNode node, ref YNode? root, List<ScenarioError> errors)
    {
        if (stack.Count == 0)
        {
            root = node;
            return true;
        }
        var parent = stack.Peek();
        switch (parent.Node)
        {
            case YSequence seq:
                seq.Items.Add(node);
                return true;
            case YMapping map:
                if (parent.PendingKey is null && !parent.SkipValue)
                {
                    if (node is not YScalar key)
                    {
                        errors.Add(new(node.Span, "", $"a mapping key must be plain text, found {node.Describe()}"));
                        parent.SkipValue = true;
                        return true;
                    }
                    if (parent.Keys!.TryGetValue(key.Value, out var first))
                    {
                        errors.Add(new(key.Span, "", $"duplicate key '{key.Value}' (first at line {first.Span.Line.ToString(CultureInfo.InvariantCulture)}); the later value is ignored"));
                        parent.SkipValue = true;
                        return true;
                    }
                    parent.Keys[key.Value] = key;
                    parent.PendingKey = key;
                    return true;
                }
                if (parent.SkipValue)
                {
                    parent.SkipValue = false;
                    return true;
                }
                map.Entries.Add(new(parent.PendingKey!, node));
                parent.PendingKey = null;
                return true;
            default:
                return false;
        }
    }

    private static SourceSpan Span(string file, Mark mark) =>
        new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string CleanMessage(YamlException ex)
    {
        var message = MarkPrefix().Replace(ex.Message, "");
        return message.Length == 0 ? "the parser stopped here" : message;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
