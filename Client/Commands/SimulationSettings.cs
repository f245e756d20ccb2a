using System.ComponentModel;
using Spectre.Console.Cli;
using KerjasamaGraph.Client.Hosting;

namespace KerjasamaGraph.Client.Commands;

/// <summary>The options every command that simulates shares: the scenario, run overrides, the engine and its silos.</summary>
public abstract class SimulationSettings : CommandSettings
{
    /// <summary>The scenario file (each command declares the argument, so that `run --resume DIR` can do without it).</summary>
    public abstract string File { get; init; }

    [CommandOption("--months <N>")]
    [Description("Months to simulate (overrides run.months).")]
    public int? Months { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Random seed (overrides run.seed).")]
    public ulong? Seed { get; init; }

    [CommandOption("--replications <R>")]
    [Description("Replications, run together as lanes (overrides run.replications).")]
    public int? Replications { get; init; }

    [CommandOption("--engine <ENGINE>")]
    [Description("orleans (default) or reference.")]
    [DefaultValue("orleans")]
    public string Engine { get; init; } = "orleans";

    [CommandOption("--silos <N>")]
    [Description("Number of in-process silos for the Orleans engine.")]
    [DefaultValue(1)]
    public int Silos { get; init; } = 1;

    [CommandOption("--connect <CLUSTER>")]
    [Description("Run on a running silo cluster instead of embedded silos: redis://HOST:PORT (membership in Redis, any live gateway) or HOST:PORT[,HOST:PORT] (gateways).")]
    public string? Connect { get; init; }

    [CommandOption("--otlp <URI>")]
    [Description(EmbeddedTelemetry.OtlpHelp)]
    public string? Otlp { get; init; }

    [CommandOption("--otlp-protocol <PROTOCOL>")]
    [Description(EmbeddedTelemetry.OtlpProtocolHelp)]
    public string? OtlpProtocol { get; init; }

    [CommandOption("--quiet")]
    [Description("No progress bar or tables; print only the output folder.")]
    public bool Quiet { get; init; }
}
