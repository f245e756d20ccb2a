using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace KerjasamaGraph.Grains;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what the KerjasamaGraph grains need on a silo (call from the silo's service configuration).</summary>
    public static IServiceCollection AddKerjasamaGraphGrains(this IServiceCollection services)
    {
        services.AddSingleton<WorldCache>();
        services.AddPlacementDirector<ShardPlacementStrategy, ShardPlacementDirector>();
        return services;
    }
}
