using System.Net.Http.Json;
using System.Text.Json;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Cli.Examples;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>The standalone silo as a user starts it: its options, the dashboard, and the web app it serves with --web.</summary>
public sealed class SiloHostTests
{
    private static Task<(int ExitCode, string Out, string Error)> Silo(params string[] args) =>
        BuiltProgram.Run(BuiltProgram.Silo, args, Path.GetTempPath(), TimeSpan.FromMinutes(2));

    [Theory]
    [InlineData("--frobnicate", "--frobnicate: unknown option")]
    [InlineData("--silo-port", "--silo-port: expects a value")]
    [InlineData("--gateway-port=99999", "--gateway-port: '99999' is not a port number")]
    [InlineData("--clustering=zookeeper", "--clustering: unknown clustering 'zookeeper' (localhost or redis)")]
    [InlineData("--clustering=redis", "--redis: redis clustering needs the Redis connection string")]
    public async Task Bad_options_are_one_line_and_exit_2(string option, string message)
    {
        var r = await Silo(option);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(message, line);
    }

    [Fact]
    public async Task A_redis_that_does_not_answer_is_one_line()
    {
        var port = ConnectTests.FreePort();
        var r = await Silo("--redis", $"127.0.0.1:{port}", "--silo-port", ConnectTests.FreePort().ToString(), "--gateway-port", ConnectTests.FreePort().ToString());
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"--redis 127.0.0.1:{port}: no Redis server answered", line);
    }

    [Fact]
    public async Task Configuration_comes_from_KERJASAMA_environment_variables()
    {
        var r = await BuiltProgram.Run(BuiltProgram.Silo, [], Path.GetTempPath(), TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["KERJASAMA__CLUSTER__CLUSTERING"] = "etcd" });
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("--clustering: unknown clustering 'etcd'", r.Error);
    }

    [Fact]
    public async Task With_web_the_silo_serves_the_dashboard_the_app_its_static_files_and_runs_on_itself()
    {
        var root = ConnectTests.RepositoryRoot();
        using var work = new TempFolder();
        var httpPort = ConnectTests.FreePort();
        await using var silo = BuiltProgram.Start(BuiltProgram.Silo,
            ["--silo-port", ConnectTests.FreePort().ToString(), "--gateway-port", ConnectTests.FreePort().ToString(), "--http-port", httpPort.ToString(), "--web"],
            work.Path, new Dictionary<string, string>
            {
                ["KERJASAMA__WEB__SCENARIOSDIRECTORY"] = Path.Combine(root, "scenarios"),
                ["KERJASAMA__WEB__RUNSDIRECTORY"] = Path.Combine(work.Path, "runs"),
                ["KERJASAMA__WEB__UPLOADSDIRECTORY"] = Path.Combine(work.Path, "uploads"),
            });
        Assert.True(await silo.WaitForLine("Press Ctrl+C", TimeSpan.FromSeconds(90)), silo.Output + silo.Error);
        Assert.Contains($"Orleans dashboard: http://127.0.0.1:{httpPort}/dashboard", silo.Output);
        Assert.Contains($"Web app: http://127.0.0.1:{httpPort}/", silo.Output);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Assert.True((await http.GetAsync("/dashboard/")).IsSuccessStatusCode);
        var page = await http.GetStringAsync("/");
        Assert.Contains("KerjasamaGraph", page);
        Assert.True((await http.GetAsync("/_content/MudBlazor/MudBlazor.min.css")).IsSuccessStatusCode, "MudBlazor's files are served");
        Assert.True((await http.GetAsync("/_framework/blazor.web.js")).IsSuccessStatusCode, "the Blazor script is served");

        // A run started from the web app runs on the silo's own grains and is written like a CLI run.
        var scenarios = await http.GetFromJsonAsync<JsonElement>("/api/scenarios");
        var id = scenarios.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).First(s => s.Contains("one-gate", StringComparison.Ordinal));
        var started = await http.PostAsJsonAsync("/api/runs", new { scenario = id, months = 6, replications = 2 });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var job = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        JsonElement status;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        do
        {
            await Task.Delay(300);
            status = await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{job}");
        } while (status.GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);
        Assert.Equal("completed", status.GetProperty("state").GetString());
        var manifest = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{job}");
        Assert.Equal("orleans", manifest.GetProperty("engine").GetString());
        // The folder's manifest names the silo the run ran on, as a command-line run on a cluster does.
        var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(work.Path, "runs", job!, "manifest.json"))).RootElement;
        Assert.Equal(1, written.GetProperty("silos").GetInt32());
        Assert.StartsWith("S127.0.0.1:", Assert.Single(written.GetProperty("cluster").GetProperty("silos").EnumerateArray()).GetString());
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Directory.CreateTempSubdirectory("kerjasama-silo-").FullName;
        public void Dispose()
        {
            try { System.IO.Directory.Delete(Path, true); } catch (IOException) { }
        }
    }
}
