using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Simulation;
using Orleans.Concurrency;

namespace KerjasamaGraph.Grains.Interfaces;

/// <summary>
/// Drives one run (key: the run id): two-phase supersteps over every region grain, batching each tick's
/// messages into one call per grain, and aggregation of the outputs in region order.
/// </summary>
public interface IRunCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Compiles the scenario (JSON of a resolved scenario), activates every region and partner grain and collects the initial snapshots.</summary>
    Task<RunHeaders> Start(string scenarioJson);

    /// <summary>Runs one tick on every region grain and returns the month's output rows.</summary>
    Task<AdvanceResult> Advance();

    /// <summary>Headline results; releases the grains of the run.</summary>
    Task<Headline> Finish();

    /// <summary>The scenario JSON, for grains on other silos loading the run's world while the coordinator waits on them.</summary>
    [AlwaysInterleave]
    Task<string> GetScenarioJson();
}

[GenerateSerializer, Immutable]
public sealed class AdvanceResult
{
    [Id(0)] public required MonthRows Rows { get; init; }
    /// <summary>Grain calls made for this tick (one per region grain, plus the call that asked for it).</summary>
    [Id(1)] public required long Calls { get; init; }
}
