using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation.Sharding;

namespace KerjasamaGraph.Model.Simulation;

/// <summary>
/// The reference engine: the model's step functions in a plain loop. The regions are split into
/// <paramref name="shards"/> shards (<see cref="ShardPartition"/>, one by default) stepped by the same
/// <see cref="ShardStepper"/> the Orleans shard grains use; boundary batches are handed from shard to shard in
/// process. Within a shard regions step in parallel (each writes only its own state, so the result does not depend
/// on scheduling); the outputs are merged in region order and handed to the aggregator.
/// </summary>
public sealed class ReferenceEngine(bool parallel = true, int shards = 1) : ISimulationEngine
{
    public string Name => "reference";
    public int Silos => 0;

    public Task<ISimulationRun> StartAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var world = new SimulationWorld(scenario);
        var plan = new ShardPlan(world, ShardPartition.Create(world, shards));
        var steppers = new ShardStepper[plan.Partition.Count];
        for (var s = 0; s < steppers.Length; s++) steppers[s] = new ShardStepper(world, plan, s, parallel);
        return Task.FromResult<ISimulationRun>(new Run(world, plan, steppers, new RunAggregator(world), new Lazy<string>(() => RunCheckpoint.HashOf(scenario))));
    }

    public Task<ISimulationRun> ResumeAsync(Scenario scenario, RunCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        checkpoint.CheckScenario(scenario);
        var world = new SimulationWorld(scenario);
        var plan = new ShardPlan(world, ShardPartition.Create(world, checkpoint.Shards.Length));
        if (plan.Partition.Count != checkpoint.Shards.Length) throw new InvalidDataException($"checkpoint has {checkpoint.Shards.Length} shards for {world.RegionCount} regions");
        var steppers = checkpoint.Shards.Select(b => ShardStepper.Restore(world, plan, b, parallel)).OrderBy(s => s.Shard).ToArray();
        for (var s = 0; s < steppers.Length; s++)
        {
            if (steppers[s].Shard != s || steppers[s].Tick != checkpoint.Tick) throw new InvalidDataException($"checkpoint shard {s} is shard {steppers[s].Shard} at tick {steppers[s].Tick}, expected tick {checkpoint.Tick}");
        }
        var aggregator = new RunAggregator(world);
        aggregator.Restore(checkpoint.Aggregator);
        return Task.FromResult<ISimulationRun>(new Run(world, plan, steppers, aggregator, new Lazy<string>(checkpoint.ScenarioHash)));
    }

    private sealed class Run(SimulationWorld world, ShardPlan plan, ShardStepper[] steppers, RunAggregator aggregator, Lazy<string> hash) : ISimulationRun
    {
        public RunHeaders Headers { get; } = RunHeaders.From(aggregator);
        public int Months => world.Months;
        public int MonthsDone => steppers[0].Tick;
        public long CallsLastMonth => 0;

        public Task<MonthRows> AdvanceAsync(CancellationToken cancellationToken = default)
        {
            var tick = MonthsDone;
            if (tick >= world.Months) throw new InvalidOperationException("the run has no months left");
            cancellationToken.ThrowIfCancellationRequested();
            var months = new ShardMonth[steppers.Length];
            for (var s = 0; s < steppers.Length; s++) months[s] = steppers[s].Step(tick);
            for (var s = 0; s < months.Length; s++)
                foreach (var batch in months[s].Batches) steppers[batch.To].Deliver(tick, s, batch.Snapshots);
            return Task.FromResult(aggregator.AddMonth(tick, MergeOutputs(plan.Partition, months.Select(m => m.Outputs).ToArray())));
        }

        public Task<Headline> FinishAsync(CancellationToken cancellationToken = default) => Task.FromResult(aggregator.Finish());

        public Task<RunCheckpoint> CaptureAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new RunCheckpoint(hash.Value, MonthsDone, steppers.Select(s => s.Capture()).ToArray(), aggregator.Capture()));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Every region's output in ascending region order, from each shard's outputs (in the shard's region order).</summary>
    public static RegionMonthOutput[] MergeOutputs(ShardPartition partition, IReadOnlyList<RegionMonthOutput[]> shardOutputs)
    {
        var merged = new RegionMonthOutput[partition.ShardOf.Length];
        for (var s = 0; s < shardOutputs.Count; s++)
        {
            var regions = partition.Regions[s];
            var outputs = shardOutputs[s];
            if (outputs.Length != regions.Length) throw new InvalidOperationException($"shard {s} returned {outputs.Length} outputs for {regions.Length} regions");
            for (var i = 0; i < regions.Length; i++) merged[regions[i]] = outputs[i];
        }
        return merged;
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
