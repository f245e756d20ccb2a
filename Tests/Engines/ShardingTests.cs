using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Engines;

/// <summary>
/// The shard partition, the boundary exchange plan and the reference engine stepping through shards:
/// any shard count gives the same bytes as one shard, and a run restored from a checkpoint goes on as if undisturbed.
/// </summary>
public class ShardingTests
{
    private static Scenario Generated(int regions = 80, int months = 24, int lanes = 4) => TestScenarios.Generated(regions, 11, months, lanes);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(80)]
    [InlineData(500)]
    public void The_partition_is_balanced_and_covers_every_region_once(int shards)
    {
        var world = new SimulationWorld(Generated());
        var p = ShardPartition.Create(world, shards);
        Assert.Equal(Math.Min(shards, world.RegionCount), p.Count);
        Assert.Equal(Enumerable.Range(0, world.RegionCount), p.Regions.SelectMany(r => r).Order());
        Assert.True(p.Regions.Max(r => r.Length) - p.Regions.Min(r => r.Length) <= 1);
        for (var s = 0; s < p.Count; s++)
        {
            Assert.Equal(p.Regions[s].Order(), p.Regions[s]);
            foreach (var r in p.Regions[s]) Assert.Equal(s, p.ShardOf[r]);
        }
        Assert.Equal(p.ShardOf, ShardPartition.Create(new SimulationWorld(Generated()), shards).ShardOf);
    }

    [Fact]
    public void Bisection_keeps_most_neighbours_in_the_same_shard()
    {
        var world = new SimulationWorld(Generated(400));
        var p = ShardPartition.Create(world, 4);
        var links = world.Neighbours.SelectMany((n, r) => n.Select(l => (r, l.Region))).ToArray();
        var cut = links.Count(x => p.ShardOf[x.r] != p.ShardOf[x.Item2]);
        // Four spatial quadrants of a grid cut about 2·sqrt(n) of its ~4n links; a random split would cut three quarters.
        Assert.True(cut < links.Length / 4, $"{cut} of {links.Length} neighbour links cross shards");
    }

    [Fact]
    public void Without_coordinates_shards_are_blocks_of_a_breadth_first_order()
    {
        var scenario = TestScenarios.Mixed();
        scenario = scenario with { Regions = scenario.Regions.Select(r => r with { Lat = 0, Lon = 0 }).ToList() };
        var world = new SimulationWorld(scenario);
        var p = ShardPartition.Create(world, 2);
        Assert.Equal(2, p.Count);
        Assert.True(p.Regions.All(r => r.Length is 2 or 3));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void The_plan_carries_exactly_the_cross_shard_subscriptions(int shards)
    {
        var world = new SimulationWorld(Generated());
        var plan = new ShardPlan(world, ShardPartition.Create(world, shards));
        var expected = new SortedSet<(int, int, int)>();
        for (var e = 0; e < world.RegionCount; e++)
            foreach (var s in world.Subscriptions[e])
                if (s < world.RegionCount && plan.Partition.ShardOf[s] != plan.Partition.ShardOf[e]) expected.Add((plan.Partition.ShardOf[s], plan.Partition.ShardOf[e], s));
        var actual = new SortedSet<(int, int, int)>();
        for (var from = 0; from < plan.Partition.Count; from++)
        {
            Assert.Equal(plan.Sends[from].Select(b => b.To).Order(), plan.Sends[from].Select(b => b.To));
            foreach (var batch in plan.Sends[from])
            {
                Assert.NotEqual(from, batch.To);
                Assert.Contains(from, plan.Sources[batch.To]);
                foreach (var r in batch.Regions) Assert.True(actual.Add((from, batch.To, r)));
            }
        }
        Assert.Equal(expected, actual);
        Assert.True(plan.Batches <= shards * (shards - 1));
    }

    public static TheoryData<string> Scenarios => ["mixed", "generated", "markets", "trigger"];

    private static Scenario Named(string name) => name switch
    {
        "mixed" => TestScenarios.Mixed(),
        "generated" => Generated(),
        "markets" => FoodScenarios.Markets(),
        "trigger" => TriggerScenarios.WithTrigger(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Any_shard_count_gives_the_bytes_of_one_shard(string name)
    {
        var scenario = Named(name);
        var one = await EngineRunner.Run(new ReferenceEngine(shards: 1), scenario);
        foreach (var shards in new[] { 2, 3, 7 })
        {
            var sharded = await EngineRunner.Run(new ReferenceEngine(parallel: shards != 3, shards: shards), scenario);
            Assert.Equal(one.Text(), sharded.Text());
            Assert.Equal(one.Headline, sharded.Headline, HeadlineComparer.Instance);
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 7)]
    [InlineData(7, 23)]
    public async Task A_run_restored_from_a_checkpoint_finishes_as_if_undisturbed(int shards, int at)
    {
        var scenario = Generated(months: 24);
        var undisturbed = await EngineRunner.Run(new ReferenceEngine(shards: shards), scenario);
        var (before, checkpoint) = await RunUntil(new ReferenceEngine(shards: shards), scenario, at);
        var bytes = checkpoint.ToBytes();
        await using var resumed = await new ReferenceEngine(shards: 1).ResumeAsync(scenario, RunCheckpoint.FromBytes(bytes));
        Assert.Equal(at, resumed.MonthsDone);
        var months = before.ToList();
        while (resumed.MonthsDone < resumed.Months) months.Add(await resumed.AdvanceAsync());
        var result = new EngineRunner.Result(resumed.Headers, months, await resumed.FinishAsync());
        Assert.Equal(undisturbed.Text(), result.Text());
        Assert.Equal(undisturbed.Headline, result.Headline, HeadlineComparer.Instance);
    }

    /// <summary>Runs <paramref name="months"/> months, then captures the run.</summary>
    internal static async Task<(List<Model.Outputs.MonthRows> Months, RunCheckpoint Checkpoint)> RunUntil(ISimulationEngine engine, Scenario scenario, int months)
    {
        await using var run = await engine.StartAsync(scenario);
        var rows = new List<Model.Outputs.MonthRows>();
        for (var m = 0; m < months; m++) rows.Add(await run.AdvanceAsync());
        return (rows, await run.CaptureAsync());
    }

    [Fact]
    public async Task A_checkpoint_does_not_resume_another_scenario_and_damaged_blobs_are_refused()
    {
        var scenario = Generated(months: 6);
        var (_, checkpoint) = await RunUntil(new ReferenceEngine(shards: 3), scenario, 2);
        var other = scenario with { Run = scenario.Run with { Seed = 99 } };
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new ReferenceEngine().ResumeAsync(other, checkpoint));
        Assert.Contains("belongs to scenario", e.Message);
        var bytes = checkpoint.ToBytes();
        Assert.Throws<InvalidDataException>(() => RunCheckpoint.FromBytes(bytes[..(bytes.Length / 2)]));
        Assert.Throws<InvalidDataException>(() => RunCheckpoint.FromBytes([1, 2, 3, 4, 5, 6, 7, 8]));
    }
}
