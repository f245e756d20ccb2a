using System.Security.Cryptography;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>extends, variants and their merge rules.</summary>
public sealed class ScenarioMergeTests : IDisposable
{
    private readonly ScenarioTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Base = """
        scenario: { name: Base, description: The province }
        run: { start: 2023-01, months: 36, seed: 1 }
        parameters: { spillover_rate: 0.3, knowledge_rate: 0.05 }
        policies:
          one_gate: { enabled: true, regions: [a, b], review_capacity: 4 }
        services:
          waste: { reference_demand: 1000, reference_unit_cost: 100000 }
        regions:
          - { id: a, population: 100, capacity: 0.5, services: { waste: { demand: 10 } } }
          - { id: b, population: 200, services: { waste: { demand: 20 } } }
          - { id: c, population: 300, services: { waste: { demand: 30 } } }
        partners:
          - { id: kfw, kind: donor, funds: 1e9 }
        neighbours:
          - { a: a, b: b, border_km: 10 }
          - { a: b, b: c, border_km: 20 }
        agreements:
          - { id: ks-01, type: shared_service, legal_form: ksdd_sukarela, parties: [a, b], host: a, service: waste, lifecycle: { initiated: 2023-06 } }
          - { id: f-01, type: funding, legal_form: ksdln, parties: [kfw, c], amount: 1e8, lifecycle: { active_from: 2023-01 } }
        variants:
          no-one-gate:
            description: Agencies negotiate alone
            policies: { one_gate: { enabled: false } }
          bigger:
            agreements: [ { id: ks-01, parties: [a, b, c] } ]

        """;

    private const string Child = """
        extends: base.yaml
        scenario: { name: Child }
        run: { months: 12 }
        parameters: { spillover_rate: 0.2 }
        policies: { one_gate: { regions: [d] } }
        regions:
          - { id: b, population: 250 }
          - { id: c, remove: true }
          - { id: d, population: 400, services: { waste: { demand: 5 } } }
        neighbours:
          - { a: c, b: b, remove: true }
          - { a: b, b: a, road_km: 7 }
          - { a: a, b: d }
        agreements:
          - { id: f-01, remove: true }
          - { id: ks-01, parties: [a, b, d] }
        variants:
          bigger:
            regions: [ { id: a, capacity: 0.9 } ]
          fast:
            lifecycle: { offer: 0 }
            neighbours: [ { a: d, b: a, remove: true } ]

        """;

    [Fact]
    public void Extends_merges_mappings_id_lists_pairs_and_replaces_other_lists()
    {
        _files.Write("base.yaml", Base);
        _files.Write("child.yaml", Child);
        var result = _files.Load("child.yaml");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var s = result.Scenario!;
        Assert.Equal("Child", s.Name);
        Assert.Equal("The province", s.Description);
        Assert.Equal(new RunSettings { Start = YearMonth.Of(2023, 1), Months = 12, Seed = 1 }, s.Run);
        Assert.Equal((0.2, 0.05), (s.Parameters.SpilloverRate, s.Parameters.KnowledgeRate));
        Assert.True(s.Policies.OneGate.Enabled);
        Lines.Equal(["d"], s.Policies.OneGate.Regions!);
        Assert.Equal(4, s.Policies.OneGate.ReviewCapacity);
        Lines.Equal(["a", "b", "d"], s.Regions.Select(r => r.Id));
        Assert.Equal(250, s.Regions[1].Population);
        Assert.Equal(20, s.Regions[1].Services["waste"].Demand); // deep-merged: the base's services stay
        Assert.Equal(2, s.Neighbours.Count);
        Assert.Equal(new Neighbour { A = "b", B = "a", BorderKm = 10, RoadKm = 7 }, s.Neighbours[0]);
        Assert.Equal(new Neighbour { A = "a", B = "d" }, s.Neighbours[1]);
        Lines.Equal(["ks-01"], s.Agreements.Select(a => a.Id));
        Lines.Equal(["a", "b", "d"], s.Agreements[0].Parties);
        Assert.Equal("a", s.Agreements[0].Host);
        Lines.Equal(["no-one-gate", "bigger", "fast"], s.VariantNames);
        Assert.Null(s.Variant);
        // Locations point into the file each value came from.
        Assert.EndsWith("child.yaml", s.Locations["regions.b.population"].File, StringComparison.Ordinal);
        Assert.EndsWith("base.yaml", s.Locations["regions.b.services.waste.demand"].File, StringComparison.Ordinal);
    }

    [Fact]
    public void Variant_overlays_from_base_and_child_apply_in_order()
    {
        _files.Write("base.yaml", Base);
        _files.Write("child.yaml", Child);
        // The base's overlay of 'bigger' runs first (parties [a, b, c]: c was removed by the child, an error that points
        // into base.yaml), then the child's (capacity of a).
        var bigger = _files.Load("child.yaml", "bigger");
        Lines.Equal(["base.yaml:25:48: agreements.ks-01.parties[2]: unknown party 'c'"], _files.Errors("child.yaml", "bigger"));
        Assert.Equal("bigger", bigger.Scenario!.Variant);
        Assert.Equal(["a", "b", "c"], bigger.Scenario.Agreements[0].Parties);
        Assert.Equal(0.9, bigger.Scenario.Regions[0].Capacity);

        var gate = _files.Load("child.yaml", "no-one-gate");
        Assert.True(gate.Ok, string.Join("\n", gate.Errors));
        Assert.False(gate.Scenario!.Policies.OneGate.Enabled);
        Lines.Equal(["d"], gate.Scenario.Policies.OneGate.Regions!);

        var fast = _files.Load("child.yaml", "fast");
        Assert.True(fast.Ok, string.Join("\n", fast.Errors));
        Assert.Equal(0, fast.Scenario!.Lifecycle.Offer);
        Assert.Single(fast.Scenario.Neighbours);
    }

    [Fact]
    public void Variant_in_a_single_file()
    {
        _files.Write("base.yaml", Base);
        var r = _files.Load("base.yaml", "bigger");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Lines.Equal(["a", "b", "c"], r.Scenario!.Agreements[0].Parties);
        Lines.Equal(["a", "b"], _files.Load("base.yaml").Scenario!.Agreements[0].Parties);
    }

    [Fact]
    public void Unknown_variant_lists_the_available_names()
    {
        _files.Write("base.yaml", Base);
        Lines.Equal(["base.yaml:20:1: variants: unknown variant 'biger' (did you mean 'bigger'?); available: no-one-gate, bigger"], _files.Errors("base.yaml", "biger"));
        Lines.Equal(["t.yaml:1:1: variants: unknown variant 'x': the scenario declares no variants"], ScenarioTexts.Errors("run: {}\n", variant: "x"));
    }

    [Fact]
    public void Variant_may_not_contain_extends_or_variants()
    {
        _files.Write("v.yaml", "variants:\n  x:\n    extends: base.yaml\n    variants: {}\n");
        Lines.Equal([
            "v.yaml:3:5: variants.x.extends: a variant may not contain 'extends'",
            "v.yaml:4:5: variants.x.variants: a variant may not contain 'variants'"], _files.Errors("v.yaml"));
    }

    [Fact]
    public void Extends_list_later_files_win()
    {
        _files.Write("one.yaml", "run: { months: 10, seed: 5 }\n");
        _files.Write("two.yaml", "run: { months: 20 }\n");
        _files.Write("top.yaml", "extends: [one.yaml, two.yaml]\nrun: { replications: 3 }\n");
        var r = _files.Load("top.yaml");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal(new RunSettings { Months = 20, Seed = 5, Replications = 3 }, r.Scenario!.Run);
    }

    [Fact]
    public void Extends_paths_are_relative_to_the_file_that_names_them()
    {
        _files.Write("common/base.yaml", "extends: ../shared.yaml\nrun: { months: 10 }\n");
        _files.Write("shared.yaml", "run: { seed: 9 }\n");
        _files.Write("scenarios/top.yaml", "extends: ../common/base.yaml\n");
        var r = _files.Load("scenarios/top.yaml");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal((10, 9UL), (r.Scenario!.Run.Months, r.Scenario.Run.Seed));
    }

    [Fact]
    public void Content_hash_is_file_then_extended_files_depth_first()
    {
        var top = "extends: [mid.yaml, leaf2.yaml]\n";
        var mid = "extends: leaf1.yaml\n";
        var leaf1 = "run: { months: 2 }\n";
        var leaf2 = "run: { seed: 3 }\n";
        _files.Write("top.yaml", top);
        _files.Write("mid.yaml", mid);
        _files.Write("leaf1.yaml", leaf1);
        _files.Write("leaf2.yaml", leaf2);
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(top + mid + leaf1 + leaf2)));
        var r = _files.Load("top.yaml");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Equal(expected, r.ContentHash);
    }

    [Fact]
    public void Extends_cycle_is_named()
    {
        _files.Write("a.yaml", "extends: b.yaml\n");
        _files.Write("b.yaml", "run: {}\nextends: [c.yaml]\n");
        _files.Write("c.yaml", "extends: a.yaml\n");
        Lines.Equal(["c.yaml:1:10: extends: extends cycle: a.yaml -> b.yaml -> c.yaml -> a.yaml"], _files.Errors("a.yaml"));
    }

    [Fact]
    public void Extending_itself_is_a_cycle()
    {
        _files.Write("a.yaml", "extends: ./a.yaml\n");
        Lines.Equal(["a.yaml:1:10: extends: extends cycle: a.yaml -> a.yaml"], _files.Errors("a.yaml"));
    }

    [Fact]
    public void Missing_extended_file_is_reported_at_the_extends_line()
    {
        _files.Write("a.yaml", "run: {}\nextends: [b.yaml, gone.yaml]\n");
        _files.Write("b.yaml", "run: {}\n");
        Lines.Equal(["a.yaml:2:19: extends[1]: file 'gone.yaml' not found (looked for gone.yaml)"], _files.Errors("a.yaml"));
    }

    [Fact]
    public void Relative_caller_paths_stay_relative_in_errors()
    {
        var dir = Path.GetRelativePath(Environment.CurrentDirectory, _files.Root);
        _files.Write("a.yaml", "extends: b.yaml\n");
        _files.Write("b.yaml", "run: { months: 0 }\n");
        var errors = ScenarioLoader.Load(Path.Combine(dir, "a.yaml")).Errors.Select(e => e.ToString());
        Lines.Equal([$"{Path.Combine(dir, "b.yaml")}:1:16: run.months: must be between 1 and 1200, found 0"], errors);
    }

    [Fact]
    public void Removing_an_unknown_item_is_an_error() =>
        Lines.Equal([
            "t.yaml:1:12: regions: 'remove: true': there is no item with id 'x' to remove",
            "t.yaml:2:15: neighbours: 'remove: true': there is no item for the pair a / b to remove"],
            ScenarioTexts.Errors("regions: [ { id: x, remove: true } ]\nneighbours: [ { a: b, b: a, remove: true } ]\n"));

    [Fact]
    public void Null_clears_an_inherited_list()
    {
        _files.Write("base.yaml", Base);
        _files.Write("bare.yaml", "extends: base.yaml\nagreements: ~\nvariants: ~\n");
        var r = _files.Load("bare.yaml");
        Assert.True(r.Ok, string.Join("\n", r.Errors));
        Assert.Empty(r.Scenario!.Agreements);
        Assert.Equal(3, r.Scenario.Regions.Count);
    }

    [Fact]
    public void Errors_in_a_variant_point_at_the_variant()
    {
        _files.Write("v.yaml", "run: { months: 12 }\nvariants:\n  long:\n    run: { months: 5000 }\n");
        Assert.Empty(_files.Errors("v.yaml"));
        Lines.Equal(["v.yaml:4:20: run.months: must be between 1 and 1200, found 5000"], _files.Errors("v.yaml", "long"));
    }
}
