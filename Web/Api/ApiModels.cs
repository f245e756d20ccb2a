using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Web.Graph;
using KerjasamaGraph.Web.Library;
using KerjasamaGraph.Web.Runs;

namespace KerjasamaGraph.Web.Api;

/// <summary>A problem in a scenario file: file, line and column (1-based), field path and message.</summary>
public sealed record ScenarioProblem(string File, int Line, int Column, string Path, string Message)
{
    public static ScenarioProblem From(ScenarioError e) => new(e.Location.File, e.Location.Line, e.Location.Column, e.Path, e.Message);
}

/// <summary>A scenario in the library.</summary>
public sealed record ScenarioSummary(string Id, string Name, string Description, string File, bool Uploaded, bool Valid, int Errors,
    int Regions, int Partners, int Agreements, IReadOnlyList<string> Variants, string Start, int Months, int Replications, ulong Seed)
{
    public static ScenarioSummary From(LoadedScenario s) => new(s.Entry.Id, s.Scenario?.Name is { Length: > 0 } n ? n : s.Entry.Id,
        s.Scenario?.Description ?? "", s.Entry.DisplayPath, s.Entry.Uploaded, s.Ok, s.Result.Errors.Count,
        s.Scenario?.Regions.Count ?? 0, s.Scenario?.Partners.Count ?? 0, s.Scenario?.Agreements.Count ?? 0, s.Scenario?.VariantNames ?? [],
        s.Scenario?.Run.Start.ToString() ?? "", s.Scenario?.Run.Months ?? 0, s.Scenario?.Run.Replications ?? 0, s.Scenario?.Run.Seed ?? 0);
}

public sealed record RegionInfo(string Id, string Name, string Kind, string Province, double Population, double AreaKm2, double Lat, double Lon,
    double Budget, double Capacity);

public sealed record PartnerInfo(string Id, string Name, string Kind, string Country, double Capacity, double? Funds);

public sealed record AgreementInfo(string Id, string Name, string Type, string LegalForm, IReadOnlyList<string> Parties, string? Host, string? Service,
    string? Commodity, string? Initiated, string? ActiveFrom, int? TermMonths, double Amount, string Source);

/// <summary>A scenario with its contents, its sources (the file's opening comment) and every validation problem.</summary>
public sealed record ScenarioDetail(ScenarioSummary Summary, string Sources, IReadOnlyList<ScenarioProblem> Problems,
    IReadOnlyList<RegionInfo> Regions, IReadOnlyList<PartnerInfo> Partners, IReadOnlyList<AgreementInfo> Agreements, int Borders)
{
    public static ScenarioDetail From(LoadedScenario s)
    {
        var sc = s.Scenario;
        return new ScenarioDetail(ScenarioSummary.From(s), s.HeaderComment, s.Result.Errors.Select(ScenarioProblem.From).ToList(),
            sc?.Regions.Select(r => new RegionInfo(r.Id, r.Name, ScenarioMap.Snake(r.Kind.ToString()), r.Province, r.Population, r.AreaKm2, r.Lat, r.Lon,
                r.Budget, r.Capacity)).ToList() ?? [],
            sc?.Partners.Select(p => new PartnerInfo(p.Id, p.Name, ScenarioMap.Snake(p.Kind.ToString()), p.Country, p.Capacity, p.Funds)).ToList() ?? [],
            sc?.Agreements.Select(a => new AgreementInfo(a.Id, a.Name, MapAgreement.TypeName(a.Type), ScenarioMap.Snake(a.LegalForm.ToString()), a.Parties,
                a.Host, a.Service, a.Commodity, a.Timing.Initiated?.ToString(), a.Timing.ActiveFrom?.ToString(), a.Timing.TermMonths, a.Amount,
                a.Source)).ToList() ?? [],
            sc?.Neighbours.Count ?? 0);
    }
}

/// <summary>The outcome of validating scenario text.</summary>
public sealed record ValidationReport(bool Valid, string File, IReadOnlyList<ScenarioProblem> Problems, ScenarioSummary? Scenario);

/// <summary>A new run: the scenario's id, at most one variant, and overrides of its run settings.</summary>
public sealed record RunRequest(string Scenario, string? Variant = null, int? Replications = null, ulong? Seed = null, int? Months = null);

/// <summary>A new comparison: the baseline and the variants, with common random numbers.</summary>
public sealed record ComparisonRequest(string Scenario, IReadOnlyList<string> Variants, int? Replications = null, ulong? Seed = null, int? Months = null);

/// <summary>A what-if to keep as a new scenario: YAML that <c>extends</c> the scenario (by file name) and declares the variant.</summary>
public sealed record WhatIfRequest(string Yaml, string Variant);

/// <summary>A queued, running or finished job. <c>Id</c> is also the id of the folder it writes (under /api/runs when finished).</summary>
public sealed record JobStatus(string Id, string Kind, string State, int QueuePosition, int MonthsDone, int MonthsTotal, double Fraction,
    string? CurrentRun, string? CurrentMonth, double? SecondsLeft, string? Error, string Scenario, IReadOnlyList<string> Variants, int Replications,
    ulong Seed, string Command, string SubmittedUtc, string? FinishedUtc)
{
    public static JobStatus From(Job j) => new(j.Id, j.Request.Compare ? RunStore.Comparison : RunStore.Run, j.State.ToString().ToLowerInvariant(),
        j.QueuePosition, j.MonthsDone, j.MonthsTotal, Math.Round(j.Fraction, 4), j.CurrentRun, j.CurrentMonth,
        j.TimeLeft is { } t ? Math.Round(t.TotalSeconds, 1) : null, j.Error, j.Scenario.Id, j.Request.Variants, j.Replications, j.Seed, j.Command,
        j.SubmittedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ"), j.FinishedUtc?.ToString("yyyy-MM-ddTHH:mm:ssZ"));
}

/// <summary>A results table: its columns and rows as text (numbers in invariant culture, blank where undefined).</summary>
public sealed record TableData(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
