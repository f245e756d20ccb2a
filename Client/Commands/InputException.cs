namespace KerjasamaGraph.Client.Commands;

/// <summary>Bad input or usage: reported as one line per problem, exit code 2.</summary>
public sealed class InputException(IReadOnlyList<string> lines) : Exception(string.Join(Environment.NewLine, lines))
{
    public InputException(string line) : this([line]) { }

    public IReadOnlyList<string> Lines { get; } = lines;
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int InputError = 2;
}
