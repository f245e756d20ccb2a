using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace KerjasamaGraph.Client.Presentation;

/// <summary>
/// Spectre.Console.Cli's help, with every description and example shown as plain text. The default help reads
/// descriptions as markup, so text such as <c>NAME[=LO..HI]</c> or <c>[95% interval]</c> made <c>--help</c> crash
/// ("could not find color or style"); here the command model is passed on with its texts escaped.
/// </summary>
public sealed class PlainTextHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> Write(ICommandModel model, ICommandInfo? command)
    {
        var escaped = new EscapedModel(model);
        return base.Write(escaped, command is null ? null : escaped.Wrap(command));
    }

    private static string? E(string? text) => text is null ? null : Markup.Escape(text);

    private static IReadOnlyList<string[]> Examples(IReadOnlyList<string[]> examples) =>
        examples.Select(e => e.Select(a => Markup.Escape(a)).ToArray()).ToList();

    private sealed class EscapedModel(ICommandModel model) : ICommandModel
    {
        private readonly Dictionary<ICommandInfo, ICommandInfo> _wrapped = new(ReferenceEqualityComparer.Instance);

        public ICommandInfo Wrap(ICommandInfo command)
        {
            if (!_wrapped.TryGetValue(command, out var w)) _wrapped[command] = w = new EscapedCommand(command, this);
            return w;
        }

        public string ApplicationName => model.ApplicationName;
        public string? ApplicationVersion => model.ApplicationVersion;
        public IReadOnlyList<string[]> Examples => PlainTextHelpProvider.Examples(model.Examples);
        public IReadOnlyList<ICommandInfo> Commands => model.Commands.Select(Wrap).ToList();
        public ICommandInfo? DefaultCommand => model.DefaultCommand is null ? null : Wrap(model.DefaultCommand);
    }

    private sealed class EscapedCommand(ICommandInfo command, EscapedModel model) : ICommandInfo
    {
        public string Name => command.Name;
        public string? Description => E(command.Description);
        public bool IsBranch => command.IsBranch;
        public bool IsDefaultCommand => command.IsDefaultCommand;
        public bool IsHidden => command.IsHidden;
        public IReadOnlyList<ICommandParameter> Parameters => command.Parameters.Select(p => p switch
        {
            ICommandArgument a => (ICommandParameter)new EscapedArgument(a),
            ICommandOption o => new EscapedOption(o),
            _ => p,
        }).ToList();
        public ICommandInfo? Parent => command.Parent is null ? null : model.Wrap(command.Parent);
        public IReadOnlyList<string[]> Examples => PlainTextHelpProvider.Examples(command.Examples);
        public IReadOnlyList<ICommandInfo> Commands => command.Commands.Select(model.Wrap).ToList();
        public ICommandInfo? DefaultCommand => command.DefaultCommand is null ? null : model.Wrap(command.DefaultCommand);
    }

    private sealed class EscapedArgument(ICommandArgument argument) : ICommandArgument
    {
        public string Value => argument.Value;
        public int Position => argument.Position;
        public bool IsFlag => argument.IsFlag;
        public bool IsRequired => argument.IsRequired;
        public string? Description => E(argument.Description);
        public DefaultValueAttribute? DefaultValue => argument.DefaultValue;
        public bool IsHidden => argument.IsHidden;
    }

    private sealed class EscapedOption(ICommandOption option) : ICommandOption
    {
        public IReadOnlyList<string> LongNames => option.LongNames;
        public IReadOnlyList<string> ShortNames => option.ShortNames;
        public string? ValueName => option.ValueName;
        public bool ValueIsOptional => option.ValueIsOptional;
        public bool IsFlag => option.IsFlag;
        public bool IsRequired => option.IsRequired;
        public string? Description => E(option.Description);
        public DefaultValueAttribute? DefaultValue => option.DefaultValue;
        public bool IsHidden => option.IsHidden;
    }
}
