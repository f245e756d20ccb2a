using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Tests.Support;
using static KerjasamaGraph.Tests.Support.EngineRunner;

namespace KerjasamaGraph.Tests.Mechanisms;

public class LifecycleTests
{
    private static Agreement Knowledge(string id, string to, int initiatedMonth, LegalForm form = LegalForm.KsddSukarela, int term = 6, string from = "src") => new()
    {
        Id = id, Type = AgreementType.Knowledge, LegalForm = form, Parties = [from, to],
        Timing = new AgreementTiming { Initiated = YearMonth.Of(2023, initiatedMonth), TermMonths = term },
    };

    private static Scenario Pipeline(bool oneGate, params Agreement[] agreements) => TestScenarios.Base(14) with
    {
        Regions = [TestScenarios.Region("src", 1000, 0.9), TestScenarios.Region("x", 1000, 0.1), TestScenarios.Region("y", 1000, 0.1)],
        Policies = new Policies
        {
            OneGate = new OneGatePolicy { Enabled = oneGate, Regions = ["x"], ReviewCapacity = 1, ReviewMonths = 2, QualityThreshold = double.NegativeInfinity },
            CoordinationDelayMonths = 0,
        },
        Agreements = agreements,
    };

    private static string[] States(EngineRunner.Result r, string agreement) =>
        r.Months.Select(m => m.Agreements.Single(a => a[1] == agreement)[5]).ToArray();

    [Fact]
    public void Without_one_gate_instant_stages_activate_in_the_month_of_initiative_and_expire_after_the_term()
    {
        var r = RunReference(Pipeline(false, Knowledge("k", "x", 3)));
        var states = States(r, "k");
        Assert.Equal(["not_started", "not_started", "active", "active", "active", "active", "active", "active", "expired", "expired"], states[..10]);
    }

    [Fact]
    public void One_gate_review_adds_the_review_time_and_its_capacity_queues_proposals()
    {
        var r = RunReference(Pipeline(true, Knowledge("k1", "x", 3), Knowledge("k2", "x", 3, term: 3, from: "y")));
        // Both join the queue in March; one review starts a month (capacity 1) and takes 2 months.
        Assert.Equal(["not_started", "not_started", "review", "review", "active"], States(r, "k1")[..5]);
        Assert.Equal(["not_started", "not_started", "review", "review", "review", "active", "active", "active", "expired"], States(r, "k2")[..9]);
    }

    [Fact]
    public void One_gate_applies_only_to_the_regions_that_run_it()
    {
        var r = RunReference(Pipeline(true, Knowledge("ky", "y", 3)));
        Assert.Equal("active", States(r, "ky")[2]);
    }

    [Fact]
    public void The_quality_screen_rejects_proposals_below_the_threshold_and_duplicates()
    {
        var scenario = Pipeline(true, Knowledge("k1", "x", 2), Knowledge("k1-again", "x", 2));
        var r = RunReference(scenario);
        Assert.Equal("active", States(r, "k1")[3]);
        Assert.Equal("rejected", States(r, "k1-again")[6]);

        var strict = scenario with { Policies = scenario.Policies with { OneGate = scenario.Policies.OneGate with { QualityThreshold = 1e15 } } };
        var rs = RunReference(strict);
        Assert.Equal("rejected", States(rs, "k1")[5]);
    }

    [Fact]
    public void Agreements_on_different_subjects_are_not_duplicates()
    {
        var scenario = Pipeline(true,
            Knowledge("k1", "x", 2) with { Subject = "e-government" },
            Knowledge("k2", "x", 2) with { Subject = "flood control" },
            Knowledge("k3", "x", 2) with { Subject = "e-government" });
        var r = RunReference(scenario);
        Assert.Equal("active", States(r, "k1")[4]);
        Assert.Equal("active", States(r, "k2")[4]);
        Assert.Equal("rejected", States(r, "k3")[6]);
        // Both subjects transfer: x (0.1) closes γ = 0.1 of its gap to src (0.9) twice in its first month with both.
        var firstBoth = Enumerable.Range(0, r.Months.Count).First(m => States(r, "k1")[m] == "active" && States(r, "k2")[m] == "active");
        var before = Number(r.Headers.Regions, RegionRow(r, firstBoth - 1, "x"), "capacity");
        Assert.Equal(before + 2 * 0.1 * (0.9 - before), Number(r.Headers.Regions, RegionRow(r, firstBoth, "x"), "capacity"), 12);
    }

    [Fact]
    public void Without_one_gate_duplicates_go_through_and_cost_coordination()
    {
        var scenario = Pipeline(false, Knowledge("k1", "x", 2), Knowledge("k1-again", "x", 2));
        scenario = scenario with { Parameters = scenario.Parameters with { AgreementCoordinationCost = 1_000_000 } };
        var r = RunReference(scenario);
        Assert.Equal("active", States(r, "k1-again")[1]);
        // The duplicate transfers nothing (same source) but its parties pay coordination: Rp1M each a month.
        var row = AgreementRow(r, 3, "k1-again");
        Assert.Equal(-2_000_000, Number(r.Headers.Agreements, row, "benefit_signatories"), 6);
    }

    [Fact]
    public void Sinergi_skips_the_implementing_agreement_and_ksdln_needs_council_approval()
    {
        var slow = TestScenarios.Instant with { CouncilApproval = 40, ImplementingAgreement = 40 };
        var scenario = Pipeline(false,
            Knowledge("memo", "x", 2, LegalForm.Sinergi),
            Knowledge("foreign", "y", 2, LegalForm.Ksdln)) with { Lifecycle = slow };
        var r = RunReference(scenario);
        Assert.Equal("active", States(r, "memo")[1]);
        Assert.Equal("council_approval", States(r, "foreign")[1]);
    }

    [Fact]
    public void Revocation_dates_and_renewals_follow_the_scenario()
    {
        var renew = Knowledge("renewing", "x", 1, term: 3) with { Timing = new AgreementTiming { Initiated = YearMonth.Of(2023, 1), TermMonths = 3, Renew = true } };
        var revoked = Knowledge("revoked", "y", 1) with { Timing = new AgreementTiming { Initiated = YearMonth.Of(2023, 1), RevokeAt = YearMonth.Of(2023, 3) } };
        var r = RunReference(Pipeline(false, renew, revoked));
        // Active Jan–Mar; the renewal procedure starts in April and, with instant stages, is active again in April.
        Assert.Equal(["active", "active", "active", "active"], States(r, "renewing")[..4]);
        Assert.Equal(["active", "active", "revoked", "revoked"], States(r, "revoked")[..4]);
        var slow = Pipeline(false, renew) with { Lifecycle = TestScenarios.Instant with { Initiative = 60 } };
        var rs = RunReference(slow with { Agreements = [renew with { Timing = renew.Timing with { Initiated = null, ActiveFrom = YearMonth.Of(2023, 1) } }] });
        Assert.Equal("renewed", States(rs, "renewing")[3]);
    }

    [Fact]
    public void Poisson_stage_draws_invert_the_cumulative_distribution()
    {
        // P(0) = e^-2 = 0.1353, P(≤1) = 0.4060, P(≤2) = 0.6767.
        Assert.Equal(0, RandomStreams.Poisson(2, 0.10));
        Assert.Equal(1, RandomStreams.Poisson(2, 0.20));
        Assert.Equal(2, RandomStreams.Poisson(2, 0.50));
        Assert.Equal(0, RandomStreams.Poisson(0, 0.99));
        var draws = Enumerable.Range(0, 20_000).Select(i => RandomStreams.Poisson(3, RandomStreams.Uniform(1, 0, 42, DrawPurpose.StageDuration, (ulong)i))).ToArray();
        Assert.InRange(draws.Average(), 2.95, 3.05);
    }
}
