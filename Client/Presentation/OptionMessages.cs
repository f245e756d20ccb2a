using System.Reflection;
using System.Text.RegularExpressions;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Presentation;

/// <summary>
/// Command-line mistakes in words a planner understands. Spectre.Console.Cli reports a bad option value as
/// "Failed to convert 'abc' to Nullable`1"; this names the option and what it takes ("--seed: 'abc' is not a whole
/// number, 0 or more"), and suggests the closest command or option for a misspelled one.
/// </summary>
public static partial class OptionMessages
{
    /// <summary>The message for a parse or conversion error of <paramref name="args"/>, given each command's settings type.</summary>
    public static string Explain(CommandRuntimeException exception, IReadOnlyList<string> args, IReadOnlyDictionary<string, Type> settingsByCommand)
    {
        var command = args.Count > 0 && settingsByCommand.ContainsKey(args[0]) ? args[0] : null;
        var help = command is null ? "kerjasama --help" : $"kerjasama {command} --help";
        var message = exception.Message.TrimEnd('.');

        if (ConversionFailed().Match(exception.Message) is { Success: true } conversion && command is not null)
        {
            var value = conversion.Groups[1].Value;
            var (option, type) = OptionTaking(value, args, settingsByCommand[command]);
            if (option is not null && type is not null) return $"{option}: '{value}' is not {What(type)} (see {help})";
        }
        if (UnknownOption().Match(exception.Message) is { Success: true } unknown && command is not null)
        {
            var names = Options(settingsByCommand[command]).SelectMany(o => o.Attribute.LongNames.Select(n => "--" + n));
            var given = unknown.Groups[1].Value;
            var hint = Suggest.Closest(given.TrimStart('-').Length == given.Length ? "--" + given : given, names);
            return $"unknown option '{(given.StartsWith('-') ? given : "--" + given)}'{(hint is null ? "" : $" (did you mean '{hint}'?)")} (see {help})";
        }
        if (UnknownCommand().Match(exception.Message) is { Success: true } unknownCommand)
        {
            var hint = Suggest.Closest(unknownCommand.Groups[1].Value, settingsByCommand.Keys);
            return $"unknown command '{unknownCommand.Groups[1].Value}'{(hint is null ? "" : $" (did you mean '{hint}'?)")} (see kerjasama --help)";
        }
        return $"{message} (see {help})";
    }

    /// <summary>What a value of the type is, as a phrase after "is not".</summary>
    public static string What(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => "a whole number, 0 or more",
            TypeCode.SByte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number (such as 0.25 or 1e6)",
            TypeCode.Boolean => "true or false",
            _ => "a valid value",
        };
    }

    private static (string? Option, Type? Type) OptionTaking(string value, IReadOnlyList<string> args, Type settings)
    {
        for (var i = 1; i < args.Count; i++)
        {
            string? name = null;
            if (args[i] == value && args[i - 1].StartsWith('-')) name = args[i - 1];
            else if (args[i].StartsWith('-') && args[i].EndsWith("=" + value, StringComparison.Ordinal)) name = args[i][..^(value.Length + 1)];
            else if (args[i].StartsWith('-') && args[i].EndsWith(":" + value, StringComparison.Ordinal)) name = args[i][..^(value.Length + 1)];
            if (name is null) continue;
            var bare = name.TrimStart('-');
            var property = Options(settings).FirstOrDefault(o => o.Attribute.LongNames.Contains(bare) || o.Attribute.ShortNames.Contains(bare)).Property;
            if (property is not null) return (name, property.PropertyType);
        }
        return (null, null);
    }

    private static IEnumerable<(PropertyInfo Property, CommandOptionAttribute Attribute)> Options(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandOptionAttribute>()!))
            .Where(p => p.Attribute is not null && !p.Attribute.IsHidden);

    [GeneratedRegex("^Failed to convert '(.*)' to ", RegexOptions.Singleline)]
    private static partial Regex ConversionFailed();

    [GeneratedRegex("^Unknown option '(.*)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex("^Unknown command '(.*)'")]
    private static partial Regex UnknownCommand();
}
