using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Experiments;

public enum DesignKind { Factorial, Lhs, Morris }

/// <summary>
/// The points of a sweep, in unit coordinates (each in [0, 1] of its parameter's range), in a fixed order that
/// depends only on the design, the number of parameters, the sample count and the seed, so an interrupted sweep
/// can be resumed point by point.
/// </summary>
public sealed class SweepDesign
{
    public DesignKind Kind { get; }
    public IReadOnlyList<double[]> Points { get; }
    /// <summary>Morris only: each trajectory's k+1 point indices and the parameter moved at each step (in step order).</summary>
    public IReadOnlyList<(int[] Points, int[] Moved)> Trajectories { get; } = [];
    /// <summary>Morris only: the step Δ in unit coordinates.</summary>
    public double Delta { get; }

    private SweepDesign(DesignKind kind, List<double[]> points, List<(int[], int[])>? trajectories = null, double delta = 0)
    {
        Kind = kind;
        Points = points;
        Trajectories = trajectories ?? [];
        Delta = delta;
    }

    /// <summary>Full factorial: every combination of each parameter's STEPS evenly spaced levels (the last parameter varies fastest).</summary>
    public static SweepDesign Factorial(IReadOnlyList<int> steps)
    {
        var points = new List<double[]> { Array.Empty<double>() };
        foreach (var s in steps)
        {
            var next = new List<double[]>(points.Count * s);
            foreach (var p in points)
                for (var j = 0; j < s; j++) next.Add([.. p, s == 1 ? 0.5 : (double)j / (s - 1)]);
            points = next;
        }
        return new SweepDesign(DesignKind.Factorial, points);
    }

    /// <summary>
    /// Latin hypercube sampling (McKay, Beckman &amp; Conover 1979): n points; each parameter's range is cut into n
    /// equal strata and each stratum is used exactly once, at a uniformly drawn position inside it.
    /// </summary>
    public static SweepDesign LatinHypercube(int parameters, int n, ulong seed)
    {
        var points = Enumerable.Range(0, n).Select(_ => new double[parameters]).ToList();
        for (var k = 0; k < parameters; k++)
        {
            var strata = Enumerable.Range(0, n).ToArray();
            // Fisher–Yates with counter-based draws.
            for (var i = n - 1; i > 0; i--)
            {
                var j = (int)(Draw(seed, k, (ulong)i) * (i + 1));
                (strata[i], strata[j]) = (strata[j], strata[i]);
            }
            for (var i = 0; i < n; i++) points[i][k] = (strata[i] + Draw(seed, k, 1_000_000 + (ulong)i)) / n;
        }
        return new SweepDesign(DesignKind.Lhs, points);
    }

    /// <summary>
    /// Morris elementary-effects screening (Morris 1991; Campolongo, Cariboni &amp; Saltelli 2007): r trajectories on a
    /// p-level grid, each starting at a random grid point and moving every parameter once, in random order, by
    /// Δ = p / (2(p − 1)) (upwards, or downwards where up would leave the range).
    /// </summary>
    public static SweepDesign Morris(int parameters, int trajectories, ulong seed, int levels = 4)
    {
        var delta = levels / (2.0 * (levels - 1));
        var points = new List<double[]>();
        var paths = new List<(int[], int[])>();
        for (var t = 0; t < trajectories; t++)
        {
            var x = new double[parameters];
            for (var k = 0; k < parameters; k++) x[k] = Math.Floor(Draw(seed, 10_000 + t, (ulong)k) * levels) / (levels - 1);
            var order = Enumerable.Range(0, parameters).ToArray();
            for (var i = parameters - 1; i > 0; i--)
            {
                var j = (int)(Draw(seed, 20_000 + t, (ulong)i) * (i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }
            var indices = new int[parameters + 1];
            indices[0] = points.Count;
            points.Add((double[])x.Clone());
            for (var s = 0; s < parameters; s++)
            {
                var k = order[s];
                x[k] = x[k] + delta <= 1 + 1e-12 ? x[k] + delta : x[k] - delta;
                indices[s + 1] = points.Count;
                points.Add((double[])x.Clone());
            }
            paths.Add((indices, order));
        }
        return new SweepDesign(DesignKind.Morris, points, paths, delta);
    }

    private static double Draw(ulong seed, int stream, ulong counter) =>
        RandomStreams.Uniform(seed, stream, 0x5EED5EED, DrawPurpose.Design, counter);

    /// <summary>
    /// Morris statistics per parameter from the outputs of every point: μ (mean elementary effect), μ* (mean of absolute
    /// effects: importance) and σ (standard deviation: interactions or non-linearity). Effects are per unit of the
    /// parameter's range; points whose output is missing (failed) drop the effects that need them.
    /// </summary>
    public IReadOnlyList<(double Mu, double MuStar, double Sigma, int Effects)> MorrisStatistics(int parameters, IReadOnlyDictionary<int, double> output)
    {
        if (Kind != DesignKind.Morris) throw new InvalidOperationException("not a Morris design");
        var effects = Enumerable.Range(0, parameters).Select(_ => new List<double>()).ToArray();
        foreach (var (points, moved) in Trajectories)
        {
            for (var s = 0; s < moved.Length; s++)
            {
                if (!output.TryGetValue(points[s], out var before) || !output.TryGetValue(points[s + 1], out var after)) continue;
                var k = moved[s];
                var step = Points[points[s + 1]][k] - Points[points[s]][k];
                effects[k].Add((after - before) / step);
            }
        }
        return effects.Select(e =>
        {
            if (e.Count == 0) return (double.NaN, double.NaN, double.NaN, 0);
            var mu = e.Average();
            var muStar = e.Average(Math.Abs);
            var sigma = e.Count > 1 ? Math.Sqrt(e.Sum(v => (v - mu) * (v - mu)) / (e.Count - 1)) : double.NaN;
            return (mu, muStar, sigma, e.Count);
        }).ToList();
    }
}
