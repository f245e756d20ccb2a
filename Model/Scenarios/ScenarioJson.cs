using System.Text.Json;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// A resolved scenario (extends and variant applied) as JSON: how a client hands a scenario to silos that
/// cannot see the client's files. Round-trips every field except source locations, infinite thresholds included
/// (a quality threshold of -Infinity screens nothing; JSON has no number for it, so it travels as "-Infinity").
/// </summary>
public static class ScenarioJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(Scenario scenario) => JsonSerializer.Serialize(scenario, Options);

    /// <summary><see cref="Serialize"/>'s text as UTF-8 bytes, written as such (no string in between).</summary>
    public static byte[] SerializeToUtf8Bytes(Scenario scenario) => JsonSerializer.SerializeToUtf8Bytes(scenario, Options);

    public static Scenario Deserialize(string json) =>
        JsonSerializer.Deserialize<Scenario>(json, Options) ?? throw new JsonException("scenario JSON is empty");
}
