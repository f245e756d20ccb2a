namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>A power iteration did not reach its tolerance within its iteration limit (NetworkX raises <c>PowerIterationFailedConvergence</c>).</summary>
public sealed class PowerIterationFailedConvergence(string algorithm, int maxIterations, double tolerance)
    : Exception($"{algorithm}: power iteration did not converge to tolerance {tolerance:R} within {maxIterations} iterations")
{
    public int MaxIterations { get; } = maxIterations;
}
