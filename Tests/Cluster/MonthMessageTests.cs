using System.Runtime.InteropServices;
using KerjasamaGraph.Grains.Serialization;
using KerjasamaGraph.Model.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>
/// The month's messages between silos (boundary snapshots, outputs): every array arrives bit for bit, a batch given back
/// by its receiver is the one the next batch for the same entities is read into, and a batch passed inside one silo (the
/// sender's own arrays) is never read into.
/// </summary>
public class MonthMessageTests
{
    private static readonly IServiceProvider Services =
        new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(OutputBatch).Assembly)).BuildServiceProvider();

    private static Serializer Serializer => Services.GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    private static byte[] Bits<T>(ReadOnlySpan<T> values) where T : unmanaged => MemoryMarshal.AsBytes(values).ToArray();

    // Two lanes; values that only an exact copy keeps (negative zero, NaN, subnormals), and a tagged vector with spare room.
    private static RegionMonthOutput Output(int region, int tick, double seed, int directTags) => new()
    {
        Region = region,
        Tick = tick,
        Metrics = Enumerable.Range(0, RegionMetrics.Count * 2).Select(i => seed + i / 7.0).ToArray(),
        ServiceCost = [seed, -0.0],
        ServiceSaving = [double.NaN, double.Epsilon * seed],
        Direct = new TaggedLanes(Enumerable.Range(0, directTags + 2).Select(t => 3 * t + region).ToArray(),
            Enumerable.Range(0, 2 * (directTags + 2)).Select(i => seed * i).ToArray(), [seed / 3, 1e-300], directTags),
        Spill = TaggedLanes.Empty(2),
        OwnedStates = [1, 2, 3, (byte)tick],
        Food = [seed, seed + 1, seed + 2, seed + 3, seed + 4, seed + 5, seed + 6, seed + 7],
        Cpi = [],
    };

    private static EntitySnapshot Snapshot(int sender, int tick, double seed) => new()
    {
        Sender = sender,
        Tick = tick,
        Capacity = [seed, -seed],
        Benefit = new TaggedLanes([sender, sender + 5], [seed, 2 * seed, 3 * seed, 4 * seed], [0.5, -0.0]),
        Announced = [(byte)tick, 7],
        WithdrawAgreements = tick % 2 == 0 ? [] : [sender],
        WithdrawFlags = tick % 2 == 0 ? [] : [1, 0],
        Prices = [seed * 1.5, double.NaN],
        Deliveries = [],
    };

    private static void AssertExact(TaggedLanes expected, TaggedLanes actual)
    {
        Assert.Equal((expected.Count, expected.Lanes), (actual.Count, actual.Lanes));
        Assert.Equal(Bits(expected.Tags), Bits(actual.Tags));
        Assert.Equal(Bits(expected.Values), Bits(actual.Values));
        Assert.Equal(Bits<double>(expected.Untracked), Bits<double>(actual.Untracked));
    }

    private static void AssertExact(RegionMonthOutput expected, RegionMonthOutput actual)
    {
        Assert.Equal((expected.Region, expected.Tick), (actual.Region, actual.Tick));
        Assert.Equal(Bits<double>(expected.Metrics), Bits<double>(actual.Metrics));
        Assert.Equal(Bits<double>(expected.ServiceCost), Bits<double>(actual.ServiceCost));
        Assert.Equal(Bits<double>(expected.ServiceSaving), Bits<double>(actual.ServiceSaving));
        AssertExact(expected.Direct, actual.Direct);
        AssertExact(expected.Spill, actual.Spill);
        Assert.Equal(expected.OwnedStates, actual.OwnedStates);
        Assert.Equal(Bits<double>(expected.Food), Bits<double>(actual.Food));
        Assert.Equal(Bits<double>(expected.Cpi), Bits<double>(actual.Cpi));
    }

    private static void AssertExact(EntitySnapshot expected, EntitySnapshot actual)
    {
        Assert.Equal((expected.Sender, expected.Tick), (actual.Sender, actual.Tick));
        Assert.Equal(Bits<double>(expected.Capacity), Bits<double>(actual.Capacity));
        AssertExact(expected.Benefit, actual.Benefit);
        Assert.Equal(expected.Announced, actual.Announced);
        Assert.Equal(expected.WithdrawAgreements, actual.WithdrawAgreements);
        Assert.Equal(expected.WithdrawFlags, actual.WithdrawFlags);
        Assert.Equal(Bits<double>(expected.Prices), Bits<double>(actual.Prices));
        Assert.Equal(Bits<double>(expected.Deliveries), Bits<double>(actual.Deliveries));
    }

    [Fact]
    public void Outputs_arrive_bit_for_bit_and_a_batch_given_back_is_read_into()
    {
        var key = $"{Guid.NewGuid():N}/outputs";
        ReceiveSpares.OpenOutputs(key, 10);
        try
        {
            var first = new OutputBatch(key, [Output(2, 0, 1.25, 2), Output(7, 0, -3.5, 1)]);
            var one = RoundTrip(first);
            Assert.True(one.Received);
            Assert.Equal(key, one.Receiver);
            Assert.Equal(2, one.Outputs.Length);
            for (var i = 0; i < 2; i++) AssertExact(first.Outputs[i], one.Outputs[i]);

            // Not given back yet: the next batch gets arrays of its own.
            var second = new OutputBatch(key, [Output(2, 1, 9.0, 2), Output(7, 1, 4.0, 3)]);
            var two = RoundTrip(second);
            Assert.NotSame(one.Outputs[0].Metrics, two.Outputs[0].Metrics);

            // Given back: region 2 (as many tags) is read into the first batch's arrays, region 7 (more tags than the
            // arrays hold) into its fixed-size arrays with new tag arrays, and both are exactly the second batch.
            ReceiveSpares.GiveBack(one);
            var three = RoundTrip(second);
            for (var i = 0; i < 2; i++) AssertExact(second.Outputs[i], three.Outputs[i]);
            Assert.Same(one.Outputs[0].Metrics, three.Outputs[0].Metrics);
            Assert.Same(one.Outputs[0].Food, three.Outputs[0].Food);
            Assert.Same(one.Outputs[0].OwnedStates, three.Outputs[0].OwnedStates);
            Assert.Same(one.Outputs[0].Direct.Untracked, three.Outputs[0].Direct.Untracked);
            Assert.Same(one.Outputs[1].Metrics, three.Outputs[1].Metrics);

            // Each spare is used once: a further batch gets arrays of its own again.
            var four = RoundTrip(first);
            Assert.NotSame(three.Outputs[0].Metrics, four.Outputs[0].Metrics);
            AssertExact(first.Outputs[0], four.Outputs[0]);

            // Fewer tags than the spare arrays have room for: only the tags sent are seen.
            ReceiveSpares.GiveBack(three);
            var fewer = new OutputBatch(key, [Output(7, 2, 0.5, 0)]);
            var five = RoundTrip(fewer);
            AssertExact(fewer.Outputs[0], five.Outputs[0]);
            Assert.Equal(0, five.Outputs[0].Direct.Count);
        }
        finally
        {
            ReceiveSpares.Close(key);
        }
    }

    [Fact]
    public void A_batch_passed_inside_a_silo_is_the_senders_and_is_never_read_into()
    {
        var key = $"{Guid.NewGuid():N}/3";
        ReceiveSpares.OpenSnapshots(key, 10);
        try
        {
            var own = new SnapshotBatch(key, [Snapshot(4, 0, 2.0), Snapshot(9, 0, 3.0)]);
            var copy = Services.GetRequiredService<DeepCopier>().Copy(own);
            Assert.Same(own, copy);
            Assert.False(copy.Received);
            ReceiveSpares.GiveBack(copy);
            var sent = new SnapshotBatch(key, [Snapshot(4, 1, 5.0), Snapshot(9, 1, 6.0)]);
            var back = RoundTrip(sent);
            Assert.True(back.Received);
            for (var i = 0; i < 2; i++)
            {
                AssertExact(sent.Snapshots[i], back.Snapshots[i]);
                Assert.NotSame(own.Snapshots[i].Capacity, back.Snapshots[i].Capacity);
                Assert.NotSame(own.Snapshots[i].Prices, back.Snapshots[i].Prices);
            }
            // The sender's own arrays are as they were.
            AssertExact(Snapshot(4, 0, 2.0), own.Snapshots[0]);
            AssertExact(Snapshot(9, 0, 3.0), own.Snapshots[1]);

            // A received batch given back is read into, with snapshots of other lengths in other fields.
            ReceiveSpares.GiveBack(back);
            var later = new SnapshotBatch(key, [Snapshot(4, 2, 7.0), Snapshot(9, 2, 8.0)]);
            var again = RoundTrip(later);
            for (var i = 0; i < 2; i++) AssertExact(later.Snapshots[i], again.Snapshots[i]);
            Assert.Same(back.Snapshots[1].Capacity, again.Snapshots[1].Capacity);
            Assert.Same(back.Snapshots[1].Prices, again.Snapshots[1].Prices);
        }
        finally
        {
            ReceiveSpares.Close(key);
        }
    }

    [Fact]
    public void Without_spares_open_every_batch_gets_new_arrays()
    {
        var key = $"{Guid.NewGuid():N}/outputs";
        var batch = new OutputBatch(key, [Output(1, 0, 2.5, 1)]);
        var one = RoundTrip(batch);
        ReceiveSpares.GiveBack(one);
        var two = RoundTrip(batch);
        AssertExact(batch.Outputs[0], two.Outputs[0]);
        Assert.NotSame(one.Outputs[0].Metrics, two.Outputs[0].Metrics);

        ReceiveSpares.OpenOutputs(key, 4);
        ReceiveSpares.Close(key);
        ReceiveSpares.GiveBack(two);
        Assert.NotSame(two.Outputs[0].Metrics, RoundTrip(batch).Outputs[0].Metrics);
    }

    [Fact]
    public void Model_messages_sent_alone_arrive_bit_for_bit()
    {
        var output = Output(3, 5, 0.75, 2);
        AssertExact(output, RoundTrip(output));
        var snapshot = Snapshot(6, 5, -1.5);
        AssertExact(snapshot, RoundTrip(snapshot));
        Assert.Null(RoundTrip<RegionMonthOutput?>(null));
        var copier = Services.GetRequiredService<DeepCopier>();
        Assert.Same(output, copier.Copy(output));
        Assert.Same(snapshot, copier.Copy(snapshot));
    }
}
