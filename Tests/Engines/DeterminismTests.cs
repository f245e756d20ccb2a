using KerjasamaGraph.Grains;
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
