using System.Globalization;
using KerjasamaGraph.Client;
using KerjasamaGraph.Model.Scenarios;
using Microsoft.Playwright;

namespace KerjasamaGraph.Tests.Web;

[CollectionDefinition("web", DisableParallelization = true)]
public sealed class WebCollection;

/// <summary>
/// The planner's path through the web app in a real browser (Debian's Chromium driven by Playwright): open the app, pick
/// the Kota Jambi – Batanghari scenario, see every region on the map, add Muaro Jambi to the shared digital service by
/// clicking, compare with 200 replications while the progress shows, read a positive difference with its interval, download
/// the brief, and check that the app's numbers are those of `kerjasama compare`.
/// </summary>
[Collection("web")]
public sealed class PlannerBrowserTests
{
    private const string ScenarioId = "jambi-batanghari-2023";
    private const string MapId = "cooperation-map";

    [Fact]
    public async Task A_planner_adds_Muaro_Jambi_to_the_shared_digital_service_and_compares_it_with_the_baseline()
    {
        await using var server = await ServeProcess.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync();
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var foreign = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(server.Address, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)
                && !r.Url.StartsWith("blob:", StringComparison.Ordinal)) foreign.Add(r.Url);
        };
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        try
        {
            await Walk(server, context, page, foreign, errors);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            var shot = Path.Combine(Path.GetTempPath(), $"kerjasama-web-failure-{Guid.NewGuid():N}.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            throw new InvalidOperationException($"{e.Message}\nat step: {Step}\nurl: {page.Url}\nscreenshot: {shot}\npage errors: {string.Join("; ", errors)}\nserver output:\n{server.Output}", e);
        }
    }

    private static async Task Walk(ServeProcess server, IBrowserContext context, IPage page, List<string> foreign, List<string> errors)
    {
        {

            // The library lists the shipped scenario; open it.
            Step = "await page.GotoAsync(server.Address + '/');";
            await page.GotoAsync(server.Address + "/");
            Step = "await page.ClickAsync($'[data-testid=open-{ScenarioId}]');";
            await page.ClickAsync($"[data-testid=open-{ScenarioId}]");
            Step = "await page.WaitForURLAsync($'**/scenarios/{ScenarioId}');";
            await page.WaitForURLAsync($"**/scenarios/{ScenarioId}");

            // Every region of the scenario is on the map: a node of the graph and a cell of the map.
            var scenario = ScenarioLoader.Load(Path.Combine(ServeProcess.RepositoryRoot(), "scenarios", ScenarioId + ".yaml")).Scenario!;
            Step = "await page.WaitForFunctionAsync(";
            await page.WaitForFunctionAsync(
                "id => { const el = document.getElementById(id); const c = el && echarts.getInstanceByDom(el); return c && c.getOption().series[0].data.length > 0; }", MapId);
            var nodes = await page.EvaluateAsync<string[]>("id => echarts.getInstanceByDom(document.getElementById(id)).getOption().series[0].data.map(d => d.name)", MapId);
            var cells = await page.EvaluateAsync<string[]>("id => echarts.getInstanceByDom(document.getElementById(id)).getOption().geo[0].regions.map(r => r.name)", MapId);
            Assert.Equal(scenario.Regions.Select(r => r.Id).Order(), nodes.Order());
            Assert.Equal(scenario.Regions.Select(r => r.Id).Order(), cells.Order());
            var agreementEdges = await page.EvaluateAsync<string[]>(
                "id => echarts.getInstanceByDom(document.getElementById(id)).getOption().series[0].links.filter(l => l.kind === 'agreement').map(l => l.agreement)", MapId);
            Assert.Contains("jb-bh-digital-shared", agreementEdges);

            // Click Muaro Jambi on the map, then add it to the shared digital service.
            var muaro = scenario.Regions.Single(r => r.Id == "muaro-jambi");
            var point = await page.EvaluateAsync<double[]>(
                """
                ([id, lon, lat]) => {
                  const el = document.getElementById(id);
                  const p = echarts.getInstanceByDom(el).convertToPixel({ geoIndex: 0 }, [lon, lat]);
                  const r = el.getBoundingClientRect();
                  return [r.left + p[0], r.top + p[1]];
                }
                """, new object[] { MapId, muaro.Lon, muaro.Lat });
            Step = "await page.Mouse.ClickAsync((float)point[0], (float)point[1]);";
            await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
            Step = "await Expect(page.Locator('[data-testid=details-title]')).ToHaveTextAsync(muaro.Name);";
            await Expect(page.Locator("[data-testid=details-title]")).ToHaveTextAsync(muaro.Name);
            Step = "await page.ClickAsync('[data-testid=join-jb-bh-digital-shared]');";
            await page.ClickAsync("[data-testid=join-jb-bh-digital-shared]");

            // The what-if is shown as a variant, validated, and drawn on the map.
            Step = "await Expect(page.Locator('[data-testid=whatif-valid]')).ToBeVisibleAsync();";
            await Expect(page.Locator("[data-testid=whatif-valid]")).ToBeVisibleAsync();
            Step = "await Expect(page.Locator('[data-testid=whatif] [data-testid=code-view]')).ToContainTextAs";
            await Expect(page.Locator("[data-testid=whatif] [data-testid=code-view]")).ToContainTextAsync("parties: [kota-jambi, batanghari, muaro-jambi]");
            await page.WaitForFunctionAsync(
                "id => echarts.getInstanceByDom(document.getElementById(id)).getOption().series[0].links.some(l => l.agreement === 'jb-bh-digital-shared' && l.target === 'muaro-jambi')",
                MapId, new() { Timeout = 10_000 });

            // Compare with 200 replications; the progress shows months done of the two runs (8 replications of this 22-region
            // scenario can now finish between two of the polls below, leaving no month in progress to see).
            Step = "await page.FillAsync('input[data-testid=replications], [data-testid=replications] input', ";
            await page.FillAsync("input[data-testid=replications], [data-testid=replications] input", "200");
            Step = "await page.Keyboard.PressAsync('Tab');";
            await page.Keyboard.PressAsync("Tab");
            Step = "await Expect(page.Locator('[data-testid=variant-whatif] input')).ToBeCheckedAsync();";
            await Expect(page.Locator("input[data-testid=variant-whatif], [data-testid=variant-whatif] input")).ToBeCheckedAsync();
            Step = "await page.ClickAsync('[data-testid=start]');";
            await page.ClickAsync("[data-testid=start]");
            Step = "await page.WaitForURLAsync('**/runs/**');";
            await page.WaitForURLAsync("**/runs/**");
            var id = new Uri(page.Url).Segments[^1];
            var progress = page.Locator("[data-testid=months-done]");
            Step = "await Expect(progress).ToHaveAttributeAsync('data-total', '120');";
            await Expect(progress).ToHaveAttributeAsync("data-total", "120");
            var seen = new SortedSet<int>();
            var headline = page.Locator("[data-testid=headline-my-what-if]");
            for (var polls = 0; polls < 1200; polls++)
            {
                // Read in one step in the page: the progress panel gives way to the results when the job finishes.
                var done = await page.EvaluateAsync<int>(
                    "() => document.querySelector('[data-testid=headline-my-what-if]') ? -2 : +(document.querySelector('[data-testid=months-done]')?.dataset.done ?? -1)");
                if (done == -2) break;
                if (done >= 0) seen.Add(done);
                await page.WaitForTimeoutAsync(100);
            }
            Assert.Contains(seen, d => d is > 0 and < 120);

            // A positive difference in total benefit with its 95% interval.
            Step = "await Expect(headline).ToBeVisibleAsync();";
            await Expect(headline).ToBeVisibleAsync();
            double Read(string attribute) => double.Parse(headline.GetAttributeAsync(attribute).Result!, CultureInfo.InvariantCulture);
            var (mean, low, high) = (Read("data-mean"), Read("data-low"), Read("data-high"));
            Assert.True(mean > 0 && low > 0 && low <= mean && mean <= high, $"difference {mean} [{low}, {high}]");
            Step = "await Expect(headline).ToContainTextAsync('95% interval');";
            await Expect(headline).ToContainTextAsync("95% interval");

            // The brief downloads as one self-contained HTML file whose charts show without any network.
            Step = "await page.ClickAsync('[data-testid=downloads] button');";
            await page.ClickAsync("[data-testid=downloads] button");
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=brief-en-html]"));
            var briefPath = Path.Combine(server.Scratch, download.SuggestedFilename);
            Step = "await download.SaveAsAsync(briefPath);";
            await download.SaveAsAsync(briefPath);
            Assert.EndsWith(".html", download.SuggestedFilename);
            var html = await File.ReadAllTextAsync(briefPath);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.DoesNotContain("src=\"http", html);
            Assert.DoesNotContain("href=\"http", html);
            Assert.Contains("data:image/png;base64,", html);
            var offline = await context.NewPageAsync();
            Step = "await offline.RouteAsync('**/*', route => route.Request.Url.StartsWith('file:', StringComp";
            await offline.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
            Step = "await offline.GotoAsync(new Uri(briefPath).AbsoluteUri);";
            await offline.GotoAsync(new Uri(briefPath).AbsoluteUri);
            Step = "await offline.WaitForFunctionAsync('() => document.documentElement.dataset.charts !== unde";
            await offline.WaitForFunctionAsync("() => document.documentElement.dataset.charts !== undefined");
            var charts = await offline.EvaluateAsync<string>("() => document.documentElement.dataset.charts");
            Assert.True(int.Parse(charts, CultureInfo.InvariantCulture) > 0);
            Assert.Equal(charts, await offline.EvaluateAsync<string>("() => document.documentElement.dataset.chartsVisible"));

            Assert.Empty(foreign);
            Assert.Empty(errors);

            // The app's numbers are those of `kerjasama compare`: the shipped variant that adds Muaro Jambi, same seed and replications.
            var web = Path.Combine(server.RunsDirectory, id, "comparison.csv");
            var cliOut = Path.Combine(server.Scratch, "cli-compare");
            var file = Path.Combine(ServeProcess.RepositoryRoot(), "scenarios", ScenarioId + ".yaml");
            var code = await KerjasamaApp.RunAsync(["compare", file, "--variants", "with-muaro-jambi", "--replications", "200", "--out", cliOut, "--quiet"]);
            Assert.Equal(0, code);
            var expected = File.ReadAllLines(Path.Combine(cliOut, "comparison.csv")).Select(l => l.Replace("with-muaro-jambi,", "my-what-if,")).ToArray();
            Assert.Equal(expected, File.ReadAllLines(web));
        }
    }

    [Fact]
    public async Task An_uploaded_scenario_with_mistakes_shows_them_at_their_lines_and_can_be_fixed_in_the_browser()
    {
        await using var server = await ServeProcess.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        await page.GotoAsync(server.Address + "/language/id?return=/");
        await page.WaitForSelectorAsync("[data-testid=upload]");
        var text = "extends: jambi-batanghari-2023.yaml\nscenario: { name: rencana-kami }\nrun: { months: -3 }\n";
        await page.SetInputFilesAsync("input[type=file]", new FilePayload { Name = "rencana.yaml", MimeType = "application/yaml", Buffer = System.Text.Encoding.UTF8.GetBytes(text) });

        // The problem is shown under line 3, in Indonesian.
        var problem = page.Locator("[data-testid=problem]");
        await Expect(problem).ToHaveAttributeAsync("data-line", "3");
        await Expect(problem).ToContainTextAsync("baris 3");
        await Expect(problem).ToContainTextAsync("run.months");
        Assert.False(Directory.Exists(server.UploadsDirectory) && Directory.EnumerateDirectories(server.UploadsDirectory).Any());

        // Fixed in the editor, it is checked again, kept and opened.
        await page.FillAsync("textarea[data-testid=upload-editor], [data-testid=upload-editor] textarea", text.Replace("-3", "24"));
        // The view above the editor shows the text as the server has it: once it shows the fix, "check again" checks the fix.
        await Expect(page.Locator("[data-testid=code-view]")).ToContainTextAsync("months: 24");
        await page.ClickAsync("[data-testid=upload-check]");
        await page.WaitForURLAsync("**/scenarios/upload-rencana-*");
        await Expect(page.Locator("h1")).ToHaveTextAsync("rencana-kami");
    }

    private static string Step = "";

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}

/// <summary>Debian's Chromium under Playwright, headless, with the flags this machine needs (no sandbox as root, no background networking).</summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    public IBrowser Browser { get; }

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var chromium = Cli.Chromium.Find() ?? Cli.Chromium.Install()
            ?? throw new InvalidOperationException("Chromium is needed for the browser tests: apt-get install chromium (.ci/run installs it)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new HeadlessChromium(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
