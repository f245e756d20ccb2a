using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Web;
using KerjasamaGraph.Web.Library;
using KerjasamaGraph.Web.WhatIf;
using Microsoft.Extensions.Options;

namespace KerjasamaGraph.Tests.Web;

/// <summary>What-ifs built by clicking: the variant file the app writes, its validation with the scenario loader, and that
/// clicking Muaro Jambi into the shared digital service gives exactly the shipped variant that does the same.</summary>
public sealed class WhatIfTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("kerjasama-whatif-").FullName;
    private readonly ScenarioLibrary _library;
    private readonly ScenarioEntry _entry;

    public WhatIfTests()
    {
        _library = new ScenarioLibrary(Options.Create(new WebOptions
        {
            ScenariosDirectory = Path.Combine(ServeProcess.RepositoryRoot(), "scenarios"), UploadsDirectory = Path.Combine(_scratch, "uploads"),
        }));
        _entry = _library.Find("jambi-batanghari-2023")!;
    }

    public void Dispose() => Directory.Delete(_scratch, true);

    private VariantDraft Draft() => new(_library.Load(_entry).Scenario!, _entry.FileName);

    [Fact]
    public void Adding_a_region_to_an_agreement_writes_the_variants_overlay_and_validates_it()
    {
        var draft = Draft();
        draft.Name = "muaro-joins";
        draft.AddParty("jb-bh-digital-shared", "muaro-jambi");
        Assert.Equal(
            """
            # What-if on jambi-batanghari-2023.yaml, built in the KerjasamaGraph web app.
            # Run it with: kerjasama compare THIS-FILE --variants muaro-joins
            extends: jambi-batanghari-2023.yaml
            variants:
              muaro-joins:
                agreements:
                  - { id: jb-bh-digital-shared, parties: [kota-jambi, batanghari, muaro-jambi] }

            """.Replace("\r\n", "\n"), draft.Yaml());
        var check = _library.CheckWhatIf(_entry, draft.Yaml(), draft.Name);
        Assert.Empty(check.Errors);

        // The loader's reading equals the shipped variant that adds Muaro Jambi (apart from the agreement's display name).
        var shipped = ScenarioLoader.Load(_entry.FullPath, "with-muaro-jambi").Scenario!;
        var ours = check.Scenario!;
        Assert.Equal(shipped.Agreements.Single(a => a.Id == "jb-bh-digital-shared").Parties, ours.Agreements.Single(a => a.Id == "jb-bh-digital-shared").Parties);
        Assert.Equal(ScenarioJson.Serialize(shipped with { Variant = null, VariantNames = [], Agreements = [] }),
            ScenarioJson.Serialize(ours with { Variant = null, VariantNames = [], Agreements = [] }));

        // Taking the party out again leaves nothing to change.
        draft.RemoveParty("jb-bh-digital-shared", "muaro-jambi");
        Assert.True(draft.IsEmpty);
    }

    [Fact]
    public void Removing_an_agreement_switching_One_Gate_and_a_number_are_one_variant()
    {
        var draft = Draft();
        draft.Name = "lean";
        draft.RemoveAgreement("jb-bh-digital-knowledge");
        draft.SetOneGate(false);
        draft.SetValue(VariantDraft.Settings.Single(s => s.Path == "parameters.spillover_rate"), 0.4);
        var yaml = draft.Yaml();
        Assert.Contains("      one_gate:\n        enabled: false\n", yaml);
        Assert.Contains("      spillover_rate: 0.4\n", yaml);
        Assert.Contains("- { id: jb-bh-digital-knowledge, remove: true }", yaml);
        var check = _library.CheckWhatIf(_entry, yaml, draft.Name);
        Assert.Empty(check.Errors);
        Assert.False(check.Scenario!.Policies.OneGate.Enabled);
        Assert.Equal(0.4, check.Scenario.Parameters.SpilloverRate);
        Assert.DoesNotContain(check.Scenario.Agreements, a => a.Id == "jb-bh-digital-knowledge");
    }

    [Fact]
    public void An_invalid_change_is_reported_at_its_line_in_the_variant_file()
    {
        var draft = Draft();
        draft.Name = "bad";
        draft.SetValue(VariantDraft.Settings.Single(s => s.Path == "parameters.spillover_rate"), 1.5);
        var check = _library.CheckWhatIf(_entry, draft.Yaml(), draft.Name);
        var error = Assert.Single(check.Errors);
        Assert.Equal("what-if.yaml", error.Location.File);
        Assert.Equal("      spillover_rate: 1.5", draft.Yaml().Split('\n')[error.Location.Line - 1]);
        Assert.Equal("parameters.spillover_rate", error.Path);
    }

    [Fact]
    public void A_new_agreement_is_written_in_full_and_saving_keeps_a_runnable_scenario()
    {
        var draft = Draft();
        draft.Name = "landfill";
        var id = draft.NewAgreementId(AgreementType.SharedService);
        draft.AddAgreement(new NewAgreement(id, AgreementType.SharedService, LegalForm.KsddWajib, ["kota-jambi", "muaro-jambi"], "kota-jambi", "waste",
            YearMonth.Of(2024, 1), 0, "Shared landfill"));
        var (saved, check) = _library.SaveWhatIf(_entry, draft.Yaml(), draft.Name);
        Assert.Empty(check.Errors);
        Assert.NotNull(saved);
        var loaded = ScenarioLoader.Load(saved!.FullPath, "landfill");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        var added = loaded.Scenario!.Agreements.Single(a => a.Id == id);
        Assert.Equal(["kota-jambi", "muaro-jambi"], added.Parties);
        Assert.Equal("waste", added.Service);
        Assert.Equal(YearMonth.Of(2024, 1), added.Timing.Initiated);
        Assert.Contains(_library.List(), e => e.Id == saved.Id && e.Uploaded);
    }
}
