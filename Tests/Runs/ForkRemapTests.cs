using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Runs.Checkpoints;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Cluster;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Runs;

/// <summary>
/// <see cref="RunJob.ForkAsync"/> with a variant that has other agreements than its baseline (<see cref="CheckpointRemap"/>,
/// <see cref="ForkTables"/>): on shards whose boundaries change with the new parties, with a trigger whose candidates wait
/// in some replications and not in others, as CSV and as Parquet, the branch's tables are those of the variant run from the start.
/// </summary>
public sealed class ForkRemapTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kerjasama-forkremap-" + Guid.NewGuid().ToString("N")[..8]);

    public ForkRemapTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    internal static RunOrigin Origin => new("test.yaml", "hash", "kerjasama run test.yaml");

    private Task<(string Fork, string Full)> ForkAndFull(Scenario baseline, Scenario variant, int tick, int shards, OutputFormat format) =>
        ForkAndFull(_dir, baseline, variant, tick, shards, format, new ReferenceEngine(shards: 2));

    /// <summary>
    /// Runs the baseline with checkpoints every 6 months (reference engine on <paramref name="shards"/> shards), branches the
    /// variant at month <paramref name="tick"/> on <paramref name="forkEngine"/>, and runs the variant from the start; returns both folders.
    /// </summary>
    internal static async Task<(string Fork, string Full)> ForkAndFull(string dir, Scenario baseline, Scenario variant, int tick, int shards, OutputFormat format, ISimulationEngine forkEngine)
    {
        var baseDir = Path.Combine(dir, "baseline");
        await using (var job = new RunJob(baseline, baseDir, Origin, format, checkpoints: new CheckpointPlan(6, CheckpointPlan.FolderStore(RunWriter.IncompleteFolder(baseDir)), CheckpointPlan.FolderStoreName, true)))
            await job.RunAsync(new ReferenceEngine(shards: shards));
        var log = CheckpointLog.Read(baseDir);
        var entry = log.Checkpoints.Single(c => c.Tick == tick);
        var checkpoint = RunCheckpoint.FromBytes((await CheckpointPlan.FolderStore(baseDir).LoadAsync(log.RunId, tick))!);
        Assert.Equal(shards, checkpoint.Shards.Length);
        string fork;
        await using (var job = await RunJob.ForkAsync(baseline, variant, Path.Combine(dir, "fork"), Origin, baseDir, log, entry, checkpoint, null))
        {
            Assert.True(job.ForkRemapped);
            (fork, _) = await job.RunAsync(forkEngine);
        }
        var (full, _) = await RunFolders.WriteAsync(new ReferenceEngine(), variant, Path.Combine(dir, "full"), Origin, format: OutputFormat.Csv);
        return (fork, full);
    }

    internal static async Task AssertSameTables(string full, string fork, OutputFormat format)
    {
        foreach (var table in new[] { "regions", "agreements", "summary" })
        {
            var csv = Path.Combine(full, table + ".csv");
            if (format == OutputFormat.Csv)
            {
                Assert.True(File.ReadAllBytes(csv).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(fork, table + ".csv"))), $"{table}.csv differs");
                continue;
            }
            var lines = File.ReadAllLines(csv);
            var rows = await RunFormatTests.ReadParquet(Path.Combine(fork, table + ".parquet"), lines[0].Split(','));
            Assert.Equal(lines.Skip(1), rows.Select(r => string.Join(',', r)));
        }
    }

    /// <summary>A baseline and a variant with a new transfer from region b to e (not neighbours): e's shard now reads b's snapshots, so on three shards the boundaries change.</summary>
    internal static (Scenario Baseline, Scenario Variant) FarKnowledgeTransfer()
    {
        var baseline = TestScenarios.Mixed(months: 30, replications: 3);
        var variant = baseline with
        {
            Variant = "b-teaches-e",
            Agreements =
            [
                .. baseline.Agreements,
                new Agreement
                {
                    Id = "b-teaches-e", Type = AgreementType.Knowledge, LegalForm = LegalForm.KsddSukarela, Parties = ["b", "e"],
                    Timing = new AgreementTiming { ActiveFrom = YearMonth.Of(2024, 3), TermMonths = 12 },
                },
            ],
        };
        return (baseline, variant);
    }

    [Theory]
    [InlineData(OutputFormat.Csv)]
    [InlineData(OutputFormat.Parquet)]
    public async Task A_branch_with_a_new_knowledge_transfer_between_far_regions_on_three_shards_equals_the_variant_run_from_the_start(OutputFormat format)
    {
        var (baseline, variant) = FarKnowledgeTransfer();
        var from = new SimulationWorld(baseline);
        var to = new SimulationWorld(variant);
        var plan = new ShardPlan(from, ShardPartition.Create(from, 3));
        var newPlan = new ShardPlan(to, ShardPartition.Create(to, 3));
        Assert.Equal(plan.Partition.ShardOf, newPlan.Partition.ShardOf);
        Assert.NotEqual(plan.Sends.SelectMany(s => s).Sum(s => s.Regions.Length), newPlan.Sends.SelectMany(s => s).Sum(s => s.Regions.Length));
        var (fork, full) = await ForkAndFull(baseline, variant, tick: 12, shards: 3, format);
        await AssertSameTables(full, fork, format);
        Assert.Contains(File.ReadAllLines(Path.Combine(full, "agreements.csv")), l => l.StartsWith("2024-03,b-teaches-e,knowledge,ksdd_sukarela,e,active,1,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_branch_with_a_new_food_agreement_where_trigger_candidates_wait_in_some_replications_equals_the_variant_run_from_the_start()
    {
        // Noisy chili harvests and no drought: the city's inflation crosses the trigger's threshold in different months in different replications.
        var trigger = TriggerScenarios.WithTrigger(months: 30, replications: 8);
        var baseline = trigger with
        {
            Shocks = trigger.Shocks.Where(s => s.Id != "drought").ToArray(),
            Regions = trigger.Regions.Select(r => r with
            {
                Food = r.Food.ToDictionary(f => f.Key, f => f.Key == "chili" ? f.Value with { Noise = 0.5 } : f.Value, StringComparer.Ordinal),
            }).ToArray(),
        };
        var variant = baseline with
        {
            Variant = "hill-rice",
            Agreements = [.. baseline.Agreements, FoodScenarios.Food("hill-rice-city", "hill", "city", "rice", 500, 0.5, initiated: YearMonth.Of(2025, 3))],
        };
        var (fork, full) = await ForkAndFull(baseline, variant, tick: 24, shards: 1, OutputFormat.Csv);
        await AssertSameTables(full, fork, OutputFormat.Csv);
        // The trigger fired in some replications and not in others before the branch (December 2024): the not-started counts
        // differ between them, and the branch's band (one more agreement in every replication) is the variant's.
        var summary = File.ReadAllLines(Path.Combine(fork, "summary.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["2024-12", "4.75", "3.7", "5"], summary[23].Take(4));
        Assert.Equal(["2024-11", "5", "5", "5"], summary[22].Take(4));
    }

    [Fact]
    public void Agreements_carry_over_by_id_type_parties_host_service_and_commodity_whatever_their_indices()
    {
        var baseline = TestScenarios.Mixed(months: 30, replications: 3);
        var from = new SimulationWorld(baseline);
        // A service whose id sorts before "waste" renumbers the services; the agreements are the same.
        var moreServices = new SimulationWorld(baseline with
        {
            Services = new Dictionary<string, ServiceDefinition>(baseline.Services) { ["air"] = baseline.Services["waste"] with { Id = "air" } },
        });
        Assert.NotEqual(from.Agreements.First(a => a.Id == "landfill").Service, moreServices.Agreements.First(a => a.Id == "landfill").Service);
        Assert.False(CheckpointRemap.Needed(from, moreServices));
        Assert.Equal(Enumerable.Range(0, from.Agreements.Length), CheckpointRemap.Map(from, moreServices));
        // One more party: the agreement does not carry over (it is dropped and added); one agreement fewer: the rest shift down.
        var reparty = new SimulationWorld(baseline with
        {
            Agreements = baseline.Agreements.Select(a => a.Id == "landfill" ? a with { Parties = [.. a.Parties, "d"] } : a).ToArray(),
        });
        Assert.True(CheckpointRemap.Needed(from, reparty));
        var landfill = from.Agreements.First(a => a.Id == "landfill").Index;
        Assert.Equal(Enumerable.Range(0, from.Agreements.Length).Select(a => a == landfill ? -1 : a), CheckpointRemap.Map(from, reparty));
        var fewer = new SimulationWorld(baseline with { Agreements = baseline.Agreements.Where(a => a.Id != "landfill").ToArray() });
        Assert.Equal(Enumerable.Range(0, from.Agreements.Length).Select(a => a < landfill ? a : a == landfill ? -1 : a - 1), CheckpointRemap.Map(from, fewer));
    }
}

/// <summary>A remapped branch resumed on three in-process silos: the Orleans engine takes the remapped checkpoint (new boundaries between its shards) as the reference engine does.</summary>
public sealed class ForkRemapClusterTests(ThreeSiloCluster cluster) : IClassFixture<ThreeSiloCluster>, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kerjasama-forkremap-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_branch_with_new_shard_boundaries_resumed_on_three_silos_equals_the_variant_run_from_the_start()
    {
        var (baseline, variant) = ForkRemapTests.FarKnowledgeTransfer();
        var (fork, full) = await ForkRemapTests.ForkAndFull(_dir, baseline, variant, tick: 12, shards: 3, OutputFormat.Csv, cluster.Engine());
        await ForkRemapTests.AssertSameTables(full, fork, OutputFormat.Csv);
        var manifest = ProcessCluster.Manifest(fork);
        Assert.Equal("orleans", manifest.GetProperty("engine").GetString());
    }
}
