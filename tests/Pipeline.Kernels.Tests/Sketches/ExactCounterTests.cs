using Pipeline.Kernels.Sketches;

namespace Pipeline.Kernels.Tests.Sketches;

public class ExactCounterTests
{
    [Fact]
    public void Counts_exactly_and_orders_top_by_count_then_value()
    {
        var counter = new ExactCounter();
        foreach (var s in new[] { "b", "a", "c", "a", "b", "d" }) counter.Add(s);
        counter.Add("d", 10);
        Assert.False(counter.Overflowed);
        Assert.Equal(4, counter.DistinctCount);
        Assert.Equal(new[] { ("d", 11L), ("a", 2L), ("b", 2L) }, counter.Top(3));
        Assert.Equal(16, counter.Entries.Sum(e => e.Value));
    }

    [Fact]
    public void Overflow_clears_entries_and_is_sticky_through_merges()
    {
        var counter = new ExactCounter(3);
        foreach (var s in new[] { "a", "b", "c" }) counter.Add(s);
        Assert.False(counter.Overflowed);
        counter.Add("d");
        Assert.True(counter.Overflowed);
        Assert.Empty(counter.Entries);
        Assert.Equal(4, counter.DistinctCount);
        var small = new ExactCounter(3); small.Add("a");
        small.Merge(counter);
        Assert.True(small.Overflowed);
        var x = new ExactCounter(3); x.Add("a"); x.Add("b");
        var y = new ExactCounter(3); y.Add("c"); y.Add("d");
        x.Merge(y);
        Assert.True(x.Overflowed);
    }

    [Fact]
    public void Merge_is_commutative_and_serialization_round_trips()
    {
        var a = new ExactCounter(); var b = new ExactCounter();
        for (int i = 0; i < 500; i++) { a.Add("k" + i % 37); b.Add("k" + i % 53, 2); }
        var ab = ExactCounter.Deserialize(a.Serialize()); ab.Merge(b);
        var ba = ExactCounter.Deserialize(b.Serialize()); ba.Merge(a);
        Assert.Equal(ab.Serialize(), ba.Serialize());
        Assert.Equal(1500, ab.Entries.Sum(e => e.Value));
        Assert.Equal(53, ab.DistinctCount);
        var overflowed = new ExactCounter(1); overflowed.Add("a"); overflowed.Add("b");
        Assert.True(ExactCounter.Deserialize(overflowed.Serialize()).Overflowed);
        Assert.Throws<FormatException>(() => ExactCounter.Deserialize([ExactCounter.FormatVersion, 1]));
    }
}
