using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KerjasamaGraph.Tests.Web;

/// <summary>
/// The HTTP API of `kerjasama serve`, over real HTTP: the OpenAPI document, the access token when listening beyond this
/// computer, size-limited and checked uploads, run ids that are never paths, the bounded queue with its "queued" state,
/// progress as server-sent events, and finished runs listed again after a restart.
/// </summary>
[Collection("web")]
public sealed class ApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Listening_beyond_this_computer_every_request_needs_the_token()
    {
        await using var server = await ServeProcess.StartAsync(null, "--host", "0.0.0.0", "--token", "s3cret-test-token");
        // The printed address carries the token; requests go to this machine's loopback address only.
        Assert.Contains("?token=s3cret-test-token", server.PrintedAddress);
        var address = server.Address.Replace("0.0.0.0", "127.0.0.1");
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        foreach (var path in new[] { "/api/scenarios", "/api/runs", "/openapi/v1.json", "/", "/_framework/blazor.web.js" })
        {
            var refused = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.DoesNotContain("jambi", await refused.Content.ReadAsStringAsync());
        }
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        wrong.Headers.Authorization = new("Bearer", "s3cret-test-tokeN");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

        var right = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        right.Headers.Authorization = new("Bearer", "s3cret-test-token");
        var ok = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("jambi-batanghari-2023", await ok.Content.ReadAsStringAsync());

        // A browser opening the printed address gets a cookie and a clean address.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(address) };
        var open = await browser.GetAsync("/?token=s3cret-test-token");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal("/", open.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/scenarios")).StatusCode);
    }

    [Fact]
    public async Task Uploads_are_size_limited_and_checked_by_the_scenario_loader_and_run_ids_are_never_paths()
    {
        await using var server = await ServeProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Address) };

        // OpenAPI document of the API.
        var openapi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = openapi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var p in new[] { "/api/scenarios", "/api/comparisons", "/api/jobs/{id}/events", "/api/runs/{id}/brief" }) Assert.Contains(p, paths);

        // Too large: refused before it is read, nothing kept.
        var big = new ByteArrayContent(new byte[1024 * 1024 + 4096]);
        big.Headers.ContentType = new("application/yaml");
        var tooLarge = await http.PostAsync("/api/scenarios", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        // Malicious: an extends that reaches outside the library is refused at its line, and the file is never read.
        foreach (var target in new[] { "/etc/passwd", "../../../../etc/passwd", "../Model/KerjasamaGraph.Model.csproj" })
        {
            var text = $"scenario: {{ name: sneaky }}\nextends:\n  - jambi-province.yaml\n  - {target}\n";
            var refused = await http.PostAsync("/api/scenarios?name=sneaky.yaml", new StringContent(text, Encoding.UTF8, "application/yaml"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var report = await refused.Content.ReadFromJsonAsync<JsonElement>(Json);
            var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
            Assert.Equal(4, problem.GetProperty("line").GetInt32());
            Assert.Equal("extends", problem.GetProperty("path").GetString());
            Assert.DoesNotContain("root:", await refused.Content.ReadAsStringAsync());
        }
        // Malicious: nesting deep enough to exhaust a recursive parser is reported, and the server keeps answering.
        var deep = "regions: " + new string('[', 50_000) + new string(']', 50_000) + "\n";
        var nested = await http.PostAsync("/api/scenarios/validate", new StringContent(deep, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, nested.StatusCode);
        var nestedReport = await nested.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.False(nestedReport.GetProperty("valid").GetBoolean());
        Assert.Contains("nested", nestedReport.GetProperty("problems")[0].GetProperty("message").GetString());
        // Invalid content: every problem at its line, as `kerjasama validate` reports it.
        var invalid = await http.PostAsync("/api/scenarios?name=bad.yaml",
            new StringContent("extends: jambi-province.yaml\nrun: { months: -3 }\n", Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidReport = await invalid.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Contains(invalidReport.GetProperty("problems").EnumerateArray(), p => p.GetProperty("line").GetInt32() == 2 && p.GetProperty("path").GetString() == "run.months");
        Assert.False(Directory.Exists(server.UploadsDirectory) && Directory.EnumerateFileSystemEntries(server.UploadsDirectory).Any(),
            "nothing refused is kept");

        // A valid upload that extends a shipped scenario is kept with a copy of what it extends, and listed.
        var good = await http.PostAsync("/api/scenarios?name=my-plan.yaml",
            new StringContent("extends: jambi-batanghari-2023.yaml\nrun: { months: 12, replications: 2 }\n", Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var created = await good.Content.ReadFromJsonAsync<JsonElement>(Json);
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("upload-my-plan-", id);
        Assert.True(File.Exists(Path.Combine(server.UploadsDirectory, id, "jambi-province.yaml")));
        var detail = await http.GetFromJsonAsync<JsonElement>($"/api/scenarios/{id}", Json);
        Assert.Equal(22, detail.GetProperty("regions").GetArrayLength());

        // Another site's page cannot make the browser start anything here, nor reach the API under another host name.
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(new { scenario = "jambi-batanghari-2023" }) };
        crossSite.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(crossSite)).StatusCode);
        var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        rebound.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);

        // Ids are names from the listing: anything path-like is simply not found.
        foreach (var path in new[] { "/api/runs/..%2F..%2Fetc/zip", "/api/runs/%2Fetc%2Fpasswd/tables/summary", "/api/scenarios/..%2Fscenarios%2Fjambi-province",
                     "/api/runs/.hidden/zip", "/api/scenarios/%2E%2E/text" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task Runs_wait_in_a_bounded_queue_report_progress_as_events_and_are_listed_after_a_restart()
    {
        var server = await ServeProcess.StartAsync(null, "--max-runs", "1");
        var scratch = server.Scratch;
        try
        {
            using (var http = new HttpClient { BaseAddress = new Uri(server.Address) })
            {
                // Two jobs with one place: the second waits, visibly queued. The first is long enough (1,000 replications,
                // a few seconds) for its progress to be seen: 8 replications of 36 months ended before the events were read.
                var first = await Start(http, "/api/comparisons", new { scenario = "jambi-one-gate", variants = new[] { "no-one-gate" }, replications = 1000, months = 36 });
                var second = await Start(http, "/api/runs", new { scenario = "jambi-batanghari-2023", variant = "no-one-gate", replications = 2, months = 12 });
                var status = await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{second}", Json);
                Assert.Equal("queued", status.GetProperty("state").GetString());
                Assert.Equal(1, status.GetProperty("queuePosition").GetInt32());
                Assert.Contains("kerjasama run scenarios/jambi-batanghari-2023.yaml --variant no-one-gate --replications 2", status.GetProperty("command").GetString());

                // Bad requests are refused with the reason, not queued.
                var unknown = await http.PostAsJsonAsync("/api/comparisons", new { scenario = "jambi-batanghari-2023", variants = new[] { "with-muaro-jambl" } });
                Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
                Assert.Contains("with-muaro-jambi", await unknown.Content.ReadAsStringAsync());

                // Progress of the first as server-sent events, to its end.
                var events = await ReadEvents(http, $"/api/jobs/{first}/events");
                Assert.Equal("completed", events[^1].Event);
                Assert.Contains(events, e => e.Event == "progress" && e.Data.GetProperty("monthsDone").GetInt32() is > 0 and < 72);
                Assert.Equal(72, events[^1].Data.GetProperty("monthsDone").GetInt32());
                var done = events.Select(e => e.Data.GetProperty("monthsDone").GetInt32()).ToList();
                Assert.Equal(done.Order(), done);

                var secondEvents = await ReadEvents(http, $"/api/jobs/{second}/events");
                Assert.Equal("completed", secondEvents[^1].Event);

                // A long job cancelled while it runs ends "cancelled" and leaves no folder behind.
                var third = await Start(http, "/api/comparisons", new { scenario = "jambi-one-gate", variants = new[] { "no-one-gate" }, replications = 1000, months = 1200 });
                for (var i = 0; i < 600; i++)
                {
                    var s = await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{third}", Json);
                    if (s.GetProperty("monthsDone").GetInt32() > 0) break;
                    await Task.Delay(50);
                }
                Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/jobs/{third}/cancel", null)).StatusCode);
                var cancelled = await ReadEvents(http, $"/api/jobs/{third}/events");
                Assert.Equal("cancelled", cancelled[^1].Event);
                Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(server.RunsDirectory), e => Path.GetFileName(e).Contains(third, StringComparison.Ordinal));

                // Results of the finished comparison: tables as JSON and CSV.
                var table = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{first}/tables/comparison?format=json", Json);
                Assert.Contains("ci95_low", table.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
                var csv = await http.GetStringAsync($"/api/runs/{first}/tables/summary?run=no-one-gate");
                Assert.StartsWith("month,", csv);
                var gexf = await http.GetStringAsync($"/api/runs/{first}/export/gexf");
                Assert.Contains("<gexf", gexf);
                var zip = await http.GetAsync($"/api/runs/{first}/zip");
                Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
            }
            server.KeepScratch = true;
            await server.DisposeAsync();

            // A new server on the same folders lists both.
            server = await ServeProcess.StartAsync(scratch);
            using (var http = new HttpClient { BaseAddress = new Uri(server.Address) })
            {
                var runs = await http.GetFromJsonAsync<JsonElement>("/api/runs", Json);
                var kinds = runs.EnumerateArray().Select(r => r.GetProperty("kind").GetString()).Order().ToList();
                Assert.Equal(["comparison", "run"], kinds);
                var comparison = runs.EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "comparison");
                Assert.Equal(1000, comparison.GetProperty("replications").GetInt32());
                var page = await http.GetStringAsync("/runs");
                Assert.Contains("KerjasamaGraph", page);
            }
        }
        finally
        {
            server.KeepScratch = false;
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_server_stops_cleanly_on_a_termination_signal()
    {
        await using var server = await ServeProcess.StartAsync();
        Assert.StartsWith("http://127.0.0.1:", server.PrintedAddress);

        // A second server on the same port says so in one line and exits 2.
        var port = new Uri(server.Address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = server.Scratch };
        foreach (var a in new[] { ServeProcess.Program(), "serve", "--port", port }) info.ArgumentList.Add(a);
        using (var second = System.Diagnostics.Process.Start(info)!)
        {
            var error = second.StandardError.ReadToEndAsync();
            var output = second.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await second.WaitForExitAsync(timeout.Token);
            Assert.Equal(2, second.ExitCode);
            Assert.Equal($"--port {port}: cannot listen on 127.0.0.1:{port} (the port is in use); choose another --port", (await error).Trim());
            Assert.Equal("", (await output).Trim());
        }

        Assert.True(await server.TerminateAsync(TimeSpan.FromSeconds(30)), "kerjasama serve ended after SIGTERM");
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("KerjasamaGraph stopped.", server.Output);
    }

    private static async Task<string> Start(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return status.GetProperty("id").GetString()!;
    }

    private static async Task<List<(string Event, JsonElement Data)>> ReadEvents(HttpClient http, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var stream = await http.GetStreamAsync(path, timeout.Token);
        using var reader = new StreamReader(stream);
        var events = new List<(string, JsonElement)>();
        var name = "message";
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                if (name is "completed" or "failed" or "cancelled") break;
            }
        }
        return events;
    }
}
