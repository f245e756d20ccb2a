using KerjasamaGraph.Model.Scenarios;
using static KerjasamaGraph.Tests.Scenarios.ScenarioTexts;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>Semantic checks. The valid scenario's agreements end at line 14; appended agreements start at line 15.</summary>
public sealed class ScenarioValidatorTests
{
    [Fact]
    public void Valid_scenario_has_no_errors() => Assert.Empty(Errors(Valid));

    [Fact]
    public void Duplicate_ids_regions_and_partners_share_one_space() =>
        Lines.Equal([
            "t.yaml:2:9: regions[1].id: duplicate id 'a': the region at t.yaml:1:18 already uses it",
            "t.yaml:3:19: partners.a.id: duplicate id 'a': the region at t.yaml:1:18 already uses it (regions and partners share one id space)"],
            Errors("regions: [ { id: a }, \n  { id: a } ]\npartners: [ { id: a, kind: donor } ]\n"));

    [Fact]
    public void Duplicate_agreement_and_shock_ids()
    {
        Lines.Equal(["t.yaml:15:11: agreements[1].id: duplicate agreement id 'ks-01': the agreement at t.yaml:14:11 already uses it"],
            WithAgreements("{ id: ks-01, type: knowledge, legal_form: ksdd_sukarela, parties: [a, c], lifecycle: { initiated: 2023-01 } }"));
        Lines.Equal(["t.yaml:3:9: shocks[1].id: duplicate shock id 's': the shock at t.yaml:2:9 already uses it"],
            Errors("shocks:\n- { id: s, kind: budget, from: 2024-01, to: 2024-01 }\n- { id: s, kind: budget, from: 2024-01, to: 2024-01 }\n"));
    }

    [Fact]
    public void Ids_must_be_path_safe() =>
        Lines.Equal(["t.yaml:1:18: regions[0].id: id 'a.b' must be letters, digits, '-' or '_'"], Errors("regions: [ { id: a.b } ]\n"));

    [Fact]
    public void Unknown_ids_in_references() =>
        Lines.Equal([
            "t.yaml:1:38: policies.one_gate.regions[1]: unknown region 'x'",
            "t.yaml:3:61: regions.c.services.wter: unknown service 'wter' (did you mean 'water'?)",
            "t.yaml:4:26: neighbours[0].b: unknown region 'bb' (did you mean 'b'?)",
            "t.yaml:6:71: shocks.s.service: unknown service 'gas'",
            "t.yaml:6:86: shocks.s.regions[0]: 'p' is a partner; a region is expected here"],
            Errors("""
                policies: { one_gate: { regions: [a, x] } }
                services: { water: {} }
                regions: [ { id: a }, { id: b }, { id: c, services: { wter: { demand: 1 } } } ]
                neighbours: [ { a: a, b: bb } ]
                partners: [ { id: p, kind: donor } ]
                shocks: [ { id: s, kind: demand, from: 2024-01, to: 2024-01, service: gas, regions: [p] } ]

                """));

    [Fact]
    public void Unknown_party_host_and_service() =>
        Lines.Equal([
            "t.yaml:15:96: agreements.ks-02.parties[1]: unknown party 'zz'",
            "t.yaml:15:107: agreements.ks-02.host: the host 'c' is not one of the parties"],
            WithAgreements("{ id: ks-02, type: shared_service, legal_form: ksdd_sukarela, service: waste, parties: [a, zz], host: c, lifecycle: { initiated: 2023-01 } }"));

    [Fact]
    public void Neighbour_listed_twice_or_bordering_itself() =>
        Lines.Equal([
            "t.yaml:2:3: neighbours[1]: the pair b / a is listed twice (first at t.yaml:1:15)",
            "t.yaml:3:14: neighbours[2].b: a region cannot border itself ('a')"],
            Errors("neighbours: [ { a: a, b: b },\n  { a: b, b: a },\n  { a: a, b: a } ]\nregions: [ { id: a }, { id: b } ]\n"));

    [Fact]
    public void Term_months_and_timing()
    {
        Lines.Equal([
            "t.yaml:15:124: agreements.k1.lifecycle.term_months: must be between 1 and 60 months (a term is at most 60 months), found 61",
            "t.yaml:16:122: agreements.k2.lifecycle.term_months: must be between 1 and 60 months (a term is at most 60 months), found 0"],
            WithAgreements(
                "{ id: k1, type: knowledge, legal_form: ksdd_sukarela, parties: [a, c], lifecycle: { active_from: 2023-01, term_months: 61 } }",
                "{ id: k2, type: knowledge, legal_form: ksdd_sukarela, parties: [a, c], lifecycle: { initiated: 2023-01, term_months: 0 } }"));
        Lines.Equal([
            "t.yaml:15:122: agreements.k1.lifecycle.active_from: give either 'initiated' or 'active_from', not both",
            "t.yaml:16:87: agreements.k2.lifecycle: needs exactly one of 'initiated' (the procedure starts that month) and 'active_from' (already in force)",
            "t.yaml:17:120: agreements.k3.lifecycle.revoke_at: 2022-12 is before the agreement starts (2023-01)"],
            WithAgreements(
                "{ id: k1, type: knowledge, legal_form: ksdd_sukarela, parties: [a, c], lifecycle: { initiated: 2023-01, active_from: 2023-02 } }",
                "{ id: k2, type: knowledge, legal_form: ksdd_sukarela, parties: [a, c], lifecycle: { renew: true } }",
                "{ id: k3, type: knowledge, legal_form: ksdd_sukarela, parties: [a, c], lifecycle: { initiated: 2023-01, revoke_at: 2022-12 } }"));
    }

    [Fact]
    public void Shared_service_parties()
    {
        Lines.Equal([
            "t.yaml:15:89: agreements.s1.parties: a shared_service agreement needs at least 2 regions, found 1",
            "t.yaml:16:93: agreements.s2.parties[1]: 'kfw' is a partner; the members of a shared_service agreement are regions",
            "t.yaml:16:105: agreements.s2.host: the host 'c' is not one of the parties",
            "t.yaml:17:93: agreements.s3.parties[1]: region 'c' has no demand for 'waste' (set regions.c.services.waste.demand)",
            "t.yaml:18:99: agreements.s4.service: unknown service 'water'"],
            WithAgreements(
                "{ id: s1, type: shared_service, legal_form: ksdd_sukarela, service: waste, parties: [a], host: a, lifecycle: { initiated: 2030-01 } }",
                "{ id: s2, type: shared_service, legal_form: ksdd_sukarela, service: waste, parties: [a, kfw], host: c, lifecycle: { initiated: 2030-01 } }",
                "{ id: s3, type: shared_service, legal_form: ksdd_sukarela, service: waste, parties: [a, c], host: a, lifecycle: { active_from: 2010-01, term_months: 12 } }",
                "{ id: s4, type: shared_service, legal_form: ksdd_sukarela, parties: [a, b], host: a, service: water, lifecycle: { initiated: 2030-01 } }"));
    }

    [Fact]
    public void Knowledge_funding_and_food_parties()
    {
        Lines.Equal([
            "t.yaml:15:68: agreements.k1.parties: a knowledge agreement has exactly 2 parties [from, to], found 3",
            "t.yaml:16:64: agreements.k2.parties[1]: the receiving party of a knowledge agreement must be a region; 'kfw' is a partner",
            "t.yaml:17:67: agreements.f1.parties[0]: the funder of a funding agreement must be a partner; 'a' is a region",
            "t.yaml:18:5: agreements.f2: a funding agreement needs an amount greater than 0 (Rp over the term)",
            "t.yaml:19:88: agreements.f3.service: the recipient 'c' has no demand for 'waste'",
            "t.yaml:20:70: agreements.d1.parties: a party is listed more than once"],
            WithAgreements(
                "{ id: k1, type: knowledge, legal_form: ksdd_sukarela, parties: [a, b, c], lifecycle: { initiated: 2023-01 } }",
                "{ id: k2, type: knowledge, legal_form: ksdln, parties: [a, kfw], lifecycle: { initiated: 2023-01 } }",
                "{ id: f1, type: funding, legal_form: ksdd_sukarela, parties: [a, b], amount: 5, lifecycle: { initiated: 2023-01 } }",
                "{ id: f2, type: funding, legal_form: ksdln, parties: [kfw, b], lifecycle: { initiated: 2023-01 } }",
                "{ id: f3, type: funding, legal_form: ksdln, parties: [kfw, c], amount: 5, service: waste, lifecycle: { initiated: 2023-01 } }",
                "{ id: d1, type: food_supply, legal_form: ksdd_sukarela, parties: [a, a], lifecycle: { initiated: 2023-01 } }"));
    }

    [Fact]
    public void Legal_forms_fit_the_parties()
    {
        Lines.Equal([
            "t.yaml:15:44: agreements.w1.legal_form: ksdd_wajib needs adjacent regions: the parties a, c are not connected through shared borders (neighbours)",
            "t.yaml:16:44: agreements.w2.legal_form: ksdd_sukarela is cooperation between regions only; 'kfw' is a partner (use ksdpk, ksdln or sinergi)",
            "t.yaml:17:44: agreements.l1.legal_form: ksdln needs a foreign party: a partner of kind foreign_city, foreign_government, international_organisation, donor or network, or one whose country is not Indonesia",
            "t.yaml:18:44: agreements.g1.legal_form: sinergi needs a central_agency partner",
            "t.yaml:19:44: agreements.t1.legal_form: ksdpk needs a third party: a partner of kind private_firm, university or network"],
            WithAgreements(
                "{ id: w1, type: knowledge, legal_form: ksdd_wajib, parties: [a, c], lifecycle: { initiated: 2023-01 } }",
                "{ id: w2, type: knowledge, legal_form: ksdd_sukarela, parties: [kfw, c], lifecycle: { initiated: 2023-01 } }",
                "{ id: l1, type: knowledge, legal_form: ksdln, parties: [b, c], lifecycle: { initiated: 2023-01 } }",
                "{ id: g1, type: knowledge, legal_form: sinergi, parties: [kfw, c], lifecycle: { initiated: 2023-01 } }",
                "{ id: t1, type: knowledge, legal_form: ksdpk, parties: [kfw, c], lifecycle: { initiated: 2023-01 } }"));
    }

    [Fact]
    public void Overlapping_shared_services_for_the_same_service()
    {
        // ks-01 (a, b) is initiated 2023-06 and open-ended; s2 is in force 2020-01 for 60 months (to 2024-12), s3 ended before ks-01 began.
        Lines.Equal(["t.yaml:15:98: agreements.s2.parties: b, a would be in two shared-service agreements for 'waste' at once: 'ks-01' and 's2' overlap in time"],
            WithAgreements(
                "{ id: s2, type: shared_service, legal_form: ksdd_sukarela, service: waste, host: b, parties: [b, a], lifecycle: { active_from: 2020-01 } }",
                "{ id: s3, type: shared_service, legal_form: ksdd_sukarela, service: waste, host: b, parties: [b, a], lifecycle: { active_from: 2018-01, term_months: 12, revoke_at: 2018-06 } }"));
    }

    [Fact]
    public void Each_overlapping_pair_is_reported_once_at_the_later_agreement() =>
        // s1 overlaps s2 and s3 (sharing both a and b); s2 and s3 do not overlap; none overlaps ks-01 (from 2023-06).
        Lines.Equal([
            "t.yaml:16:98: agreements.s2.parties: a, b would be in two shared-service agreements for 'waste' at once: 's1' and 's2' overlap in time",
            "t.yaml:17:98: agreements.s3.parties: b, a would be in two shared-service agreements for 'waste' at once: 's1' and 's3' overlap in time"],
            WithAgreements(
                "{ id: s1, type: shared_service, legal_form: ksdd_sukarela, service: waste, host: a, parties: [a, b], lifecycle: { active_from: 2018-01, term_months: 60 } }",
                "{ id: s2, type: shared_service, legal_form: ksdd_sukarela, service: waste, host: a, parties: [a, b], lifecycle: { active_from: 2019-01, term_months: 12 } }",
                "{ id: s3, type: shared_service, legal_form: ksdd_sukarela, service: waste, host: a, parties: [b, a], lifecycle: { active_from: 2021-01, term_months: 12 } }"));

    [Fact]
    public void Ksdd_wajib_parties_may_be_connected_through_other_parties()
    {
        // a-b and b-c border each other; a and c do not, but all three are connected through b.
        var yaml = Valid.Replace("  - { a: a, b: b, border_km: 70 }\n", "  - { a: a, b: b, border_km: 70 }\n  - { a: c, b: b }\n", StringComparison.Ordinal)
            .Replace("  - { id: c, population: 300000 }", "  - { id: c, population: 300000, services: { waste: { demand: 100 } } }", StringComparison.Ordinal)
            .Replace("parties: [a, b], host: a", "parties: [a, c, b], host: a", StringComparison.Ordinal);
        Assert.Empty(Errors(yaml));
        Lines.Equal(["t.yaml:14:52: agreements.ks-01.legal_form: ksdd_wajib needs adjacent regions: the parties a, c are not connected through shared borders (neighbours)"],
            Errors(Valid.Replace("parties: [a, b], host: a", "parties: [a, c], host: a", StringComparison.Ordinal)
                .Replace("  - { id: c, population: 300000 }", "  - { id: c, population: 300000, services: { waste: { demand: 100 } } }", StringComparison.Ordinal)));
    }

    [Fact]
    public void Partner_funds_cover_its_funding_agreements() =>
        Lines.Equal(["t.yaml:16:76: agreements.f2.amount: the funding agreements of 'kfw' add up to 1100, more than its funds 1000"],
            WithAgreements(
                "{ id: f1, type: funding, legal_form: ksdln, parties: [kfw, a], amount: 600, lifecycle: { initiated: 2023-01 } }",
                "{ id: f2, type: funding, legal_form: ksdln, parties: [kfw, b], amount: 500, lifecycle: { initiated: 2023-01 } }"));

    [Fact]
    public void Fields_that_do_not_belong_to_the_type() =>
        Lines.Equal([
            "t.yaml:15:82: agreements.k1.host: only shared_service agreements have a host (k1 is knowledge)",
            "t.yaml:15:94: agreements.k1.service: a knowledge agreement has no service",
            "t.yaml:15:109: agreements.k1.amount: only funding agreements have an amount (k1 is knowledge)"],
            WithAgreements("{ id: k1, type: knowledge, legal_form: ksdd_sukarela, parties: [a, c], host: a, service: waste, amount: 3, lifecycle: { initiated: 2023-01 } }"));

    [Fact]
    public void Validate_works_on_a_scenario_built_in_code()
    {
        var scenario = new Scenario
        {
            Regions = [new Region { Id = "a", Capacity = 2 }],
            Neighbours = [new Neighbour { A = "a", B = "zz" }],
        };
        Lines.Equal([
            ":0:0: regions.a.capacity: must be between 0 and 1, found 2",
            ":0:0: neighbours[0].b: unknown region 'zz'"],
            ScenarioValidator.Validate(scenario).Select(e => e.ToString()));
    }
}
