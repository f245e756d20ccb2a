using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Mechanisms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Model.Simulation.Sharding;

namespace KerjasamaGraph.Model.Runs.Checkpoints;

/// <summary>
/// Turns a checkpoint of one world into the equivalent checkpoint of another world that has other agreements
/// (<c>kerjasama run FILE --variant V --from DIR --at YYYY-MM</c> with a variant that adds, removes or re-parties agreements).
/// <para>
/// A checkpoint is laid out by its world's agreement indices (ordinal by id): each region's owned agreements' progress and
/// announced states, its incoming knowledge transfers, its shared-service memberships and loss streaks, the food it
/// delivers per agreement, the agreement tags of its published benefit and of the benefit the aggregator saw reach
/// non-signatories, and the aggregator's per-agreement totals and state counts. The remap goes by agreement id:
/// an agreement kept with the same type, parties, host, service and commodity keeps its state; one that is gone is dropped;
/// a new one (or one whose parties, host, service or commodity changed) gets the state a run of the new world has for it
/// at the checkpoint when nothing changes before: not started, nothing gained, delivered or booked.
/// </para>
/// <para>
/// That is only exact for agreements that have not started by the checkpoint's month. A new agreement must therefore
/// start after it (<see cref="ForkCheck"/>: its initiated or active_from month, and a revoke_at month, later than the
/// checkpoint's month, whose states were decided at the month barrier before it), and a dropped one must be not started in
/// every replication at the checkpoint (<see cref="Remap"/> refuses it otherwise with one line). Such an agreement is
/// invisible before it starts: it books no benefit (untagged benefit rows are never kept, see <see cref="TagBuilder"/>),
/// announces not_started, and is neither queued, screened nor counted as a duplicate by the lifecycle. Random streams are
/// keyed by entity and agreement ids (<see cref="RandomStreams"/>), so other agreements draw what they drew before, and
/// the shard partition depends on the regions' coordinates and borders only (<see cref="ShardPartition"/>); the subscriptions
/// do change with the parties, so the boundary snapshots each shard holds are laid out again from the new world's
/// <see cref="ShardPlan"/> (the snapshots themselves are those the regions published last).
/// </para>
/// </summary>
public static class CheckpointRemap
{
    /// <summary>Whether the two worlds' agreements differ in a way that changes the checkpoint's layout (ids, order or shape).</summary>
    public static bool Needed(SimulationWorld from, SimulationWorld to)
    {
        if (from.Agreements.Length != to.Agreements.Length) return true;
        for (var a = 0; a < from.Agreements.Length; a++)
            if (!SameShape(from.Agreements[a], to.Agreements[a])) return true;
        return false;
    }

    /// <summary>
    /// Same id, type, parties (in order), host, service, commodity and trigger: an agreement whose state carries over. Services
    /// and commodities are compared by id (a variant with one more service numbers the services differently).
    /// </summary>
    public static bool SameShape(AgreementInfo a, AgreementInfo b) =>
        string.Equals(a.Id, b.Id, StringComparison.Ordinal) && a.Type == b.Type && a.Host == b.Host && a.Trigger == b.Trigger
        && string.Equals(a.Definition.Service, b.Definition.Service, StringComparison.Ordinal)
        && string.Equals(a.Definition.Commodity, b.Definition.Commodity, StringComparison.Ordinal)
        && a.Parties.AsSpan().SequenceEqual(b.Parties);

    /// <summary>
    /// Per agreement of <paramref name="from"/>: its index in <paramref name="to"/> when it carries over (<see cref="SameShape"/>),
    /// else -1. Both worlds number agreements ordinal by id, so the map is increasing where defined.
    /// </summary>
    public static int[] Map(SimulationWorld from, SimulationWorld to)
    {
        var index = new Dictionary<string, int>(to.Agreements.Length, StringComparer.Ordinal);
        foreach (var b in to.Agreements) index[b.Id] = b.Index;
        var map = new int[from.Agreements.Length];
        foreach (var a in from.Agreements)
            map[a.Index] = index.TryGetValue(a.Id, out var b) && SameShape(a, to.Agreements[b]) ? b : -1;
        return map;
    }

    /// <summary>
    /// The checkpoint of <paramref name="to"/> equivalent to <paramref name="checkpoint"/> of <paramref name="from"/> (same tick and
    /// shard count; the hash is left for the caller to set). Fails with <see cref="ForkRefusedException"/> (one line) when an agreement
    /// that <paramref name="to"/> drops or changes has left not_started in some replication, or one it adds or changes would not be
    /// not started at the checkpoint; with <see cref="InvalidDataException"/> when the blobs do not belong to <paramref name="from"/>.
    /// </summary>
    public static RunCheckpoint Remap(SimulationWorld from, SimulationWorld to, RunCheckpoint checkpoint)
    {
        if (from.RegionCount != to.RegionCount || from.EntityCount != to.EntityCount || from.Lanes != to.Lanes || from.Months != to.Months
            || !from.EntityIds.AsSpan().SequenceEqual(to.EntityIds))
        {
            throw new InvalidDataException("the two runs' regions, partners, replications or months differ; only agreements can be remapped");
        }
        var map = Map(from, to);
        var back = new int[to.Agreements.Length];
        Array.Fill(back, -1);
        for (var a = 0; a < map.Length; a++) if (map[a] >= 0) back[map[a]] = a;
        var tick = checkpoint.Tick;
        var ids = from.Agreements.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var b in to.Agreements)
        {
            if (back[b.Index] >= 0) continue;
            if (ForkCheck.StartProblem(b, !ids.Contains(b.Id), to.Start, tick) is { } problem) throw new ForkRefusedException(problem);
        }

        var lanes = from.Lanes;
        var states = new RegionState[from.RegionCount];
        var snapshots = new EntitySnapshot[from.RegionCount];
        foreach (var blob in checkpoint.Shards) ReadShard(from, blob, tick, states, snapshots);
        for (var r = 0; r < states.Length; r++)
        {
            if (states[r] is null) throw new InvalidDataException($"the checkpoint has no state for region {from.EntityIds[r]}");
        }

        // A dropped agreement must be not started in every replication: then it has had no effect on anything before.
        foreach (var a in from.Agreements)
        {
            if (map[a.Index] >= 0) continue;
            if (a.Trigger >= 0) throw new ForkRefusedException($"the variant drops or changes {a.Id}, a candidate agreement of a trigger; a branch keeps the triggers' candidates (their producers' food entries)");
            var progress = states[a.Owner].Progress;
            var at = from.OwnedPosition[a.Index] * lanes;
            var started = 0;
            var state = LifecycleState.NotStarted;
            for (var l = 0; l < lanes; l++)
            {
                if (progress[at + l].State == LifecycleState.NotStarted) continue;
                if (started++ == 0) state = progress[at + l].State;
            }
            if (started == 0) continue;
            var change = to.Agreements.Any(b => b.Id == a.Id) ? "changes the parties, host, service or commodity of" : "removes";
            throw new ForkRefusedException($"the variant {change} agreement {a.Id}, which is {state.Name()} at {to.Start.AddMonths(tick)} in {started} of {lanes} " +
                                           "replications; a branch can drop or change only agreements that have not started by its month (fork at an earlier checkpoint, or run the variant from the start)");
        }

        var newStates = new RegionState[to.RegionCount];
        var newSnapshots = new EntitySnapshot[to.RegionCount];
        for (var r = 0; r < to.RegionCount; r++)
        {
            newStates[r] = RemapState(from, to, back, states[r]);
            newSnapshots[r] = RemapSnapshot(from, to, map, back, snapshots[r]);
        }

        var partition = ShardPartition.Create(to, checkpoint.Shards.Length);
        if (partition.Count != checkpoint.Shards.Length) throw new InvalidDataException($"checkpoint has {checkpoint.Shards.Length} shards for {to.RegionCount} regions");
        var plan = new ShardPlan(to, partition);
        var shards = new byte[partition.Count][];
        for (var s = 0; s < shards.Length; s++) shards[s] = WriteShard(to, plan, s, tick, newStates, newSnapshots);
        var aggregator = RemapAggregator(from, to, map, checkpoint.Aggregator);
        return new RunCheckpoint(checkpoint.ScenarioHash, tick, shards, aggregator);
    }

    /// <summary>Reads a shard blob's regions (their states and last snapshots); the boundary snapshots after them are laid out again from the new plan.</summary>
    private static void ReadShard(SimulationWorld world, byte[] blob, int tick, RegionState[] states, EntitySnapshot[] snapshots)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(blob, writable: false));
            CheckpointFormat.ReadHeader(r, CheckpointFormat.ShardMagic, world);
            var shard = r.ReadInt32();
            _ = r.ReadInt32();
            var at = r.ReadInt32();
            if (at != tick) throw new InvalidDataException($"checkpoint shard {shard} is at tick {at}, expected tick {tick}");
            var n = r.ReadInt32();
            if (n < 0 || n > world.RegionCount) throw new InvalidDataException($"checkpoint shard {shard} has {n} regions");
            for (var i = 0; i < n; i++)
            {
                var state = CheckpointFormat.ReadState(r);
                var snapshot = CheckpointFormat.ReadSnapshot(r);
                if (state.Region < 0 || state.Region >= world.RegionCount || states[state.Region] is not null || snapshot.Sender != state.Region)
                {
                    throw new InvalidDataException($"checkpoint shard {shard}: region {state.Region} is out of place");
                }
                states[state.Region] = state;
                snapshots[state.Region] = snapshot;
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("checkpoint shard is truncated", e);
        }
    }

    /// <summary>
    /// Rows of <paramref name="lanes"/> values laid out by the agreement list <paramref name="fromList"/>, laid out again by
    /// <paramref name="toList"/>: a kept agreement's row is copied, a new one's is <c>default</c> (zero, not_started).
    /// </summary>
    private static T[] Rows<T>(T[] values, int[] fromList, int[] toList, int[] back, int lanes) where T : struct
    {
        if (values.Length != fromList.Length * lanes) throw new InvalidDataException($"checkpoint holds {values.Length} values for {fromList.Length} agreements of {lanes} lanes");
        var result = new T[toList.Length * lanes];
        for (var j = 0; j < toList.Length; j++)
        {
            var source = back[toList[j]];
            if (source < 0) continue;
            var i = Array.BinarySearch(fromList, source);
            if (i < 0) throw new InvalidDataException($"checkpoint: agreement {source} is missing from a region's list");
            values.AsSpan(i * lanes, lanes).CopyTo(result.AsSpan(j * lanes, lanes));
        }
        return result;
    }

    private static RegionState RemapState(SimulationWorld from, SimulationWorld to, int[] back, RegionState s)
    {
        var r = s.Region;
        var lanes = to.Lanes;
        return new RegionState
        {
            Region = r,
            Capacity = s.Capacity,
            Progress = Rows(s.Progress, from.Owned[r], to.Owned[r], back, lanes),
            KnowledgeIn = to.KnowledgeIn[r],
            KnowledgeGain = Rows(s.KnowledgeGain, s.KnowledgeIn, to.KnowledgeIn[r], back, lanes),
            SharedMember = to.SharedMember[r],
            LossStreak = Rows(s.LossStreak, s.SharedMember, to.SharedMember[r], back, lanes),
            Price = s.Price,
            CpiRing = s.CpiRing,
            TriggerStreak = s.TriggerStreak,
            TriggerFired = s.TriggerFired,
        };
    }

    private static EntitySnapshot RemapSnapshot(SimulationWorld from, SimulationWorld to, int[] map, int[] back, EntitySnapshot s)
    {
        var r = s.Sender;
        var lanes = to.Lanes;
        // Withdrawals name agreements (ascending) with a row of flags each; the map keeps the order.
        var withdraw = new List<int>();
        var flags = new List<byte>();
        for (var i = 0; i < s.WithdrawAgreements.Length; i++)
        {
            var b = map[s.WithdrawAgreements[i]];
            if (b < 0) continue;
            withdraw.Add(b);
            flags.AddRange(s.WithdrawFlags.AsSpan(i * lanes, lanes));
        }
        return new EntitySnapshot
        {
            Sender = r,
            Tick = s.Tick,
            Capacity = s.Capacity,
            Benefit = Tagged(s.Benefit, map),
            Announced = Rows(s.Announced, from.Owned[r], to.Owned[r], back, lanes),
            WithdrawAgreements = withdraw.ToArray(),
            WithdrawFlags = flags.ToArray(),
            Prices = s.Prices,
            Deliveries = Rows(s.Deliveries, from.FoodOut[r], to.FoodOut[r], back, lanes),
        };
    }

    /// <summary>Benefit by agreement tag with the tags renumbered; a dropped agreement has booked nothing (it never started), so it has no row.</summary>
    private static TaggedLanes Tagged(TaggedLanes t, int[] map)
    {
        var lanes = t.Lanes;
        var tags = new List<int>(t.Count);
        var values = new List<double>(t.Count * lanes);
        for (var k = 0; k < t.Count; k++)
        {
            var b = map[t.Tags[k]];
            if (b < 0) throw new InvalidDataException($"checkpoint: benefit is booked to agreement {t.Tags[k]}, which the variant drops");
            tags.Add(b);
            values.AddRange(t.Lane(k));
        }
        return new TaggedLanes(tags.ToArray(), values.ToArray(), t.Untracked);
    }

    /// <summary>A shard's blob as <see cref="ShardStepper.Capture"/> lays it out, for the new world's plan.</summary>
    private static byte[] WriteShard(SimulationWorld world, ShardPlan plan, int shard, int tick, RegionState[] states, EntitySnapshot[] snapshots)
    {
        var regions = plan.Partition.Regions[shard];
        var boundary = new List<EntitySnapshot>();
        foreach (var source in plan.Sources[shard])
            foreach (var send in plan.Sends[source])
                if (send.To == shard) foreach (var r in send.Regions) boundary.Add(snapshots[r]);
        long size = CheckpointFormat.HeaderSize + 4 * 4;
        foreach (var r in regions) size += CheckpointFormat.SizeOf(states[r]) + CheckpointFormat.SizeOf(snapshots[r]);
        foreach (var s in boundary) size += CheckpointFormat.SizeOf(s);
        var blob = CheckpointFormat.Allocate(size);
        var w = new CheckpointWriter(blob);
        w.WriteHeader(CheckpointFormat.ShardMagic, world);
        w.Write(shard);
        w.Write(plan.Partition.Count);
        w.Write(tick);
        w.Write(regions.Length);
        foreach (var r in regions)
        {
            w.Write(states[r]);
            w.Write(snapshots[r]);
        }
        foreach (var s in boundary) w.Write(s);
        w.CheckFull();
        return blob;
    }

    /// <summary>
    /// The aggregator's blob (<see cref="Outputs.RunAggregator.Capture"/>: months done; per region and lane the cumulative benefit,
    /// direct benefit and spillover; per lane the total; per agreement and lane the cumulative benefit to signatories and to
    /// others; per state and lane last month's agreement counts; per region the agreements it was reached by, with their sums)
    /// for the new world: per-agreement rows and tags by id, new agreements at zero, and last month's not_started counts
    /// changed by the agreements added and dropped (all of them not started).
    /// </summary>
    private static byte[] RemapAggregator(SimulationWorld from, SimulationWorld to, int[] map, byte[] blob)
    {
        var lanes = from.Lanes;
        int months;
        double[][] arrays;
        int[][] reachedTags;
        double[][] reachedSums;
        try
        {
            using var r = new BinaryReader(new MemoryStream(blob, writable: false));
            CheckpointFormat.ReadHeader(r, CheckpointFormat.AggregatorMagic, from);
            months = r.ReadInt32();
            arrays = new double[7][];
            for (var i = 0; i < arrays.Length; i++) arrays[i] = CheckpointFormat.Read<double>(r);
            reachedTags = new int[from.RegionCount][];
            reachedSums = new double[from.RegionCount][];
            for (var region = 0; region < from.RegionCount; region++)
            {
                reachedTags[region] = CheckpointFormat.Read<int>(r);
                reachedSums[region] = CheckpointFormat.Read<double>(r);
                if (reachedTags[region].Length != reachedSums[region].Length) throw new InvalidDataException("aggregator checkpoint does not fit this run");
            }
            if (r.BaseStream.Position != blob.Length) throw new InvalidDataException("aggregator checkpoint has trailing bytes");
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("aggregator checkpoint is truncated", e);
        }

        var all = Enumerable.Range(0, from.Agreements.Length).ToArray();
        var back = new int[to.Agreements.Length];
        Array.Fill(back, -1);
        for (var a = 0; a < map.Length; a++) if (map[a] >= 0) back[map[a]] = a;
        var allTo = Enumerable.Range(0, to.Agreements.Length).ToArray();
        arrays[4] = Rows(arrays[4], all, allTo, back, lanes);
        arrays[5] = Rows(arrays[5], all, allTo, back, lanes);
        var counts = arrays[6];
        if (counts.Length > 0)
        {
            if (counts.Length != LifecycleStates.All.Length * lanes) throw new InvalidDataException("aggregator checkpoint does not fit this run");
            var added = back.Count(a => a < 0);
            var dropped = map.Count(b => b < 0);
            for (var l = 0; l < lanes; l++) counts[(int)LifecycleState.NotStarted * lanes + l] += added - dropped;
        }
        for (var region = 0; region < from.RegionCount; region++)
        {
            var tags = new List<int>();
            var sums = new List<double>();
            for (var k = 0; k < reachedTags[region].Length; k++)
            {
                var b = map[reachedTags[region][k]];
                if (b < 0) continue;
                tags.Add(b);
                sums.Add(reachedSums[region][k]);
            }
            reachedTags[region] = tags.ToArray();
            reachedSums[region] = sums.ToArray();
        }

        return RunAggregator.Blob(to, months, arrays, reachedTags, reachedSums);
    }
}

/// <summary>A variant that cannot go on from a checkpoint of another run (the message is one line saying why and what to do instead).</summary>
public sealed class ForkRefusedException(string message) : Exception(message);
