using KerjasamaGraph.Model.Runs.Checkpoints;
using StackExchange.Redis;

namespace KerjasamaGraph.Cluster.Checkpoints;

/// <summary>The checkpoint store of a cluster: Redis when its membership is in Redis, a folder on disk otherwise.</summary>
public static class CheckpointStores
{
    /// <param name="redis">The cluster's Redis (connection string), or null.</param>
    /// <param name="folder">Where checkpoints go without Redis (e.g. the run folder's checkpoints/).</param>
    public static async Task<ICheckpointStore> OpenAsync(string? redis, string folder, string clusterId = ClusterConfig.DefaultId)
    {
        if (redis is null) return new DiskCheckpointStore(folder);
        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        return new RedisCheckpointStore(await ConnectionMultiplexer.ConnectAsync(options), clusterId);
    }
}
