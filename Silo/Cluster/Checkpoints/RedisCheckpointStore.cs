using KerjasamaGraph.Model.Runs.Checkpoints;
using StackExchange.Redis;

namespace KerjasamaGraph.Cluster.Checkpoints;

/// <summary>
/// Checkpoints in Redis, reachable from every silo of a Redis cluster: the blob of (run, tick) at key
/// <c>kerjasama:{clusterId}:checkpoint:{run}:{tick}</c> and the run's ticks in the sorted set
/// <c>kerjasama:{clusterId}:checkpoints:{run}</c>, written together in one transaction.
/// </summary>
public sealed class RedisCheckpointStore(IConnectionMultiplexer redis, string clusterId = ClusterConfig.DefaultId) : ICheckpointStore
{
    public string Description => $"redis {string.Join(",", redis.GetEndPoints().Select(e => e.ToString()))}";

    private string BlobKey(string run, int tick)
    {
        CheckpointBlob.CheckRunId(run);
        return $"kerjasama:{clusterId}:checkpoint:{run}:{tick}";
    }

    private string TicksKey(string run)
    {
        CheckpointBlob.CheckRunId(run);
        return $"kerjasama:{clusterId}:checkpoints:{run}";
    }

    public Task SaveAsync(string run, int tick, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SavePartsAsync(run, tick, [payload], cancellationToken);

    public async Task SavePartsAsync(string run, int tick, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default)
    {
        // One value: the envelope and the parts copied once into it.
        var blob = CheckpointBlob.WrapParts(run, tick, parts);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StringSetAsync(BlobKey(run, tick), blob);
        _ = transaction.SortedSetAddAsync(TicksKey(run), tick, tick);
        if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken)) throw new InvalidOperationException($"checkpoint of run {run} at tick {tick} was not written to {Description}");
    }

    public async Task<byte[]?> LoadAsync(string run, int tick, CancellationToken cancellationToken = default)
    {
        var key = BlobKey(run, tick);
        var value = await redis.GetDatabase().StringGetAsync(key).WaitAsync(cancellationToken);
        if (value.IsNull) return null;
        return CheckpointBlob.Unwrap($"{Description} {key}", run, tick, (byte[])value!);
    }

    public async Task<IReadOnlyList<int>> TicksAsync(string run, CancellationToken cancellationToken = default)
    {
        var ticks = await redis.GetDatabase().SortedSetRangeByScoreAsync(TicksKey(run)).WaitAsync(cancellationToken);
        return ticks.Select(t => (int)t).ToList();
    }

    public async Task DeleteAsync(string run, CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase();
        var ticks = await TicksAsync(run, cancellationToken);
        var keys = ticks.Select(t => (RedisKey)BlobKey(run, t)).Append(TicksKey(run)).ToArray();
        await db.KeyDeleteAsync(keys).WaitAsync(cancellationToken);
    }
}
