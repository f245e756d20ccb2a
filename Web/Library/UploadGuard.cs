using System.Globalization;
using System.Text;
using KerjasamaGraph.Model.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KerjasamaGraph.Web.Library;

/// <summary>
/// What an uploaded scenario must pass before the scenario loader reads it: a size limit, <c>extends</c> entries
/// that name shipped scenario files only (a plain file name, no folders), and no tables, so that an upload can never
/// make the server read a file outside the library. Everything else (YAML syntax, depth, aliases, fields) is the loader's job.
/// </summary>
public static class UploadGuard
{
    public static IReadOnlyList<ScenarioError> Check(byte[] bytes, string fileName, long maxBytes, IReadOnlySet<string> shipped)
    {
        var errors = new List<ScenarioError>();
        if (bytes.LongLength > maxBytes)
        {
            errors.Add(new(new SourceSpan(fileName, 1, 1), "",
                $"the file is {bytes.LongLength.ToString("N0", CultureInfo.InvariantCulture)} bytes; uploads are limited to {maxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes"));
            return errors;
        }
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return errors; }   // the loader reports where the text stops being UTF-8
        foreach (var (value, line, column) in ExtendsOf(text))
        {
            if (!shipped.Contains(value))
            {
                var names = string.Join(", ", shipped.Order(StringComparer.Ordinal));
                errors.Add(new(new SourceSpan(fileName, line, column), "extends",
                    $"'{value}': an uploaded scenario may extend only the shipped scenarios, by file name ({names})"));
            }
        }
        // Tables are files beside the scenario; an upload is one file, and naming a table would make the server read
        // a file outside the library.
        foreach (var (table, line, column) in ScenarioTables.References(text))
            errors.Add(new(new SourceSpan(fileName, line, column), "",
                $"'{table}': an uploaded scenario cannot name tables; write its regions, neighbours and agreements in the YAML"));
        // Observed data is a file too: an upload that named one could probe the server's file system through the
        // validator's "file not found". Observed series come with the shipped scenario an upload extends.
        foreach (var (file, line, column) in ObservedFilesOf(text))
            errors.Add(new(new SourceSpan(fileName, line, column), "observed.file",
                $"'{file}': an uploaded scenario cannot name an observed data file; extend a shipped scenario that has one"));
        return errors;
    }

    /// <summary>
    /// Every <c>observed.file</c> entry, in the scenario or in any variant, with its position. Like <see cref="ExtendsOf"/>
    /// it reads the event stream without building a tree and stops at the first syntax error.
    /// </summary>
    public static IReadOnlyList<(string Value, int Line, int Column)> ObservedFilesOf(string text)
    {
        var result = new List<(string, int, int)>();
        // Per open collection: the key whose value it is (null for a sequence item or the root), and for a mapping
        // the key read last (null while a key is expected).
        var stack = new Stack<(string? Owner, bool IsMapping, string? PendingKey)>();
        void ValueDone()
        {
            if (stack.Count > 0 && stack.Peek().IsMapping) { var top = stack.Pop(); stack.Push(top with { PendingKey = null }); }
        }
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        var owner = stack.Count > 0 && stack.Peek().IsMapping ? stack.Peek().PendingKey : null;
                        stack.Push((owner, parser.Current is MappingStart, null));
                        break;
                    case MappingEnd or SequenceEnd:
                        stack.Pop();
                        ValueDone();
                        break;
                    case Scalar s when stack.Count > 0 && stack.Peek().IsMapping:
                        var frame = stack.Pop();
                        if (frame.PendingKey is null) { stack.Push(frame with { PendingKey = s.Value }); break; }
                        if (frame.Owner == "observed" && frame.PendingKey == "file" && s.Value.Length > 0)
                            result.Add((s.Value, (int)s.Start.Line, (int)s.Start.Column));
                        stack.Push(frame with { PendingKey = null });
                        break;
                    case AnchorAlias:
                        ValueDone();
                        break;
                }
            }
        }
        catch (YamlException) { }
        return result;
    }

    /// <summary>
    /// The <c>extends</c> entries of the top-level mapping, with their positions. Reads the event stream without building a
    /// tree (so nesting depth cannot exhaust the stack); stops at the first syntax error, which the loader reports.
    /// </summary>
    public static IReadOnlyList<(string Value, int Line, int Column)> ExtendsOf(string text)
    {
        var result = new List<(string, int, int)>();
        try
        {
            var parser = new Parser(new StringReader(text));
            var depth = 0;
            var atKey = true;
            string? key = null;
            var collecting = false;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (depth == 0 && parser.Current is SequenceStart) return result;
                        if (depth == 1 && !atKey && key == "extends") collecting = parser.Current is SequenceStart;
                        depth++;
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        if (depth == 0) return result;
                        if (depth == 1) { atKey = true; key = null; collecting = false; }
                        break;
                    case Scalar s when depth == 1:
                        if (atKey) { key = s.Value; atKey = false; break; }
                        if (key == "extends" && s.Value.Length > 0) result.Add((s.Value, (int)s.Start.Line, (int)s.Start.Column));
                        atKey = true;
                        key = null;
                        break;
                    case Scalar s when collecting && depth == 2:
                        result.Add((s.Value, (int)s.Start.Line, (int)s.Start.Column));
                        break;
                    case AnchorAlias when depth == 1:
                        atKey = !atKey;
                        break;
                }
            }
        }
        catch (YamlException) { }
        return result;
    }
}
