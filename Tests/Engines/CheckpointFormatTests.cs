using System.Security.Cryptography;
using System.Text;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Engines;

/// <summary>
/// The one-pass checkpoint writer (<see cref="CheckpointWriter"/>, blobs sized up front) writes exactly the version-1 layout
/// that <see cref="BinaryWriter"/> wrote, element by element, before it: each blob is read back and written again here the
/// old way, and must come out byte for byte. A run blob in parts is the run blob.
/// </summary>
public class CheckpointFormatTests
{
    private static Scenario Generated(int regions = 60, int months = 24, int lanes = 3) => TestScenarios.Generated(regions, 5, months, lanes);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(3, 9)]
    [InlineData(5, 17)]
    public async Task Shard_and_aggregator_blobs_are_the_version_1_layout_byte_for_byte(int shards, int months)
    {
        var scenario = Generated();
        var world = new SimulationWorld(scenario);
        var (_, checkpoint) = await ShardingTests.RunUntil(new ReferenceEngine(shards: shards), scenario, months);
        Assert.Equal(shards, checkpoint.Shards.Length);
        foreach (var blob in checkpoint.Shards) Assert.Equal(blob, Legacy.RewriteShard(blob, world));
        Assert.Equal(checkpoint.Aggregator, Legacy.RewriteAggregator(checkpoint.Aggregator, world));

        // And a shard restored from its blob captures the same bytes again, as does a restored aggregator.
        var plan = new ShardPlan(world, ShardPartition.Create(world, shards));
        foreach (var blob in checkpoint.Shards) Assert.Equal(blob, ShardStepper.Restore(world, plan, blob).Capture());
        var aggregator = new RunAggregator(world);
        aggregator.Restore(checkpoint.Aggregator);
        Assert.Equal(checkpoint.Aggregator, aggregator.Capture());
    }

    [Fact]
    public void A_shard_blob_holds_the_live_state_of_its_regions()
    {
        var scenario = Generated(months: 12);
        var world = new SimulationWorld(scenario);
        var plan = new ShardPlan(world, ShardPartition.Create(world, 2));
        var steppers = new[] { new ShardStepper(world, plan, 0), new ShardStepper(world, plan, 1) };
        for (var tick = 0; tick < 5; tick++)
        {
            var months = steppers.Select(s => s.Step(tick)).ToArray();
            for (var s = 0; s < months.Length; s++)
                foreach (var batch in months[s].Batches) steppers[batch.To].Deliver(tick, s, batch.Snapshots);
        }
        foreach (var stepper in steppers)
        {
            using var r = new BinaryReader(new MemoryStream(stepper.Capture()));
            CheckpointFormat.ReadHeader(r, CheckpointFormat.ShardMagic, world);
            Assert.Equal([stepper.Shard, 2, 5, stepper.Regions.Count], new[] { r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32() });
            foreach (var region in stepper.Regions)
            {
                Assert.Equal(Legacy.Bytes(w => Legacy.Write(w, stepper.StateOf(region))), Legacy.Bytes(w => Legacy.Write(w, CheckpointFormat.ReadState(r))));
                Assert.Equal(Legacy.Bytes(w => Legacy.Write(w, stepper.SnapshotOf(region))), Legacy.Bytes(w => Legacy.Write(w, CheckpointFormat.ReadSnapshot(r))));
            }
        }
    }

    [Fact]
    public async Task A_run_blob_in_parts_is_the_run_blob_and_its_version_1_layout()
    {
        var scenario = Generated();
        var (_, checkpoint) = await ShardingTests.RunUntil(new ReferenceEngine(shards: 3), scenario, 7);
        var bytes = checkpoint.ToBytes();
        Assert.Equal(bytes, checkpoint.ToParts().SelectMany(p => p.ToArray()).ToArray());
        Assert.Equal(bytes, Legacy.RunBlob(checkpoint));
        var back = RunCheckpoint.FromBytes(bytes);
        Assert.Equal((checkpoint.ScenarioHash, checkpoint.Tick), (back.ScenarioHash, back.Tick));
        Assert.Equal(checkpoint.Shards, back.Shards);
        Assert.Equal(checkpoint.Aggregator, back.Aggregator);
    }

    [Fact]
    public void The_scenario_hash_is_the_SHA_256_of_its_JSON_whether_prepared_early_or_not()
    {
        var scenario = Generated(regions: 30);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ScenarioJson.Serialize(scenario))));
        RunCheckpoint.PrepareHash(scenario);
        Assert.Equal(expected, RunCheckpoint.HashOf(scenario));
        var other = scenario with { Run = scenario.Run with { Seed = 12 } };
        Assert.NotEqual(expected, RunCheckpoint.HashOf(other));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ScenarioJson.Serialize(other)))), RunCheckpoint.HashOf(other));
    }

    [Fact]
    public void A_writer_whose_size_does_not_match_what_it_wrote_fails()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            var w = new CheckpointWriter(new byte[10]);
            w.Write(1);
            w.CheckFull();
        });
        Assert.Equal("checkpoint writer: 4 bytes written into 10", e.Message);
        Assert.ThrowsAny<ArgumentException>(() =>
        {
            var w = new CheckpointWriter(new byte[6]);
            w.Write(new int[] { 1, 2 });
        });
    }

    /// <summary>The version-1 writer as it was: <see cref="BinaryWriter"/>, element by element; and readers to feed it.</summary>
    private static class Legacy
    {
        public static byte[] Bytes(Action<BinaryWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) write(w);
            return buffer.ToArray();
        }

        private static void Header(BinaryWriter w, uint magic, SimulationWorld world)
        {
            w.Write(magic);
            w.Write(1);
            w.Write(world.RegionCount);
            w.Write(world.EntityCount);
            w.Write(world.Agreements.Length);
            w.Write(world.Lanes);
            w.Write(world.Months);
        }

        private static void Write<T>(BinaryWriter w, T[] values) where T : unmanaged
        {
            w.Write(values.Length);
            foreach (var v in values)
            {
                switch (v)
                {
                    case int i: w.Write(i); break;
                    case double d: w.Write(d); break;
                    case byte b: w.Write(b); break;
                    default: throw new NotSupportedException(typeof(T).Name);
                }
            }
        }

        public static void Write(BinaryWriter w, EntitySnapshot s)
        {
            w.Write(s.Sender);
            w.Write(s.Tick);
            Write(w, s.Capacity);
            Write(w, s.Benefit.Tags.ToArray());
            Write(w, s.Benefit.Values.ToArray());
            Write(w, s.Benefit.Untracked);
            Write(w, s.Announced);
            Write(w, s.WithdrawAgreements);
            Write(w, s.WithdrawFlags);
            Write(w, s.Prices);
            Write(w, s.Deliveries);
        }

        public static void Write(BinaryWriter w, RegionState s)
        {
            w.Write(s.Region);
            Write(w, s.Capacity);
            w.Write(s.Progress.Length);
            foreach (var p in s.Progress)
            {
                w.Write((int)p.State);
                w.Write(p.StageEnd);
                w.Write(p.Since);
                w.Write(p.ActiveUntil);
                w.Write(p.Cycle);
            }
            Write(w, s.KnowledgeIn);
            Write(w, s.KnowledgeGain);
            Write(w, s.SharedMember);
            Write(w, s.LossStreak);
            Write(w, s.Price);
            Write(w, s.CpiRing);
            Write(w, s.TriggerStreak);
            Write(w, s.TriggerFired);
        }

        /// <summary>Reads a shard blob and writes what it read the old way.</summary>
        public static byte[] RewriteShard(byte[] blob, SimulationWorld world)
        {
            using var r = new BinaryReader(new MemoryStream(blob));
            CheckpointFormat.ReadHeader(r, CheckpointFormat.ShardMagic, world);
            var (shard, count, tick, regions) = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            var states = Enumerable.Range(0, regions).Select(_ => (CheckpointFormat.ReadState(r), CheckpointFormat.ReadSnapshot(r))).ToList();
            var boundary = new List<EntitySnapshot>();
            while (r.BaseStream.Position < blob.Length) boundary.Add(CheckpointFormat.ReadSnapshot(r));
            return Bytes(w =>
            {
                Header(w, CheckpointFormat.ShardMagic, world);
                w.Write(shard);
                w.Write(count);
                w.Write(tick);
                w.Write(regions);
                foreach (var (state, snapshot) in states)
                {
                    Write(w, state);
                    Write(w, snapshot);
                }
                foreach (var s in boundary) Write(w, s);
            });
        }

        /// <summary>Reads an aggregator blob and writes what it read the old way.</summary>
        public static byte[] RewriteAggregator(byte[] blob, SimulationWorld world)
        {
            using var r = new BinaryReader(new MemoryStream(blob));
            CheckpointFormat.ReadHeader(r, CheckpointFormat.AggregatorMagic, world);
            var months = r.ReadInt32();
            var totals = Enumerable.Range(0, 7).Select(_ => CheckpointFormat.Read<double>(r)).ToList();
            var reached = Enumerable.Range(0, world.RegionCount).Select(_ => (CheckpointFormat.Read<int>(r), CheckpointFormat.Read<double>(r))).ToList();
            Assert.Equal(blob.Length, r.BaseStream.Position);
            return Bytes(w =>
            {
                Header(w, CheckpointFormat.AggregatorMagic, world);
                w.Write(months);
                foreach (var t in totals) Write(w, t);
                foreach (var (tags, sums) in reached)
                {
                    Write(w, tags);
                    Write(w, sums);
                }
            });
        }

        public static byte[] RunBlob(RunCheckpoint c) => Bytes(w =>
        {
            w.Write(CheckpointFormat.RunMagic);
            w.Write(1);
            w.Write(c.ScenarioHash);
            w.Write(c.Tick);
            w.Write(c.Shards.Length);
            foreach (var s in c.Shards)
            {
                w.Write(s.Length);
                w.Write(s);
            }
            w.Write(c.Aggregator.Length);
            w.Write(c.Aggregator);
        });
    }
}
