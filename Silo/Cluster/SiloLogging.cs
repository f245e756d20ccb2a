using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace KerjasamaGraph.Cluster;

/// <summary>
/// A silo's log: Warning and above by default, one line per entry (an exception adds its type and first line, never
/// its stack trace), and Orleans' messaging and membership internals quiet, since the loss of a peer otherwise
/// repeats as connection errors until the peer is declared dead; <see cref="MembershipLog"/> says it once. The
/// <c>Logging</c> section of configuration overrides any of these levels.
/// </summary>
public static class SiloLogging
{
    public const string FormatterName = "kerjasama";

    public static ILoggingBuilder AddSiloLogging(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.FormatterName = FormatterName);
        logging.AddConsoleFormatter<OneLineFormatter, ConsoleFormatterOptions>();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Orleans", LogLevel.Error);
        logging.AddFilter("Orleans.Runtime.Messaging", LogLevel.None);
        logging.AddFilter("Orleans.Runtime.MembershipService", LogLevel.None);
        logging.AddFilter("Orleans.Networking", LogLevel.None);
        logging.AddFilter("Orleans.Runtime.Scheduler", LogLevel.Critical);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Error);
        return logging;
    }

    /// <summary>time level category: message (ExceptionType: first line of its message).</summary>
    public sealed class OneLineFormatter() : ConsoleFormatter(FormatterName)
    {
        public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter writer)
        {
            var message = entry.Formatter(entry.State, entry.Exception) ?? "";
            var level = entry.LogLevel switch
            {
                LogLevel.Critical => "crit",
                LogLevel.Error => "fail",
                LogLevel.Warning => "warn",
                LogLevel.Information => "info",
                LogLevel.Debug => "dbug",
                _ => "trce",
            };
            writer.Write(DateTime.UtcNow.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            writer.Write(' ');
            writer.Write(level);
            writer.Write(' ');
            writer.Write(Short(entry.Category));
            writer.Write(": ");
            writer.Write(FirstLine(message));
            if (entry.Exception is { } e) writer.Write($" ({e.GetType().Name}: {FirstLine(e.Message)})");
            writer.Write('\n');
        }

        private static string Short(string category)
        {
            var dot = category.LastIndexOf('.');
            return dot < 0 ? category : category[(dot + 1)..];
        }

        private static string FirstLine(string text)
        {
            var newline = text.IndexOfAny(['\r', '\n']);
            return newline < 0 ? text : text[..newline];
        }
    }
}
