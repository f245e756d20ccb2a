using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// The reference engine: the model's step functions in a plain loop. Each tick steps every entity
/// (in parallel across entities; each entity writes only its own state, so the result does not depend on
/// scheduling), then hands the snapshots to the next tick and the outputs, in region order, to the aggregator.
/// </summary>
public sealed class ReferenceEngine(bool parallel = true) : ISimulationEngine
{
    public string Name => "reference";
    public int Silos => 0;

    public Task<ISimulationRun> StartAsync(Scenario scenario, CancellationToken cancellationToken = default) =>
        Task.FromResult<ISimulationRun>(new Run(new SimulationWorld(scenario), parallel));

    private sealed class Run : ISimulationRun
    {
        private readonly SimulationWorld _world;
        private readonly bool _parallel;
        private readonly RegionState[] _states;
        private EntitySnapshot[] _snapshots;
        private readonly RunAggregator _aggregator;
        private int _tick;

        public Run(SimulationWorld world, bool parallel)
        {
            _world = world;
            _parallel = parallel;
            _states = new RegionState[world.RegionCount];
            _snapshots = new EntitySnapshot[world.EntityCount];
            for (var r = 0; r < world.RegionCount; r++) (_states[r], _snapshots[r]) = RegionStep.Initialise(world, r);
            for (var e = world.RegionCount; e < world.EntityCount; e++) _snapshots[e] = PartnerStep.Initialise(world, e);
            _aggregator = new RunAggregator(world);
            Headers = RunHeaders.From(_aggregator);
        }

        public RunHeaders Headers { get; }
        public int Months => _world.Months;
        public long CallsLastMonth => 0;

        public Task<MonthRows> AdvanceAsync(CancellationToken cancellationToken = default)
        {
            if (_tick >= _world.Months) throw new InvalidOperationException("the run has no months left");
            cancellationToken.ThrowIfCancellationRequested();
            var tick = _tick;
            var next = new EntitySnapshot[_world.EntityCount];
            var outputs = new RegionMonthOutput[_world.RegionCount];
            void StepRegion(int r)
            {
                var inbox = Inbox(_world, _snapshots, r);
                (next[r], outputs[r]) = RegionStep.Step(_world, _states[r], tick, inbox);
            }
            if (_parallel) Parallel.For(0, _world.RegionCount, StepRegion);
            else for (var r = 0; r < _world.RegionCount; r++) StepRegion(r);
            for (var e = _world.RegionCount; e < _world.EntityCount; e++) next[e] = _snapshots[e];
            _snapshots = next;
            _tick++;
            return Task.FromResult(_aggregator.AddMonth(tick, outputs));
        }

        public Task<Headline> FinishAsync(CancellationToken cancellationToken = default) => Task.FromResult(_aggregator.Finish());

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The snapshots an entity reads: those of its subscriptions, in ascending sender order.</summary>
    public static EntitySnapshot[] Inbox(SimulationWorld world, IReadOnlyList<EntitySnapshot> snapshots, int entity)
    {
        var subs = world.Subscriptions[entity];
        var inbox = new EntitySnapshot[subs.Length];
        for (var i = 0; i < subs.Length; i++) inbox[i] = snapshots[subs[i]];
        return inbox;
    }
}
