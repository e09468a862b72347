using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;
using Xunit;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>Rules read values through <see cref="ArrowValues"/>, cleaning through <see cref="ColumnLoader"/>: both
/// must see every array type the same way (nulls, conversions, dictionaries, slices).</summary>
public sealed class ArrowValuesTests
{
    public static TheoryData<string> Arrays() => [.. Samples().Keys];

    private static Dictionary<string, IArrowArray> Samples()
    {
        var ts = new Dictionary<string, IArrowArray>();
        foreach (var unit in new[] { TimeUnit.Second, TimeUnit.Millisecond, TimeUnit.Microsecond, TimeUnit.Nanosecond })
        {
            var b = new TimestampArray.Builder(new TimestampType(unit, "UTC"));
            b.Append(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)).AppendNull().Append(DateTimeOffset.UnixEpoch.AddTicks(-1234567));
            ts["timestamp_" + unit] = b.Build();
        }
        var dictionaryValues = new StringArray.Builder().Append("a").AppendNull().Append("ccc").Build();
        var dictionaryType = new DictionaryType(Int16Type.Default, StringType.Default, false);
        var numbers = new DoubleArray.Builder().AppendRange([1.5, -0.0, double.NaN, 4]).AppendNull().Append(6).Build();
        var samples = new Dictionary<string, IArrowArray>
        {
            ["double"] = numbers,
            ["double_sliced"] = ArrowArrayFactory.Slice(numbers, 2, 4),
            ["float"] = new FloatArray.Builder().Append(0.1f).AppendNull().Append(float.MaxValue).Build(),
            ["int64"] = new Int64Array.Builder().Append(long.MinValue).AppendNull().Append((1L << 53) + 1).Build(),
            ["int8"] = new Int8Array.Builder().Append(-128).AppendNull().Append(7).Build(),
            ["uint64"] = new UInt64Array.Builder().Append(ulong.MaxValue).AppendNull().Append(3).Build(),
            ["half"] = new HalfFloatArray.Builder().Append((Half)2.5).AppendNull().Append(Half.NegativeInfinity).Build(),
            ["decimal128"] = new Decimal128Array.Builder(new Decimal128Type(20, 2)).Append(123.45m).AppendNull().Append(-0.01m).Build(),
            ["decimal256"] = new Decimal256Array.Builder(new Decimal256Type(40, 3)).Append(1.5m).AppendNull().Append(-9.125m).Build(),
            ["string"] = new StringArray.Builder().Append("paid").Append("paid").AppendNull().Append("").Append("日本語").Build(),
            ["large_string"] = new LargeStringArray.Builder().Append("x").AppendNull().Append("😀").Build(),
            ["string_view"] = new StringViewArray.Builder().Append("a longer value than twelve bytes").AppendNull().Append("b").Build(),
            ["bool"] = new BooleanArray.Builder().Append(true).AppendNull().Append(false).Build(),
            ["date32"] = new Date32Array.Builder().Append(new DateTime(1969, 12, 31)).AppendNull().Append(new DateTime(2024, 2, 29)).Build(),
            ["date64"] = new Date64Array.Builder().Append(new DateTime(2001, 1, 1, 1, 1, 1)).AppendNull().Build(),
            ["dictionary"] = new DictionaryArray(dictionaryType, new Int16Array.Builder().Append(2).Append(1).AppendNull().Append(0).Append(2).Build(), dictionaryValues),
        };
        foreach (var (k, v) in ts) samples[k] = v;
        return samples;
    }

    [Theory]
    [MemberData(nameof(Arrays))]
    public void EveryRowReadsAsTheColumnLoaderReadsIt(string name)
    {
        var array = Samples()[name];
        var vec = ColumnLoader.Load(array);
        var seen = new Recorder { Rows = new string?[array.Length] };
        ArrowValues.Visit(array, ref seen);
        for (int i = 0; i < array.Length; i++)
        {
            string expected = vec.IsNull(i) ? "null" : vec.Kind switch
            {
                ValueKind.Number => "n" + BitConverter.DoubleToInt64Bits(vec.Numbers![i]),
                ValueKind.String => "s" + vec.Strings![i],
                ValueKind.Time => "t" + vec.Times![i],
                _ => "b" + vec.Bools![i],
            };
            Assert.Equal(expected, seen.Rows[i]);
            Assert.Equal(vec.IsNull(i) ? null : Pipeline.Engine.Validate.Evaluation.RowCheck.Display(vec, i), ArrowValues.Display(array, i));
        }
    }

    private struct Recorder : IValueVisitor
    {
        public string?[] Rows;
        public readonly bool ReadsText => true;
        public readonly void Null(int row) => Rows[row] = "null";
        public readonly void Number(int row, double value) => Rows[row] = "n" + BitConverter.DoubleToInt64Bits(value);
        public readonly void Text(int row, string value) => Rows[row] = "s" + value;
        public readonly void Time(int row, long micros) => Rows[row] = "t" + micros;
        public readonly void Bool(int row, bool value) => Rows[row] = "b" + value;
    }
}
