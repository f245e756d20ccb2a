using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KerjasamaGraph.Client.Hosting;
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
    [DefaultValue(120)]
    public int Months { get; init; } = 120;

    [CommandOption("--lanes <R>")]
    [Description("Replications carried as lanes.")]
    [DefaultValue(64)]
    public int Lanes { get; init; } = 64;

    [CommandOption("--engines <LIST>")]
    [DefaultValue("reference,orleans")]
    public string Engines { get; init; } = "reference,orleans";

    [CommandOption("--silos <N>")]
    [Description("Silos for the Orleans engine.")]
    [DefaultValue(1)]
    public int Silos { get; init; } = 1;

    [CommandOption("--seed <S>")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    /// <summary>Internal: measure one (size, engine) in this process and print one JSON line.</summary>
    [CommandOption("--single", IsHidden = true)]
    public bool Single { get; init; }
}

/// <summary>
/// `kerjasama bench`: wall time of both engines on generated scenarios, their ratio, grain calls per tick and
/// peak memory. Each measurement runs in a fresh child process so that peak memory belongs to it alone.
/// Output files are not written (aggregation is included); scenario generation and silo start-up are not timed.
/// </summary>
public sealed class BenchCommand : AsyncCommand<BenchSettings>
{
    private sealed record Measurement(int Regions, string Engine, double Seconds, double StartupSeconds, double CallsPerTick, double PeakMiB, int Agreements);

    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var cancellationToken = cancel.Token;
        var sizes = ParseList(settings.Regions, "--regions").Select(s => int.TryParse(s, out var n) && n >= 2 ? n : throw new InputException($"--regions: '{s}' is not a whole number ≥ 2")).ToArray();
        var engines = ParseList(settings.Engines, "--engines");
        foreach (var e in engines) if (e is not ("reference" or "orleans")) throw new InputException($"--engines: unknown engine '{e}'");
        if (settings.Single) return await MeasureHere(sizes[0], engines[0], settings, cancellationToken);

        var results = new List<Measurement>();
        AnsiConsole.MarkupLineInterpolated($"Benchmark: {settings.Months} months, {settings.Lanes} lanes, seed {settings.Seed}, Orleans on {settings.Silos} silo(s), {Environment.ProcessorCount} cores");
        foreach (var n in sizes)
        {
            foreach (var engine in engines)
            {
                AnsiConsole.MarkupLineInterpolated($"  {n} regions, {engine}…");
                results.Add(await MeasureInChild(n, engine, settings, cancellationToken));
            }
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Engine benchmark");
        foreach (var c in new[] { "Regions", "Agreements", "Engine", "Wall s", "Ratio", "Calls/tick", "Peak MiB" })
        {
            table.AddColumn(c == "Engine" ? new TableColumn(c) : new TableColumn(c).RightAligned());
        }
        foreach (var m in results)
        {
            var reference = results.FirstOrDefault(r => r.Regions == m.Regions && r.Engine == "reference");
            var ratio = reference is null ? "–" : (m.Seconds / reference.Seconds).ToString("0.00", CultureInfo.InvariantCulture) + "x";
            table.AddRow(m.Regions.ToString(CultureInfo.InvariantCulture), m.Agreements.ToString(CultureInfo.InvariantCulture), m.Engine,
                m.Seconds.ToString("0.00", CultureInfo.InvariantCulture), ratio,
                m.Engine == "orleans" ? m.CallsPerTick.ToString("0", CultureInfo.InvariantCulture) : "–",
                m.PeakMiB.ToString("0", CultureInfo.InvariantCulture));
        }
        var startup = results.Where(r => r.Engine == "orleans").Select(r => r.StartupSeconds).DefaultIfEmpty().Max();
        if (startup > 0) table.Caption($"Silo start-up (not timed above): up to {startup.ToString("0.00", CultureInfo.InvariantCulture)} s");
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static string[] ParseList(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new InputException($"{option}: empty list");
        return items;
    }

    private static async Task<Measurement> MeasureInChild(int regions, string engine, BenchSettings s, CancellationToken cancellationToken)
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path");
        var info = new ProcessStartInfo(process) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(process) == "dotnet") info.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        foreach (var a in new[] { "bench", "--single", "--regions", regions.ToString(CultureInfo.InvariantCulture), "--engines", engine,
                     "--months", s.Months.ToString(CultureInfo.InvariantCulture), "--lanes", s.Lanes.ToString(CultureInfo.InvariantCulture),
                     "--silos", s.Silos.ToString(CultureInfo.InvariantCulture), "--seed", s.Seed.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }
        using var child = Process.Start(info) ?? throw new InvalidOperationException("could not start the measurement process");
        var stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (child.ExitCode != 0 || line is null) throw new InvalidOperationException($"measurement of {regions} regions on {engine} failed: {(await stderr).Trim()}");
        return JsonSerializer.Deserialize<Measurement>(line)!;
    }

    private static async Task<int> MeasureHere(int regions, string engine, BenchSettings s, CancellationToken cancellationToken)
    {
        var scenario = ScenarioGenerator.Generate(regions, s.Seed);
        scenario = scenario with { Run = scenario.Run with { Months = s.Months, Replications = s.Lanes, Seed = s.Seed } };
        var startup = Stopwatch.StartNew();
        await using var session = await EngineSession.StartAsync(engine, s.Silos, null, cancellationToken);
        startup.Stop();
        GC.Collect();
        var clock = Stopwatch.StartNew();
        long calls = 0;
        await using (var run = await session.Engine.StartAsync(scenario, cancellationToken))
        {
            for (var m = 0; m < run.Months; m++)
            {
                await run.AdvanceAsync(cancellationToken);
                calls += run.CallsLastMonth;
            }
            await run.FinishAsync(cancellationToken);
        }
        clock.Stop();
        var result = new Measurement(regions, engine, clock.Elapsed.TotalSeconds, startup.Elapsed.TotalSeconds,
            (double)calls / s.Months, PeakMemoryMiB(), scenario.Agreements.Count);
        Console.Out.WriteLine(JsonSerializer.Serialize(result));
        return ExitCodes.Ok;
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
