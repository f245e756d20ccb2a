using KerjasamaGraph.Grains;
using KerjasamaGraph.Grains.Interfaces;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KerjasamaGraph.Tests.Engines;

/// <summary>
/// MODEL.md section 6: a scenario and seed give identical outputs on the reference engine, on one silo,
/// on several silos and when runs share the silos. Compared as the full text of every table.
/// </summary>
public class ReferenceDeterminismTests
{
    [Fact]
    public void Parallel_and_sequential_reference_loops_agree_and_repeat()
    {
        var scenario = TestScenarios.Mixed();
        var sequential = EngineRunner.RunReference(scenario, parallel: false).Text();
        Assert.Equal(sequential, EngineRunner.RunReference(scenario).Text());
        Assert.Equal(sequential, EngineRunner.RunReference(scenario).Text());
    }

    [Fact]
    public void A_different_seed_changes_the_random_stage_durations()
    {
        var scenario = TestScenarios.Mixed();
        var other = scenario with { Run = scenario.Run with { Seed = 8 } };
        Assert.NotEqual(EngineRunner.RunReference(scenario).Text(), EngineRunner.RunReference(other).Text());
    }

    [Fact]
    public void The_mixed_scenario_exercises_every_mechanism()
    {
        var r = EngineRunner.RunReference(TestScenarios.Mixed());
        var h = r.Headers.Agreements;
        string[] States(string id) => r.Months.Select(m => EngineRunner.Field(h, m.Agreements.Single(a => a[1] == id), "state")).ToArray();
        Assert.Contains("active", States("landfill"));
        Assert.Contains("review", States("landfill"));          // a runs One Gate
        Assert.Contains("council_approval", States("kfw-landfill")); // ksdln
        Assert.Contains("revoked", States("grant-d"));
        var last = r.Months[^1].Summary;
        Assert.True(EngineRunner.Number(r.Headers.Summary, last, "spillover_mean") > 0);
        Assert.True(r.Headline.Agreements.Single(a => a.Id == "kfw-landfill").Signatories.Mean > 0);
    }
}

public class OneSiloDeterminismTests(OneSiloCluster cluster) : IClassFixture<OneSiloCluster>
{
    [Fact]
    public async Task One_silo_matches_the_reference_engine_byte_for_byte()
    {
        var scenario = TestScenarios.Mixed();
        var orleans = await EngineRunner.Run(cluster.Engine(), scenario);
        Assert.Equal(EngineRunner.RunReference(scenario).Text(), orleans.Text());
        Assert.Equal(EngineRunner.RunReference(scenario).Headline, orleans.Headline, HeadlineComparer.Instance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task A_generated_scenario_matches_the_reference_engine_on_any_shard_count(int shards)
    {
        var scenario = ShardedScenarios.Generated();
        var orleans = await EngineRunner.Run(cluster.Engine(shards), scenario);
        Assert.Equal(ShardedScenarios.Reference.Text(), orleans.Text());
        Assert.Equal(ShardedScenarios.Reference.Headline, orleans.Headline, HeadlineComparer.Instance);
    }

    [Fact]
    public async Task Calls_per_month_grow_with_shards_not_with_regions_or_lanes()
    {
        async Task<long> Calls(int regions, int lanes, int shards)
        {
            var g = ScenarioGenerator.Generate(regions, 5);
            await using var run = await cluster.Engine(shards).StartAsync(g with { Run = g.Run with { Months = 3, Replications = lanes } });
            var calls = new List<long>();
            for (var m = 0; m < run.Months; m++)
            {
                await run.AdvanceAsync();
                calls.Add(run.CallsLastMonth);
            }
            await run.FinishAsync();
            Assert.All(calls, c => Assert.Equal(calls[0], c));
            return calls[0];
        }
        // One shard: the client's Advance, one Step, one pull; nothing crosses a boundary.
        Assert.Equal(3, await Calls(40, 1, 1));
        Assert.Equal(3, await Calls(400, 16, 1));
        // Four shards of a grid, four quadrants: 1 + 4 Step + 4 pulls + one batch per neighbouring pair of shards each way.
        var small = await Calls(100, 1, 4);
        Assert.Equal(small, await Calls(400, 1, 4));
        Assert.Equal(small, await Calls(400, 16, 4));
        Assert.InRange(small, 1 + 4 + 4 + 2, 1 + 4 + 4 + 4 * 3);
        Assert.True(await Calls(400, 1, 8) > small);
    }

    [Fact]
    public async Task Region_and_partner_grains_answer_queries_from_the_shard_that_steps_them()
    {
        var scenario = TestScenarios.Mixed(6, 2);
        await using var run = await cluster.Engine(2).StartAsync(scenario);
        for (var m = 0; m < 3; m++) await run.AdvanceAsync();
        var runId = ((KerjasamaGraph.Grains.Engine.OrleansEngine.Run)run).RunId;
        var a = await cluster.Cluster.Client.GetGrain<IRegionGrain>($"{runId}/a").GetStatus();
        Assert.Equal("a", a.Id);
        Assert.Equal(3, a.MonthsDone);
        Assert.Equal(2, a.Capacity.Length);
        Assert.Contains("landfill", a.Agreements);
        Assert.Equal(a.OwnedAgreements.Length, a.OwnedStates.Length);
        Assert.All(a.OwnedStates, s => Assert.Equal(2, s.Length));
        var partner = scenario.Partners[0];
        var p = await cluster.Cluster.Client.GetGrain<IPartnerGrain>($"{runId}/{partner.Id}").GetStatus();
        Assert.Equal(partner.Capacity, p.Capacity);
        Assert.Equal(scenario.Agreements.Where(x => x.Parties.Contains(partner.Id)).Select(x => x.Id).Order(StringComparer.Ordinal), p.Agreements.Order(StringComparer.Ordinal));
        await run.FinishAsync();
    }

    [Fact]
    public async Task Grains_release_the_run_world_when_the_run_finishes()
    {
        await EngineRunner.Run(cluster.Engine(), TestScenarios.Mixed(6, 1));
        var cache = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<WorldCache>();
        Assert.Equal(0, cache.Count);
    }
}

public class ThreeSiloDeterminismTests(ThreeSiloCluster cluster) : IClassFixture<ThreeSiloCluster>
{
    [Fact]
    public async Task Three_silos_match_the_reference_engine_byte_for_byte()
    {
        var scenario = TestScenarios.Mixed();
        var orleans = await EngineRunner.Run(cluster.Engine(), scenario);
        Assert.Equal(EngineRunner.RunReference(scenario).Text(), orleans.Text());
    }

    [Fact]
    public async Task A_generated_80_region_scenario_matches_the_reference_engine_on_three_silos()
    {
        var generated = ScenarioGenerator.Generate(80, 11);
        var scenario = generated with { Run = generated.Run with { Months = 36, Replications = 8 } };
        var orleans = await EngineRunner.Run(cluster.Engine(), scenario);
        var reference = EngineRunner.RunReference(scenario);
        Assert.Equal(reference.Text(), orleans.Text());
        Assert.Contains(reference.Months[^1].Agreements, a => a[5] == "active");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task A_generated_scenario_matches_the_reference_engine_on_any_shard_count(int shards)
    {
        var orleans = await EngineRunner.Run(cluster.Engine(shards), ShardedScenarios.Generated());
        Assert.Equal(ShardedScenarios.Reference.Text(), orleans.Text());
        Assert.Equal(ShardedScenarios.Reference.Headline, orleans.Headline, HeadlineComparer.Instance);
    }

    [Fact]
    public async Task By_default_shards_are_two_per_silo_and_placed_on_every_silo()
    {
        await using var run = await cluster.Engine().StartAsync(ShardedScenarios.Generated());
        await run.AdvanceAsync();
        // 6 shards over 3 silos: round-robin placement puts two on each.
        var management = cluster.Cluster.Client.GetGrain<Orleans.Runtime.IManagementGrain>(0);
        var stats = (await management.GetDetailedGrainStatistics()).Where(s => s.GrainType.Contains(nameof(KerjasamaGraph.Grains.ShardGrain), StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, stats.Length);
        Assert.All(stats.GroupBy(s => s.SiloAddress), g => Assert.Equal(2, g.Count()));
        Assert.Equal(3, stats.Select(s => s.SiloAddress).Distinct().Count());
        await run.FinishAsync();
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(7, 11)]
    public async Task A_run_captured_on_three_silos_resumes_on_a_fresh_engine_byte_identically(int shards, int at)
    {
        var scenario = ShardedScenarios.Generated();
        var (before, checkpoint) = await ShardingTests.RunUntil(cluster.Engine(shards), scenario, at);
        var blob = checkpoint.ToBytes();
        await using var resumed = await cluster.Engine().ResumeAsync(scenario, KerjasamaGraph.Model.Simulation.Sharding.RunCheckpoint.FromBytes(blob));
        var months = before.ToList();
        while (resumed.MonthsDone < resumed.Months) months.Add(await resumed.AdvanceAsync());
        var result = new EngineRunner.Result(resumed.Headers, months, await resumed.FinishAsync());
        Assert.Equal(ShardedScenarios.Reference.Text(), result.Text());
        Assert.Equal(ShardedScenarios.Reference.Headline, result.Headline, HeadlineComparer.Instance);
    }

    [Fact]
    public async Task A_checkpoint_of_the_reference_engine_resumes_on_the_cluster()
    {
        var scenario = ShardedScenarios.Generated();
        var (before, checkpoint) = await ShardingTests.RunUntil(new ReferenceEngine(shards: 5), scenario, 9);
        await using var resumed = await cluster.Engine().ResumeAsync(scenario, checkpoint);
        var months = before.ToList();
        while (resumed.MonthsDone < resumed.Months) months.Add(await resumed.AdvanceAsync());
        Assert.Equal(ShardedScenarios.Reference.Text(), new EngineRunner.Result(resumed.Headers, months, await resumed.FinishAsync()).Text());
    }

    [Fact]
    public async Task Two_runs_sharing_the_silos_each_match_their_reference()
    {
        var first = TestScenarios.Mixed();
        var second = first with { Run = first.Run with { Seed = 99, Replications = 3 } };
        var runs = await Task.WhenAll(EngineRunner.Run(cluster.Engine(), first), EngineRunner.Run(cluster.Engine(), second));
        Assert.Equal(EngineRunner.RunReference(first).Text(), runs[0].Text());
        Assert.Equal(EngineRunner.RunReference(second).Text(), runs[1].Text());
    }
}

/// <summary>The generated scenario the shard and silo count tests share, and its reference result (computed once).</summary>
internal static class ShardedScenarios
{
    public static Scenario Generated()
    {
        var g = ScenarioGenerator.Generate(120, 23);
        return g with { Run = g.Run with { Months = 24, Replications = 6 } };
    }

    private static readonly Lazy<EngineRunner.Result> _reference = new(() => EngineRunner.RunReference(Generated()));
    public static EngineRunner.Result Reference => _reference.Value;
}

/// <summary>Headlines are records holding lists; compare them through their JSON text.</summary>
internal sealed class HeadlineComparer : IEqualityComparer<KerjasamaGraph.Model.Outputs.Headline>
{
    public static readonly HeadlineComparer Instance = new();
    private static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public bool Equals(KerjasamaGraph.Model.Outputs.Headline? x, KerjasamaGraph.Model.Outputs.Headline? y) =>
        System.Text.Json.JsonSerializer.Serialize(x, Options) == System.Text.Json.JsonSerializer.Serialize(y, Options);
    public int GetHashCode(KerjasamaGraph.Model.Outputs.Headline obj) => 0;
}
