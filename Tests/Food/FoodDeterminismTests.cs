using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Food;

/// <summary>MODEL.md section 6 for the food markets: identical tables on the reference loop, one silo and three silos.</summary>
public sealed class FoodReferenceDeterminismTests
{
    [Fact]
    public void Parallel_and_sequential_reference_loops_agree()
    {
        var scenario = FoodScenarios.Markets(months: 24, replications: 4);
        var text = EngineRunner.RunReference(scenario, parallel: false).Text();
        Assert.Equal(text, EngineRunner.RunReference(scenario).Text());
        Assert.Contains("price_chili_mean", text, StringComparison.Ordinal);
        Assert.Contains("yoy_inflation_p95", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seed_drives_the_production_noise()
    {
        var scenario = FoodScenarios.Markets(months: 6, replications: 1);
        var other = scenario with { Run = scenario.Run with { Seed = 8 } };
        Assert.NotEqual(EngineRunner.RunReference(scenario).Text(), EngineRunner.RunReference(other).Text());
    }
}

/// <summary>The food mechanism and its triggers give the reference engine's tables on a cluster (run on one and on three silos).</summary>
public abstract class FoodClusterDeterminismTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Silos_match_the_reference_engine_byte_for_byte()
    {
        var scenario = FoodScenarios.Markets(months: 24, replications: 4);
        var orleans = await EngineRunner.Run(cluster.Engine(), scenario);
        Assert.Equal(EngineRunner.RunReference(scenario).Text(), orleans.Text());
    }

    [Fact]
    public async Task Triggers_fire_the_same_on_the_silos()
    {
        var scenario = TriggerScenarios.WithTrigger(months: 18, replications: 3);
        var orleans = await EngineRunner.Run(cluster.Engine(), scenario);
        Assert.Equal(EngineRunner.RunReference(scenario).Text(), orleans.Text());
    }
}

public sealed class FoodOneSiloDeterminismTests(OneSiloCluster cluster) : FoodClusterDeterminismTests(cluster), IClassFixture<OneSiloCluster>;

public sealed class FoodThreeSiloDeterminismTests(ThreeSiloCluster cluster) : FoodClusterDeterminismTests(cluster), IClassFixture<ThreeSiloCluster>;
