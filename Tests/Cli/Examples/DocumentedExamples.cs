using System.Text.RegularExpressions;

namespace KerjasamaGraph.Tests.Cli.Examples;

/// <summary>How the example test treats an example command.</summary>
public enum ExampleKind
{
    /// <summary>Run it to its end; check its exit code and output.</summary>
    Run,
    /// <summary>A program that keeps running (a silo, a server): started in the background, ready when it prints a line, stopped after the document's other examples.</summary>
    Background,
    /// <summary>The README's test command: the test checks that .ci/run runs exactly it (running the suite inside itself cannot be done).</summary>
    TestCommand,
    /// <summary>A command pattern with placeholders (FILE, NAME, …), not something to run.</summary>
    Synopsis,
}

/// <summary>One example command, where it is written, and how the test runs it.</summary>
public sealed record Example(string Source, int Line, string Command)
{
    public ExampleKind Kind { get; init; } = ExampleKind.Run;
    /// <summary>For <see cref="ExampleKind.Background"/>: the text of the line that says the program is ready.</summary>
    public string? ReadyText { get; init; }
    /// <summary>Options the test adds to shorten a long-running example (a benchmark), as its marker says.</summary>
    public IReadOnlyList<string> ShortenedWith { get; init; } = [];
    public int ExpectedExitCode { get; init; }

    public override string ToString() => $"{Source}:{Line}: {Command}";
}

/// <summary>
/// The example commands of the README and of the program's help, exactly as written.
/// <para>README: every line of a <c>sh</c> code block, and every inline code span that starts with <c>kerjasama</c>
/// and a command with arguments, or with <c>dotnet</c>. An example the test cannot simply run is marked in the
/// README with an HTML comment that names it (invisible on the rendered page):</para>
/// <code>
/// &lt;!-- example `COMMAND`: background until "TEXT" --&gt;      keeps running; ready when a line contains TEXT
///                                                            (kerjasama, a project, or a program on the PATH)
/// &lt;!-- example `COMMAND`: test-command --&gt;                  the test command; .ci/run must run exactly it
/// &lt;!-- example `COMMAND`: synopsis --&gt;                      a pattern with placeholders
/// &lt;!-- example `COMMAND`: shortened with "OPTIONS" --&gt;       long-running; the test adds OPTIONS
/// &lt;!-- example `COMMAND`: exits N --&gt;                       expected exit code N
/// &lt;!-- examples: ports 11111 30000 are replaced by free ports --&gt;
/// </code>
/// <para>Anything else fails the test: an example with placeholders but no marker, a marker whose example is gone,
/// a program the test does not know how to start.</para>
/// </summary>
public static partial class DocumentedExamples
{
    public sealed record Document(IReadOnlyList<Example> Examples, IReadOnlyList<int> Ports, IReadOnlyList<string> Problems);

    public static Document FromMarkdown(string markdown, string source)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var markers = new Dictionary<string, (int Line, string Spec)>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var ports = new List<int>();
        var problems = new List<string>();
        var found = new List<(int Line, string Command)>();
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                fence = fence is null ? trimmed[3..].Trim() : null;
                continue;
            }
            if (fence is not null)
            {
                if (fence is "sh" or "bash" or "shell")
                {
                    var command = StripComment(trimmed);
                    // A line continued with a backslash joins the next.
                    while (command.EndsWith('\\') && i + 1 < lines.Length) command = command[..^1].TrimEnd() + " " + StripComment(lines[++i].Trim());
                    if (command.Length > 0) found.Add((i + 1, command));
                }
                continue;
            }
            foreach (Match m in Marker().Matches(line)) markers[m.Groups[1].Value] = (i + 1, m.Groups[2].Value.Trim());
            foreach (Match m in PortsMarker().Matches(line))
                ports.AddRange(m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            var prose = Marker().Replace(PortsMarker().Replace(line, ""), "");
            foreach (Match m in InlineCode().Matches(prose))
            {
                var code = m.Groups[1].Value.Trim();
                var words = code.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words is ["kerjasama", _, _, ..] || words is ["dotnet", _, ..]) found.Add((i + 1, code));
            }
        }

        var examples = new List<Example>();
        foreach (var (line, command) in found)
        {
            var example = new Example(source, line, command);
            if (markers.TryGetValue(command, out var marker))
            {
                used.Add(command);
                var parsed = Apply(example, marker.Spec);
                if (parsed is null) problems.Add($"{source}:{marker.Line}: cannot read the marker '{marker.Spec}' for `{command}`");
                else example = parsed;
            }
            if (example.Kind != ExampleKind.Synopsis && Placeholders(command) is { Count: > 0 } placeholders)
                problems.Add($"{example}: has placeholders ({string.Join(", ", placeholders)}): write a command that runs, or mark it as a synopsis");
            examples.Add(example);
        }
        foreach (var (command, (line, _)) in markers)
            if (!used.Contains(command)) problems.Add($"{source}:{line}: a marker names `{command}`, which is no longer an example in the file");
        return new Document(examples, ports, problems);
    }

    /// <summary>The examples of one command's help: the lines under "EXAMPLES:" (each one line, since the output is not wrapped).</summary>
    public static IReadOnlyList<Example> FromHelp(string help, string source)
    {
        var result = new List<Example>();
        var lines = help.Replace("\r\n", "\n").Split('\n');
        var inExamples = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim() == "EXAMPLES:") { inExamples = true; continue; }
            if (!inExamples) continue;
            if (line.Trim().Length == 0 || !line.StartsWith(' ')) break;
            result.Add(new Example(source, i + 1, line.Trim()));
        }
        return result;
    }

    private static Example? Apply(Example example, string spec)
    {
        if (spec == "test-command") return example with { Kind = ExampleKind.TestCommand };
        if (spec == "synopsis") return example with { Kind = ExampleKind.Synopsis };
        if (Regex.Match(spec, "^background until \"([^\"]+)\"$") is { Success: true } bg) return example with { Kind = ExampleKind.Background, ReadyText = bg.Groups[1].Value };
        if (Regex.Match(spec, "^shortened with \"([^\"]+)\"") is { Success: true } sh) return example with { ShortenedWith = Split(sh.Groups[1].Value) };
        if (Regex.Match(spec, "^exits ([0-9]+)$") is { Success: true } ex) return example with { ExpectedExitCode = int.Parse(ex.Groups[1].Value) };
        return null;
    }

    /// <summary>Words of a command as a POSIX shell splits them (single and double quotes, no expansions).</summary>
    public static string[] Split(string command)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else current.Append(c);
                continue;
            }
            if (c is '"' or '\'') { quote = c; inWord = true; continue; }
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            current.Append(c);
            inWord = true;
        }
        if (inWord) words.Add(current.ToString());
        return words.ToArray();
    }

    /// <summary>Words that stand for something the reader fills in: FILE, NAME, YYYY-MM, a|b, [optional], &lt;x&gt;, ….</summary>
    public static IReadOnlyList<string> Placeholders(string command) =>
        Split(command).Where(w => PlaceholderWord().IsMatch(w.Trim('[', ']', '<', '>')) || w.Contains('…') || w.Contains('|') || w.StartsWith('[') || w.StartsWith('<')).ToList();

    private static string StripComment(string line)
    {
        if (line.StartsWith('#')) return "";
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return (hash >= 0 ? line[..hash] : line).Trim();
    }

    [GeneratedRegex(@"<!--\s*example\s+`([^`]+)`\s*:\s*(.*?)\s*-->")]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--\s*examples\s*:\s*ports\s+([0-9 ]+?)\s+are replaced by free ports\s*-->")]
    private static partial Regex PortsMarker();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex("^(?:[A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)*|[A-Z]+=[A-Z]+)$")]
    private static partial Regex PlaceholderWord();
}
