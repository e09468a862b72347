using Pipeline.Kernels.Hashing;
using Xunit;

namespace Pipeline.Kernels.Tests.Hashing;

public class Int64HashSetTests
{
    [Theory]
    [InlineData(0, 1000)]
    [InlineData(1, 200_000)]
    [InlineData(2, 1_000_000)]
    public void AgreesWithHashSetOnRandomKeysWithRepeats(int seed, int count)
    {
        var random = new Random(seed);
        // Small range: many repeats; include 0, the negative extremes and double bit patterns (zero low bits).
        var keys = Enumerable.Range(0, count).Select(i => (i % 7) switch
        {
            0 => 0L,
            1 => long.MinValue + random.Next(3),
            2 => BitConverter.DoubleToInt64Bits(random.Next(count / 4)),
            _ => random.NextInt64(-count, count),
        }).ToArray();
        var set = new Int64HashSet();
        var reference = new HashSet<long>();
        long duplicates = 0, expectedDuplicates = 0;
        for (int start = 0; start < keys.Length; start += 4096)
        {
            var slice = keys.AsSpan(start, Math.Min(4096, keys.Length - start));
            var duplicate = new bool[slice.Length];
            duplicates += set.AddMany(slice, default, duplicate);
            for (int i = 0; i < slice.Length; i++)
            {
                bool isNew = reference.Add(slice[i]);
                Assert.Equal(!isNew, duplicate[i]);
                if (!isNew) expectedDuplicates++;
            }
        }
        Assert.Equal(expectedDuplicates, duplicates);
        Assert.Equal(reference.Count, set.Count);
        Assert.Equal(reference.Order(), set.ToArray().Order());
        Assert.True(set.Contains(0));
        Assert.False(set.Contains(long.MaxValue));
        Assert.True(set.TableBytes >= set.Count * 8L * 10 / 7);
    }

    [Fact]
    public void SingleAddsAndUnionAgreeWithHashSet()
    {
        var random = new Random(3);
        var a = new Int64HashSet();
        var b = new Int64HashSet();
        var reference = new HashSet<long>();
        for (int i = 0; i < 300_000; i++)
        {
            long key = random.Next(200_000) - 50_000; // repeats, negatives and 0
            var target = i % 2 == 0 ? a : b;
            bool isNew = reference.Add(key);
            bool added = target.Add(key);
            if (isNew) Assert.True(added);
        }
        a.UnionWith(b);
        Assert.Equal(reference.Count, a.Count);
        Assert.Equal(reference.Order(), a.ToArray().Order());
        Assert.False(a.Add(0));
    }

    [Fact]
    public void SkippedKeysAreNeitherAddedNorDuplicates()
    {
        var set = new Int64HashSet();
        var duplicate = new bool[4];
        Assert.Equal(1, set.AddMany([5, 5, 6, 0], [false, false, true, true], duplicate));
        Assert.Equal([false, true, false, false], duplicate);
        Assert.Equal(1, set.Count);
        Assert.False(set.Contains(6));
        Assert.False(set.Contains(0));
    }

    [Fact]
    public void PeakBytesBoundWhatAddingNeeds()
    {
        var set = new Int64HashSet();
        Assert.Equal(0, set.TableBytes);
        set.AddMany([1, 2, 3], default, new bool[3]);
        long before = set.TableBytes;
        Assert.True(before > 0);
        long peak = set.PeakBytesToAdd(200_000);
        Assert.True(peak >= before);
        set.AddMany(Enumerable.Range(10, 200_000).Select(i => (long)i * 7919).ToArray(), default, new bool[200_000]);
        Assert.True(set.TableBytes <= peak, $"tables of {set.TableBytes} B exceed the estimated peak of {peak} B");
        Assert.True(set.TableBytes >= 200_003L * 8 * 10 / 7, "every table stays at most 70% full");
        Assert.True(peak < 4 * set.TableBytes, $"the estimate {peak} B is far above the {set.TableBytes} B needed");
        set.Clear();
        Assert.Equal(0, set.Count);
        Assert.Equal(0, set.TableBytes);
    }
}
