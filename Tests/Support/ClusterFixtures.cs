using KerjasamaGraph.Grains;
using KerjasamaGraph.Grains.Engine;
using Orleans.TestingHost;

namespace KerjasamaGraph.Tests.Support;

/// <summary>An in-process Orleans cluster with the KerjasamaGraph grains, shared by the tests of one class.</summary>
public abstract class ClusterFixture(short silos) : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public short Silos => silos;

    public OrleansEngine Engine(int shards = 0) => new(Cluster.Client, silos, shards);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureHost(host => host.Services.AddKerjasamaGraphGrains());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class OneSiloCluster() : ClusterFixture(1);

public sealed class ThreeSiloCluster() : ClusterFixture(3);
