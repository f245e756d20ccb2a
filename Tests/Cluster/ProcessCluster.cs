using System.Text.Json;
using KerjasamaGraph.Cluster;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Cli.Examples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KerjasamaGraph.Tests.Cluster;

[CollectionDefinition("process-cluster", DisableParallelization = true)]
public sealed class ProcessClusterCollection : ICollectionFixture<ProcessCluster>;

/// <summary>
/// A real cluster: redis-server and three kerjasama-silo processes with Redis membership, a generated 514-region
/// scenario (16 lanes) with its reference-engine tables, and a client of the cluster to look inside it.
/// </summary>
public sealed class ProcessCluster : IAsyncLifetime
{
    /// <summary>Months simulated by the tests' runs: the benchmark's 514 regions, 16 lanes and 10 years.</summary>
    public const int Months = 120;
    public const int Lanes = 16;
    public static readonly string[] Tables = ["regions.csv", "agreements.csv", "summary.csv"];

    private IHost? _client;

    public RedisServer Redis { get; private set; } = null!;
    public List<SiloProcess> Silos { get; } = [];
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("kerjasama-cluster-").FullName;
    public string Scenario => Path.Combine(Directory, "nation-514.yaml");
    public string Reference => Path.Combine(Directory, "reference");
    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.StartAsync(Redis.Connection)).ToList();
        var generate = BuiltProgram.Run(BuiltProgram.Client, ["generate", "--regions", "514", "--seed", "7", "--out", Scenario], Directory, TimeSpan.FromMinutes(2));
        Silos.AddRange(await Task.WhenAll(silos));
        Assert.Equal(0, (await generate).ExitCode);
        var reference = await RunClient(["run", Scenario, "--engine", "reference", "--months", Months.ToString(), "--replications", Lanes.ToString(), "--out", Reference, "--quiet"]);
        Assert.True(reference.ExitCode == 0, reference.Error);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var target = await ConnectTarget.ParseAsync(Redis.Url);
        builder.UseOrleansClient(c => c.UseKerjasamaCluster(target));
        _client = builder.Build();
        await _client.StartAsync();
        await AllActiveAsync();
    }

    /// <summary>Runs the built `kerjasama` program in this cluster's folder.</summary>
    public Task<(int ExitCode, string Out, string Error)> RunClient(string[] args) =>
        BuiltProgram.Run(BuiltProgram.Client, args, Directory, TimeSpan.FromMinutes(4));

    public BuiltProgram StartClient(string[] args) => BuiltProgram.Start(BuiltProgram.Client, args, Directory);

    /// <summary>The arguments of a run of the scenario on this cluster into <paramref name="outDir"/>.</summary>
    public string[] RunArgs(string outDir) =>
        ["run", Scenario, "--connect", Redis.Url, "--months", Months.ToString(), "--replications", Lanes.ToString(), "--out", outDir, "--quiet"];

    /// <summary>The silos the cluster counts as active (Orleans' names, S127.0.0.1:PORT:GENERATION).</summary>
    public async Task<IReadOnlyList<string>> ActiveAsync() =>
        (await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Select(s => s.ToString()).ToList();

    /// <summary>Restarts any silo a test killed and waits until the cluster counts all three as active.</summary>
    public async Task AllActiveAsync()
    {
        foreach (var silo in Silos.Where(s => !s.Running)) await silo.RestartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var active = await ActiveAsync();
                if (Silos.All(s => active.Any(s.Is))) return;
            }
            catch (Exception e) when (e is not OutOfMemoryException) { /* the client's gateway may have been the killed silo */ }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the three silos did not all become active: " + string.Join(" | ", Silos.Select(s => s.Output)));
            await Task.Delay(500);
        }
    }

    /// <summary>The run coordinator grains active in the cluster now, with their silos.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CoordinatorsAsync()
    {
        var stats = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return stats.Where(s => s.GrainType.Contains("RunCoordinator", StringComparison.Ordinal))
            .GroupBy(s => s.GrainId.ToString()).ToDictionary(g => g.Key, g => g.First().SiloAddress.ToString());
    }

    /// <summary>The silo hosting the coordinator of a run that is not among <paramref name="earlier"/> (waits for one to appear).</summary>
    public async Task<string> NewCoordinatorSiloAsync(IReadOnlyDictionary<string, string> earlier, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var fresh = (await CoordinatorsAsync()).Where(c => !earlier.ContainsKey(c.Key)).ToList();
            if (fresh.Count > 0) return fresh[0].Value;
            await Task.Delay(200);
        }
        throw new TimeoutException("no new run coordinator grain appeared in the cluster");
    }

    /// <summary>Asserts that a run folder's tables are byte for byte those of the reference engine.</summary>
    public void AssertMatchesReference(string folder)
    {
        foreach (var table in Tables)
        {
            var expected = File.ReadAllBytes(Path.Combine(Reference, table));
            var actual = File.ReadAllBytes(Path.Combine(folder, table));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{table} of {folder} differs from the reference engine's");
        }
    }

    public static JsonElement Manifest(string folder) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json"))).RootElement;

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            try { await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token); } catch (Exception e) when (e is not OutOfMemoryException) { }
            _client.Dispose();
        }
        foreach (var silo in Silos) await silo.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
