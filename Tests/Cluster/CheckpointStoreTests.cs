using KerjasamaGraph.Model.Runs.Checkpoints;
using KerjasamaGraph.Cluster.Checkpoints;
using StackExchange.Redis;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>
/// The checkpoint stores (one versioned blob per run and tick), on disk and in a real redis-server: what is saved is
/// what is loaded, ticks are listed in order, a tick saved again is replaced, and a damaged, foreign or truncated blob
/// is refused with one line.
/// </summary>
public sealed class CheckpointStoreTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("kerjasama-checkpoints-").FullName;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.Connection);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_folder, true);
    }

    private IEnumerable<ICheckpointStore> Stores() => [new DiskCheckpointStore(_folder), new RedisCheckpointStore(_connection, _redis.Namespace)];

    private static byte[] Payload(int seed, int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray();

    [Fact]
    public async Task What_is_saved_is_loaded_and_ticks_are_listed_in_order()
    {
        foreach (var store in Stores())
        {
            await store.SaveAsync("run-a", 24, Payload(1, 100_000));
            await store.SaveAsync("run-a", 12, Payload(2, 10));
            await store.SaveAsync("run-b", 12, Payload(3, 0));
            Assert.Equal(new[] { 12, 24 }, await store.TicksAsync("run-a"));
            Assert.Equal(Payload(1, 100_000), await store.LoadAsync("run-a", 24));
            Assert.Equal(Payload(2, 10), await store.LoadAsync("run-a", 12));
            Assert.Empty((await store.LoadAsync("run-b", 12))!);
            Assert.Null(await store.LoadAsync("run-a", 36));

            await store.SaveAsync("run-a", 12, Payload(4, 7));
            Assert.Equal(Payload(4, 7), await store.LoadAsync("run-a", 12));
            Assert.Equal(new[] { 12, 24 }, await store.TicksAsync("run-a"));

            await store.DeleteAsync("run-a");
            Assert.Empty(await store.TicksAsync("run-a"));
            Assert.Null(await store.LoadAsync("run-a", 24));
            Assert.Equal(new[] { 12 }, await store.TicksAsync("run-b"));
            await store.DeleteAsync("run-b");
        }
    }

    [Fact]
    public async Task A_payload_saved_in_parts_is_the_payload_they_make_with_the_same_envelope()
    {
        var payload = Payload(6, 300_000);
        ReadOnlyMemory<byte>[] parts = [payload.AsMemory(0, 5), payload.AsMemory(5, 0), payload.AsMemory(5, 200_000), payload.AsMemory(200_005)];
        foreach (var store in Stores())
        {
            await store.SavePartsAsync("run-p", 3, parts);
            Assert.Equal(payload, await store.LoadAsync("run-p", 3));
            await store.SavePartsAsync("run-p", 4, []);
            Assert.Empty((await store.LoadAsync("run-p", 4))!);
            Assert.Equal(new[] { 3, 4 }, await store.TicksAsync("run-p"));
            await store.DeleteAsync("run-p");
        }
        var disk = new DiskCheckpointStore(_folder);
        await disk.SavePartsAsync("run-q", 3, parts);
        await disk.SaveAsync("run-r", 3, payload);
        var inParts = await File.ReadAllBytesAsync(Path.Combine(_folder, "run-q", "tick-000003.kgcp"));
        var whole = await File.ReadAllBytesAsync(Path.Combine(_folder, "run-r", "tick-000003.kgcp"));
        Assert.Equal(CheckpointBlob.Wrap("run-q", 3, payload), inParts);
        Assert.Equal(CheckpointBlob.Wrap("run-r", 3, payload), whole);
        Assert.Equal(CheckpointBlob.Wrap("run-q", 3, payload), CheckpointBlob.WrapParts("run-q", 3, parts));
    }

    [Fact]
    public async Task A_damaged_blob_is_refused_with_one_line()
    {
        var disk = new DiskCheckpointStore(_folder);
        await disk.SaveAsync("run-c", 6, Payload(5, 1000));
        var file = Path.Combine(_folder, "run-c", "tick-000006.kgcp");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => disk.LoadAsync("run-c", 6));
        Assert.Equal($"{file}: checkpoint is damaged (its SHA-256 does not match)", e.Message);

        await File.WriteAllBytesAsync(file, bytes[..^10]);
        e = await Assert.ThrowsAsync<InvalidDataException>(() => disk.LoadAsync("run-c", 6));
        Assert.StartsWith($"{file}: checkpoint is truncated", e.Message);

        var redis = new RedisCheckpointStore(_connection, _redis.Namespace);
        await redis.SaveAsync("run-c", 6, Payload(5, 1000));
        // A blob copied under another tick's key.
        await _connection.GetDatabase().StringSetAsync($"kerjasama:{_redis.Namespace}:checkpoint:run-c:7", await _connection.GetDatabase().StringGetAsync($"kerjasama:{_redis.Namespace}:checkpoint:run-c:6"));
        e = await Assert.ThrowsAsync<InvalidDataException>(() => redis.LoadAsync("run-c", 7));
        Assert.EndsWith("holds run run-c at tick 6, not run run-c at tick 7", e.Message);
    }

    [Fact]
    public void Run_ids_cannot_name_paths_or_keys()
    {
        foreach (var bad in new[] { "../etc", "a/b", "a:b", "", "run c" })
        {
            Assert.Throws<ArgumentException>(() => CheckpointBlob.Wrap(bad, 0, []));
        }
    }
}
