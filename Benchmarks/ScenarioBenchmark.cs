using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Benchmarks;

/// <summary>
/// Scenario inputs at scale: for generated scenarios of each size, the time to write them as a folder of YAML and
/// tables (CSV and Parquet), then — each in a fresh process, so the peak memory is that of the step alone — the time,
/// CPU time, allocations, memory held afterwards and peak resident memory of loading and validating the folder, and
/// the size and time of the scenario as JSON (what the Orleans engine hands to silos).
/// </summary>
public static class ScenarioBenchmark
{
    /// <param name="tables">"load", "json" or "all": which tables to print (a table per run keeps scripts/update-readme-tables.py simple).</param>
    public static int Run(IReadOnlyList<int> sizes, ulong seed, int repeats, string tables, TextWriter output)
    {
        var root = Directory.CreateTempSubdirectory("kerjasama-scenario-bench-").FullName;
        try
        {
            var load = new List<string[]>();
            var json = new List<string[]>();
            foreach (var n in sizes)
            {
                foreach (var format in new[] { "csv", "parquet" })
                {
                    if (tables == "json" && format == "parquet") continue;
                    var dir = Path.Combine(root, $"{n}-{format}");
                    var written = Child("write", Invariant($"{n}"), Invariant($"{seed}"), format, dir).Split('\t');
                    var yaml = Path.Combine(dir, $"g{n}.yaml");
                    if (tables != "json")
                    {
                        var loads = Enumerable.Range(0, repeats).Select(_ => Child("load", yaml).Split('\t'))
                            .OrderBy(l => double.Parse(l[0], CultureInfo.InvariantCulture)).ToList();
                        var best = loads[0];
                        var peak = loads.Max(l => double.Parse(l[4], CultureInfo.InvariantCulture));
                        load.Add([Invariant($"{n:N0}"), Invariant($"{int.Parse(written[1], CultureInfo.InvariantCulture):N0}"), format, written[2], written[0], best[0], best[1], best[2], best[3], Invariant($"{peak:F0}")]);
                    }
                    if (tables != "load" && format == "csv") json.Add([Invariant($"{n:N0}"), .. Child("json", yaml).Split('\t')]);
                }
            }
            if (tables != "json")
            {
                output.WriteLine($"Loading and validating generated scenarios (seed {seed}), best of {repeats}, each in a fresh process:");
                output.WriteLine();
                Table(output, ["Regions", "Agreements", "Tables", "Files MB", "Write s", "Load s", "CPU s", "Allocated MB", "Held MB", "Peak RSS MB"], load);
                output.WriteLine();
                output.WriteLine("  Load s: load and validate the folder (YAML and tables); Held MB: memory the loaded scenario keeps.");
                output.WriteLine();
            }
            if (tables != "load")
            {
                output.WriteLine("The scenario as JSON (ScenarioJson, what the Orleans engine sends to silos):");
                output.WriteLine();
                Table(output, ["Regions", "JSON MB", "Serialize s", "Deserialize s", "gzip MB", "Brotli MB"], json);
                output.WriteLine();
            }
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A fixed-width table: columns two spaces apart, a rule of dashes under the header.</summary>
    private static void Table(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        string Line(IEnumerable<string> cells) => string.Join("  ", cells.Select((cell, c) => header[c] == "Tables" ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd();
        output.WriteLine(Line(header));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) output.WriteLine(Line(row));
    }

    /// <summary>One step in this process (called in the child): prints one tab-separated line of figures.</summary>
    public static int Step(IReadOnlyList<string> args, TextWriter output)
    {
        switch (args[0])
        {
            case "write":
            {
                var n = int.Parse(args[1], CultureInfo.InvariantCulture);
                var scenario = ScenarioGenerator.Generate(n, ulong.Parse(args[2], CultureInfo.InvariantCulture));
                Directory.CreateDirectory(args[4]);
                var clock = Stopwatch.StartNew();
                var files = ScenarioTableWriter.Write(scenario, args[4], $"g{n}", args[3] == "parquet" ? TableFormat.Parquet : TableFormat.Csv);
                var seconds = clock.Elapsed.TotalSeconds;
                var megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;
                output.WriteLine(Invariant($"{seconds:F2}\t{scenario.Agreements.Count}\t{megabytes:F1}"));
                return 0;
            }
            case "load":
            {
                GC.Collect();
                var held = GC.GetTotalMemory(true);
                var allocated = GC.GetTotalAllocatedBytes(true);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = ScenarioLoader.Load(args[1]);
                var seconds = clock.Elapsed.TotalSeconds;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                if (!result.Ok) throw new InvalidOperationException("the generated scenario does not load: " + string.Join("; ", result.Errors.Take(5)));
                var allocatedMb = (GC.GetTotalAllocatedBytes(true) - allocated) / 1e6;
                GC.Collect();
                var heldMb = (GC.GetTotalMemory(true) - held) / 1e6;
                GC.KeepAlive(result);
                var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
                output.WriteLine(Invariant($"{seconds:F2}\t{cpuSeconds:F2}\t{allocatedMb:F0}\t{heldMb:F0}\t{peak:F0}"));
                return 0;
            }
            case "json":
            {
                var scenario = ScenarioLoader.Load(args[1]).Scenario!;
                var clock = Stopwatch.StartNew();
                var text = ScenarioJson.Serialize(scenario);
                var serialize = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var back = ScenarioJson.Deserialize(text);
                var deserialize = clock.Elapsed.TotalSeconds;
                GC.KeepAlive(back);
                var bytes = Encoding.UTF8.GetBytes(text);
                output.WriteLine(Invariant($"{bytes.Length / 1e6:F1}\t{serialize:F2}\t{deserialize:F2}\t{Compressed(bytes, s => new GZipStream(s, CompressionLevel.Fastest)) / 1e6:F1}\t{Compressed(bytes, s => new BrotliStream(s, CompressionLevel.Fastest)) / 1e6:F1}"));
                return 0;
            }
            default:
                throw new ArgumentException($"unknown step '{args[0]}'");
        }
    }

    private static long Compressed(byte[] bytes, Func<Stream, Stream> compressor)
    {
        var target = new MemoryStream();
        using (var stream = compressor(target)) stream.Write(bytes);
        return target.ToArray().LongLength;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs one step in a fresh process of this program and returns its line of figures.</summary>
    private static string Child(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var entry = Environment.GetCommandLineArgs()[0];
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(entry);
        start.ArgumentList.Add("scenarios-step");
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"step {string.Join(' ', args)} failed: {stderr}");
        return stdout.Trim();
    }
}
