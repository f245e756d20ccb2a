using System.Text;
using Spectre.Console;

namespace KerjasamaGraph.Client.Presentation;

/// <summary>
/// The console the program writes to. On a terminal: Spectre.Console's defaults (the terminal's width, colours,
/// live progress). Redirected to a file or a pipe: no colour codes, lines as long as they need to be, so a path,
/// a command to copy or a table row is never broken at 80 columns (Spectre.Console's width for output that is
/// not a terminal), and no trailing blanks from padded table cells.
/// </summary>
public static class Terminal
{
    /// <summary>The width used when standard output is not a terminal: wide enough that nothing the program prints wraps.</summary>
    public const int RedirectedWidth = 8192;

    public static IAnsiConsole ForStandardOutput()
    {
        if (!Console.IsOutputRedirected) return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(new TrailingBlanksRemoved(Console.Out)),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>Passes text on, leaving out blanks at the end of each line.</summary>
    public sealed class TrailingBlanksRemoved(TextWriter inner) : TextWriter
    {
        private int _blanks;

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value == ' ')
            {
                _blanks++;
                return;
            }
            if (value is not ('\n' or '\r')) inner.Write(new string(' ', _blanks));
            _blanks = 0;
            inner.Write(value);
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            foreach (var c in value) Write(c);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            for (var i = 0; i < count; i++) Write(buffer[index + i]);
        }

        public override void Flush() => inner.Flush();
    }
}
