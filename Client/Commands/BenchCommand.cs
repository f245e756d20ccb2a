using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KerjasamaGraph.Client.Bench;
using KerjasamaGraph.Client.Hosting;
using KerjasamaGraph.Grains.Engine;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Runs.Checkpoints;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class BenchSettings : CommandSettings
{
    [CommandOption("--regions <LIST>")]
    [Description("Comma-separated sizes of generated scenarios.")]
    [DefaultValue("100,514,2000")]
    public string Regions { get; init; } = "100,514,2000";

    [CommandOption("--months <N>")]
    [Description("Months each run simulates.")]
    [DefaultValue(120)]
    public int Months { get; init; } = 120;

    [CommandOption("--lanes <LIST>")]
    [Description("Comma-separated replication counts, carried as lanes (e.g. 1,100,1000).")]
    [DefaultValue("64")]
    public string Lanes { get; init; } = "64";

    [CommandOption("--scenario <FILE>")]
    [Description("Time this scenario file instead of generated ones (--regions is then ignored).")]
    public string? Scenario { get; init; }

    [CommandOption("--engines <LIST>")]
    [Description("Engines to time, comma-separated: reference (parallel loop), serial (the reference loop on one thread), orleans.")]
    [DefaultValue("reference,orleans")]
    public string Engines { get; init; } = "reference,orleans";

    [CommandOption("--silos <LIST>")]
    [Description("Silo counts for the Orleans engine, comma-separated (each is an in-process cluster of that many silos).")]
    [DefaultValue("1")]
    public string Silos { get; init; } = "1";

    [CommandOption("--cluster <LIST>")]
    [Description("Also time Orleans on a real cluster of this many kerjasama-silo processes, comma-separated (e.g. 3): the benchmark starts redis-server (in memory) and the silos with Redis membership, connects as `run --connect redis://…` does, and stops them all at the end. Peak MiB then reads CLIENT + SILOS: the client's peak and the sum of the silo processes' peaks.")]
    public string? Cluster { get; init; }

    [CommandOption("--silo-program <PATH>")]
    [Description("The silo program for --cluster (kerjasama-silo or kerjasama-silo.dll; default: $KERJASAMA_SILO, else beside this program, else the Silo project's build output of the same configuration).")]
    public string? SiloProgram { get; init; }

    [CommandOption("--shards <N>")]
    [Description("Shard grains per run for the Orleans engine on in-process silos (0: two per silo, as silo processes always have).")]
    [DefaultValue(0)]
    public int Shards { get; init; }

    [CommandOption("--write")]
    [Description("Also write the run folder (CSV tables, to a temporary folder that is deleted), as `run` does.")]
    public bool Write { get; init; }

    [CommandOption("--checkpoint-every <LIST>")]
    [Description("Months between checkpoints, comma-separated (0: none), each measured as `run --checkpoint-every K` does it (run folder written, checkpoints kept in it); the overhead against 0 is printed. Implies --write.")]
    public string? CheckpointEvery { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Seed of the generated scenarios and of the runs.")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    /// <summary>Internal: measure one (size, engine) in this process and print one JSON line.</summary>
    [CommandOption("--single", IsHidden = true)]
    public bool Single { get; init; }
}

/// <summary>
/// `kerjasama bench`: wall time of the engines on generated scenarios (the reference loop in parallel and on one thread,
/// Orleans on 1 or more in-process silos, and with --cluster on separate silo processes with Redis membership), time per
/// region, month and lane, the ratio to the reference engine, grain calls per month and peak memory. Each measurement runs
/// in a fresh child process so that peak memory belongs to it alone (silo processes: the sum of their own peaks).
/// Aggregation is included, and writing the run folder with --write; scenario generation and silo start-up are not timed.
/// </summary>
public sealed class BenchCommand : AsyncCommand<BenchSettings>
{
    /// <summary>One measurement; <paramref name="PeakMiB"/> is the measuring process's, <paramref name="SilosPeakMiB"/> the silo processes' (engine cluster).</summary>
    private sealed record Measurement(int Regions, int Lanes, string Engine, int Silos, double Seconds, double StartupSeconds, double CallsPerTick, double PeakMiB, int Agreements, int Months,
        double SilosPeakMiB = 0, int CheckpointEvery = 0, int Checkpoints = 0, double CheckpointSeconds = 0, long CheckpointBytes = 0,
        double FirstMonthSeconds = 0);

    /// <summary>The engine name of Orleans on silo processes (--cluster), as measurements and child processes carry it.</summary>
    private const string ClusterEngine = "cluster";

    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var cancellationToken = cancel.Token;
        var sizes = settings.Scenario is not null ? [0]
            : ParseList(settings.Regions, "--regions").Select(s => int.TryParse(s, out var n) && n >= 2 ? n : throw new InputException($"--regions: '{s}' is not a whole number ≥ 2")).ToArray();
        var laneCounts = ParseList(settings.Lanes, "--lanes").Select(s => int.TryParse(s, out var n) && n is >= 1 and <= 100_000 ? n : throw new InputException($"--lanes: '{s}' is not a whole number from 1 to 100000")).ToArray();
        if (settings.Scenario is not null) ScenarioInput.Load(settings.Scenario, null);
        var engines = ParseList(settings.Engines, "--engines");
        foreach (var e in engines)
        {
            if (e is not ("reference" or "serial" or "orleans") && !(settings.Single && e == ClusterEngine)) throw new InputException($"--engines: unknown engine '{e}' (reference, serial or orleans; --cluster adds silo processes)");
        }
        var siloCounts = ParseList(settings.Silos, "--silos").Select(s => int.TryParse(s, out var n) && n is >= 1 and <= 16 ? n : throw new InputException($"--silos: '{s}' is not a whole number from 1 to 16")).ToArray();
        if (settings.Shards < 0) throw new InputException($"--shards: {settings.Shards} is negative");
        var clusterSizes = settings.Cluster is null ? []
            : ParseList(settings.Cluster, "--cluster").Select(s => int.TryParse(s, out var n) && n is >= 1 and <= 16 ? n : throw new InputException($"--cluster: '{s}' is not a whole number from 1 to 16")).ToArray();
        if (clusterSizes.Length > 0 && !settings.Single)
        {
            if (settings.Shards != 0) throw new InputException("--shards: applies to in-process silos only; silo processes (--cluster) run two shards per silo, as `run --connect` does");
            // Both programs are looked for before anything is measured: a missing one is one line, at once.
            SiloProcessCluster.FindRedisServer();
            SiloProcessCluster.FindSilo(settings.SiloProgram);
        }
        var intervals = settings.CheckpointEvery is null ? [0]
            : ParseList(settings.CheckpointEvery, "--checkpoint-every").Select(s => int.TryParse(s, out var n) && n is >= 0 and <= 1200 ? n : throw new InputException($"--checkpoint-every: '{s}' is not a whole number from 0 to 1200")).ToArray();
        if (settings.Single) return await MeasureHere(sizes[0], laneCounts[0], engines[0], siloCounts[0], intervals[0], settings, cancellationToken);
        var runs = engines.SelectMany(e => e == "orleans" ? siloCounts.Select(n => (Engine: e, Silos: n)) : [(Engine: e, Silos: 0)])
            .Concat(clusterSizes.Select(n => (Engine: ClusterEngine, Silos: n)))
            .SelectMany(r => intervals.Select(k => (r.Engine, r.Silos, Every: k))).ToArray();
        var write = settings.Write || settings.CheckpointEvery is not null;

        var results = new List<Measurement>();
        AnsiConsole.MarkupLineInterpolated($"Benchmark: {settings.Scenario ?? "generated scenarios"}, {settings.Months} months, seed {settings.Seed}, {Environment.ProcessorCount} cores{(write ? ", run folder written" : "")}");
        foreach (var n in sizes)
        {
            foreach (var lanes in laneCounts)
            {
                foreach (var (engine, silos, every) in runs)
                {
                    AnsiConsole.MarkupLineInterpolated($"  {(n == 0 ? "scenario" : n + " regions")}, {lanes} lanes, {Label(engine, silos, every)}…");
                    results.Add(await MeasureInChild(n, lanes, engine, silos, every, settings, cancellationToken));
                }
            }
        }

        var table = new Table().Border(TableBorder.Simple).Title("Engine benchmark");
        foreach (var c in new[] { "Regions", "Agr.", "Lanes", "Engine", "Wall s", "µs/region-month-lane", "µs steady", "Ratio", "Calls/month", "Peak MiB" })
        {
            // Two spaces between columns instead of three, so that ten columns (with the longest engine name) fit a terminal of 120.
            table.AddColumn((c == "Engine" ? new TableColumn(c) : new TableColumn(c).RightAligned()).PadLeft(0));
        }
        table.Columns[^1].PadRight(0);
        foreach (var m in results)
        {
            var reference = results.FirstOrDefault(r => r.Regions == m.Regions && r.Lanes == m.Lanes && r.Engine == "reference" && r.CheckpointEvery == m.CheckpointEvery);
            var ratio = reference is null ? "–" : (m.Seconds / reference.Seconds).ToString("0.00", CultureInfo.InvariantCulture) + "x";
            string PerUnit(double seconds, int months) => (seconds * 1e6 / ((double)m.Regions * months * m.Lanes)).ToString("0.000", CultureInfo.InvariantCulture);
            // Steady: without the first month, which also builds the world and compiles the code on first use (what a region-month-lane costs once running).
            var steady = m.FirstMonthSeconds > 0 && m.Months > 1 ? PerUnit(m.Seconds - m.FirstMonthSeconds, m.Months - 1) : "–";
            // Peak MiB is the measuring process's (with its in-process silos); on silo processes, "client + silos".
            var peak = m.PeakMiB.ToString("0", CultureInfo.InvariantCulture);
            if (m.Engine == ClusterEngine && m.SilosPeakMiB > 0) peak += " + " + m.SilosPeakMiB.ToString("0", CultureInfo.InvariantCulture);
            table.AddRow(m.Regions.ToString(CultureInfo.InvariantCulture), m.Agreements.ToString(CultureInfo.InvariantCulture), m.Lanes.ToString(CultureInfo.InvariantCulture), Label(m.Engine, m.Silos, m.CheckpointEvery),
                m.Seconds.ToString("0.00", CultureInfo.InvariantCulture), PerUnit(m.Seconds, m.Months), steady, ratio,
                m.Engine is "orleans" or ClusterEngine ? m.CallsPerTick.ToString("0", CultureInfo.InvariantCulture) : "–", peak);
        }
        var startup = results.Where(r => r.Engine is "orleans" or ClusterEngine).Select(r => r.StartupSeconds).DefaultIfEmpty().Max();
        var captions = new List<string>();
        if (startup > 0) captions.Add($"Silo start-up (not timed above): up to {startup.ToString("0.00", CultureInfo.InvariantCulture)} s");
        if (results.Any(r => r.CheckpointEvery > 0)) captions.Add("cp K: checkpoints every K months, as run --checkpoint-every K writes them");
        if (captions.Count > 0) table.Caption(string.Join("; ", captions));
        AnsiConsole.Write(table);
        foreach (var m in results.Where(r => r.CheckpointEvery > 0))
        {
            var without = results.FirstOrDefault(r => r.Regions == m.Regions && r.Lanes == m.Lanes && r.Engine == m.Engine && r.Silos == m.Silos && r.CheckpointEvery == 0);
            var overhead = without is null ? "" : $": {((m.Seconds / without.Seconds - 1) * 100).ToString("+0.0;-0.0", CultureInfo.InvariantCulture)}% wall time against none";
            var size = m.CheckpointBytes / (double)Math.Max(1, m.Checkpoints);
            var shown = size >= 1 << 20 ? (size / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB" : (size / 1024).ToString("0", CultureInfo.InvariantCulture) + " KiB";
            AnsiConsole.MarkupLineInterpolated($"{Label(m.Engine, m.Silos, m.CheckpointEvery)}, {m.Regions} regions, {m.Lanes} lanes{overhead} ({m.Checkpoints} checkpoint{(m.Checkpoints == 1 ? "" : "s")} of {shown}, {m.CheckpointSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s in all)");
        }
        if (laneCounts.Length > 1)
        {
            foreach (var group in results.GroupBy(r => (r.Engine, r.Silos, r.Regions, r.CheckpointEvery)))
            {
                var one = group.MinBy(r => r.Lanes)!;
                var most = group.MaxBy(r => r.Lanes)!;
                AnsiConsole.MarkupLineInterpolated($"{Label(group.Key.Engine, group.Key.Silos, group.Key.CheckpointEvery)}, {group.Key.Regions} regions: {most.Lanes} lanes take {(most.Seconds / one.Seconds).ToString("0.0", CultureInfo.InvariantCulture)}x the time of {one.Lanes}");
            }
        }
        return ExitCodes.Ok;
    }

    private static string Label(string engine, int silos, int every = 0) => engine switch
    {
        "serial" => "reference serial",
        "orleans" => silos == 1 ? "orleans 1 silo" : $"orleans {silos} silos",
        ClusterEngine => silos == 1 ? "orleans 1 silo process" : $"orleans {silos} silo processes",
        _ => engine,
    } + (every > 0 ? $", cp {every}" : "");

    private static string[] ParseList(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new InputException($"{option}: empty list");
        return items;
    }

    private static async Task<Measurement> MeasureInChild(int regions, int lanes, string engine, int silos, int every, BenchSettings s, CancellationToken cancellationToken)
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
        var info = new ProcessStartInfo(process) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(process) == "dotnet") info.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        foreach (var a in new[] { "bench", "--single", "--regions", Math.Max(2, regions).ToString(CultureInfo.InvariantCulture), "--engines", engine,
                     "--months", s.Months.ToString(CultureInfo.InvariantCulture), "--lanes", lanes.ToString(CultureInfo.InvariantCulture),
                     "--silos", Math.Max(1, silos).ToString(CultureInfo.InvariantCulture), "--seed", s.Seed.ToString(CultureInfo.InvariantCulture),
                     "--shards", s.Shards.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }
        if (s.Write) info.ArgumentList.Add("--write");
        if (s.CheckpointEvery is not null)
        {
            info.ArgumentList.Add("--checkpoint-every");
            info.ArgumentList.Add(every.ToString(CultureInfo.InvariantCulture));
        }
        if (engine == ClusterEngine)
        {
            info.ArgumentList.Add("--silo-program");
            info.ArgumentList.Add(SiloProcessCluster.FindSilo(s.SiloProgram));
        }
        if (s.Scenario is not null)
        {
            info.ArgumentList.Add("--scenario");
            info.ArgumentList.Add(Path.GetFullPath(s.Scenario));
        }
        using var child = Process.Start(info) ?? throw new InvalidOperationException("could not start the measurement process");
        var stdout = child.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = child.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await child.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the measurement and whatever it started (silo processes, redis-server) end with it.
            if (!child.HasExited) child.Kill(entireProcessTree: true);
            throw;
        }
        // Ctrl+C reaches the measurement too, which may end first (exit code 1): still an interruption, not a failure.
        cancellationToken.ThrowIfCancellationRequested();
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (child.ExitCode != 0 || line is null)
        {
            var error = (await stderr).Trim();
            // A problem the measurement reported as one line (e.g. a silo that did not start) is passed on as it is.
            if (child.ExitCode is ExitCodes.Failure or ExitCodes.InputError && error.Length > 0 && !error.Contains('\n'))
            {
                throw new CommandFailedException(error.StartsWith("kerjasama: ", StringComparison.Ordinal) ? error["kerjasama: ".Length..] : error);
            }
            throw new InvalidOperationException($"measurement of {regions} regions on {Label(engine, silos)} failed: {error}");
        }
        return JsonSerializer.Deserialize<Measurement>(line)!;
    }

    private static async Task<int> MeasureHere(int regions, int lanes, string engine, int silos, int every, BenchSettings s, CancellationToken cancellationToken)
    {
        var scenario = s.Scenario is not null ? ScenarioInput.Load(s.Scenario, null).Scenario : ScenarioGenerator.Generate(regions, s.Seed);
        scenario = scenario with { Run = scenario.Run with { Months = s.Months, Replications = lanes, Seed = s.Seed } };
        var startup = Stopwatch.StartNew();
        EmbeddedCluster? cluster = engine == "orleans" ? await EmbeddedCluster.StartAsync(silos, cancellationToken) : null;
        await using var host = cluster;
        // Silo processes: started here and stopped when this measurement ends, however it ends (the parent kills this
        // process's tree on Ctrl+C). The client is the `run --connect` one.
        await using var processes = engine == ClusterEngine
            ? await SiloProcessCluster.StartAsync(silos, SiloProcessCluster.FindRedisServer(), SiloProcessCluster.FindSilo(s.SiloProgram), cancellationToken)
            : null;
        await using var remote = processes is null ? null : await ConnectAllAsync(processes, cancellationToken);
        var session = (Engine: engine switch
        {
            "serial" => (ISimulationEngine)new ReferenceEngine(parallel: false),
            "reference" => new ReferenceEngine(),
            ClusterEngine => remote!.Engine,
            _ => new OrleansEngine(cluster!.Client, silos, s.Shards),
        }, Host: cluster);
        startup.Stop();
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var firstMonth = 0.0;
        long calls = 0;
        var folder = Path.Combine(Path.GetTempPath(), "kerjasama-bench-" + Guid.NewGuid().ToString("N"));
        (int Count, double Seconds, long Bytes) checkpoints = default;
        try
        {
            if (s.CheckpointEvery is not null)
            {
                // As `run --checkpoint-every K --out DIR` writes its folder (K = 0: as `run --out DIR`).
                var plan = every == 0 ? null : new CheckpointPlan(every, CheckpointPlan.FolderStore(RunWriter.IncompleteFolder(folder)), CheckpointPlan.FolderStoreName, Keep: true);
                await using var job = new RunJob(scenario, folder, new RunOrigin("bench", "", "kerjasama bench"), checkpoints: plan);
                await job.RunAsync(session.Engine, cancellationToken: cancellationToken);
                calls = job.Calls;
                var blobs = Directory.Exists(Path.Combine(folder, CheckpointPlan.FolderName))
                    ? Directory.GetFiles(Path.Combine(folder, CheckpointPlan.FolderName), "*", SearchOption.AllDirectories) : [];
                checkpoints = (job.CheckpointCount, job.CheckpointTime.TotalSeconds, blobs.Sum(f => new FileInfo(f).Length));
                clock.Stop();
                return Report(clock);
            }
            await using var run = await session.Engine.StartAsync(scenario, cancellationToken);
            using var writer = s.Write ? RunWriter.Begin(folder, run.Headers) : null;
            for (var m = 0; m < run.Months; m++)
            {
                var rows = await run.AdvanceAsync(cancellationToken);
                writer?.Write(rows);
                calls += run.CallsLastMonth;
                if (m == 0) firstMonth = clock.Elapsed.TotalSeconds;
            }
            await run.FinishAsync(cancellationToken);
            writer?.Complete(files => RunFolders.Manifest(new RunOrigin("bench", "", "kerjasama bench"), scenario, session.Engine, DateTime.UtcNow, clock.Elapsed, files));
        }
        catch (Exception e) when (processes?.Problem() is { } problem && e is not OperationCanceledException)
        {
            throw new CommandFailedException(problem);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
        clock.Stop();
        return Report(clock);

        int Report(Stopwatch elapsed)
        {
            var result = new Measurement(scenario.Regions.Count, lanes, engine, silos, elapsed.Elapsed.TotalSeconds, startup.Elapsed.TotalSeconds,
                (double)calls / s.Months, PeakMemoryMiB(), scenario.Agreements.Count, s.Months, processes?.SilosPeakMiB() ?? 0, every, checkpoints.Count, checkpoints.Seconds, checkpoints.Bytes, firstMonth);
            Console.Out.WriteLine(JsonSerializer.Serialize(result));
            return ExitCodes.Ok;
        }
    }

    /// <summary>
    /// Connects to the silo processes as `run --connect redis://…` does, once every one of them is active in the
    /// membership the client sees (the engine spreads its shards over the silos active when it starts).
    /// </summary>
    private static async Task<EngineSession> ConnectAllAsync(SiloProcessCluster processes, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var session = await EngineSession.StartAsync("orleans", 0, processes.Connect, cancellationToken);
            var active = session.Cluster?.Silos.Count ?? 0;
            if (active == processes.SiloCount) return session;
            await session.DisposeAsync();
            if (processes.Problem() is { } problem) throw new CommandFailedException(problem);
            if (DateTime.UtcNow > deadline) throw new CommandFailedException($"--cluster: {active} of {processes.SiloCount} silo processes active in Redis after 60 s");
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>Peak resident memory of this process (VmHWM on Linux, else the peak working set), MiB.</summary>
    private static double PeakMemoryMiB()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                if (double.TryParse(kb, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v / 1024;
            }
        }
        return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
