using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Runs;

/// <summary>A comparison written to its folder: the runs' lane values, for tables and rankings.</summary>
/// <param name="Series">The baseline first, then each variant in <paramref name="Variants"/> order.</param>
/// <param name="Notes">What to tell the user about variants that changed nothing or whose agreements were rejected everywhere.</param>
public sealed record ComparisonResult(string Folder, IReadOnlyList<string> Variants, IReadOnlyList<LaneSeries> Series, IReadOnlyList<VariantNote> Notes);

/// <summary>Runs one scenario of a comparison into its run folder (the default is <see cref="RunFolders.WriteAsync"/>; a
/// command line wraps it in a progress bar).</summary>
public delegate Task<(string Folder, Headline Headline)> ComparisonRun(Scenario scenario, string outDir, string label, Action<MonthDone, MonthRows> onMonth);

/// <summary>
/// Runs the baseline and each variant of a scenario with common random numbers (lane k of every run uses the random
/// streams of (seed, k)) into a comparison folder: one run folder per run (<c>baseline/</c>, <c>VARIANT/</c>),
/// <c>comparison.csv</c> and <c>regions_comparison.csv</c> with paired differences and 95% intervals, and
/// <c>comparison.json</c>. The one implementation behind `kerjasama compare` and the web app's comparisons.
/// </summary>
public static class ComparisonFolders
{
    public const string ManifestFile = "comparison.json";
    public const string IndicatorsFile = "comparison.csv";
    public const string RegionsFile = "regions_comparison.csv";

    /// <summary>True when <paramref name="directory"/> holds a finished comparison.</summary>
    public static bool IsComparison(string directory) => File.Exists(Path.Combine(directory, ManifestFile));

    /// <summary>
    /// Writes the comparison of <paramref name="baseline"/> with <paramref name="variants"/> (each with the baseline's run
    /// settings) into the new folder <paramref name="outDir"/>. Nothing is left behind when it fails or is cancelled.
    /// </summary>
    /// <param name="onRunStart">Called with "baseline" or the variant name before each run starts.</param>
    /// <param name="runOne">How each run is written; null: <see cref="RunFolders.WriteAsync"/> on <paramref name="engine"/>.</param>
    public static async Task<ComparisonResult> WriteAsync(ISimulationEngine engine, Scenario baseline, IReadOnlyList<Scenario> variants, string outDir,
        RunOrigin origin, Action<string>? onRunStart = null, Action<MonthDone>? onMonth = null, CancellationToken cancellationToken = default,
        ComparisonRun? runOne = null)
    {
        runOne ??= (scenario, dir, label, month) => RunFolders.WriteAsync(engine, scenario, dir, origin, month, cancellationToken, label);
        var names = variants.Select(v => v.Variant ?? throw new ArgumentException("every compared scenario must be a variant", nameof(variants))).ToArray();
        outDir = Path.GetFullPath(outDir);
        if (Directory.Exists(outDir) || File.Exists(outDir))
        {
            throw new IOException($"{outDir}: output folder already exists; comparisons never overwrite earlier results (choose another --out)");
        }
        var work = Path.Combine(Path.GetDirectoryName(outDir)!, "." + Path.GetFileName(outDir) + ".incomplete-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var clock = Stopwatch.StartNew();
            var series = new List<LaneSeries>();
            var outcomes = new List<AgreementOutcomes>();
            var runs = variants.Select(v => v with { Run = baseline.Run }).Prepend(baseline).ToList();
            foreach (var scenario in runs)
            {
                var label = scenario.Variant ?? "baseline";
                onRunStart?.Invoke(label);
                var months = new List<LaneValues>();
                var outcome = new AgreementOutcomes(scenario.Run.Replications);
                await runOne(scenario, Path.Combine(work, label), label, (done, rows) =>
                {
                    months.Add(rows.Lanes);
                    outcome.Add(rows);
                    onMonth?.Invoke(done);
                });
                series.Add(new LaneSeries(scenario.Run.Replications, scenario.Run.Start, LaneSeries.RegionOrder(scenario), months));
                outcomes.Add(outcome);
            }
            var notes = names.Select((n, i) => VariantNote.Of(n, runs[i + 1], series[0], outcomes[0], series[i + 1], outcomes[i + 1]))
                .Where(n => n.HasSomethingToSay).ToList();

            CsvFiles.Write(Path.Combine(work, IndicatorsFile), VariantComparison.Header,
                names.SelectMany((n, i) => VariantComparison.IndicatorRows(n, series[0], series[i + 1])));
            CsvFiles.Write(Path.Combine(work, RegionsFile), VariantComparison.RegionHeader,
                names.SelectMany((n, i) => VariantComparison.RegionRows(n, series[0], series[i + 1])));
            var manifest = new Dictionary<string, object?>
            {
                ["scenario_path"] = origin.ScenarioPath, ["scenario_hash"] = origin.ScenarioHash, ["baseline"] = "baseline", ["variants"] = names,
                ["seed"] = baseline.Run.Seed, ["replications"] = baseline.Run.Replications, ["months"] = baseline.Run.Months,
                ["start"] = baseline.Run.Start.ToString(), ["engine"] = engine.Name, ["silos"] = origin.SilosOf(engine),
                ["program_version"] = RunFolders.ProgramVersion(), ["command"] = origin.Command,
                ["common_random_numbers"] = "lane k of every run uses the random streams of (seed, k)",
                ["wall_time_seconds"] = Math.Round((origin.Elapsed?.Invoke() ?? clock.Elapsed).TotalSeconds, 3),
                ["variant_notes"] = notes.Select(n => n.ToJson()).ToList(),
            };
            if (origin.Cluster is { } cluster) manifest["cluster"] = cluster;
            File.WriteAllText(Path.Combine(work, ManifestFile), JsonSerializer.Serialize(manifest, RunManifest.JsonOptions) + "\n", new UTF8Encoding(false));
            Directory.Move(work, outDir);
            return new ComparisonResult(outDir, names, series, notes);
        }
        catch
        {
            try { Directory.Delete(work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
