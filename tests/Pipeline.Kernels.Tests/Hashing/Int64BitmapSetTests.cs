using Pipeline.Kernels.Hashing;
using Xunit;

namespace Pipeline.Kernels.Tests.Hashing;

public class Int64BitmapSetTests
{
    public static TheoryData<string> Orders() => ["ascending", "descending", "shuffled", "negative", "around_min", "around_max"];

    private static long[] Keys(string order)
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, 300_000).Select(i => (long)(i / 3 * 2)).ToArray(); // every even value 3 times
        return order switch
        {
            "ascending" => keys,
            "descending" => keys.Reverse().ToArray(),
            "shuffled" => keys.OrderBy(_ => random.Next()).ToArray(),
            "negative" => keys.Select(k => -k - 1_000).OrderBy(_ => random.Next()).ToArray(),
            "around_min" => keys.Select(k => long.MinValue + k).ToArray(),
            _ => keys.Select(k => long.MaxValue - k).Reverse().ToArray(),
        };
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void AgreesWithHashSetInAnyOrder(string order)
    {
        var keys = Keys(order);
        var set = new Int64BitmapSet();
        var reference = new HashSet<long>();
        long duplicates = 0;
        for (int start = 0; start < keys.Length; start += 7_000)
        {
            var slice = keys.AsSpan(start, Math.Min(7_000, keys.Length - start));
            var duplicate = new bool[slice.Length];
            duplicates += set.AddMany(slice, default, duplicate);
            for (int i = 0; i < slice.Length; i++) Assert.Equal(!reference.Add(slice[i]), duplicate[i]);
        }
        Assert.Equal(200_000, duplicates);
        Assert.Equal(reference.Count, set.Count);
        Assert.Equal(reference.Order(), set.ToArray());
        Assert.True(set.Contains(keys[0]));
        Assert.False(set.Contains(keys[0] + 1));
        Assert.True(set.Bytes <= 4 * 200_000 / 8 + 64, $"{set.Bytes} B for a range of 200,000 values");
    }

    [Fact]
    public void SkippedKeysAreNotAddedAndDoNotWidenTheRange()
    {
        var set = new Int64BitmapSet();
        var duplicate = new bool[3];
        Assert.Equal(0, set.AddMany([5, long.MaxValue, 5], [false, true, true], duplicate));
        Assert.Equal(1, set.Count);
        Assert.Equal(8, set.Bytes);
        Assert.Equal(0, set.AddMany([1, 2], [true, true], new bool[2]));
    }

    [Fact]
    public void TheWholeLongRangeIsRefusedBeforeAnythingChanges()
    {
        var set = new Int64BitmapSet();
        set.AddMany([1], default, new bool[1]);
        Assert.Equal(long.MaxValue, set.BytesToCover(long.MinValue, long.MaxValue));
        Assert.Throws<InvalidOperationException>(() => set.AddMany([long.MinValue, long.MaxValue], default, new bool[2]));
        Assert.Equal([1], set.ToArray());
    }
}
