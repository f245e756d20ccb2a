using KerjasamaGraph.Grains.Interfaces;

namespace KerjasamaGraph.Grains;

/// <summary>
/// A region of a run, addressable for queries (key "{runId}/{regionId}"). Its state lives in the shard grain that steps
/// it; this grain finds that shard through the run's coordinator and asks it.
/// </summary>
public sealed class RegionGrain : Grain, IRegionGrain
{
    public async Task<RegionStatus> GetStatus()
    {
        var (runId, id) = RunKey.Split(this.GetPrimaryKeyString());
        var location = await GrainFactory.GetGrain<IRunCoordinatorGrain>(runId).Locate(id);
        if (!location.IsRegion) throw new KeyNotFoundException($"'{id}' is a partner of run {runId}, not a region");
        return await GrainFactory.GetGrain<IShardGrain>(ShardGrain.ShardKey(runId, location.Shard)).DescribeRegion(location.Index);
    }
}

/// <summary>A partner of a run, addressable for queries (key "{runId}/{partnerId}"); partners never step, so the run's coordinator answers.</summary>
public sealed class PartnerGrain : Grain, IPartnerGrain
{
    public Task<PartnerStatus> GetStatus()
    {
        var (runId, id) = RunKey.Split(this.GetPrimaryKeyString());
        return GrainFactory.GetGrain<IRunCoordinatorGrain>(runId).DescribePartner(id);
    }
}

internal static class RunKey
{
    /// <summary>"{runId}/{entityId}" → (runId, entityId); run ids never contain '/', entity ids may.</summary>
    public static (string RunId, string EntityId) Split(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0) throw new ArgumentException($"grain key '{key}' is not RUN/ENTITY");
        return (key[..slash], key[(slash + 1)..]);
    }
}
