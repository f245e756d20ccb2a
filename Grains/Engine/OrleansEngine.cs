using KerjasamaGraph.Grains.Interfaces;
using Orleans.Runtime;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Grains.Engine;

/// <summary>The Orleans engine: a run is a coordinator grain driving one grain per region and partner.</summary>
public sealed class OrleansEngine(IGrainFactory grains, int silos) : ISimulationEngine
{
    public string Name => "orleans";
    public int Silos => silos;

    public async Task<ISimulationRun> StartAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var runId = Guid.NewGuid().ToString("N");
        var coordinator = grains.GetGrain<IRunCoordinatorGrain>(runId);
        var headers = await coordinator.Start(ScenarioJson.Serialize(scenario)).WaitAsync(cancellationToken);
        return new Run(coordinator, headers, scenario.Run.Months);
    }

    public Task<ISimulationRun> ResumeAsync(Scenario scenario, Model.Simulation.Sharding.RunCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the region-grain engine cannot resume from a checkpoint");

    private sealed class Run(IRunCoordinatorGrain coordinator, RunHeaders headers, int months) : ISimulationRun
    {
        private bool _finished;

        public RunHeaders Headers => headers;
        public int Months => months;
        public long CallsLastMonth { get; private set; }
        public int MonthsDone { get; private set; }

        public Task<Model.Simulation.Sharding.RunCheckpoint> CaptureAsync(CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the region-grain engine cannot capture a checkpoint");

        public async Task<MonthRows> AdvanceAsync(CancellationToken cancellationToken = default)
        {
            var result = await coordinator.Advance().WaitAsync(cancellationToken);
            CallsLastMonth = result.Calls;
            MonthsDone++;
            return result.Rows;
        }

        public async Task<Headline> FinishAsync(CancellationToken cancellationToken = default)
        {
            _finished = true;
            return await coordinator.Finish().WaitAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            if (_finished) return;
            _finished = true;
            // The run is abandoned (a failure or an interruption is on its way to the caller): release its grains.
            // A cluster that is going away cannot answer, and that is fine; anything else is a bug and surfaces.
            try { await coordinator.Finish(); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or ObjectDisposedException
                                          or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException) { }
        }
    }
}
