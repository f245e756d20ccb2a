using KerjasamaGraph.Web.Library;

namespace KerjasamaGraph.Tests.Web;

/// <summary>The check an upload passes before the loader reads it: <c>extends</c> may name shipped files only.</summary>
public sealed class UploadGuardTests
{
    private static readonly HashSet<string> Shipped = ["jambi-province.yaml", "jambi-batanghari-2023.yaml"];

    [Theory]
    [InlineData("extends: jambi-province.yaml\n", new[] { "jambi-province.yaml@1:10" })]
    [InlineData("scenario: { name: x }\nextends: [jambi-province.yaml, /etc/passwd]\n", new[] { "jambi-province.yaml@2:11", "/etc/passwd@2:32" })]
    [InlineData("extends:\n  - a.yaml\n  - ../b.yaml\nregions: []\n", new[] { "a.yaml@2:5", "../b.yaml@3:5" })]
    [InlineData("variants:\n  v: { extends: /etc/passwd }\nregions: [ { id: extends } ]\n", new string[0])]
    [InlineData("- extends: /etc/passwd\n", new string[0])]
    [InlineData("extends: [\n", new string[0])]
    public void Finds_the_top_level_extends_entries_with_their_positions(string yaml, string[] expected)
    {
        Assert.Equal(expected, UploadGuard.ExtendsOf(yaml).Select(e => $"{e.Value}@{e.Line}:{e.Column}"));
    }

    [Fact]
    public void Refuses_what_is_not_a_shipped_file_name_and_what_is_too_large()
    {
        var errors = UploadGuard.Check("extends: [jambi-province.yaml, ../../etc/passwd]\n"u8.ToArray(), "up.yaml", 1000, Shipped);
        var error = Assert.Single(errors);
        Assert.Equal(("up.yaml", 1, 32), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Contains("may extend only the shipped scenarios", error.Message);
        Assert.Empty(UploadGuard.Check("extends: jambi-province.yaml\n"u8.ToArray(), "up.yaml", 1000, Shipped));
        Assert.Contains("limited to 10 bytes", Assert.Single(UploadGuard.Check(new byte[11], "up.yaml", 10, Shipped)).Message);
    }

    [Fact]
    public void Refuses_tables_in_the_lists_and_in_variants()
    {
        var yaml = "extends: jambi-province.yaml\nregions: { table: /srv/private/people.csv }\nvariants:\n  v:\n    agreements: { table: ../x.parquet }\n";
        var errors = UploadGuard.Check(System.Text.Encoding.UTF8.GetBytes(yaml), "up.yaml", 10_000, Shipped);
        Assert.Equal([
            "up.yaml:2:19: '/srv/private/people.csv': an uploaded scenario cannot name tables; write its regions, neighbours and agreements in the YAML",
            "up.yaml:5:26: '../x.parquet': an uploaded scenario cannot name tables; write its regions, neighbours and agreements in the YAML"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Refuses_observed_data_files_in_the_scenario_and_in_variants()
    {
        var yaml = "extends: jambi-province.yaml\nobserved: { region: kota-jambi, file: /etc/shadow }\nvariants:\n  v:\n    observed:\n      file: ../cpi.csv\n" +
            "regions: [ { id: file, name: observed } ]\n";
        var errors = UploadGuard.Check(System.Text.Encoding.UTF8.GetBytes(yaml), "up.yaml", 10_000, Shipped);
        Assert.Equal([
            "up.yaml:2:39: observed.file: '/etc/shadow': an uploaded scenario cannot name an observed data file; extend a shipped scenario that has one",
            "up.yaml:6:13: observed.file: '../cpi.csv': an uploaded scenario cannot name an observed data file; extend a shipped scenario that has one"],
            errors.Select(e => e.ToString()));
        Assert.Empty(UploadGuard.ObservedFilesOf("observed: { region: kota-jambi }\nfile: x.csv\n"));
    }
}
