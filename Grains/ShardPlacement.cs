using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace KerjasamaGraph.Grains;

/// <summary>
/// Places shard grains round-robin over the compatible silos, sorted by address: shard s of a run goes to silo
/// s mod n. Results do not depend on placement (the shards exchange snapshots in a fixed plan); this only spreads the work.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class ShardPlacementStrategy : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardPlacementAttribute() : PlacementAttribute(new ShardPlacementStrategy());

public sealed class ShardPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).Order().ToArray();
        var key = target.GrainIdentity.Key.ToString() ?? "";
        var slash = key.LastIndexOf('/');
        var shard = slash >= 0 && int.TryParse(key.AsSpan(slash + 1), out var s) ? s : 0;
        return Task.FromResult(silos[(int)((uint)shard % (uint)silos.Length)]);
    }
}
