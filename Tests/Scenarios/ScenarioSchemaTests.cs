using System.Text.Json;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>scenarios/schema.json names exactly the keys the loader accepts, section by section.</summary>
public sealed class ScenarioSchemaTests
{
    private static JsonElement Schema()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KerjasamaGraph.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "scenarios", "schema.json"))).RootElement;
    }

    /// <summary>The keys the loader lists when it meets an unknown key in a section.</summary>
    private static string[] LoaderKeys(string yaml)
    {
        var errors = ScenarioTexts.Errors(yaml);
        var line = Assert.Single(errors, e => e.Contains("unknown key 'zzzzzzzz'", StringComparison.Ordinal));
        const string marker = "has the keys: ";
        return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(", ").Order(StringComparer.Ordinal).ToArray();
    }

    public static TheoryData<string, string> Sections => new()
    {
        { "zzzzzzzz: 1\n", "/properties" },
        { "scenario: { zzzzzzzz: 1 }\n", "/properties/scenario/properties" },
        { "run: { zzzzzzzz: 1 }\n", "/properties/run/properties" },
        { "parameters: { zzzzzzzz: 1 }\n", "/properties/parameters/properties" },
        { "lifecycle: { zzzzzzzz: 1 }\n", "/properties/lifecycle/properties" },
        { "policies: { zzzzzzzz: 1 }\n", "/properties/policies/properties" },
        { "policies: { one_gate: { zzzzzzzz: 1 } }\n", "/properties/policies/properties/one_gate/properties" },
        { "services: { w: { zzzzzzzz: 1 } }\n", "/$defs/service/properties" },
        { "regions: [ { id: a, zzzzzzzz: 1 } ]\n", "/$defs/region/properties" },
        { "regions: [ { id: a, services: { w: { zzzzzzzz: 1 } } } ]\n", "/$defs/regionService/properties" },
        { "partners: [ { id: a, kind: donor, zzzzzzzz: 1 } ]\n", "/$defs/partner/properties" },
        { "neighbours: [ { a: x, b: y, zzzzzzzz: 1 } ]\n", "/$defs/neighbour/properties" },
        { "agreements: [ { id: a, zzzzzzzz: 1 } ]\n", "/$defs/agreement/properties" },
        { "agreements: [ { id: a, lifecycle: { zzzzzzzz: 1 } } ]\n", "/$defs/timing/properties" },
        { "shocks: [ { id: a, zzzzzzzz: 1 } ]\n", "/$defs/shock/properties" },
        { "commodities: { chili: { zzzzzzzz: 1 } }\n", "/$defs/commodity/properties" },
        { "regions: [ { id: a, food: { chili: { zzzzzzzz: 1 } } } ]\n", "/$defs/regionFood/properties" },
        { "regions: [ { id: a, non_food: { zzzzzzzz: 1 } } ]\n", "/$defs/nonFood/properties" },
        { "triggers: [ { id: a, zzzzzzzz: 1 } ]\n", "/$defs/trigger/properties" },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void Schema_section_matches_the_loader(string yaml, string pointer)
    {
        var node = Schema();
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)) node = node.GetProperty(part);
        var schemaKeys = node.EnumerateObject().Select(p => p.Name).Where(n => n != "remove").Order(StringComparer.Ordinal).ToArray();
        Lines.Equal(LoaderKeys(yaml), schemaKeys);
        foreach (var property in node.EnumerateObject())
            Assert.True(property.Value.TryGetProperty("description", out _) || property.Value.TryGetProperty("$ref", out _),
                $"{pointer}/{property.Name} has no description");
    }

    [Theory]
    [InlineData("regions", "regionTables")]
    [InlineData("partners", "table")]
    [InlineData("neighbours", "table")]
    [InlineData("agreements", "table")]
    [InlineData("shocks", "table")]
    [InlineData("triggers", "table")]
    public void Table_references_match_the_loader(string list, string definition)
    {
        var line = Assert.Single(ScenarioTexts.Errors($"{list}: {{ zzzzzzzz: x.csv }}\n"));
        const string marker = "or a table: { ";
        var loaderKeys = line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].TrimEnd(' ', '}')
            .Split(", ").Select(k => k.Split(':')[0]).Order(StringComparer.Ordinal).ToArray();
        var schema = Schema();
        var forms = schema.GetProperty("properties").GetProperty(list).GetProperty("oneOf");
        Assert.Equal($"#/$defs/{definition}", forms[1].GetProperty("$ref").GetString());
        var keys = schema.GetProperty("$defs").GetProperty(definition).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Lines.Equal(loaderKeys, keys);
    }
}
