using System.Diagnostics.Metrics;
using KerjasamaGraph.Cluster;
using KerjasamaGraph.Grains;
using KerjasamaGraph.Grains.Engine;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Support;
using Orleans.TestingHost;

namespace KerjasamaGraph.Tests.Cluster;

[CollectionDefinition("metrics", DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>
/// Fast in-process variants of the cluster tests (Orleans.TestingHost): three silos, one killed between runs; and the
/// project's metrics as the silo that coordinates a run records them (alone: the meter is process-wide, and the
/// embedded silos of other tests record to it too).
/// </summary>
[Collection("metrics")]
public sealed class InProcessClusterTests
{
    private static async Task<InProcessTestCluster> Deploy(short silos)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureHost(host => host.Services.AddKerjasamaGraphGrains());
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddIncomingGrainCallFilter<RunMetricsFilter>();
            // Failure detection as the project's silos have it (ClusterSetup).
            silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(3);
                o.NumMissedProbesLimit = 3;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    [Fact]
    public async Task After_a_silo_is_killed_new_runs_on_the_survivors_match_the_reference_engine()
    {
        var scenario = TestScenarios.Mixed(months: 18, replications: 3);
        var expected = EngineRunner.RunReference(scenario).Text();
        await using var cluster = await Deploy(3);
        var engine = new OrleansEngine(cluster.Client, 3);
        Assert.Equal(expected, (await EngineRunner.Run(engine, scenario)).Text());

        // Not the first silo: no silo is special, but the test cluster's client talks through the first one's gateway.
        // Once the cluster has declared the killed silo dead, runs go to the survivors.
        await cluster.KillSiloAsync(cluster.Silos[2]);
        await ActiveSilos(cluster, 2);
        Assert.Equal(expected, (await EngineRunner.Run(engine, scenario)).Text());
        await cluster.KillSiloAsync(cluster.Silos[1]);
        await ActiveSilos(cluster, 1);
        Assert.Equal(expected, (await EngineRunner.Run(engine, scenario)).Text());
    }

    private static async Task ActiveSilos(InProcessTestCluster cluster, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count != count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the cluster did not come down to {count} active silos");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task The_coordinating_silo_counts_months_checkpoints_runs_and_lanes()
    {
        var scenario = TestScenarios.Mixed(months: 7, replications: 5);
        long months = 0, runs = 0, lanes = 0, peakLanes = 0;
        var durations = 0;
        var checkpoints = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RunMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "kerjasama.months": Interlocked.Add(ref months, value); break;
                case "kerjasama.runs.active": Interlocked.Add(ref runs, value); break;
                case "kerjasama.lanes.active":
                    var now = Interlocked.Add(ref lanes, value);
                    if (now > Interlocked.Read(ref peakLanes)) Interlocked.Exchange(ref peakLanes, now);
                    break;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            if (instrument.Name == "kerjasama.month.duration") Interlocked.Increment(ref durations);
            if (instrument.Name == "kerjasama.checkpoint.duration") Interlocked.Increment(ref checkpoints);
        });
        listener.Start();

        await using var cluster = await Deploy(1);
        await using (var run = await new OrleansEngine(cluster.Client, 1).StartAsync(scenario))
        {
            for (var m = 0; m < run.Months; m++)
            {
                await run.AdvanceAsync();
                if (m == 2) await run.CaptureAsync();
            }
            await run.FinishAsync();
        }
        listener.RecordObservableInstruments();
        Assert.Equal(7, Interlocked.Read(ref months));
        Assert.Equal(7, durations);
        Assert.Equal(1, checkpoints);
        Assert.Equal(5, Interlocked.Read(ref peakLanes));
        Assert.Equal(0, Interlocked.Read(ref runs));
        Assert.Equal(0, Interlocked.Read(ref lanes));
    }

    [Fact]
    public async Task A_started_run_tells_its_lanes_in_its_layout_and_without_an_offered_world_asks_for_the_scenario()
    {
        var json = ScenarioJson.Serialize(TestScenarios.Mixed(months: 3, replications: 11));
        await using var cluster = await Deploy(1);
        var coordinator = cluster.Client.GetGrain<KerjasamaGraph.Grains.Interfaces.IRunCoordinatorGrain>(Guid.NewGuid().ToString("N"));
        // No client of this process offered this run's world: the coordinator answers null, and takes the JSON next.
        Assert.Null(await coordinator.Start(null, 0));
        var layout = await coordinator.Start(json, 0);
        Assert.Equal(11, layout!.Lanes);
        await coordinator.Finish();
    }

    [Fact]
    public async Task Outputs_asked_before_the_month_wait_for_it_are_taken_once_and_a_released_shard_fails_a_waiting_request()
    {
        var json = ScenarioJson.Serialize(TestScenarios.Mixed(months: 3, replications: 2));
        await using var cluster = await Deploy(1);
        var runId = Guid.NewGuid().ToString("N");
        var coordinator = cluster.Client.GetGrain<KerjasamaGraph.Grains.Interfaces.IRunCoordinatorGrain>(runId);
        Assert.Null(await coordinator.Start(null, 0));
        var layout = await coordinator.Start(json, 2);
        Assert.Equal(2, layout!.Shards);
        var shard = cluster.Client.GetGrain<KerjasamaGraph.Grains.Interfaces.IShardGrain>(ShardGrain.ShardKey(runId, 0));

        // Asked before the month is stepped: the request waits (interleaved, so the step is not held up) and is answered
        // with the step's outputs.
        var waiting = shard.TakeOutputs(0);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        var barrier = await coordinator.Advance().WaitAsync(TimeSpan.FromSeconds(30));
        var batch = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEmpty(batch.Outputs);
        Assert.All(batch.Outputs, o => Assert.Equal(0, o.Tick));
        Assert.True(batch.Outputs.Length < barrier.Regions);
        await Assert.ThrowsAsync<InvalidOperationException>(() => shard.TakeOutputs(0));
        // A month the shard is not at is refused at once rather than awaited.
        await Assert.ThrowsAsync<InvalidOperationException>(() => shard.TakeOutputs(2));

        // The run ends while a request still waits for a month that will not be stepped: the request fails, it does not time out.
        var abandoned = shard.TakeOutputs(1);
        await Task.Delay(300);
        Assert.False(abandoned.IsCompleted);
        await coordinator.Finish();
        await Assert.ThrowsAsync<InvalidOperationException>(() => abandoned.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
