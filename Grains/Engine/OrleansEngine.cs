using KerjasamaGraph.Grains.Interfaces;
using KerjasamaGraph.Grains.Serialization;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace KerjasamaGraph.Grains.Engine;

/// <summary>
/// The Orleans engine: a run is a coordinator grain driving shard grains (<see cref="IShardGrain"/>), each stepping its
/// regions. This client-side half pulls each shard's region outputs once per month (numbers, one call per shard, never
/// through the coordinator), merges them in region order and aggregates and formats the rows here, so the aggregator
/// sums in exactly the order of the reference engine.
/// </summary>
/// <param name="grains">The cluster client (or a silo's grain factory).</param>
/// <param name="silos">Silos the engine runs on, for reports (0 when unknown, e.g. a remote cluster).</param>
/// <param name="shards">Shard grains per run; 0 lets the coordinator choose two per active silo.</param>
public sealed class OrleansEngine(IGrainFactory grains, int silos, int shards = 0) : ISimulationEngine
{
    public string Name => "orleans";
    public int Silos => silos;

    public async Task<ISimulationRun> StartAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var world = new SimulationWorld(scenario);
        var runId = Guid.NewGuid().ToString("N");
        var coordinator = grains.GetGrain<IRunCoordinatorGrain>(runId);
        var layout = await InProcessFirst(runId, world, scenario, json => coordinator.Start(json, shards), cancellationToken);
        return new Run(grains, runId, coordinator, world, layout, new RunAggregator(world), new Lazy<string>(() => RunCheckpoint.HashOf(scenario)));
    }

    public async Task<ISimulationRun> ResumeAsync(Scenario scenario, RunCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        checkpoint.CheckScenario(scenario);
        var world = new SimulationWorld(scenario);
        var aggregator = new RunAggregator(world);
        aggregator.Restore(checkpoint.Aggregator);
        var runId = Guid.NewGuid().ToString("N");
        var coordinator = grains.GetGrain<IRunCoordinatorGrain>(runId);
        var layout = await InProcessFirst(runId, world, scenario, json => coordinator.Resume(json, checkpoint.Shards.AsImmutable()), cancellationToken);
        return new Run(grains, runId, coordinator, world, layout with { MonthsDone = checkpoint.Tick }, aggregator, new Lazy<string>(checkpoint.ScenarioHash));
    }

    /// <summary>
    /// Starts the run's coordinator. The client's world is offered to the run's grains in this process (<see cref="WorldCache.Offer"/>)
    /// and the coordinator is first asked without the scenario: an embedded silo takes the world as it is; a coordinator on a
    /// silo of another process (a remote cluster) answers null and is asked again with the JSON. The world is withdrawn when
    /// the run ends (<see cref="Run"/>).
    /// </summary>
    private static async Task<RunLayout> InProcessFirst(string runId, SimulationWorld world, Scenario scenario, Func<string?, Task<RunLayout?>> start, CancellationToken cancellationToken)
    {
        WorldCache.Offer(runId, world);
        try
        {
            if (await start(null).WaitAsync(cancellationToken) is { } layout) return layout;
        }
        catch
        {
            WorldCache.Withdraw(runId);
            throw;
        }
        WorldCache.Withdraw(runId);
        return await start(ScenarioJson.Serialize(scenario)).WaitAsync(cancellationToken)
               ?? throw new InvalidOperationException($"run {runId}: the coordinator did not take the scenario");
    }

    /// <summary>A run on the cluster; <see cref="RunId"/> addresses its grains ("{RunId}/{regionId}" for <see cref="IRegionGrain"/>).</summary>
    public sealed class Run : ISimulationRun
    {
        private readonly IRunCoordinatorGrain _coordinator;
        private readonly SimulationWorld _world;
        private readonly ShardPartition _partition;
        private readonly IShardGrain[] _shards;
        private readonly RunAggregator _aggregator;
        /// <summary>The scenario's hash, computed at the first capture: hashing means serialising the whole scenario, which a run that is never checkpointed should not pay for.</summary>
        private readonly Lazy<string> _hash;
        /// <summary>Output batches that came from other silos, by tick, until they are given back to the run's spares (<see cref="AdvanceAsync"/>).</summary>
        private readonly Queue<(int Tick, OutputBatch[] Batches)> _received = new();
        private bool _finished;

        public string RunId { get; }

        internal Run(IGrainFactory grains, string runId, IRunCoordinatorGrain coordinator, SimulationWorld world, RunLayout layout, RunAggregator aggregator, Lazy<string> hash)
        {
            RunId = runId;
            _coordinator = coordinator;
            _world = world;
            _partition = ShardPartition.Create(world, layout.Shards);
            if (_partition.Count != layout.Shards) throw new InvalidOperationException($"run {runId}: {layout.Shards} shards for {world.RegionCount} regions");
            _shards = Enumerable.Range(0, layout.Shards).Select(s => grains.GetGrain<IShardGrain>(ShardGrain.ShardKey(runId, s))).ToArray();
            _aggregator = aggregator;
            _hash = hash;
            ReceiveSpares.OpenOutputs(ShardGrain.OutputsKey(runId), world.RegionCount);
            MonthsDone = layout.MonthsDone;
            Headers = RunHeaders.From(aggregator);
        }

        public RunHeaders Headers { get; }
        public int Months => _world.Months;
        public int MonthsDone { get; private set; }
        public long CallsLastMonth { get; private set; }
        /// <summary>Shard grains of the run.</summary>
        public int Shards => _shards.Length;

        public async Task<MonthRows> AdvanceAsync(CancellationToken cancellationToken = default)
        {
            var tick = MonthsDone;
            // Outputs of tick t are aggregated before tick t+1 is asked for, and nothing reads them at tick t+2 (the shards
            // refill their own then, see ShardStepper): those that came from other silos take this month's outputs.
            while (_received.TryPeek(out var old) && old.Tick <= tick - 2)
            {
                foreach (var batch in _received.Dequeue().Batches) ReceiveSpares.GiveBack(batch);
            }
            // The outputs are asked for together with the month: each shard answers as soon as its own regions are computed
            // (TakeOutputs interleaves with Step), so their transfer overlaps the shards that still compute instead of
            // following the slowest one.
            var taking = Task.WhenAll(_shards.Select(s => s.TakeOutputs(tick)));
            MonthBarrier barrier;
            OutputBatch[] outputs;
            try
            {
                barrier = await _coordinator.Advance().WaitAsync(cancellationToken);
                if (barrier.Tick != tick) throw new InvalidOperationException($"the coordinator stepped tick {barrier.Tick}, expected {tick}");
                outputs = await taking.WaitAsync(cancellationToken);
            }
            catch
            {
                // The month failed or was interrupted: the requests still waiting are answered when the shards are released,
                // and their failures are not the caller's news.
                _ = taking.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }
            MonthsDone = tick + 1;
            CallsLastMonth = barrier.Calls + _shards.Length;
            var rows = _aggregator.AddMonth(tick, ReferenceEngine.MergeOutputs(_partition, outputs.Select(o => o.Outputs).ToArray()));
            var received = outputs.Where(o => o.Received).ToArray();
            if (received.Length > 0) _received.Enqueue((tick, received));
            return rows;
        }

        public async Task<Headline> FinishAsync(CancellationToken cancellationToken = default)
        {
            _finished = true;
            CloseSpares();
            var headline = _aggregator.Finish();
            try { await _coordinator.Finish().WaitAsync(cancellationToken); }
            finally { WorldCache.Withdraw(RunId); }
            return headline;
        }

        public async Task<RunCheckpoint> CaptureAsync(CancellationToken cancellationToken = default)
        {
            var blobs = await _coordinator.Capture().WaitAsync(cancellationToken);
            return new RunCheckpoint(_hash.Value, MonthsDone, blobs.Value, _aggregator.Capture());
        }

        private void CloseSpares()
        {
            ReceiveSpares.Close(ShardGrain.OutputsKey(RunId));
            _received.Clear();
        }

        public async ValueTask DisposeAsync()
        {
            if (_finished) return;
            _finished = true;
            CloseSpares();
            WorldCache.Withdraw(RunId);
            // The run is abandoned (a failure or an interruption is on its way to the caller): release its grains.
            // A cluster that is going away cannot answer, and that is fine; anything else is a bug and surfaces.
            try { await _coordinator.Finish(); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or ObjectDisposedException
                                          or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException) { }
        }
    }
}
