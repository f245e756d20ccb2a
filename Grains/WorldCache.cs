using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;

namespace KerjasamaGraph.Grains;

/// <summary>
/// One compiled <see cref="SimulationWorld"/> per run and silo, shared by the run's grains on that silo.
/// Reference-counted: the world is dropped when the last grain of the run on this silo releases it.
/// </summary>
public sealed class WorldCache
{
    private readonly Dictionary<string, (Task<SimulationWorld> World, int Users)> _worlds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), ShardPlan> _plans = new();
    private readonly Lock _lock = new();

    public Task<SimulationWorld> Acquire(string runId, Func<Task<string>> fetchScenarioJson)
    {
        lock (_lock)
        {
            if (_worlds.TryGetValue(runId, out var entry))
            {
                _worlds[runId] = (entry.World, entry.Users + 1);
                return entry.World;
            }
            var world = Compile(fetchScenarioJson);
            _worlds[runId] = (world, 1);
            return world;
        }
    }

    /// <summary>Registers a world compiled elsewhere on this silo (the coordinator's), so grains here reuse it.</summary>
    public void Put(string runId, SimulationWorld world)
    {
        lock (_lock)
        {
            _worlds[runId] = _worlds.TryGetValue(runId, out var entry)
                ? (entry.World, entry.Users + 1)
                : (Task.FromResult(world), 1);
        }
    }

    /// <summary>The run's shard plan for <paramref name="shards"/> shards, computed once per silo (the partition is deterministic, so every silo computes the same).</summary>
    public ShardPlan Plan(string runId, SimulationWorld world, int shards)
    {
        lock (_lock)
        {
            if (_plans.TryGetValue((runId, shards), out var plan)) return plan;
        }
        var built = new ShardPlan(world, ShardPartition.Create(world, shards));
        lock (_lock)
        {
            return _plans.TryAdd((runId, shards), built) ? built : _plans[(runId, shards)];
        }
    }

    public void Release(string runId)
    {
        lock (_lock)
        {
            if (!_worlds.TryGetValue(runId, out var entry)) return;
            if (entry.Users <= 1)
            {
                _worlds.Remove(runId);
                foreach (var key in _plans.Keys.Where(k => k.Item1 == runId).ToArray()) _plans.Remove(key);
            }
            else _worlds[runId] = (entry.World, entry.Users - 1);
        }
    }

    public int Count
    {
        get { lock (_lock) return _worlds.Count; }
    }

    private static async Task<SimulationWorld> Compile(Func<Task<string>> fetch)
    {
        var json = await fetch().ConfigureAwait(false);
        return new SimulationWorld(ScenarioJson.Deserialize(json));
    }
}
