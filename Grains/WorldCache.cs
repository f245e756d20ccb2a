using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Grains;

/// <summary>
/// One compiled <see cref="SimulationWorld"/> per run and silo, shared by the run's grains on that silo.
/// Reference-counted: the world is dropped when the last grain of the run on this silo releases it.
/// </summary>
public sealed class WorldCache
{
    private readonly Dictionary<string, (Task<SimulationWorld> World, int Users)> _worlds = new(StringComparer.Ordinal);
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

    public void Release(string runId)
    {
        lock (_lock)
        {
            if (!_worlds.TryGetValue(runId, out var entry)) return;
            if (entry.Users <= 1) _worlds.Remove(runId);
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
