using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KerjasamaGraph.Client.Reports;

namespace KerjasamaGraph.Tests.Cli;

[Collection("cli")]
public sealed class BriefCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<string> Run(string name, params string[] extra)
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf(name);
        var r = await _cli.Run(["run", file, "--engine", "reference", "--replications", "4", "--out", outDir, "--quiet", .. extra]);
        Assert.True(r.ExitCode == 0, r.Error);
        return outDir;
    }

    [Fact]
    public async Task A_run_brief_states_figures_recomputed_from_the_run_tables_in_both_languages()
    {
        var run = await Run("run");
        Assert.Equal(0, (await _cli.Run("brief", run, "--lang", "en")).ExitCode);
        Assert.Equal(0, (await _cli.Run("brief", run, "--lang", "id")).ExitCode);

        // Recompute the headline figures straight from the CSV files.
        var summary = File.ReadAllLines(Path.Combine(run, "summary.csv")).Select(l => l.Split(',')).ToList();
        double Col(string[] row, string name) => double.Parse(row[Array.IndexOf(summary[0], name)], CultureInfo.InvariantCulture);
        var total = Col(summary[^1], "benefit_cumulative_mean");
        var direct = summary.Skip(1).Sum(r => Col(r, "direct_benefit_mean"));
        var spill = summary.Skip(1).Sum(r => Col(r, "spillover_mean"));
        var en = BriefLanguage.For("en");
        var id = BriefLanguage.For("id");
        var md = File.ReadAllText(Path.Combine(run, "brief.en.md"));
        Assert.Contains($"total benefit of {en.Money(total)}", md);
        Assert.Contains($"Of this, {en.Money(direct)} is direct benefit", md);
        Assert.Contains($"{en.Money(spill)} spills over", md);
        var mdId = File.ReadAllText(Path.Combine(run, "brief.id.md"));
        Assert.Contains($"manfaat total {id.Money(total)}", mdId);
        Assert.Contains(",", id.Money(total));   // Indonesian decimal comma
        Assert.Equal("Rp 234,5 juta", id.Money(234.5e6));
        Assert.Equal("Rp 234.5 million", en.Money(234.5e6));
        Assert.Equal("Rp 234,5 miliar", id.Money(234.5e9));
        Assert.Equal("Rp 1,234.5 tn", en.Money(1234.5e12));
        Assert.Equal("Rp −40.123", id.Money(-40_123));
        Assert.Equal("Rp −1,2 miliar", id.Money(-1.2e9));
        Assert.Equal("0,0", id.Number(-0.01, 1));   // never "−0,0"

        // The HTML has the same findings and embeds every chart; the Markdown twin points at PNG and SVG files that exist.
        var html = File.ReadAllText(Path.Combine(run, "brief.en.html"));
        Assert.Contains(System.Net.WebUtility.HtmlEncode($"total benefit of {en.Money(total)}"), html);
        Assert.Equal(3, Regex.Matches(html, "<img class=\"chart\"[^>]*src=\"data:image/png;base64,").Count);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
        foreach (Match m in Regex.Matches(md, @"\]\(([^)]+\.(png|svg))\)"))
        {
            Assert.True(File.Exists(Path.Combine(run, m.Groups[1].Value)), m.Groups[1].Value);
        }
        Assert.Contains("kerjasama run", md);   // how to reproduce
        Assert.Contains("sha256:", md);

        var again = await _cli.Run("brief", run, "--lang", "en");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(2, (await _cli.Run("brief", run, "--lang", "fr")).ExitCode);
        Assert.Equal(2, (await _cli.Run("brief", _cli.PathOf("nothing-here"))).ExitCode);
    }

    [Fact]
    public async Task A_comparison_brief_quotes_the_paired_differences_of_comparison_csv()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var outDir = _cli.PathOf("cmp");
        var r = await _cli.Run("compare", file, "--variants", "with-batang", "--replications", "4", "--engine", "reference", "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(0, (await _cli.Run("brief", outDir, "--lang", "en")).ExitCode);
        var row = File.ReadAllLines(Path.Combine(outDir, "comparison.csv")).Select(l => l.Split(','))
            .Single(x => x[0] == "with-batang" && x[1] == "benefit_total" && x[2] == "run");
        var en = BriefLanguage.For("en");
        double N(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        var md = File.ReadAllText(Path.Combine(outDir, "brief.en.md"));
        Assert.Contains($"Batang joins the landfill: the total benefit changes by {en.Money(N(row[5]))} (95% interval [{en.Money(N(row[6]))}, {en.Money(N(row[7]))}])", md);
        // The table of differences names indicators by their descriptions, never by slug.
        Assert.Contains("| Total benefit | ", md);
        Assert.Contains("| Share of agreement benefit reaching regions that did not sign | ", md);
        foreach (var slug in new[] { "benefit_total", "benefit_per_capita", "non_signatory_share", "gini_per_capita_benefit", "agreements_active", "with-batang\" | " })
        {
            Assert.DoesNotContain(slug, md.Replace("kerjasama compare", ""));
        }
    }

    [Fact]
    public async Task The_html_brief_renders_in_headless_chromium_with_every_chart_visible_and_no_errors()
    {
        var run = await Run("render");
        Assert.Equal(0, (await _cli.Run("brief", run, "--lang", "id")).ExitCode);
        var chromium = Chromium.Find() ?? Chromium.Install();
        Assert.True(chromium is not null, "chromium is installed by the test command (apt-get install chromium)");
        var page = "file://" + Path.Combine(run, "brief.id.html");
        var dom = await Chromium.DumpDom(chromium!, page);
        Assert.Contains("data-charts=\"3\"", dom);
        Assert.Contains("data-charts-visible=\"3\"", dom);
        Assert.DoesNotContain("data-errors", dom);
        Assert.Contains("Temuan utama", dom);
    }

    /// <summary>Literal pieces of a fixed text, between its {0} placeholders, long enough to be recognisable.</summary>
    private static IEnumerable<string> Fragments(string template) =>
        Regex.Split(template, @"\{\d+\}").Select(f => f.Trim(' ', '.', ',', ';', ':', '(', ')', '“', '”')).Where(f => f.Length >= 10);

    [Fact]
    public void Both_languages_have_the_same_texts_and_the_indonesian_ones_are_translated()
    {
        var en = BriefLanguage.For("en").Texts;
        var id = BriefLanguage.For("id").Texts;
        Assert.Equal(en.Keys.Order(), id.Keys.Order());
        // Identical only where the text is not words: units, and the section headings of docs/model.md it cites.
        var same = en.Keys.Where(k => en[k] == id[k]).Order().ToList();
        Assert.All(same, k => Assert.True(k.StartsWith("unit_", StringComparison.Ordinal) || k.StartsWith("sec_", StringComparison.Ordinal) || k == "parameter"
            || !Regex.IsMatch(Regex.Replace(en[k], @"\{\d+\}", ""), "[A-Za-z]"), k));
        // The headings cited exist in docs/model.md.
        var model = File.ReadAllText(Graph.Support.PythonNetworkX.FindUp("docs/model.md")!);
        Assert.All(en.Keys.Where(k => k.StartsWith("sec_", StringComparison.Ordinal)), k => Assert.Contains("\n## " + en[k] + "\n", model));
    }

    [Fact]
    public async Task Indonesian_briefs_of_a_run_and_a_comparison_leave_no_english_fixed_text()
    {
        var run = await Run("run-id");
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var cmp = _cli.PathOf("cmp-id");
        Assert.Equal(0, (await _cli.Run("compare", file, "--replications", "3", "--engine", "reference", "--out", cmp, "--quiet")).ExitCode);
        var en = BriefLanguage.For("en").Texts;
        var fragments = en.Where(kv => !kv.Key.StartsWith("sec_", StringComparison.Ordinal)).SelectMany(kv => Fragments(kv.Value)).Distinct().ToList();
        foreach (var folder in new[] { run, cmp })
        {
            Assert.Equal(0, (await _cli.Run("brief", folder, "--lang", "id")).ExitCode);
            var md = File.ReadAllText(Path.Combine(folder, "brief.id.md"));
            // What the scenario file says (its descriptions and sources) and the command stay as written; everything else is Indonesian.
            var text = string.Join("\n", md.Split('\n').Where(l => !l.StartsWith("kerjasama ", StringComparison.Ordinal)));
            var left = fragments.Where(f => text.Contains(f, StringComparison.Ordinal)).ToList();
            Assert.True(left.Count == 0, "English text in the Indonesian brief: " + string.Join(" | ", left));
            foreach (var word in new[] { "Benefit", "Region", "Spillover", "million", " bn", "month(s)", "scenario file", "MODEL.md", "default", "baseline" })
            {
                Assert.DoesNotContain(word, Regex.Replace(text, "docs/model.md, bagian “[^”]*”", ""));
            }
            Assert.Contains("docs/model.md, bagian “Spillover and attribution”", md);
        }
    }

    [Fact]
    public async Task A_variant_whose_agreement_one_gate_rejects_in_every_replication_says_so_in_compare_and_in_the_brief()
    {
        var scenario = Graph.Support.PythonNetworkX.FindUp("scenarios/jambi-batanghari-2023.yaml")!;
        var outDir = _cli.PathOf("landfill");
        var r = await _cli.Run("compare", scenario, "--variants", "landfill-muaro-jambi,with-muaro-jambi", "--replications", "4", "--engine", "reference", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Error + r.Out);
        static string Flat(string s) => Regex.Replace(s, @"\s+", "");
        Assert.Contains(Flat("landfill-muaro-jambi changes nothing: “Regional landfill Talang Gulo (Kota Jambi – Muaro Jambi)” (jb-mj-landfill) was rejected by Kota Jambi's One Gate screen in all 4 replications: its expected net benefit, Rp −9.6 million a month for all parties, is below the quality threshold of Rp 0."), Flat(r.Out));
        Assert.DoesNotContain(Flat("with-muaro-jambi changes nothing"), Flat(r.Out));

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "comparison.json")));
        var note = Assert.Single(json.RootElement.GetProperty("variant_notes").EnumerateArray());
        Assert.Equal("landfill-muaro-jambi", note.GetProperty("variant").GetString());
        Assert.True(note.GetProperty("identical_to_baseline").GetBoolean());
        var rejected = Assert.Single(note.GetProperty("rejected_agreements").EnumerateArray());
        Assert.Equal("jb-mj-landfill", rejected.GetProperty("agreement").GetString());
        Assert.Equal(4, rejected.GetProperty("replications").GetInt32());
        Assert.Equal("below_quality_threshold", rejected.GetProperty("cause").GetString());
        Assert.True(rejected.GetProperty("ex_ante_net_benefit_per_month").GetDouble() < 0);
        // The agreement never left "rejected" once reviewed: its state at the end is rejected, never active.
        var states = File.ReadAllLines(Path.Combine(outDir, "landfill-muaro-jambi", "agreements.csv")).Where(l => l.Contains(",jb-mj-landfill,")).ToList();
        Assert.Contains(",rejected,0,", states[^1]);
        // And the comparison rows are exactly zero.
        Assert.All(File.ReadAllLines(Path.Combine(outDir, "comparison.csv")).Where(l => l.StartsWith("landfill-muaro-jambi,", StringComparison.Ordinal)),
            l => Assert.True(l.Split(',')[5] is "0" or "", l));

        Assert.Equal(0, (await _cli.Run("brief", outDir, "--lang", "en")).ExitCode);
        Assert.Equal(0, (await _cli.Run("brief", outDir, "--lang", "id")).ExitCode);
        var en = File.ReadAllText(Path.Combine(outDir, "brief.en.md"));
        Assert.Contains("In addition, Talang Gulo becomes a regional landfill for Muaro Jambi, hosted by Kota Jambi (hypothetical): this variant changes nothing. " +
            "“Regional landfill Talang Gulo (Kota Jambi – Muaro Jambi)” was rejected by the One Gate screen of Kota Jambi in all 4 replications: " +
            "its expected net benefit (Rp −9.6 million a month for all parties, at the starting conditions) is below the quality threshold of Rp 0.", en);
        var id = File.ReadAllText(Path.Combine(outDir, "brief.id.md"));
        Assert.Contains("varian ini tidak mengubah apa pun. “Regional landfill Talang Gulo (Kota Jambi – Muaro Jambi)” ditolak dalam penyaringan Kerja Sama Satu Pintu Kota Jambi pada seluruh 4 replikasi", id);
        Assert.Contains("(Rp −9,6 juta per bulan untuk semua pihak, pada kondisi awal)", id);
        // No table of zeros and no empty difference chart for it; the other variant has both.
        Assert.Equal(1, Regex.Matches(en, "^### ", RegexOptions.Multiline).Count - 1);   // "Variants compared" and one variant table
        Assert.Single(Directory.GetFiles(Path.Combine(outDir, "brief.en-charts"), "regions-difference-*.png"));
    }
}

/// <summary>Debian's headless Chromium, found or installed, driven from the command line.</summary>
internal static class Chromium
{
    public static string? Find() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    public static string? Install()
    {
        foreach (var args in new[] { "update -qq", "install -y -qq chromium" })
        {
            var info = new ProcessStartInfo("apt-get", args) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            try
            {
                using var p = Process.Start(info)!;
                p.StandardOutput.ReadToEnd();
                p.WaitForExit(600_000);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
        return Find();
    }

    public static async Task<string> DumpDom(string chromium, string url)
    {
        var profile = Directory.CreateTempSubdirectory("kg-chromium-");
        try
        {
            var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.FullName, "--virtual-time-budget=5000",
                         "--window-size=1200,900", "--dump-dom", url,
                     })
            {
                info.ArgumentList.Add(a);
            }
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await p.WaitForExitAsync(timeout.Token);
            await error;
            return await output;
        }
        finally
        {
            profile.Delete(true);
        }
    }
}
