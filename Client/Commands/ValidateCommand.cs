using System.ComponentModel;
using KerjasamaGraph.Client.Presentation;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class ValidateSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Scenario file (YAML).")]
    public string File { get; init; } = "";

    [CommandOption("--variant <NAME>")]
    [Description("Check only this variant (default: the baseline and every variant).")]
    public string? Variant { get; init; }
}

/// <summary>
/// `kerjasama validate`: exit 0 when the scenario (and each of its variants) is valid; 2 with every error, one per
/// line, otherwise. Errors of a variant name the variant so the line says which overlay to fix.
/// </summary>
public sealed class ValidateCommand(IAnsiConsole console) : Command<ValidateSettings>
{
    public override int Execute(CommandContext context, ValidateSettings settings, CancellationToken cancellationToken)
    {
        var (scenario, hash) = ScenarioInput.Load(settings.File, settings.Variant);
        var variants = settings.Variant is null ? scenario.VariantNames : [];
        var errors = new List<string>();
        foreach (var variant in variants)
        {
            var result = ScenarioLoader.Load(settings.File, variant);
            if (!result.Ok) errors.AddRange(result.Errors.Select(e => $"{e} (variant {variant})"));
        }
        if (errors.Count > 0) throw new InputException(errors);
        console.WriteLine(
            $"{settings.File}: valid{(settings.Variant is null ? "" : $" with variant {settings.Variant}")} — {PlainText.ScenarioCounts(scenario, all: true)}; " +
            $"variants: {(scenario.VariantNames.Count == 0 ? "none" : string.Join(", ", scenario.VariantNames))}; {hash}");
        return ExitCodes.Ok;
    }
}
