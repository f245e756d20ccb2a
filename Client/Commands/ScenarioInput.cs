using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Client.Commands;

/// <summary>Loading a scenario file for a command, with the command line's overrides.</summary>
public static class ScenarioInput
{
    /// <summary>
    /// Loads and validates a scenario. Every problem with the input (including a missing file, a directory, an
    /// unreadable or empty file) is an <see cref="InputException"/> with one line per problem (exit code 2).
    /// </summary>
    public static (Scenario Scenario, string Hash) Load(string path, string? variant)
    {
        var result = ScenarioLoader.Load(path, variant);
        if (!result.Ok) throw new InputException(result.Errors.Select(e => e.ToString()).ToArray());
        return (result.Scenario!, result.ContentHash);
    }

    /// <summary>Applies --months, --seed and --replications, checking their ranges.</summary>
    public static Scenario WithRunOverrides(Scenario scenario, int? months, ulong? seed, int? replications)
    {
        var errors = new List<string>();
        if (months is < 1 or > 1200) errors.Add($"--months: {months} is out of range (1 to 1200)");
        if (replications is < 1 or > 100_000) errors.Add($"--replications: {replications} is out of range (1 to 100000)");
        if (errors.Count > 0) throw new InputException(errors);
        return scenario with
        {
            Run = scenario.Run with
            {
                Months = months ?? scenario.Run.Months,
                Seed = seed ?? scenario.Run.Seed,
                Replications = replications ?? scenario.Run.Replications,
            },
        };
    }
}
