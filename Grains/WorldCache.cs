using System.Collections.Concurrent;
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
    /// <summary>
    /// Worlds that an engine client in this process compiled for the runs it starts (<see cref="Offer"/>): a coordinator or
    /// shard grain activated in the same process (an embedded silo, or several in-process silos) uses that world instead of
    /// compiling the scenario again from its JSON. At 83,000 regions that saves serialising and parsing about 160 MB of JSON
    /// and a second copy of the world. Grains on silos in other processes never see it and load the JSON as before.
    /// </summary>
    private static readonly ConcurrentDictionary<string, SimulationWorld> InProcess = new(StringComparer.Ordinal);

    private readonly Dictionary<string, (Task<SimulationWorld> World, int Users)> _worlds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), ShardPlan> _plans = new();
    private readonly Lock _lock = new();

    /// <summary>Offers the world a client of this process compiled for run <paramref name="runId"/> to the run's grains in this process.</summary>
    public static void Offer(string runId, SimulationWorld world) => InProcess[runId] = world;

    /// <summary>The world offered for a run in this process, if any.</summary>
    public static bool TryOffered(string runId, out SimulationWorld world) => InProcess.TryGetValue(runId, out world!);

    /// <summary>Withdraws an offered world (the run finished or was abandoned); grains that took it keep their reference.</summary>
    public static void Withdraw(string runId) => InProcess.TryRemove(runId, out _);

    public Task<SimulationWorld> Acquire(string runId, Func<Task<string>> fetchScenarioJson)
    {
        lock (_lock)
        {
            if (_worlds.TryGetValue(runId, out var entry))
            {
                _worlds[runId] = (entry.World, entry.Users + 1);
                return entry.World;
            }
            var world = TryOffered(runId, out var offered) ? Task.FromResult(offered) : Compile(fetchScenarioJson);
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
