using System.Text.RegularExpressions;
using Bunit;
using KerjasamaGraph.Web.Api;
using KerjasamaGraph.Web.Components.Shared;
using KerjasamaGraph.Web.Localization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace KerjasamaGraph.Tests.Web;

/// <summary>Components rendered with bUnit (faster than the browser), and the interface text in both languages.</summary>
public sealed partial class ComponentTests : IDisposable
{
    private readonly BunitContext _context = new();

    public ComponentTests()
    {
        _context.Services.AddScoped<UiText>();
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public void Dispose() => _context.Dispose();

    [Fact]
    public void The_editor_view_shows_each_problem_under_its_line_and_problems_of_other_files_above()
    {
        var text = "scenario: { name: x }\nrun: { months: -3 }\nregions: []\n";
        var cut = _context.Render<YamlView>(p => p
            .Add(x => x.Text, text)
            .Add(x => x.FileName, "plan.yaml")
            .Add(x => x.Problems, new[]
            {
                new ScenarioProblem("plan.yaml", 2, 16, "run.months", "must be at least 1"),
                new ScenarioProblem("jambi-province.yaml", 7, 3, "regions[0].population", "must not be negative"),
            }));
        var lines = cut.FindAll(".code-line");
        Assert.Equal(3, lines.Count);
        Assert.Contains("has-error", lines[1].ClassName);
        var problem = cut.Find(".code-problem");
        Assert.Equal("2", problem.GetAttribute("data-line"));
        Assert.Same(lines[1], problem.PreviousElementSibling);
        Assert.Contains("line 2, column 16: run.months: must be at least 1", problem.TextContent);
        Assert.Contains("jambi-province.yaml:7:3: regions[0].population: must not be negative", cut.Find(".mud-alert").TextContent);
    }

    [Fact]
    public void The_editor_view_speaks_Indonesian_when_asked()
    {
        _context.Services.GetRequiredService<UiText>().Language = "id";
        var cut = _context.Render<YamlView>(p => p
            .Add(x => x.Text, "a: 1\n")
            .Add(x => x.Problems, new[] { new ScenarioProblem("f.yaml", 1, 1, "a", "unknown key") }));
        Assert.Contains("baris 1, kolom 1", cut.Find(".code-problem").TextContent);
    }

    [GeneratedRegex("""T\["([a-z0-9_.]+)"\]|T\.Format\("([a-z0-9_]+)"|"(api_[a-z_]+)"\)""")]
    private static partial Regex KeyUse();

    [Fact]
    public void Every_text_the_pages_use_exists_in_English_and_Indonesian()
    {
        var components = Path.Combine(ServeProcess.RepositoryRoot(), "Web", "Components");
        var used = Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value)
            .ToHashSet();
        Assert.True(used.Count > 100, $"found {used.Count} keys");
        Assert.Equal([], used.Where(k => !UiText.Texts.ContainsKey(k)).Order().ToArray());
        // Keys built from data: every agreement type, lifecycle state, indicator and setting.
        foreach (var prefix in new[] { "type_", "state_", "indicator_", "setting_", "kind_", "legend_", "state_job_" })
        {
            Assert.Contains(UiText.Texts.Keys, k => k.StartsWith(prefix, StringComparison.Ordinal));
        }
        foreach (var state in KerjasamaGraph.Model.Simulation.LifecycleStates.All) Assert.Contains("state_" + KerjasamaGraph.Model.Simulation.LifecycleStates.Name(state), UiText.Texts.Keys);
        foreach (var indicator in KerjasamaGraph.Model.Outputs.LaneIndicators.Names) Assert.Contains("indicator_" + indicator, UiText.Texts.Keys);
        foreach (var setting in KerjasamaGraph.Web.WhatIf.VariantDraft.Settings) Assert.Contains("setting_" + setting.Path, UiText.Texts.Keys);
        Assert.All(UiText.Texts, kv => Assert.True(kv.Value.En.Length > 0 && kv.Value.Id.Length > 0, kv.Key));
    }
}
