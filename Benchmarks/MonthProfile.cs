using System.Diagnostics;
using System.Globalization;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;

namespace KerjasamaGraph.Benchmarks;

/// <summary>
/// Where a month goes on the reference engine: stepping the shards, aggregating the lanes and formatting the CSV rows
/// (to a null stream, so disk speed is out of the figure), or with --parquet writing the Parquet tables to files in DIR
/// (the "csv" columns then time the Parquet writing). Prints one line per month (with spill_tags: the mean number of
/// agreement tags a region's spillover carries, which is what makes later months dearer) and the mean of the months after the first.
/// With --stop N --save FILE it steps N months and saves the shards' and the aggregator's state to FILE; --resume FILE continues
/// from such a file (same scenario, --months and --lanes), so the dear months after the tags stop spreading can be measured
/// again and again without stepping the first two years each time (the first month after resuming allocates what a running
/// shard reuses, so count the months after it).
/// </summary>
public static class MonthProfile
{
    // months-profile SCENARIO.yaml [--months 12] [--lanes 16] [--shards 1] [--parquet DIR] [--stop N --save FILE | --resume FILE]
    public static int Run(IReadOnlyList<string> args, TextWriter output) => RunAsync(args, output).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        string Text(string name, string fallback) => args.ToList().IndexOf(name) is var at and >= 0 && at + 1 < args.Count ? args[at + 1] : fallback;
        var months = int.Parse(Text("--months", "12"), CultureInfo.InvariantCulture);
        var lanes = int.Parse(Text("--lanes", "16"), CultureInfo.InvariantCulture);
        var shards = int.Parse(Text("--shards", "1"), CultureInfo.InvariantCulture);
        var parquetDir = Text("--parquet", "");
        var stop = int.Parse(Text("--stop", Text("--months", "12")), CultureInfo.InvariantCulture);
        var saveFile = Text("--save", "");
        var resumeFile = Text("--resume", "");
        var clock = Stopwatch.StartNew();
        var loaded = ScenarioLoader.Load(args[0]);
        if (!loaded.Ok) throw new InvalidOperationException(string.Join("; ", loaded.Errors.Take(5)));
        var scenario = loaded.Scenario! with { Run = loaded.Scenario!.Run with { Months = months, Replications = lanes } };
        var load = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var world = new SimulationWorld(scenario);
        var plan = new ShardPlan(world, ShardPartition.Create(world, shards));
        ShardStepper[] steppers;
        var aggregator = new RunAggregator(world);
        var first = 0;
        if (resumeFile.Length > 0)
        {
            var blobs = ReadBlobs(resumeFile);
            steppers = blobs[..^1].Select(b => ShardStepper.Restore(world, plan, b)).ToArray();
            aggregator.Restore(blobs[^1]);
            first = steppers[0].Tick;
        }
        else
        {
            steppers = Enumerable.Range(0, plan.Partition.Count).Select(s => new ShardStepper(world, plan, s)).ToArray();
        }
        ParquetTable? regionsParquet = null, agreementsParquet = null;
        if (parquetDir.Length > 0)
        {
            Directory.CreateDirectory(parquetDir);
            regionsParquet = await ParquetTable.CreateAsync(Path.Combine(parquetDir, $"regions-{Environment.ProcessId}.parquet"), aggregator.RegionsHeader(), 2);
            agreementsParquet = await ParquetTable.CreateAsync(Path.Combine(parquetDir, $"agreements-{Environment.ProcessId}.parquet"), aggregator.AgreementsHeader(), 6);
        }
        var build = clock.Elapsed.TotalSeconds;
        output.WriteLine(Invariant($"# {world.RegionCount} regions, {world.Agreements.Length} agreements, {lanes} lanes, {plan.Partition.Count} shards; load {load:F2} s, build {build:F2} s"));
        output.WriteLine("month\tstep_s\taggregate_s\tcsv_s\tstep_cpu\taggregate_cpu\tcsv_cpu\tcsv_mb\tgc_gen0\tgc_gen1\tgc_gen2\talloc_mb\tstep_mb\taggregate_mb\twrite_mb\tgc_pause_s\tspill_tags");
        double sumStep = 0, sumAgg = 0, sumCsv = 0, cpuStep = 0, cpuAgg = 0, cpuCsv = 0;
        var last = Math.Min(months, resumeFile.Length > 0 ? months : stop);
        for (var tick = first; tick < last; tick++)
        {
            var allocated = GC.GetTotalAllocatedBytes();
            int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var paused = GC.GetTotalPauseDuration();
            var cpu0 = Cpu();
            clock.Restart();
            var shardMonths = new ShardMonth[steppers.Length];
            for (var s = 0; s < steppers.Length; s++) shardMonths[s] = steppers[s].Step(tick);
            for (var s = 0; s < shardMonths.Length; s++)
                foreach (var batch in shardMonths[s].Batches) steppers[batch.To].Deliver(tick, s, batch.Snapshots);
            var merged = ReferenceEngine.MergeOutputs(plan.Partition, shardMonths.Select(m => m.Outputs).ToArray());
            var step = clock.Elapsed.TotalSeconds;
            var cpu1 = Cpu();
            var allocated1 = GC.GetTotalAllocatedBytes();
            clock.Restart();
            var rows = aggregator.AddMonth(tick, merged);
            var aggregate = clock.Elapsed.TotalSeconds;
            var cpu2 = Cpu();
            var allocated2 = GC.GetTotalAllocatedBytes();
            clock.Restart();
            var counter = new CountingStream();
            if (regionsParquet is null)
            {
                rows.Regions.WriteCsv(counter);
                rows.Agreements.WriteCsv(counter);
            }
            else
            {
                await regionsParquet.WriteAsync(rows.Regions);
                await agreementsParquet!.WriteAsync(rows.Agreements);
            }
            var csv = clock.Elapsed.TotalSeconds;
            var cpu3 = Cpu();
            var allocated3 = GC.GetTotalAllocatedBytes();
            cpuStep += cpu1 - cpu0; cpuAgg += cpu2 - cpu1; cpuCsv += cpu3 - cpu2;
            var tags = 0L;
            foreach (var o in merged) tags += o.Spill.Tags.Length;
            output.WriteLine(Invariant($"{tick}\t{step:F3}\t{aggregate:F3}\t{csv:F3}\t{cpu1 - cpu0:F2}\t{cpu2 - cpu1:F2}\t{cpu3 - cpu2:F2}\t{counter.Length / 1e6:F1}\t{GC.CollectionCount(0) - collections[0]}\t{GC.CollectionCount(1) - collections[1]}\t{GC.CollectionCount(2) - collections[2]}\t{(allocated3 - allocated) / 1e6:F0}\t{(allocated1 - allocated) / 1e6:F0}\t{(allocated2 - allocated1) / 1e6:F0}\t{(allocated3 - allocated2) / 1e6:F0}\t{(GC.GetTotalPauseDuration() - paused).TotalSeconds:F2}\t{tags / (double)merged.Length:F1}"));
            if (tick > first) { sumStep += step; sumAgg += aggregate; sumCsv += csv; }
        }
        if (saveFile.Length > 0) WriteBlobs(saveFile, [.. steppers.Select(s => s.Capture()), aggregator.Capture()]);
        if (regionsParquet is not null) { await regionsParquet.DisposeAsync(); await agreementsParquet!.DisposeAsync(); }
        var n = Math.Max(1, last - first - 1);
        var all = Math.Max(1, last - first);
        output.WriteLine(Invariant($"# mean of months {first + 1}..{last - 1}: step {sumStep / n:F3} s, aggregate {sumAgg / n:F3} s, csv {sumCsv / n:F3} s; cpu over all months: step {cpuStep / all:F2} s, aggregate {cpuAgg / all:F2} s, csv {cpuCsv / all:F2} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB"));
        return 0;
    }

    private static void WriteBlobs(string path, byte[][] blobs)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write(blobs.Length);
        foreach (var blob in blobs) { w.Write(blob.Length); w.Write(blob); }
    }

    private static byte[][] ReadBlobs(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        var blobs = new byte[r.ReadInt32()][];
        for (var i = 0; i < blobs.Length; i++) blobs[i] = r.ReadBytes(r.ReadInt32());
        return blobs;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stream that only counts the bytes written to it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
