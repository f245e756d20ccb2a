using KerjasamaGraph.Web.Graph;

namespace KerjasamaGraph.Tests.Web;

/// <summary>The map's Voronoi cells: each holds its centroid, and every point of a cell is closer to its own centroid than to any other.</summary>
public sealed class VoronoiCellsTests
{
    [Fact]
    public void Every_point_of_a_cell_is_nearest_to_its_own_site()
    {
        var random = new Random(7);
        var sites = Enumerable.Range(0, 40).Select(_ => (Lon: 102 + random.NextDouble() * 3, Lat: -3 + random.NextDouble() * 3)).ToList();
        var cells = VoronoiCells.Compute(sites, sites.Select(_ => 4000.0).ToList());
        Assert.Equal(sites.Count, cells.Count);
        var kx = Math.Cos(sites.Average(s => s.Lat) * Math.PI / 180);
        double D((double Lon, double Lat) a, (double Lon, double Lat) b) => Math.Pow((a.Lon - b.Lon) * kx, 2) + Math.Pow(a.Lat - b.Lat, 2);
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            Assert.True(cell.Count >= 4, $"cell {i} is a closed polygon");
            Assert.Equal(cell[0], cell[^1]);
            Assert.True(Inside(cell, sites[i]), $"cell {i} holds its site");
            // Points between the centroid and each vertex belong to the cell: none is closer to another site.
            foreach (var v in cell)
            {
                var p = (Lon: sites[i].Lon + 0.999 * (v.Lon - sites[i].Lon), Lat: sites[i].Lat + 0.999 * (v.Lat - sites[i].Lat));
                var own = D(p, sites[i]);
                Assert.All(sites.Where((_, j) => j != i), s => Assert.True(own <= D(p, s) + 1e-9));
            }
        }
    }

    private static bool Inside(IReadOnlyList<(double Lon, double Lat)> polygon, (double Lon, double Lat) p)
    {
        var inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            if ((polygon[i].Lat > p.Lat) != (polygon[j].Lat > p.Lat)
                && p.Lon < (polygon[j].Lon - polygon[i].Lon) * (p.Lat - polygon[i].Lat) / (polygon[j].Lat - polygon[i].Lat) + polygon[i].Lon) inside = !inside;
        }
        return inside;
    }
}
