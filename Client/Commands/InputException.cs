namespace KerjasamaGraph.Client.Commands;

/// <summary>Bad input or usage: reported as one line per problem, exit code 2.</summary>
public sealed class InputException(IReadOnlyList<string> lines) : Exception(string.Join(Environment.NewLine, lines))
{
    public InputException(string line) : this([line]) { }

    public IReadOnlyList<string> Lines { get; } = lines;
}

/// <summary>
/// A command stopped by Ctrl+C (or its caller's cancellation). <see cref="WhatIsLeft"/> tells the user what is on
/// disk now, e.g. "no run folder was written" or which finished points a sweep kept and how to resume it.
/// </summary>
public sealed class CommandInterruptedException(string whatIsLeft, Exception? inner = null) : Exception("interrupted; " + whatIsLeft, inner)
{
    public string WhatIsLeft { get; } = whatIsLeft;
}

/// <summary>A command that ran but could not produce its result (not a program bug): its message, exit code 1.</summary>
public sealed class CommandFailedException(string message) : Exception(message);

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int InputError = 2;
}
