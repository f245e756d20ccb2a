namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// One problem in a scenario file, printed as one line: <c>FILE:LINE:COLUMN: field.path: message</c>
/// (the path part is left out for problems of the whole file, such as a YAML syntax error).
/// </summary>
public sealed record ScenarioError(SourceSpan Location, string Path, string Message)
{
    public override string ToString() =>
        Path.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Path}: {Message}";
}

/// <summary>
/// The result of loading a scenario. <see cref="Scenario"/> is the best reading of the file even when there are
/// errors (null only when the file could not be read as a YAML mapping); use it only when <see cref="Ok"/>.
/// </summary>
public sealed record ScenarioLoadResult(Scenario? Scenario, IReadOnlyList<ScenarioError> Errors, string ContentHash)
{
    public bool Ok => Scenario is not null && Errors.Count == 0;
}
