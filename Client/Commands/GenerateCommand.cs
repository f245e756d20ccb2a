using System.ComponentModel;
using System.Text;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class GenerateSettings : CommandSettings
{
    [CommandOption("--regions <N>")]
    [Description("Number of regions (2 to 100000).")]
    public int Regions { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Random seed; the same seed gives the same scenario.")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    [CommandOption("--out <FILE>")]
    [Description("Write to this file (must not exist) instead of standard output.")]
    public string? Out { get; init; }
}

/// <summary>`kerjasama generate`: a synthetic but realistic scenario for scale tests.</summary>
public sealed class GenerateCommand : Command<GenerateSettings>
{
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Regions is < 2 or > 100_000) throw new InputException($"--regions: {settings.Regions} is out of range (2 to 100000)");
        if (settings.Out is not null && File.Exists(settings.Out)) throw new InputException($"{settings.Out}: file already exists; generate never overwrites a file");
        var yaml = ScenarioYamlWriter.ToYaml(ScenarioGenerator.Generate(settings.Regions, settings.Seed));
        if (settings.Out is null)
        {
            Console.Out.Write(yaml);
            return ExitCodes.Ok;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(settings.Out));
        if (directory is not null) Directory.CreateDirectory(directory);
        using (var stream = new FileStream(settings.Out, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(yaml);
        }
        AnsiConsole.MarkupLineInterpolated($"[green]Wrote[/] {settings.Out} ({settings.Regions} regions, seed {settings.Seed})");
        return ExitCodes.Ok;
    }
}
