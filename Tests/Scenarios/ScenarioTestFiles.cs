using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>A temporary directory of scenario files, deleted after the test.</summary>
public sealed class ScenarioTestFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("kerjasama-scenarios-").FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Loads a file by its full path; errors name files as Root-relative paths for readable assertions.</summary>
    public ScenarioLoadResult Load(string name, string? variant = null) => ScenarioLoader.Load(Path.Combine(Root, name), variant);

    public string[] Errors(string name, string? variant = null) =>
        Load(name, variant).Errors.Select(e => e.ToString().Replace(Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)).ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Scenario texts shared by the tests, with line numbers that the assertions rely on.</summary>
public static class ScenarioTexts
{
    /// <summary>A valid scenario; agreements are the last section so a test can append items at line 15.</summary>
    public const string Valid = """
        scenario: { name: Test, description: A small valid scenario }
        run: { start: 2023-01, months: 24, seed: 42 }
        services:
          waste: { name: Solid waste, unit: t, reference_demand: 10000, reference_unit_cost: 150000 }
        regions:
          - { id: a, kind: kota, population: 600000, capacity: 0.6, services: { waste: { demand: 12000 } } }
          - { id: b, population: 400000, services: { waste: { demand: 6000 } } }
          - { id: c, population: 300000 }
        partners:
          - { id: kfw, kind: donor, country: Germany, funds: 1000 }
        neighbours:
          - { a: a, b: b, border_km: 70 }
        agreements:
          - { id: ks-01, type: shared_service, legal_form: ksdd_wajib, parties: [a, b], host: a, service: waste, lifecycle: { initiated: 2023-06 } }

        """;

    public static string[] Errors(string yaml, string file = "t.yaml", string? variant = null) =>
        ScenarioLoader.LoadText(yaml.ReplaceLineEndings("\n"), file, variant).Errors.Select(e => e.ToString()).ToArray();

    /// <summary>The valid scenario with agreements appended (each a flow mapping on one line, starting at line 15).</summary>
    public static string[] WithAgreements(params string[] items) =>
        Errors(Valid + string.Concat(items.Select(i => $"  - {i}\n")));
}

/// <summary>Compares lists of error lines and shows every actual line when they differ.</summary>
public static class Lines
{
    public static void Equal(IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.True(e.SequenceEqual(a), "actual:\n" + string.Join("\n", a) + "\nexpected:\n" + string.Join("\n", e));
    }
}
