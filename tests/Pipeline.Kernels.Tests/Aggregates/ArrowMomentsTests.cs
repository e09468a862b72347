using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Kernels.Aggregates;

namespace Pipeline.Kernels.Tests.Aggregates;

public class ArrowMomentsTests
{
    /// <summary>Builds a column of each numeric type with the given null pattern, plus the values a reference sees.</summary>
    private static IEnumerable<(string Type, IArrowArray Array, double?[] Values)> Columns(int length, TestArrays.Nulls nulls, int seed)
    {
        var random = new Random(seed);
        var raw = Enumerable.Range(0, length).Select(i => TestArrays.IsNull(nulls, i, random) ? (int?)null : random.Next(-100, 100)).ToArray();
        var asDouble = raw.Select(v => (double?)v).ToArray();

        var i32 = new Int32Array.Builder(); var i64 = new Int64Array.Builder(); var i8 = new Int8Array.Builder();
        var u16 = new UInt16Array.Builder(); var f32 = new FloatArray.Builder(); var f64 = new DoubleArray.Builder();
        var f16 = new HalfFloatArray.Builder(); var dec = new Decimal128Array.Builder(new Decimal128Type(20, 2));
        var u16Values = raw.Select(v => v is null ? null : (double?)(v.Value + 100)).ToArray();
        var f64Values = raw.Select(v => v is null ? null : (double?)(v.Value * 0.37 + 0.125)).ToArray();
        var decValues = raw.Select(v => v is null ? null : (double?)(double)(v.Value * 1.25m)).ToArray();
        foreach (var v in raw)
        {
            if (v is null)
            {
                i32.AppendNull(); i64.AppendNull(); i8.AppendNull(); u16.AppendNull(); f32.AppendNull(); f64.AppendNull(); f16.AppendNull(); dec.AppendNull();
                continue;
            }
            i32.Append(v.Value); i64.Append(v.Value * 1_000_000_000L / 1_000_000_000L); i8.Append((sbyte)v.Value);
            u16.Append((ushort)(v.Value + 100)); f32.Append(v.Value); f64.Append(v.Value * 0.37 + 0.125);
            f16.Append((Half)v.Value); dec.Append(v.Value * 1.25m);
        }
        yield return ("int32", i32.Build(), asDouble);
        yield return ("int64", i64.Build(), asDouble);
        yield return ("int8", i8.Build(), asDouble);
        yield return ("uint16", u16.Build(), u16Values);
        yield return ("float", f32.Build(), asDouble);
        yield return ("double", f64.Build(), f64Values);
        yield return ("half", f16.Build(), asDouble);
        yield return ("decimal128", dec.Build(), decValues);
    }

    [Fact]
    public void Every_type_length_offset_and_null_pattern_matches_the_reference()
    {
        foreach (int length in TestArrays.Lengths)
        foreach (var nulls in TestArrays.NullPatterns)
        foreach (int offset in TestArrays.Offsets)
        foreach (var (type, full, values) in Columns(length + offset, nulls, length * 31 + offset))
        {
            var sliced = offset == 0 ? full : TestArrays.Slice(full, offset, length);
            var expectedValues = values.Skip(offset).Where(v => v.HasValue).Select(v => v!.Value).ToArray();
            var state = new MomentState();
            ArrowMoments.Accumulate(sliced, ref state);
            try
            {
                MomentStateTests.AssertMatches(MomentReference.Of(expectedValues), state);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{type} length {length} offset {offset} nulls {nulls}: {e.Message}");
            }

            var copied = new double[sliced.Length];
            int written = ArrowMoments.CopyValidAsDouble(sliced, copied);
            Assert.Equal(expectedValues, copied[..written]);
        }
    }

    [Fact]
    public void Long_arrays_cross_chunk_boundaries()
    {
        var builder = new Int64Array.Builder();
        var all = new List<double?>();
        for (int i = 0; i < ArrowMoments.ChunkLength * 3 + 17; i++)
        {
            if (i % 7 == 0) { builder.AppendNull(); all.Add(null); continue; }
            builder.Append(i * 3L - 5000);
            all.Add(i * 3.0 - 5000);
        }
        int offset = 5, length = ArrowMoments.ChunkLength * 3;
        var state = new MomentState();
        ArrowMoments.Accumulate(TestArrays.Slice(builder.Build(), offset, length), ref state);
        var expected = all.Skip(offset).Take(length).Where(v => v.HasValue).Select(v => v!.Value);
        MomentStateTests.AssertMatches(MomentReference.Of(expected), state);
    }

    [Fact]
    public void Decimal128_beyond_System_Decimal_range_still_widens()
    {
        // 10^30 does not fit System.Decimal's 96-bit mantissa; the kernel reads the raw 128-bit integer.
        var builder = new Decimal128Array.Builder(new Decimal128Type(38, 0));
        builder.Append(System.Data.SqlTypes.SqlDecimal.Parse("1000000000000000000000000000000"));
        builder.Append(3m);
        var state = new MomentState();
        ArrowMoments.Accumulate(builder.Build(), ref state);
        Assert.Equal(2, state.Count);
        Assert.Equal(1e30, state.Max, 1e16);
        Assert.Equal(3, state.Min);
    }

    [Fact]
    public void Numeric_types_are_recognised_and_others_refused()
    {
        Assert.True(ArrowMoments.IsNumeric(Int32Type.Default));
        Assert.True(ArrowMoments.IsNumeric(new Decimal128Type(10, 2)));
        Assert.False(ArrowMoments.IsNumeric(StringType.Default));
        Assert.False(ArrowMoments.IsNumeric(BooleanType.Default));
        var strings = new StringArray.Builder().Append("x").Build();
        var state = new MomentState();
        Assert.Throws<NotSupportedException>(() => ArrowMoments.Accumulate(strings, ref state));
        Assert.Throws<ArgumentException>(() => ArrowMoments.CopyValidAsDouble(new Int32Array.Builder().Append(1).Append(2).Build(), new double[1]));
    }
}
