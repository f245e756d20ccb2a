using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Tests.Generation;

/// <summary>The scenarios shipped in scenarios/ load with zero errors, in their baseline and in every variant.</summary>
public class ShippedScenarioTests
{
    public static readonly TheoryData<string> Files = new()
    {
        "jambi-province.yaml", "jambi-batanghari-2023.yaml", "jambi-one-gate.yaml", "kota-jambi-international.yaml",
        "jambi-inflation-2022.yaml", "jambi-inflation-2022.calibrated.yaml",
    };

    internal static string ScenarioDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KerjasamaGraph.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "scenarios");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Loads_with_zero_errors_in_every_variant(string file)
    {
        var path = Path.Combine(ScenarioDirectory(), file);
        var baseline = ScenarioLoader.Load(path);
        Assert.True(baseline.Ok, string.Join("\n", baseline.Errors));
        foreach (var variant in baseline.Scenario!.VariantNames)
        {
            var v = ScenarioLoader.Load(path, variant);
            Assert.True(v.Ok, $"variant {variant}:\n" + string.Join("\n", v.Errors));
            Assert.Equal(variant, v.Scenario!.Variant);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Round_trips_through_the_writer(string file)
    {
        var loaded = ScenarioLoader.Load(Path.Combine(ScenarioDirectory(), file));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        var yaml = ScenarioYamlWriter.ToYaml(loaded.Scenario!);
        var again = ScenarioLoader.LoadText(yaml, file);
        Assert.True(again.Ok, string.Join("\n", again.Errors));
        Assert.Equal(yaml, ScenarioYamlWriter.ToYaml(again.Scenario!));
    }

    [Fact]
    public void Province_has_22_regions_and_the_census_total()
    {
        var s = ScenarioLoader.Load(Path.Combine(ScenarioDirectory(), "jambi-province.yaml")).Scenario!;
        Assert.Equal(22, s.Regions.Count);
        Assert.Equal(3_548_228, s.Regions.Where(r => r.Province == "Jambi").Sum(r => r.Population));
        Assert.Equal(33, s.Neighbours.Count);
        Assert.Equal(60, s.Run.Months);
    }

    [Fact]
    public void Batanghari_2023_has_the_october_2023_agreements_and_its_variants()
    {
        var s = ScenarioLoader.Load(Path.Combine(ScenarioDirectory(), "jambi-batanghari-2023.yaml")).Scenario!;
        var shared = Assert.Single(s.Agreements, a => a.Type == AgreementType.SharedService);
        Assert.Equal("kota-jambi", shared.Host);
        Assert.Equal(LegalForm.KsddSukarela, shared.LegalForm);
        Assert.Contains(s.Agreements, a => a.Type == AgreementType.Knowledge && a.From == "kota-jambi" && a.To == "batanghari");
        Assert.DoesNotContain(s.Neighbours, n => (n.A, n.B) is ("kota-jambi", "batanghari") or ("batanghari", "kota-jambi"));
        Assert.Contains("with-muaro-jambi", s.VariantNames);
        Assert.Contains("no-one-gate", s.VariantNames);
        var muaro = ScenarioLoader.Load(Path.Combine(ScenarioDirectory(), "jambi-batanghari-2023.yaml"), "with-muaro-jambi").Scenario!;
        Assert.Contains("muaro-jambi", muaro.Agreements.Single(a => a.Id == shared.Id).Parties);
    }

    [Fact]
    public void One_gate_pipeline_is_large_and_mixed()
    {
        var s = ScenarioLoader.Load(Path.Combine(ScenarioDirectory(), "jambi-one-gate.yaml")).Scenario!;
        Assert.Equal(YearMonth.Of(2015, 1), s.Run.Start);
        Assert.Equal(108, s.Run.Months);
        Assert.InRange(s.Agreements.Count, 190, 260);
        foreach (var type in Enum.GetValues<AgreementType>()) Assert.Contains(s.Agreements, a => a.Type == type);
        foreach (var form in Enum.GetValues<LegalForm>()) Assert.Contains(s.Agreements, a => a.LegalForm == form);
        Assert.Contains(s.Partners, p => p.Kind == PartnerKind.CentralAgency && p.Id == "bank-indonesia");
    }
}
