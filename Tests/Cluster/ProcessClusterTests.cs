using KerjasamaGraph.Tests.Cli.Examples;
using StackExchange.Redis;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>
/// Three kerjasama-silo processes with Redis membership (no silo is special): runs with <c>--connect redis://</c> give
/// the reference engine's bytes; a silo killed with SIGKILL between runs or in the middle of one (a secondary, or the
/// silo of the run's coordinator) costs the run the months since its last checkpoint (kept in the cluster's Redis),
/// which the survivors step again, with the same bytes; a restarted silo rejoins.
/// </summary>
[Collection("process-cluster")]
public sealed class ProcessClusterTests(ProcessCluster cluster) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.AllActiveAsync();
    public Task DisposeAsync() => cluster.AllActiveAsync();

    [Fact]
    public async Task A_run_connected_through_redis_matches_the_reference_engine_and_its_manifest_names_the_silos()
    {
        var folder = Path.Combine(cluster.Directory, "connected");
        var run = await cluster.RunClient(cluster.RunArgs(folder));
        Assert.True(run.ExitCode == 0, run.Error);
        cluster.AssertMatchesReference(folder);
        var manifest = ProcessCluster.Manifest(folder);
        Assert.Equal(3, manifest.GetProperty("silos").GetInt32());
        var recorded = manifest.GetProperty("cluster");
        Assert.Equal(cluster.Redis.Url, recorded.GetProperty("connect").GetString());
        var silos = recorded.GetProperty("silos").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.All(cluster.Silos, s => Assert.Contains(silos, s.Is));
        Assert.Empty(recorded.GetProperty("recoveries").EnumerateArray());
    }

    [Fact]
    public async Task A_silo_killed_between_runs_leaves_a_cluster_that_takes_new_runs_and_rejoins_when_restarted()
    {
        var victim = cluster.Silos[1];
        await victim.KillAsync();
        var folder = Path.Combine(cluster.Directory, "after-kill");
        var run = await cluster.RunClient(cluster.RunArgs(folder));
        Assert.True(run.ExitCode == 0, run.Error);
        cluster.AssertMatchesReference(folder);

        // The survivors declare it dead, each in one log line, and count it again once it is back.
        var survivor = cluster.Silos[0];
        Assert.True(await survivor.WaitForLog($":{victim.SiloPort}:", TimeSpan.FromSeconds(30)), survivor.Output);
        await victim.RestartAsync();
        await cluster.AllActiveAsync();
        Assert.True(await survivor.WaitForLog("3 active", TimeSpan.FromSeconds(30)), survivor.Output);
        Assert.DoesNotContain("   at ", survivor.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_silo_killed_mid_run_costs_the_months_since_the_last_checkpoint_and_the_run_ends_with_the_same_bytes(bool coordinatorsSilo)
    {
        var folder = Path.Combine(cluster.Directory, coordinatorsSilo ? "kill-coordinator" : "kill-secondary");
        var earlier = await cluster.CoordinatorsAsync();
        using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Connection);
        // Checkpoints of a run on a Redis cluster go to its Redis (by default for recovery only; here every 12 months and
        // kept, as a user asks for them). The run's first checkpoint seen in Redis, the client is held where it is while the
        // silo is killed, so the kill lands mid-run however fast the machine steps the months; its grains (on every silo)
        // are then stepping the months after a checkpoint.
        const int months = ProcessCluster.Months;
        await using var client = cluster.StartClient([.. cluster.RunArgs(folder), "--checkpoint-every", "12"]);
        var coordinator = await cluster.NewCoordinatorSiloAsync(earlier, TimeSpan.FromSeconds(60));
        var victim = coordinatorsSilo ? cluster.Silos.Single(s => s.Is(coordinator)) : cluster.Silos.First(s => !s.Is(coordinator));
        var key = await CheckpointKeyAsync(redis, client, Path.GetFileName(folder), TimeSpan.FromMinutes(2));
        client.Pause();
        List<int> listed;
        try
        {
            Assert.False(client.HasExited, "the run ended before its first checkpoint was seen: " + client.Output + client.Error);
            listed = (await redis.GetDatabase().SortedSetRangeByScoreAsync(key)).Select(v => (int)(double)v).ToList();
            Assert.NotEmpty(listed);
            Assert.True(listed.Max() < months, $"checkpoints {string.Join(", ", listed)} of {months} months");
            await victim.KillAsync();
        }
        finally
        {
            client.Continue();
        }

        Assert.True(await client.WaitForExitAsync(TimeSpan.FromMinutes(4)), "the run finished");
        Assert.True(client.ExitCode == 0, client.Output + client.Error);
        cluster.AssertMatchesReference(folder);
        var manifest = ProcessCluster.Manifest(folder);
        var recovery = Assert.Single(manifest.GetProperty("cluster").GetProperty("recoveries").EnumerateArray().ToList());
        Assert.Contains(recovery.GetProperty("lost_silos").EnumerateArray(), s => victim.Is(s.GetString()!));
        // Restored from the last checkpoint listed when the silo died (or one captured just before and saved after).
        var restored = recovery.GetProperty("restored_from_tick").GetInt32();
        Assert.True(restored >= listed.Max() && restored % 12 == 0 && restored < months, $"restored from {restored}; listed {string.Join(", ", listed)}");
        Assert.True(recovery.GetProperty("months_done").GetInt32() >= restored);
        // The checkpoints stay in Redis, where the run folder's checkpoints.json finds them (for branching): every 12 months.
        Assert.Equal(cluster.Redis.Url, manifest.GetProperty("checkpoints").GetProperty("store").GetString());
        Assert.Equal(cluster.Redis.Url, KerjasamaGraph.Model.Runs.Checkpoints.CheckpointLog.Read(folder).Store);
        Assert.Equal(Enumerable.Range(1, (months - 1) / 12).Select(k => 12.0 * k), (await redis.GetDatabase().SortedSetRangeByScoreAsync(key)).Select(v => (double)v));
        await redis.GetDatabase().KeyDeleteAsync(key);
    }

    /// <summary>The Redis key listing the checkpoints of the run writing folder <paramref name="name"/> (its store id begins with it), once it lists one.</summary>
    private static async Task<RedisKey> CheckpointKeyAsync(ConnectionMultiplexer redis, BuiltProgram client, string name, TimeSpan timeout)
    {
        var server = redis.GetServers().Single();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !client.HasExited)
        {
            foreach (var key in server.Keys(pattern: $"kerjasama:*:checkpoints:{name}-*"))
            {
                if (await redis.GetDatabase().SortedSetLengthAsync(key) > 0) return key;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("no checkpoint appeared in Redis: " + client.Output + client.Error);
    }
}
