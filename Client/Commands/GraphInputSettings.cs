using System.ComponentModel;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

/// <summary>The argument and options of the commands that read a graph (<see cref="GraphInput"/>): metrics and export.</summary>
public abstract class GraphInputSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Scenario (YAML), run folder, or network file (GraphML, CSV tables).")]
    public string File { get; init; } = "";

    [CommandOption("--variant <NAME>")]
    [Description("Scenario variant to apply (a scenario file, or a run folder's scenario).")]
    public string? Variant { get; init; }

    [CommandOption("--layer <LAYER>")]
    [Description("borders, agreements or all (default all).")]
    public string? Layer { get; init; }

    [CommandOption("--type <TYPE>")]
    [Description("Agreement types, comma-separated: shared_service, food_supply, knowledge, funding (implies --layer agreements unless given).")]
    public string? Type { get; init; }

    [CommandOption("--shared-service <MODE>")]
    [Description("clique (default): members all linked; star: members linked to the host.")]
    public string? SharedService { get; init; }
}
