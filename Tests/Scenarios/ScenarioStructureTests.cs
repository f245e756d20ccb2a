using KerjasamaGraph.Model.Scenarios;
using static KerjasamaGraph.Tests.Scenarios.ScenarioTexts;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>Reading YAML: robustness against bad files and the structural checks made while converting.</summary>
public sealed class ScenarioStructureTests
{
    [Fact]
    public void Valid_scenario_loads_with_every_value()
    {
        var result = ScenarioLoader.LoadText(Valid, "t.yaml");
        Assert.Empty(result.Errors);
        Assert.True(result.Ok);
        var s = result.Scenario!;
        Assert.Equal("Test", s.Name);
        Assert.Equal("A small valid scenario", s.Description);
        Assert.Equal(YearMonth.Of(2023, 1), s.Run.Start);
        Assert.Equal(24, s.Run.Months);
        Assert.Equal(42UL, s.Run.Seed);
        Assert.Equal(1, s.Run.Replications);
        Assert.Equal(0.85, s.Services["waste"].CostElasticity);
        Assert.Equal("waste", s.Services["waste"].Id);
        Assert.Equal(150000, s.Services["waste"].ReferenceUnitCost);
        Lines.Equal(["a", "b", "c"], s.Regions.Select(r => r.Id));
        Assert.Equal(RegionKind.Kota, s.Regions[0].Kind);
        Assert.Equal(RegionKind.Kabupaten, s.Regions[1].Kind);
        Assert.Equal(12000, s.Regions[0].Services["waste"].Demand);
        Assert.Null(s.Regions[0].Services["waste"].UnitCost);
        Assert.Equal(PartnerKind.Donor, s.Partners[0].Kind);
        Assert.Equal(1000, s.Partners[0].Funds);
        Assert.Equal(70, s.Neighbours[0].BorderKm);
        var a = s.Agreements[0];
        Assert.Equal((AgreementType.SharedService, LegalForm.KsddWajib, "a", "waste"), (a.Type, a.LegalForm, a.Host, a.Service));
        Assert.Equal(YearMonth.Of(2023, 6), a.Timing.Initiated);
        Assert.Null(s.Variant);
        Assert.Empty(s.VariantNames);
        Assert.Equal(new SourceSpan("t.yaml", 14, 87), s.Locations["agreements.ks-01.host"]);
        Assert.Equal(new SourceSpan("t.yaml", 14, 77), s.LocationOf("agreements.ks-01.parties[1]"));
        Assert.Equal(new SourceSpan("t.yaml", 6, 56), s.LocationOf("regions.a.capacity"));
    }

    [Fact]
    public void Sections_are_optional_and_default_to_the_types_defaults()
    {
        var result = ScenarioLoader.LoadText("scenario: { name: Empty }\n", "t.yaml");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(new RunSettings(), result.Scenario!.Run);
        Assert.Equal(new ModelParameters(), result.Scenario.Parameters);
        Assert.Equal(new LifecycleSettings(), result.Scenario.Lifecycle);
    }

    [Fact]
    public void All_sections_and_keys_are_read()
    {
        var yaml = """
            parameters: { capacity_cost_effect: 0.2, knowledge_rate: 0.06, peer_learning_rate: 0.02, spillover_rate: 0.25, spillover_attribution_floor: 5e5, agreement_coordination_cost: 1_000_000, funding_max_cost_share: 0.4, budget_burden_share: 0.002 }
            lifecycle: { initiative: 0.5, offer: 1.5, joint_agreement: 2, council_approval: 4, implementing_agreement: 0, default_term_months: 48 }
            policies:
              one_gate: { enabled: true, regions: [a], review_capacity: 2, review_months: 3, quality_threshold: -5 }
              coordination_delay_months: 4
              revoke_after_loss_months: 6
            services:
              water: { cost_elasticity: 0.84, optimal_scale: 50000, diseconomy_elasticity: 1.2, haulage_per_unit_km: 10, coordination_cost: 2.5e7 }
            regions:
              - { id: a, name: A, kind: provinsi, province: Jambi, population: 1, area_km2: 2, lat: -1.5, lon: 103.5, budget: 2.1e12, capacity: 1, services: { water: { demand: 5, unit_cost: 7 } } }
              - { id: b, services: { water: { demand: 5 } } }
            partners:
              - { id: p, name: P, kind: university, country: Indonesia, capacity: 0.7, lat: 1, lon: 2 }
            neighbours:
              - { a: a, b: b, road_km: 12.5 }
            agreements:
              - { id: k, type: knowledge, name: K, legal_form: ksdpk, parties: [p, a], burdens_budget: false, source: "MoU 2023", lifecycle: { active_from: 2023-02, term_months: 24, renew: true, revoke_at: 2024-01 } }
              - { id: s, type: shared_service, legal_form: ksdd_sukarela, parties: [a, b], host: b, service: water, cost_rule: population, lifecycle: { initiated: 2023-03 } }
            shocks:
              - { id: x, kind: cost, service: water, regions: [b], from: 2024-01, to: 2024-03, factor: 1.5 }
              - { id: y, kind: budget, from: 2024-01, to: 2024-01, factor: 0.9 }
            """;
        var result = ScenarioLoader.LoadText(yaml, "t.yaml");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var s = result.Scenario!;
        Assert.Equal(new ModelParameters
        {
            CapacityCostEffect = 0.2, KnowledgeRate = 0.06, PeerLearningRate = 0.02, SpilloverRate = 0.25, SpilloverAttributionFloor = 5e5,
            AgreementCoordinationCost = 1_000_000, FundingMaxCostShare = 0.4, BudgetBurdenShare = 0.002,
        }, s.Parameters);
        Assert.Equal(new LifecycleSettings { Initiative = 0.5, Offer = 1.5, JointAgreement = 2, CouncilApproval = 4, ImplementingAgreement = 0, DefaultTermMonths = 48 }, s.Lifecycle);
        Assert.True(s.Policies.OneGate.Enabled);
        Lines.Equal(["a"], s.Policies.OneGate.Regions!);
        Assert.Equal((2, 3, -5.0, 4.0, 6), (s.Policies.OneGate.ReviewCapacity, s.Policies.OneGate.ReviewMonths, s.Policies.OneGate.QualityThreshold, s.Policies.CoordinationDelayMonths, s.Policies.RevokeAfterLossMonths));
        Assert.Equal(new ServiceDefinition { Id = "water", CostElasticity = 0.84, OptimalScale = 50000, DiseconomyElasticity = 1.2, HaulagePerUnitKm = 10, CoordinationCost = 2.5e7 }, s.Services["water"]);
        var a = s.Regions[0];
        Assert.Equal(("A", RegionKind.Provinsi, "Jambi", 1.0, 2.0, -1.5, 103.5, 2.1e12, 1.0), (a.Name, a.Kind, a.Province, a.Population, a.AreaKm2, a.Lat, a.Lon, a.Budget, a.Capacity));
        Assert.Equal(new RegionService { Demand = 5, UnitCost = 7 }, a.Services["water"]);
        Assert.Equal(new Partner { Id = "p", Name = "P", Kind = PartnerKind.University, Country = "Indonesia", Capacity = 0.7, Lat = 1, Lon = 2 }, s.Partners[0]);
        Assert.Equal(new Neighbour { A = "a", B = "b", RoadKm = 12.5 }, s.Neighbours[0]);
        var k = s.Agreements[0];
        Assert.Equal(("K", false, "MoU 2023"), (k.Name, k.BurdensBudget, k.Source));
        Assert.Equal(new AgreementTiming { ActiveFrom = YearMonth.Of(2023, 2), TermMonths = 24, Renew = true, RevokeAt = YearMonth.Of(2024, 1) }, k.Timing);
        Assert.Equal(CostRule.Population, s.Agreements[1].CostRule);
        Assert.Equal(ShockKind.Cost, s.Shocks[0].Kind);
        Lines.Equal(["b"], s.Shocks[0].Regions!);
        Assert.Equal((YearMonth.Of(2024, 1), YearMonth.Of(2024, 3), 1.5), (s.Shocks[0].From, s.Shocks[0].To, s.Shocks[0].Factor));
        Assert.Null(s.Shocks[1].Regions);
        Assert.Null(s.Shocks[1].Service);
    }

    [Fact]
    public void Missing_file() =>
        Lines.Equal(["no-such-dir/none.yaml: file not found"], ScenarioLoader.Load("no-such-dir/none.yaml").Errors.Select(e => e.ToString()));

    [Fact]
    public void A_bug_in_the_caller_is_an_exception_not_an_input_error()
    {
        // The loader used to turn every exception into "cannot read the scenario" at 1:1 (exit code 2, as if the
        // file were at fault). Only problems with the input are errors; anything else surfaces.
        Assert.Throws<ArgumentNullException>(() => ScenarioLoader.Load(null!));
        Assert.Throws<ArgumentNullException>(() => ScenarioLoader.LoadText(null!));
    }

    [Fact]
    public void Directory_given_as_the_file_says_so_and_names_the_scenario_inside()
    {
        using var files = new ScenarioTestFiles();
        files.Write("nation/nation.yaml", "run: {}\n");
        Directory.CreateDirectory(Path.Combine(files.Root, "empty"));
        Lines.Equal(["nation: is a directory, not a scenario file (it holds nation/nation.yaml)"], files.Errors("nation"));
        Lines.Equal(["empty: is a directory, not a scenario file"], files.Errors("empty"));
        files.Write("child.yaml", "extends: nation\n");
        Lines.Equal(["child.yaml:1:10: extends: 'nation' is a directory, not a scenario file (it holds nation/nation.yaml)"], files.Errors("child.yaml"));
    }

    [Fact]
    public void Unreadable_file_is_one_line_with_the_reason()
    {
        if (!OperatingSystem.IsLinux()) return;
        // /proc/self/mem opens but fails on read at offset 0, whoever runs the test (a permission test would pass as root).
        Lines.Equal(["/proc/self/mem: cannot read the file: Input/output error"], ScenarioLoader.Load("/proc/self/mem").Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_device_that_never_ends_is_refused_at_the_size_limit()
    {
        if (!OperatingSystem.IsLinux()) return;
        Lines.Equal(["/dev/zero:1:1: the file is larger than 8388608 bytes (8 MiB), the limit for scenario files"],
            ScenarioLoader.Load("/dev/zero").Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Broken_yaml_the_parser_fails_on_without_a_syntax_error_is_reported_where_it_stopped() =>
        // YamlDotNet throws a bare InvalidOperationException here; it used to surface as "Operation is not valid due
        // to the current state of the object" at 1:1.
        Lines.Equal(["t.yaml:3:1: not valid YAML: the parser cannot read on from here (check the indentation, quotes and brackets around this point)"],
            Errors("agreements:\n  - { id: x, t\nype: knowledge }\n"));

    [Fact]
    public void Syntax_errors_without_a_position_get_the_scanner_position() =>
        Lines.Equal(["t.yaml:2:1: not valid YAML: While scanning a mapping, found invalid tab as indentation."], Errors("run:\n\tmonths: 3\n"));

    [Fact]
    public void Borders_is_not_a_key_and_the_message_names_the_one_to_use()
    {
        Lines.Equal(["t.yaml:2:1: borders: unknown key 'borders' (did you mean 'neighbours'? pairs of regions that share a border are listed under 'neighbours')"],
            Errors("regions: [ { id: a }, { id: b } ]\nborders:\n  - { a: a, b: b }\n"));
        Lines.Equal(["t.yaml:1:1: neighbors: unknown key 'neighbors' (did you mean 'neighbours'?)"], Errors("neighbors: []\n"));
        Lines.Equal(["t.yaml:1:29: neighbours[0].border: unknown key 'border' (did you mean 'border_km'?)"],
            Errors("neighbours: [ { a: a, b: b, border: 3 } ]\nregions: [ { id: a }, { id: b } ]\n"));
    }

    [Fact]
    public void Empty_file()
    {
        Lines.Equal(["t.yaml:1:1: the file is empty: a scenario is a YAML mapping (scenario:, run:, regions: ...)"], Errors(""));
        Lines.Equal(["t.yaml:1:1: the file is empty: a scenario is a YAML mapping (scenario:, run:, regions: ...)"], Errors("# only a comment\n\n"));
        Assert.Null(ScenarioLoader.LoadText("", "t.yaml").Scenario);
    }

    [Fact]
    public void Not_yaml_reports_the_parser_position() =>
        Lines.Equal(["t.yaml:2:7: not valid YAML: While scanning a quoted scalar, found unexpected end of stream."],
            Errors("run: { months: 3 }\nname: \"unterminated\n"));

    [Fact]
    public void Not_yaml_bad_indentation() =>
        Assert.Single(Errors("run:\n  months: 3\n bad: [\n"), e => e.StartsWith("t.yaml:3:", StringComparison.Ordinal) && e.Contains("not valid YAML", StringComparison.Ordinal));

    [Fact]
    public void Binary_file_is_not_utf8()
    {
        using var files = new ScenarioTestFiles();
        files.Write("bin.yaml", [0x72, 0x75, 0x6e, 0x3a, 0x0a, 0xff, 0xfe, 0x00]);
        Lines.Equal(["bin.yaml:2:1: not a UTF-8 text file; scenario files are YAML text in UTF-8"], files.Errors("bin.yaml"));
    }

    [Fact]
    public void Top_level_must_be_a_mapping()
    {
        Lines.Equal(["t.yaml:1:1: the top level must be a mapping of keys (scenario:, run:, regions: ...), found a list"], Errors("- a\n- b\n"));
        Lines.Equal(["t.yaml:1:1: the top level must be a mapping of keys (scenario:, run:, regions: ...), found 'just text'"], Errors("just text\n"));
    }

    [Fact]
    public void Huge_file_is_refused_before_reading()
    {
        using var files = new ScenarioTestFiles();
        var path = files.Write("huge.yaml", "");
        using (var f = File.OpenWrite(path)) f.SetLength(ScenarioLoader.MaxFileBytes + 1);
        Lines.Equal(["huge.yaml:1:1: the file is 8388609 bytes; scenario files are limited to 8388608 bytes (8 MiB)"], files.Errors("huge.yaml"));
        Lines.Equal(["t.yaml:1:1: the file is 8388609 bytes; scenario files are limited to 8388608 bytes (8 MiB)"],
            Errors("#" + new string('x', (int)ScenarioLoader.MaxFileBytes)));
    }

    [Fact]
    public void Aliases_are_refused_so_an_alias_bomb_cannot_expand()
    {
        var bomb = new System.Text.StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            var prev = (char)('a' + i - 1);
            var cur = (char)('a' + i);
            bomb.Append(cur).Append(": &").Append(cur).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + prev, 9))).Append("]\n");
        }
        // Nothing expands: the aliases are refused as they are met (the first 20 reported), then reading stops.
        var errors = Errors(bomb.ToString());
        Assert.Equal(21, errors.Length);
        Assert.Equal("t.yaml:4:14: more than 20 YAML aliases; the file is not read further", errors[^1]);
        Assert.Equal("t.yaml:2:8: YAML aliases (*a) are not supported in scenario files: write the value out, or use 'extends' and 'variants' to share settings", errors[0]);
    }

    [Fact]
    public void Merge_key_uses_an_alias_and_is_refused() =>
        Lines.Equal([
            "t.yaml:3:3: run.<<: unknown key '<<'; run has the keys: start, months, seed, replications",
            "t.yaml:3:7: YAML aliases (*s) are not supported in scenario files: write the value out, or use 'extends' and 'variants' to share settings"],
            Errors("run:\n  start: &s 2023-01\n  <<: *s\n"));

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var text = "run: " + new string('[', 100) + new string(']', 100) + "\n";
        Lines.Equal(["t.yaml:1:69: values are nested more than 64 levels deep; the file is not read further"], Errors(text));
    }

    [Fact]
    public void Duplicate_keys() =>
        Lines.Equal(["t.yaml:3:3: duplicate key 'months' (first at line 2); the later value is ignored"],
            Errors("run:\n  months: 3\n  months: 4\n"));

    [Fact]
    public void Second_document_is_refused() =>
        Lines.Equal(["t.yaml:2:1: a scenario file holds one YAML document; found a second one ('---')"], Errors("run: {}\n---\nrun: {}\n"));

    [Fact]
    public void Unknown_key_with_suggestion() =>
        Lines.Equal(["t.yaml:1:21: regions.a.capacty: unknown key 'capacty' (did you mean 'capacity'?)"],
            Errors("regions: [ { id: a, capacty: 0.5 } ]\n"));

    [Fact]
    public void Unknown_key_paths_use_ids() =>
        Lines.Equal([
            "t.yaml:2:14: regions.a.capacty: unknown key 'capacty' (did you mean 'capacity'?)",
            "t.yaml:3:1: variant: unknown key 'variant' (did you mean 'variants'?)",
            "t.yaml:4:1: colour: unknown key 'colour'; a scenario file has the keys: extends, scenario, run, parameters, lifecycle, policies, services, regions, partners, neighbours, agreements, shocks, triggers, commodities, observed, variants"],
            Errors("regions:\n  - { id: a, capacty: 0.5 }\nvariant: {}\ncolour: red\n"));

    [Fact]
    public void Wrong_types() =>
        Lines.Equal([
            "t.yaml:1:16: run.months: expected a number, found 'many'",
            "t.yaml:1:28: run.seed: expected a number, found the text '42' (numbers are written without quotes)",
            "t.yaml:2:13: parameters: expected parameters (a mapping of keys), found a list",
            "t.yaml:3:34: policies.one_gate.enabled: expected true or false, found 'yes'",
            "t.yaml:4:27: regions.a.kind: unknown value 'kotamadya'; expected one of: kota, kabupaten, provinsi",
            "t.yaml:4:44: regions.a.name: expected text, found a mapping",
            "t.yaml:5:54: agreements.x.parties: expected a list (e.g. [a, b]), found 'a'",
            "t.yaml:5:63: agreements.x.type: unknown value 'shared_servise' (did you mean 'shared_service'?); expected one of: shared_service, food_supply, knowledge, funding"],
            Errors("""
                run: { months: many, seed: "42" }
                parameters: [1, 2]
                policies: { one_gate: { enabled: yes } }
                regions: [ { id: a, kind: kotamadya, name: { x: 1 } } ]
                agreements: [ { id: x, legal_form: sinergi, parties: a, type: shared_servise } ]

                """));

    [Fact]
    public void Numbers_must_be_finite_and_whole_where_counted() =>
        Lines.Equal([
            "t.yaml:1:31: parameters.spillover_rate: must be a finite number, found .nan",
            "t.yaml:1:53: parameters.knowledge_rate: must be a finite number, found -.inf",
            "t.yaml:2:16: run.months: expected a whole number, found 1.5",
            "t.yaml:2:27: run.seed: must be a non-negative whole number below 2^64, found -1",
            "t.yaml:2:45: run.replications: expected a whole number, found 1e40"],
            Errors("parameters: { spillover_rate: .nan, knowledge_rate: -.inf }\nrun: { months: 1.5, seed: -1, replications: 1e40 }\n"));

    [Fact]
    public void Negative_numbers_and_ranges() =>
        Lines.Equal([
            "t.yaml:1:16: run.months: must be between 1 and 1200, found 0",
            "t.yaml:1:33: run.replications: must be between 1 and 100000, found 100001",
            "t.yaml:3:26: regions.a.population: must not be negative, found -5",
            "t.yaml:3:40: regions.a.capacity: must be between 0 and 1, found 1.2",
            "t.yaml:4:45: partners.p.capacity: must be between 0 and 1, found -0.1",
            "t.yaml:5:35: services.w.cost_elasticity: must be greater than 0, found 0",
            "t.yaml:5:61: services.w.diseconomy_elasticity: must be at least 1, found 0.9"],
            Errors("""
                run: { months: 0, replications: 100001 }
                regions:
                  - { id: a, population: -5, capacity: 1.2 }
                partners: [ { id: p, kind: donor, capacity: -0.1 } ]
                services: { w: { cost_elasticity: 0, diseconomy_elasticity: 0.9 } }

                """));

    [Fact]
    public void Months_must_be_year_month()
    {
        Lines.Equal(["t.yaml:1:15: run.start: month 13 is out of range in '2023-13' (01 to 12)"], Errors("run: { start: 2023-13 }\n"));
        Lines.Equal(["t.yaml:1:15: run.start: expected a month as YYYY-MM (e.g. 2023-01), found '2023-1'"], Errors("run: { start: 2023-1 }\n"));
        Lines.Equal(["t.yaml:1:15: run.start: year 1850 is out of range in '1850-01' (1900 to 2200)"], Errors("run: { start: 1850-01 }\n"));
    }

    [Fact]
    public void Shock_from_after_to() =>
        Lines.Equal(["t.yaml:1:64: shocks.s.to: the shock ends (2024-01) before it starts (2024-06)"],
            Errors("shocks: [ { id: s, kind: budget, factor: 1, from: 2024-06, to: 2024-01 } ]\n"));

    [Fact]
    public void Required_keys() =>
        Lines.Equal([
            "t.yaml:1:12: regions[0].id: 'id' is required in a region",
            "t.yaml:2:15: neighbours[0].b: 'b' is required in a neighbour pair",
            "t.yaml:2:20: neighbours[0].a: unknown region 'x' (the scenario has no regions)",
            "t.yaml:3:11: shocks.s.kind: 'kind' is required in a shock",
            "t.yaml:3:11: shocks.s.from: 'from' is required in a shock"],
            Errors("regions: [ { name: A } ]\nneighbours: [ { a: x } ]\nshocks: [ { id: s, to: 2024-01 } ]\n"));

    [Fact]
    public void Many_errors_are_reported_at_once_in_file_order()
    {
        var errors = Errors("""
            run: { months: 0 }
            regions:
              - { id: a, capacity: 2 }
              - { id: a }
            colour: red

            """);
        Lines.Equal([
            "t.yaml:1:16: run.months: must be between 1 and 1200, found 0",
            "t.yaml:3:24: regions.a.capacity: must be between 0 and 1, found 2",
            "t.yaml:4:11: regions[1].id: duplicate id 'a': the region at t.yaml:3:11 already uses it",
            "t.yaml:5:1: colour: unknown key 'colour'; a scenario file has the keys: extends, scenario, run, parameters, lifecycle, policies, services, regions, partners, neighbours, agreements, shocks, triggers, commodities, observed, variants"], errors);
    }

    [Fact]
    public void Error_without_path_prints_three_parts() =>
        Assert.Equal("f.yaml:2:3: message", new ScenarioError(new SourceSpan("f.yaml", 2, 3), "", "message").ToString());

    [Fact]
    public void Content_hash_covers_the_bytes()
    {
        var expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("run: {}\n"u8.ToArray()));
        Assert.Equal(expected, ScenarioLoader.LoadText("run: {}\n").ContentHash);
    }
}

/// <summary>Whatever the input, the loader answers with errors, never an exception.</summary>
public sealed class ScenarioRobustnessTests
{
    [Fact]
    public void Every_prefix_of_a_valid_file_loads_without_throwing()
    {
        for (var i = 0; i <= ScenarioTexts.Valid.Length; i += 3)
        {
            var result = KerjasamaGraph.Model.Scenarios.ScenarioLoader.LoadText(ScenarioTexts.Valid[..i], "t.yaml");
            Assert.All(result.Errors, e => Assert.Matches(@"^t\.yaml:\d+:\d+: ", e.ToString()));
        }
    }

    [Theory]
    [InlineData("\t- a: b\n")]
    [InlineData("? [a, b]\n: c\n")]
    [InlineData("run: !!binary aGVsbG8=\n")]
    [InlineData("regions: [ [ ] ]\nagreements: [ 3 ]\nneighbours: [ x ]\n")]
    [InlineData("services: [ ]\nvariants: [ a ]\nextends: { a: 1 }\n")]
    [InlineData("\0\0\0")]
    [InlineData("run: { start: 2023-01-01, months: 1e999999 }\n")]
    public void Odd_input_gives_errors_not_exceptions(string yaml)
    {
        var result = KerjasamaGraph.Model.Scenarios.ScenarioLoader.LoadText(yaml, "t.yaml");
        Assert.False(result.Ok);
        Assert.All(result.Errors, e => Assert.StartsWith("t.yaml:", e.ToString(), StringComparison.Ordinal));
    }
}
