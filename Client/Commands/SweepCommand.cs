using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using KerjasamaGraph.Client.Hosting;
using KerjasamaGraph.Client.Presentation;
using KerjasamaGraph.Model.Experiments;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class SweepSettings : SimulationSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Scenario file (YAML).")]
    public override string File { get; init; } = "";

    [CommandOption("--param <PATH=LO..HI[:STEPS]>")]
    [Description("A numeric scenario field and its range, e.g. policies.one_gate.review_months=1..4:4 or agreements.ks-01.amount=1e9..5e9. Repeat for several.")]
    public string[] Params { get; init; } = [];

    [CommandOption("--design <DESIGN>")]
    [Description("factorial (default), lhs (Latin hypercube) or morris (elementary effects).")]
    [DefaultValue("factorial")]
    public string Design { get; init; } = "factorial";

    [CommandOption("--samples <N>")]
    [Description("lhs: number of points; morris: number of trajectories (each has one point per parameter plus one).")]
    [DefaultValue(10)]
    public int Samples { get; init; } = 10;

    [CommandOption("--parallel <N>")]
    [Description("Points run at the same time.")]
    [DefaultValue(4)]
    public int Parallel { get; init; } = 4;

    [CommandOption("--out <DIR>")]
    [Description("Sweep folder (must not exist, unless --resume).")]
    public string? Out { get; init; }

    [CommandOption("--resume")]
    [Description("Continue the interrupted sweep in --out: finished points are kept, the others run.")]
    public bool Resume { get; init; }
}

/// <summary>
/// `kerjasama sweep`: runs a scenario at many parameter points (full factorial, Latin hypercube or Morris
/// trajectories), several at a time on the silos, streaming one row per finished point to points.csv so memory
/// stays flat; a failed point is recorded with its error and the sweep goes on; --resume skips finished points.
/// When the sweep ends the table is also written as points.parquet.
/// Morris designs also get morris.csv (μ, μ*, σ of each parameter's elementary effects, per indicator).
/// </summary>
public sealed class SweepCommand(IAnsiConsole console) : AsyncCommand<SweepSettings>
{
    private const string PointsFile = "points.csv";
    private const string ManifestFile = "sweep.json";

    public override async Task<int> ExecuteAsync(CommandContext context, SweepSettings s, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var token = cancel.Token;
        EmbeddedTelemetry.From(s); // bad metrics options are input errors before anything is read or written
        var (scenario, hash) = ScenarioInput.Load(s.File, null);
        scenario = ScenarioInput.WithRunOverrides(scenario, s.Months, s.Seed, s.Replications);
        var parameters = ParseParameters(s);
        var pathErrors = SweepParameter.Check(s.File, scenario, parameters);
        if (pathErrors.Count > 0) throw new InputException(pathErrors);
        var design = s.Design switch
        {
            "factorial" => SweepDesign.Factorial(parameters.Select(p => p.Steps).ToArray()),
            "lhs" => SweepDesign.LatinHypercube(parameters.Count, Positive(s.Samples, "--samples"), scenario.Run.Seed),
            "morris" => SweepDesign.Morris(parameters.Count, Positive(s.Samples, "--samples"), scenario.Run.Seed),
            _ => throw new InputException($"--design: unknown design '{s.Design}' (factorial, lhs or morris)"),
        };
        if (s.Parallel is < 1 or > 64) throw new InputException($"--parallel: {s.Parallel} is out of range (1 to 64)");

        var outDir = Path.GetFullPath(s.Out ?? RunWriter.UniqueFolder("runs", Path.GetFileNameWithoutExtension(s.File) + "-sweep", DateTime.UtcNow));
        var manifest = new SweepManifest(s.File, hash, s.Design, parameters.Select(p => $"{p.Path}={R(p.Low)}..{R(p.High)}:{p.Steps}").ToArray(),
            design.Points.Count, scenario.Run.Seed, scenario.Run.Replications, scenario.Run.Months, RunCommand.ProgramVersion());
        var done = PrepareFolder(outDir, manifest, s.Resume);

        var header = new List<string> { "point", "status", "error", "seed", "replications" };
        header.AddRange(parameters.Select(p => p.Path));
        foreach (var name in LaneIndicators.Names) header.AddRange([name + "_mean", name + "_p05", name + "_p95"]);
        var pointsPath = Path.Combine(outDir, PointsFile);
        var fresh = !File.Exists(pointsPath);
        await using var csv = CsvFiles.Open(pointsPath, fresh ? header : [], append: true);
        await csv.FlushAsync();

        var todo = Enumerable.Range(0, design.Points.Count).Where(i => !done.Contains(i)).ToArray();
        if (!s.Quiet)
        {
            console.MarkupLineInterpolated($"Sweep of {s.File}: {design.Points.Count} points ({s.Design}), {done.Count} already finished, {todo.Length} to run, {s.Parallel} at a time");
            console.Write(new Markup("Sweep folder: "));
            console.WriteLine(outDir);
        }
        var failures = 0;
        var finished = 0;
        string? firstError = null;
        var gate = new SemaphoreSlim(s.Parallel);
        var writeLock = new SemaphoreSlim(1);
        KerjasamaGraph.Cluster.Telemetry.OtlpTarget? metrics = null;
        try
        {
            await using var session = await EngineSession.StartAsync(s, token);
            metrics = session.Metrics;
            async Task RunPoint(int index, Action advance)
            {
                await gate.WaitAsync(token);
                try
                {
                    var values = parameters.Select((p, k) => p.At(design.Points[index][k])).ToArray();
                    var row = new List<string> { index.ToString(CultureInfo.InvariantCulture) };
                    try
                    {
                        // On a cluster, a point whose silo dies under it is run again on the survivors.
                        var summary = await session.RerunIfSiloLostAsync(pointToken => Simulate(session.Engine, s.File, parameters, values, scenario, pointToken),
                            $"point {index.ToString(CultureInfo.InvariantCulture)}", token);
                        row.AddRange(["ok", "", R(scenario.Run.Seed), scenario.Run.Replications.ToString(CultureInfo.InvariantCulture)]);
                        row.AddRange(values.Select(R));
                        row.AddRange(summary);
                    }
                    catch (InputException e)
                    {
                        // The point's values are refused by the scenario's checks: recorded, and the sweep goes on.
                        Interlocked.Increment(ref failures);
                        var message = string.Join(" | ", e.Lines);
                        Interlocked.CompareExchange(ref firstError, $"point {index}: {message}", null);
                        row.AddRange(["failed", message, R(scenario.Run.Seed), scenario.Run.Replications.ToString(CultureInfo.InvariantCulture)]);
                        row.AddRange(values.Select(R));
                        row.AddRange(Enumerable.Repeat("", 3 * LaneIndicators.Count));
                    }
                    await writeLock.WaitAsync(CancellationToken.None);
                    try
                    {
                        CsvFiles.WriteRow(csv, row);
                        await csv.FlushAsync();
                        if (row[1] == "ok") finished++;
                        advance();
                    }
                    finally { writeLock.Release(); }
                }
                finally { gate.Release(); }
            }
            if (s.Quiet) await Task.WhenAll(todo.Select(i => RunPoint(i, () => { })));
            else
            {
                await console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("points", maxValue: Math.Max(1, todo.Length));
                        if (todo.Length == 0) task.Value = 1;
                        await Task.WhenAll(todo.Select(i => RunPoint(i, () => task.Increment(1))));
                    });
            }
        }
        catch (OperationCanceledException e) when (token.IsCancellationRequested)
        {
            await csv.FlushAsync();
            var kept = done.Count + finished;
            var resume = KerjasamaApp.CurrentArguments.ToList();
            if (s.Out is null) resume.AddRange(["--out", outDir]);
            if (!s.Resume) resume.Add("--resume");
            throw new CommandInterruptedException(
                $"kept {kept} of {design.Points.Count} finished points in {Path.Combine(outDir, PointsFile)}; " +
                $"resume with: {KerjasamaApp.CommandLine(resume)}", e);
        }

        if (design.Kind == DesignKind.Morris) WriteMorris(outDir, design, parameters);
        await ParquetExport.FromCsvAsync(pointsPath, Path.Combine(outDir, "points.parquet"), new HashSet<string>(["status", "error", "seed"]), token);
        WriteCharts(outDir, design, parameters);
        var ran = todo.Length - failures;
        if (todo.Length > 0 && ran == 0 && done.Count == 0)
        {
            throw new CommandFailedException(
                $"every point of the sweep failed ({failures} of {design.Points.Count}); the errors are in {pointsPath}; the first: {firstError}");
        }
        if (s.Quiet) console.WriteLine(outDir);
        else
        {
            console.MarkupLineInterpolated($"[green]{ran} points ran[/]{(failures > 0 ? $", [yellow]{failures} failed[/] (their errors are in points.csv)" : "")}; {done.Count} were already finished.");
            console.MarkupLineInterpolated($"Written: points.csv, points.parquet{(design.Kind == DesignKind.Morris ? ", morris.csv" : "")} and charts/ (PNG and SVG).");
            MetricsNote.Write(console, metrics);
            console.Write(new Markup("[green]Sweep folder:[/] "));
            console.WriteLine(outDir);
        }
        if (failures > 0 && firstError is not null) Console.Error.WriteLine($"kerjasama: {failures} of {todo.Length} points failed; the first: {firstError}");
        return ExitCodes.Ok;
    }

    private static int Positive(int n, string option) => n >= 1 ? n : throw new InputException($"{option}: must be at least 1");

    private static List<SweepParameter> ParseParameters(SweepSettings s)
    {
        if (s.Params.Length == 0) throw new InputException("--param: give at least one PATH=LO..HI[:STEPS]");
        var errors = new List<string>();
        var result = new List<SweepParameter>();
        foreach (var text in s.Params)
        {
            var p = SweepParameter.TryParse(text, 3, out var error);
            if (p is null) errors.Add(error!);
            else if (result.Any(q => q.Path == p.Path)) errors.Add($"--param {text}: {p.Path} is swept twice");
            else result.Add(p);
        }
        if (errors.Count > 0) throw new InputException(errors);
        return result;
    }

    /// <summary>One point: the scenario with the point's values (through the format's own merge and validation), run to the end.</summary>
    private static async Task<IEnumerable<string>> Simulate(ISimulationEngine engine, string file, List<SweepParameter> parameters, double[] values,
        Scenario baseRun, CancellationToken token)
    {
        var overlay = SweepParameter.Overlay(file, parameters, values);
        var loaded = ScenarioLoader.LoadText(overlay, file + "#sweep-point");
        if (!loaded.Ok) throw new InputException(loaded.Errors.Select(e => e.ToString()).ToArray());
        var scenario = loaded.Scenario! with { Run = baseRun.Run };
        var lanes = scenario.Run.Replications;
        var totals = new RunTotals(lanes);
        await using (var run = await engine.StartAsync(scenario, token))
        {
            for (var m = 0; m < run.Months; m++) totals.Add((await run.AdvanceAsync(token)).Lanes);
            await run.FinishAsync(token);
        }
        var scratch = new double[lanes];
        var cells = new List<string>();
        for (var i = 0; i < LaneIndicators.Count; i++)
        {
            var (mean, p05, p95) = Descriptive.Bands(totals.Result(i), scratch);
            cells.AddRange([R(mean), R(p05), R(p95)]);
        }
        return cells;
    }

    private static string R(double v) => RunAggregator.Format(v);
    private static string R(ulong v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>sweep.json uses the snake_case keys of every other JSON file the program writes (manifest.json, comparison.json).</summary>
    private static readonly JsonSerializerOptions ManifestJson = new(RunManifest.JsonOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record SweepManifest(string ScenarioPath, string ScenarioHash, string Design, string[] Parameters, int Points, ulong Seed,
        int Replications, int Months, string ProgramVersion);

    /// <summary>Creates the sweep folder, or (with --resume) checks it belongs to the same sweep and returns the finished points.</summary>
    private static HashSet<int> PrepareFolder(string outDir, SweepManifest manifest, bool resume)
    {
        var manifestPath = Path.Combine(outDir, ManifestFile);
        var json = JsonSerializer.Serialize(manifest, ManifestJson);
        if (!resume)
        {
            if (Directory.Exists(outDir) || File.Exists(outDir))
            {
                throw new InputException($"{outDir}: output folder already exists; use --resume to continue that sweep, or choose another --out");
            }
            Directory.CreateDirectory(outDir);
            File.WriteAllText(manifestPath, json + "\n", new UTF8Encoding(false));
            return [];
        }
        if (!File.Exists(manifestPath)) throw new InputException($"{outDir}: no {ManifestFile} here; --resume needs the folder of an earlier sweep");
        var earlier = JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(manifestPath), ManifestJson);
        if (earlier is null
            || JsonSerializer.Serialize(earlier with { ProgramVersion = "" }) != JsonSerializer.Serialize(manifest with { ProgramVersion = "" }))
        {
            throw new InputException($"{manifestPath}: the sweep there has another scenario, design, parameters, seed or size; resume it with the same command");
        }
        // Keep the finished points; failed ones run again (their failure may have been the interruption).
        var pointsPath = Path.Combine(outDir, PointsFile);
        var finished = new HashSet<int>();
        if (!File.Exists(pointsPath)) return finished;
        var lines = File.ReadAllLines(pointsPath);
        var kept = new List<string> { lines[0] };
        using (var reader = new CsvReader(new StringReader(string.Join('\n', lines)), CultureInfo.InvariantCulture))
        {
            reader.Read();
            reader.ReadHeader();
            var row = 1;
            while (reader.Read())
            {
                if (reader.GetField("status") == "ok" && int.TryParse(reader.GetField("point"), out var p) && finished.Add(p)) kept.Add(lines[row]);
                row++;
            }
        }
        File.WriteAllText(pointsPath, string.Join('\n', kept) + "\n", new UTF8Encoding(false));
        return finished;
    }

    /// <summary>
    /// Sensitivity charts (PNG and SVG) in DIR/charts: for Morris designs μ* against σ of the total benefit, one point per
    /// parameter (Campolongo et al. 2007); otherwise the total benefit of every finished point against each parameter.
    /// </summary>
    private static void WriteCharts(string outDir, SweepDesign design, List<SweepParameter> parameters)
    {
        var charts = new List<Reports.Chart>();
        var table = Reports.CsvTable.Read(Path.Combine(outDir, PointsFile));
        var ok = table.Rows.Where(r => table.Text(r, "status") == "ok").ToList();
        if (design.Kind == DesignKind.Morris)
        {
            var morris = Reports.CsvTable.Read(Path.Combine(outDir, "morris.csv"));
            var rows = morris.Rows.Where(r => morris.Text(r, "indicator") == "benefit_total")
                .Select(r => (morris.Number(r, "mu_star"), morris.Number(r, "sigma"), morris.Text(r, "parameter"))).ToList();
            charts.Add(Reports.BriefCharts.Points("morris-benefit_total", "Morris screening of total benefit: μ* (importance) against σ (interaction, non-linearity)",
                rows, "μ* (Rp per unit of the parameter)", "σ"));
        }
        else
        {
            foreach (var p in parameters)
            {
                var points = ok.Select(r => (table.Number(r, p.Path), table.Number(r, "benefit_total_mean") / 1e6, "")).ToList();
                charts.Add(Reports.BriefCharts.Points("benefit_total-vs-" + p.Path.Replace('.', '_'), $"Total benefit (Rp million) against {p.Path}", points, p.Path, "total benefit (Rp million)"));
            }
        }
        var folder = Path.Combine(outDir, "charts");
        Directory.CreateDirectory(folder);
        foreach (var chart in charts)
        {
            File.WriteAllBytes(Path.Combine(folder, chart.Name + ".png"), chart.Png);
            File.WriteAllText(Path.Combine(folder, chart.Name + ".svg"), chart.Svg, new UTF8Encoding(false));
        }
    }

    private static void WriteMorris(string outDir, SweepDesign design, List<SweepParameter> parameters)
    {
        var outputs = Enumerable.Range(0, LaneIndicators.Count).Select(_ => new Dictionary<int, double>()).ToArray();
        using (var reader = new CsvReader(new StreamReader(Path.Combine(outDir, PointsFile)), CultureInfo.InvariantCulture))
        {
            reader.Read();
            reader.ReadHeader();
            while (reader.Read())
            {
                if (reader.GetField("status") != "ok") continue;
                var point = int.Parse(reader.GetField("point")!, CultureInfo.InvariantCulture);
                for (var i = 0; i < LaneIndicators.Count; i++)
                {
                    if (double.TryParse(reader.GetField(LaneIndicators.Names[i] + "_mean"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) outputs[i][point] = v;
                }
            }
        }
        using var csv = CsvFiles.Open(Path.Combine(outDir, "morris.csv"), ["indicator", "parameter", "mu", "mu_star", "sigma", "effects"]);
        for (var i = 0; i < LaneIndicators.Count; i++)
        {
            var stats = design.MorrisStatistics(parameters.Count, outputs[i]);
            for (var k = 0; k < parameters.Count; k++)
            {
                // Effects are per unit of the range; report them per unit of the parameter itself.
                var width = parameters[k].High - parameters[k].Low;
                var scale = width > 0 ? 1 / width : double.NaN;
                csv.WriteField(LaneIndicators.Names[i]);
                csv.WriteField(parameters[k].Path);
                csv.WriteField(R(stats[k].Mu * scale));
                csv.WriteField(R(stats[k].MuStar * scale));
                csv.WriteField(R(stats[k].Sigma * scale));
                csv.WriteField(stats[k].Effects.ToString(CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
        }
    }
}
