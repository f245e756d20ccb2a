using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Web.Graph;

namespace KerjasamaGraph.Web.WhatIf;

/// <summary>A numeric scenario setting a planner can change, addressed by its YAML path.</summary>
public sealed record NumericSetting(string Path, string Unit, Func<Scenario, double> Read, bool Whole = false);

/// <summary>A new agreement added in a what-if.</summary>
public sealed record NewAgreement(string Id, AgreementType Type, LegalForm LegalForm, IReadOnlyList<string> Parties, string? Host, string? Service,
    YearMonth Initiated, double Amount, string Name);

/// <summary>
/// A what-if being built by clicking: changes to a scenario kept as a list, turned into the YAML overlay of one variant
/// (the <c>variants:</c> format of docs/scenario-format.md: agreements merged by id, <c>remove: true</c> deletes one) inside a
/// small file that <c>extends</c> the scenario, so the same file runs with `kerjasama compare FILE --variants NAME`.
/// </summary>
public sealed partial class VariantDraft(Scenario baseline, string baseFileName)
{
    /// <summary>The numeric settings offered in the app (model parameters, One Gate, negotiation, stage durations).</summary>
    public static readonly IReadOnlyList<NumericSetting> Settings =
    [
        new("parameters.spillover_rate", "0–0.999", s => s.Parameters.SpilloverRate),
        new("parameters.knowledge_rate", "/month", s => s.Parameters.KnowledgeRate),
        new("parameters.peer_learning_rate", "/month", s => s.Parameters.PeerLearningRate),
        new("parameters.capacity_cost_effect", "0–1", s => s.Parameters.CapacityCostEffect),
        new("parameters.agreement_coordination_cost", "Rp/month", s => s.Parameters.AgreementCoordinationCost),
        new("policies.one_gate.review_capacity", "/month", s => s.Policies.OneGate.ReviewCapacity, Whole: true),
        new("policies.one_gate.review_months", "months", s => s.Policies.OneGate.ReviewMonths, Whole: true),
        new("policies.one_gate.quality_threshold", "Rp/month", s => s.Policies.OneGate.QualityThreshold),
        new("policies.coordination_delay_months", "months", s => s.Policies.CoordinationDelayMonths),
        new("lifecycle.offer", "months", s => s.Lifecycle.Offer),
        new("lifecycle.council_approval", "months", s => s.Lifecycle.CouncilApproval),
        new("lifecycle.implementing_agreement", "months", s => s.Lifecycle.ImplementingAgreement),
    ];

    private readonly Dictionary<string, List<string>> _parties = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _removed = new(StringComparer.Ordinal);
    private readonly List<NewAgreement> _added = [];
    private readonly SortedDictionary<string, double> _values = new(StringComparer.Ordinal);
    private bool? _oneGate;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,60}$")]
    private static partial Regex NamePattern();

    public Scenario Baseline => baseline;
    public string BaseFileName => baseFileName;
    public string Name { get; set; } = "my-what-if";
    public string Description { get; set; } = "";

    public bool IsEmpty => _parties.Count == 0 && _removed.Count == 0 && _added.Count == 0 && _values.Count == 0 && _oneGate is null;

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The agreements as the what-if has them: parties changed, removed ones left out, new ones added.</summary>
    public IReadOnlyList<Agreement> Agreements =>
        baseline.Agreements.Where(a => !_removed.Contains(a.Id)).Select(a => _parties.TryGetValue(a.Id, out var p) ? a with { Parties = p } : a)
            .Concat(_added.Select(ToAgreement)).ToList();

    /// <summary>The scenario as the what-if changes it, for drawing (the loader's reading of the file is what runs).</summary>
    public Scenario Preview => baseline with
    {
        Agreements = Agreements,
        Policies = _oneGate is { } g ? baseline.Policies with { OneGate = baseline.Policies.OneGate with { Enabled = g } } : baseline.Policies,
    };

    public bool OneGate => _oneGate ?? baseline.Policies.OneGate.Enabled;
    public double Value(NumericSetting setting) => _values.TryGetValue(setting.Path, out var v) ? v : setting.Read(baseline);
    public bool IsChanged(NumericSetting setting) => _values.ContainsKey(setting.Path);
    public bool IsAdded(string agreementId) => _added.Any(a => a.Id == agreementId);
    public bool IsRemoved(string agreementId) => _removed.Contains(agreementId);

    /// <summary>Parties the what-if added to existing agreements (for highlighting on the map).</summary>
    public IEnumerable<(string Agreement, string Party)> AddedParties =>
        _parties.SelectMany(kv => kv.Value.Except(baseline.Agreements.First(a => a.Id == kv.Key).Parties).Select(p => (kv.Key, p)));

    /// <summary>The changes in words (one line each), for the list beside the map.</summary>
    public IReadOnlyList<WhatIfChange> Changes()
    {
        var result = new List<WhatIfChange>();
        foreach (var (id, parties) in _parties)
        {
            var before = baseline.Agreements.First(a => a.Id == id).Parties;
            foreach (var p in parties.Except(before)) result.Add(new(WhatIfChangeKind.PartyAdded, id, p));
            foreach (var p in before.Except(parties)) result.Add(new(WhatIfChangeKind.PartyRemoved, id, p));
        }
        result.AddRange(_removed.Select(id => new WhatIfChange(WhatIfChangeKind.AgreementRemoved, id, null)));
        result.AddRange(_added.Select(a => new WhatIfChange(WhatIfChangeKind.AgreementAdded, a.Id, null)));
        if (_oneGate is { } g) result.Add(new(g ? WhatIfChangeKind.OneGateOn : WhatIfChangeKind.OneGateOff, null, null));
        result.AddRange(_values.Select(kv => new WhatIfChange(WhatIfChangeKind.Setting, kv.Key, Number(kv.Value))));
        return result;
    }

    public void AddParty(string agreementId, string party)
    {
        var current = Agreements.FirstOrDefault(a => a.Id == agreementId) ?? throw new ArgumentException($"no agreement '{agreementId}'");
        if (current.Parties.Contains(party)) return;
        if (IsAdded(agreementId))
        {
            var i = _added.FindIndex(a => a.Id == agreementId);
            _added[i] = _added[i] with { Parties = [.. _added[i].Parties, party] };
            return;
        }
        SetParties(agreementId, [.. current.Parties, party]);
    }

    public void RemoveParty(string agreementId, string party)
    {
        if (IsAdded(agreementId))
        {
            var i = _added.FindIndex(a => a.Id == agreementId);
            _added[i] = _added[i] with { Parties = _added[i].Parties.Where(p => p != party).ToList() };
            return;
        }
        var current = Agreements.FirstOrDefault(a => a.Id == agreementId) ?? throw new ArgumentException($"no agreement '{agreementId}'");
        SetParties(agreementId, current.Parties.Where(p => p != party).ToList());
    }

    private void SetParties(string agreementId, List<string> parties)
    {
        var original = baseline.Agreements.First(a => a.Id == agreementId).Parties;
        if (parties.SequenceEqual(original)) _parties.Remove(agreementId);
        else _parties[agreementId] = parties;
    }

    public void RemoveAgreement(string agreementId)
    {
        if (_added.RemoveAll(a => a.Id == agreementId) > 0) return;
        _parties.Remove(agreementId);
        _removed.Add(agreementId);
    }

    public void RestoreAgreement(string agreementId) => _removed.Remove(agreementId);

    public void AddAgreement(NewAgreement agreement)
    {
        if (Agreements.Any(a => a.Id == agreement.Id) || _removed.Contains(agreement.Id)) throw new ArgumentException($"agreement id '{agreement.Id}' is taken");
        _added.Add(agreement);
    }

    /// <summary>A free id for a new agreement of this type.</summary>
    public string NewAgreementId(AgreementType type)
    {
        var stem = "whatif-" + MapAgreement.TypeName(type).Replace('_', '-');
        var taken = baseline.Agreements.Select(a => a.Id).Concat(_added.Select(a => a.Id)).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++) if (!taken.Contains($"{stem}-{n}")) return $"{stem}-{n}";
    }

    public void SetOneGate(bool enabled)
    {
        if (enabled == baseline.Policies.OneGate.Enabled) _oneGate = null;
        else _oneGate = enabled;
    }

    public void SetValue(NumericSetting setting, double value)
    {
        if (value == setting.Read(baseline)) _values.Remove(setting.Path);
        else _values[setting.Path] = setting.Whole ? Math.Round(value) : value;
    }

    public void Reset()
    {
        _parties.Clear();
        _removed.Clear();
        _added.Clear();
        _values.Clear();
        _oneGate = null;
    }

    private Agreement ToAgreement(NewAgreement a) => new()
    {
        Id = a.Id, Type = a.Type, LegalForm = a.LegalForm, Parties = a.Parties, Host = a.Host, Service = a.Service, Amount = a.Amount, Name = a.Name,
        Timing = new AgreementTiming { Initiated = a.Initiated },
    };

    /// <summary>
    /// The what-if file: a comment, <c>extends</c> of the scenario, and the variant. Its lines are what validation errors point at.
    /// </summary>
    public string Yaml()
    {
        var y = new StringBuilder();
        y.Append("# What-if on ").Append(baseFileName).Append(", built in the KerjasamaGraph web app.\n");
        y.Append("# Run it with: kerjasama compare THIS-FILE --variants ").Append(Name).Append('\n');
        y.Append("extends: ").Append(baseFileName).Append('\n');
        y.Append("variants:\n");
        y.Append("  ").Append(Name).Append(IsEmpty && Description.Trim().Length == 0 ? ": {}\n" : ":\n");
        if (Description.Trim().Length > 0) y.Append("    description: ").Append(Quote(Description.Trim())).Append('\n');
        var sections = new SortedDictionary<string, SortedDictionary<string, object>>(StringComparer.Ordinal);
        void Put(string path, object value)
        {
            var parts = path.Split('.');
            if (!sections.TryGetValue(parts[0], out var section)) sections[parts[0]] = section = new(StringComparer.Ordinal);
            if (parts.Length == 2) section[parts[1]] = value;
            else
            {
                if (!section.TryGetValue(parts[1], out var inner)) section[parts[1]] = inner = new SortedDictionary<string, object>(StringComparer.Ordinal);
                ((SortedDictionary<string, object>)inner)[parts[2]] = value;
            }
        }
        if (_oneGate is { } g) Put("policies.one_gate.enabled", g);
        foreach (var (path, value) in _values) Put(path, value);
        foreach (var (name, section) in sections)
        {
            y.Append("    ").Append(name).Append(":\n");
            foreach (var (key, value) in section)
            {
                if (value is SortedDictionary<string, object> inner)
                {
                    y.Append("      ").Append(key).Append(":\n");
                    foreach (var (k2, v2) in inner) y.Append("        ").Append(k2).Append(": ").Append(Scalar(v2)).Append('\n');
                }
                else y.Append("      ").Append(key).Append(": ").Append(Scalar(value)).Append('\n');
            }
        }
        if (_parties.Count + _removed.Count + _added.Count > 0)
        {
            y.Append("    agreements:\n");
            foreach (var (id, parties) in _parties) y.Append("      - { id: ").Append(id).Append(", parties: [").Append(string.Join(", ", parties)).Append("] }\n");
            foreach (var id in _removed) y.Append("      - { id: ").Append(id).Append(", remove: true }\n");
            foreach (var a in _added)
            {
                y.Append("      - id: ").Append(a.Id).Append('\n');
                y.Append("        type: ").Append(MapAgreement.TypeName(a.Type)).Append('\n');
                if (a.Name.Length > 0) y.Append("        name: ").Append(Quote(a.Name)).Append('\n');
                y.Append("        legal_form: ").Append(ScenarioMap.Snake(a.LegalForm.ToString())).Append('\n');
                y.Append("        parties: [").Append(string.Join(", ", a.Parties)).Append("]\n");
                if (a.Host is not null) y.Append("        host: ").Append(a.Host).Append('\n');
                if (a.Service is not null) y.Append("        service: ").Append(a.Service).Append('\n');
                if (a.Type == AgreementType.Funding) y.Append("        amount: ").Append(Number(a.Amount)).Append('\n');
                y.Append("        lifecycle: { initiated: ").Append(a.Initiated).Append(" }\n");
                y.Append("        source: \"What-if (hypothetical)\"\n");
            }
        }
        return y.ToString();
    }

    private static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => Number(d),
        _ => value.ToString() ?? "",
    };

    private static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", " ") + "\"";
}

public enum WhatIfChangeKind { PartyAdded, PartyRemoved, AgreementRemoved, AgreementAdded, OneGateOn, OneGateOff, Setting }

/// <summary>One change of a what-if: kind, the agreement or setting it concerns, and the party or value.</summary>
public sealed record WhatIfChange(WhatIfChangeKind Kind, string? Subject, string? Detail);
