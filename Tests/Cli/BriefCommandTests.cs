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
        Assert.Equal("Rp -40.123", id.Money(-40_123));

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
        Assert.Contains($"changes the total benefit by {en.Money(N(row[5]))} (95% interval [{en.Money(N(row[6]))}, {en.Money(N(row[7]))}])", md);
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
