using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class ValidateSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Scenario file (YAML).")]
    public string File { get; init; } = "";

    [CommandOption("--variant <NAME>")]
    [Description("Also apply and check this variant.")]
    public string? Variant { get; init; }
}

/// <summary>`kerjasama validate`: exit 0 when the scenario is valid; 2 with every error, one per line, otherwise.</summary>
public sealed class ValidateCommand : Command<ValidateSettings>
{
    public override int Execute(CommandContext context, ValidateSettings settings, CancellationToken cancellationToken)
    {
        var (scenario, hash) = ScenarioInput.Load(settings.File, settings.Variant);
        AnsiConsole.MarkupLineInterpolated(
            $"[green]{settings.File}: valid[/] — {scenario.Regions.Count} regions, {scenario.Partners.Count} partners, {scenario.Neighbours.Count} borders, {scenario.Agreements.Count} agreements, {scenario.Shocks.Count} shocks, variants: {(scenario.VariantNames.Count == 0 ? "none" : string.Join(", ", scenario.VariantNames))} ({hash})");
        return ExitCodes.Ok;
    }
}
