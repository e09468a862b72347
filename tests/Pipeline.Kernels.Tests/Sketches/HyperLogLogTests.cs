using System.Buffers.Binary;
using Pipeline.Kernels.Hashing;
using Pipeline.Kernels.Sketches;

namespace Pipeline.Kernels.Tests.Sketches;

public class HyperLogLogTests
{
    private static ulong[] Hashes(long start, long count)
    {
        var hashes = new ulong[count];
        Span<byte> bytes = stackalloc byte[8];
        for (long i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, start + i);
            hashes[i] = ArrowHash.HashBytes(bytes);
        }
        return hashes;
    }

    [Theory]
    [InlineData(100_000, 12)]
    [InlineData(1_000_000, 12)]
    [InlineData(1_000_000, 14)]
    [InlineData(100_000, 10)]
    public void Estimates_fall_within_three_standard_errors(int distinct, int precision)
    {
        var sketch = new HyperLogLog(precision);
        var hashes = Hashes(0, distinct);
        sketch.AddRange(hashes);
        sketch.AddRange(hashes.AsSpan(0, distinct / 2)); // repeats must not count
        double error = Math.Abs(sketch.Estimate() - distinct) / (double)distinct;
        Assert.True(error <= 3 * sketch.RelativeStandardError, $"relative error {error:P3} > 3 × {sketch.RelativeStandardError:P3}");
    }

    [Fact]
    public void Small_and_mid_range_cardinalities_stay_within_bounds()
    {
        // Ertl's estimator has no switch-over bias, which the raw HLL estimator shows around 2.5m..5m.
        var sketch = new HyperLogLog();
        Assert.Equal(0, sketch.Estimate());
        int added = 0;
        foreach (int target in new[] { 1, 10, 100, 1000, 5000, 10_000, 20_000, 40_000 })
        {
            sketch.AddRange(Hashes(added, target - added));
            added = target;
            double error = Math.Abs(sketch.Estimate() - target) / (double)target;
            Assert.True(error <= Math.Max(3 * sketch.RelativeStandardError, 1.0 / target), $"{target}: {error:P3}");
        }
    }

    [Fact]
    public void Merge_equals_the_sketch_of_the_union_and_is_commutative()
    {
        var a = new HyperLogLog(); a.AddRange(Hashes(0, 60_000));
        var b = new HyperLogLog(); b.AddRange(Hashes(40_000, 60_000));
        var union = new HyperLogLog(); union.AddRange(Hashes(0, 100_000));
        var ab = HyperLogLog.Deserialize(a.Serialize()); ab.Merge(b);
        var ba = HyperLogLog.Deserialize(b.Serialize()); ba.Merge(a);
        Assert.Equal(union.Serialize(), ab.Serialize());
        Assert.Equal(ab.Serialize(), ba.Serialize());
        Assert.Throws<ArgumentException>(() => a.Merge(new HyperLogLog(10)));
    }

    [Fact]
    public void Serialization_round_trips_and_rejects_bad_input()
    {
        var sketch = new HyperLogLog(11);
        foreach (ulong h in Hashes(0, 5000)) sketch.Add(h);
        var bytes = sketch.Serialize();
        Assert.Equal(HyperLogLog.FormatVersion, bytes[0]);
        var copy = HyperLogLog.Deserialize(bytes);
        Assert.Equal(11, copy.Precision);
        Assert.Equal(sketch.Estimate(), copy.Estimate());
        Assert.Throws<FormatException>(() => HyperLogLog.Deserialize(bytes.AsSpan(0, 100)));
        var badVersion = (byte[])bytes.Clone(); badVersion[0] = 99;
        Assert.Throws<FormatException>(() => HyperLogLog.Deserialize(badVersion));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperLogLog(3));
        Assert.Equal(1.04 / 64, new HyperLogLog(12).RelativeStandardError);
    }
}
