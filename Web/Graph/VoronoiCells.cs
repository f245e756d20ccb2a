namespace KerjasamaGraph.Web.Graph;

/// <summary>
/// Voronoi cells of region centroids, drawn where no boundary file is shipped: each region gets the part of the plane
/// closer to its centroid than to any other (the half-plane intersection of Okabe et al., <i>Spatial Tessellations</i>,
/// 2000, computed by clipping a box with one bisector per other centroid, Sutherland &amp; Hodgman 1974), limited to a
/// square about the size of the region's area so that regions at the edge do not stretch to the frame.
/// Distances use longitude scaled by the cosine of the mean latitude (locally equal-area), so the cells are not stretched
/// east–west.
/// </summary>
public static class VoronoiCells
{
    private const double KmPerDegree = 111.32;

    /// <summary>One polygon (closed, counter-clockwise, as [lon, lat] points) per site, in site order.</summary>
    /// <param name="sites">Centroids as (lon, lat).</param>
    /// <param name="areasKm2">Each region's area (0 or less: unknown, a 30 km half-width is used).</param>
    public static IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>> Compute(IReadOnlyList<(double Lon, double Lat)> sites, IReadOnlyList<double> areasKm2)
    {
        if (sites.Count == 0) return [];
        var meanLat = sites.Average(s => s.Lat);
        var kx = Math.Cos(meanLat * Math.PI / 180);
        var points = sites.Select(s => (X: s.Lon * kx, Y: s.Lat)).ToArray();
        var cells = new List<IReadOnlyList<(double, double)>>(sites.Count);
        for (var i = 0; i < points.Length; i++)
        {
            // A square of side about 1.6 × √area (a square of the region's area, with room for irregular shapes).
            var half = (areasKm2[i] > 0 ? 0.8 * Math.Sqrt(areasKm2[i]) : 30) / KmPerDegree;
            var (x, y) = points[i];
            var polygon = new List<(double X, double Y)> { (x - half, y - half), (x + half, y - half), (x + half, y + half), (x - half, y + half) };
            for (var j = 0; j < points.Length && polygon.Count > 0; j++)
            {
                if (j == i || points[j] == points[i]) continue;
                polygon = ClipCloser(polygon, points[i], points[j]);
            }
            cells.Add(polygon.Select(p => (p.X / kx, p.Y)).Append((polygon.Count > 0 ? polygon[0].X / kx : x / kx, polygon.Count > 0 ? polygon[0].Y : y)).ToList());
        }
        return cells;
    }

    /// <summary>The part of <paramref name="polygon"/> at least as close to <paramref name="a"/> as to <paramref name="b"/>.</summary>
    private static List<(double X, double Y)> ClipCloser(List<(double X, double Y)> polygon, (double X, double Y) a, (double X, double Y) b)
    {
        // Inside when (p − m)·(b − a) ≤ 0, with m the midpoint of a and b.
        var (nx, ny) = (b.X - a.X, b.Y - a.Y);
        var (mx, my) = ((a.X + b.X) / 2, (a.Y + b.Y) / 2);
        double Side((double X, double Y) p) => (p.X - mx) * nx + (p.Y - my) * ny;
        var result = new List<(double X, double Y)>(polygon.Count + 1);
        for (var k = 0; k < polygon.Count; k++)
        {
            var p = polygon[k];
            var q = polygon[(k + 1) % polygon.Count];
            var sp = Side(p);
            var sq = Side(q);
            if (sp <= 0) result.Add(p);
            if (sp < 0 && sq > 0 || sp > 0 && sq < 0)
            {
                var t = sp / (sp - sq);
                result.Add((p.X + t * (q.X - p.X), p.Y + t * (q.Y - p.Y)));
            }
        }
        return result;
    }
}
