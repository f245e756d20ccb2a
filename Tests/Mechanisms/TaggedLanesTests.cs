using KerjasamaGraph.Grains.Serialization;
using KerjasamaGraph.Model.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace KerjasamaGraph.Tests.Mechanisms;

/// <summary>Tagged lane vectors whose arrays have room for more tags than they hold (so a region can refill them month after month).</summary>
public class TaggedLanesTests
{
    // Two tags of two lanes in arrays with room for four tags: the rest of the arrays is stale data that must never show.
    private static TaggedLanes WithSpareRoom() =>
        new([3, 7, 99, 99], [1.0, 2.0, 10.0, 20.0, 555.0, 555.0, 555.0, 555.0], [0.5, 0.25], count: 2);

    [Fact]
    public void Only_the_first_count_tags_are_seen()
    {
        var t = WithSpareRoom();
        Assert.Equal([3, 7], t.Tags.ToArray());
        Assert.Equal([1.0, 2.0, 10.0, 20.0], t.Values.ToArray());
        Assert.Equal([10.0, 20.0], t.Lane(1).ToArray());
        Span<double> totals = stackalloc double[2];
        t.Totals(totals);
        Assert.Equal([11.5, 22.25], totals.ToArray());
        Assert.Equal(11.5, t.Total(0));
        Assert.Equal(22.25, t.Total(1));
    }

    [Fact]
    public void A_count_that_does_not_fit_the_arrays_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new TaggedLanes([1, 2], [1.0, 2.0, 3.0], [0.0, 0.0], count: 2));
        Assert.Equal("2 tags of 2 lanes do not fit arrays of 2 tags and 3 values", e.Message);
        Assert.Throws<ArgumentException>(() => new TaggedLanes([1], [1.0, 2.0], [0.0, 0.0], count: 2));
    }

    [Fact]
    public void Orleans_sends_only_the_tags_held_and_a_copy_in_one_silo_is_the_same_object()
    {
        var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(TaggedLanesCodec).Assembly)).BuildServiceProvider();
        var original = WithSpareRoom();

        var serializer = services.GetRequiredService<Serializer>();
        var bytes = serializer.SerializeToArray(original);
        var back = serializer.Deserialize<TaggedLanes>(bytes)!;
        Assert.Equal(2, back.Count);
        Assert.Equal([3, 7], back.Tags.ToArray());
        Assert.Equal([1.0, 2.0, 10.0, 20.0], back.Values.ToArray());
        Assert.Equal([0.5, 0.25], back.Untracked);
        // What crossed the wire is exactly what the same two tags without spare room write (the stale rows never travel),
        // and the copy received writes it again byte for byte.
        Assert.Equal(serializer.SerializeToArray(new TaggedLanes([3, 7], [1.0, 2.0, 10.0, 20.0], [0.5, 0.25])), bytes);
        Assert.Equal(bytes, serializer.SerializeToArray(back));

        // Published once and never changed while read: a copy inside one silo is the same object.
        Assert.Same(original, services.GetRequiredService<DeepCopier>().Copy(original));
    }
}
