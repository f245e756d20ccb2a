using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation.Sharding;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>Column names of the three tables a run writes.</summary>
public sealed record RunHeaders(string[] Regions, string[] Agreements, string[] Summary)
{
    public static RunHeaders From(RunAggregator aggregator) =>
        new(aggregator.RegionsHeader(), aggregator.AgreementsHeader(), aggregator.SummaryHeader());
}

/// <summary>A run in progress: advance it a month at a time, then finish it for the headline results.</summary>
public interface ISimulationRun : IAsyncDisposable
{
    RunHeaders Headers { get; }
    int Months { get; }
    /// <summary>Months stepped so far (the tick the next <see cref="AdvanceAsync"/> steps).</summary>
    int MonthsDone { get; }
    /// <summary>Messages (grain calls) the engine made for the last month, or 0 where there are none.</summary>
    long CallsLastMonth { get; }
    Task<MonthRows> AdvanceAsync(CancellationToken cancellationToken = default);
    Task<Headline> FinishAsync(CancellationToken cancellationToken = default);
    /// <summary>The run's state at the current month barrier (see <see cref="RunCheckpoint"/>); the run goes on unchanged.</summary>
    Task<RunCheckpoint> CaptureAsync(CancellationToken cancellationToken = default);
}

/// <summary>Something that steps a scenario: the reference loop, or the Orleans grains.</summary>
public interface ISimulationEngine
{
    /// <summary>"reference" or "orleans".</summary>
    string Name { get; }
    /// <summary>Number of silos the engine runs on (0 for the reference engine).</summary>
    int Silos { get; }
    Task<ISimulationRun> StartAsync(Scenario scenario, CancellationToken cancellationToken = default);
    /// <summary>Continues a run from a checkpoint of <paramref name="scenario"/> taken on any engine (see <see cref="RunCheckpoint"/>).</summary>
    Task<ISimulationRun> ResumeAsync(Scenario scenario, RunCheckpoint checkpoint, CancellationToken cancellationToken = default);
}
