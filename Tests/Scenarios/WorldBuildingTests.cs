using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>The compiled world of a large generated scenario, checked against the plain definitions it must match exactly.</summary>
public sealed class WorldBuildingTests
{
    /// <summary>Spatial weights as defined (Spillover): a sorted map per region, where the last listing of a pair counts.</summary>
    private static NeighbourLink[][] ReferenceWeights(SimulationWorld world, IReadOnlyList<Neighbour> neighbours)
    {
        var lists = Enumerable.Range(0, world.RegionCount).Select(_ => new SortedDictionary<int, double?>()).ToArray();
        foreach (var n in neighbours)
        {
            if (!world.TryIndex(n.A, out var a) || !world.TryIndex(n.B, out var b)) continue;
            if (!world.IsRegion(a) || !world.IsRegion(b) || a == b) continue;
            lists[a][b] = n.BorderKm;
            lists[b][a] = n.BorderKm;
        }
        return lists.Select(entries =>
        {
            var known = entries.Values.Where(v => v is > 0).Select(v => v!.Value).ToArray();
            var imputed = known.Length > 0 ? known.Average() : 1.0;
            var raw = entries.Select(e => (e.Key, Length: known.Length > 0 ? (e.Value is > 0 ? e.Value.Value : imputed) : 1.0)).ToArray();
            var total = raw.Sum(r => r.Length);
            return raw.Select(r => new NeighbourLink(r.Key, r.Length / total)).ToArray();
        }).ToArray();
    }

    [Fact]
    public void Spatial_weights_of_a_large_scenario_are_exactly_those_of_their_definition()
    {
        var s = ScenarioGenerator.Generate(3000, 7);
        var partner = s.Partners[0].Id;
        var n = s.Neighbours;
        // Pairs given twice (the later length counts, in either direction), a pair with itself, a partner and an
        // unknown id (all three skipped), and unknown or zero lengths (imputed).
        Neighbour[] extra =
        [
            n[0] with { BorderKm = 999 },
            n[1] with { A = n[1].B, B = n[1].A, BorderKm = null },
            n[2] with { B = n[2].A },
            n[3] with { B = partner },
            n[4] with { B = "nobody" },
            n[5] with { BorderKm = 0 },
            n[0] with { BorderKm = 12.5 },
        ];
        s = s with { Neighbours = [.. n, .. extra] };
        var world = new SimulationWorld(s);
        var expected = ReferenceWeights(world, s.Neighbours);
        Assert.Equal(expected.Length, world.Neighbours.Length);
        for (var r = 0; r < expected.Length; r++) Assert.Equal(expected[r], world.Neighbours[r]);
        var a = world.IndexOf(n[0].A);
        var b = world.IndexOf(n[0].B);
        Assert.Contains(world.Neighbours[a], l => l.Region == b);
        Assert.True(world.Neighbours.All(links => links.Zip(links.Skip(1)).All(p => p.First.Region < p.Second.Region)));
    }
}
