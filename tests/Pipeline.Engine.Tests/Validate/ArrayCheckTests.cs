using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Evaluation.Keys;
using Pipeline.Engine.Validate.Expressions;
using Xunit;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>
/// The direct checks on Arrow buffers must fail exactly the rows the reference (Vec) path fails. The Vec path still
/// runs for array types without a direct form (large strings, dictionary-encoded numbers), so the same values in
/// both layouts give the comparison.
/// </summary>
public sealed class ArrayCheckTests
{
    private static readonly string?[] Texts =
    [
        "paid", "paid", "new", "", null, "shipped", "Paid", "paid ", "é", "😀", "naïve café", "new", null, "x",
        "a somewhat longer value of forty-one chars", "shipped", "日本語", "bob@example.org", "bob@example.o", "ana@x.io\n",
        "jo@exämple.com", "not an email@x.com", "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-42661417400",
    ];

    public static TheoryData<string> TextRules() => ["in_set", "not_in_set", "length", "length_wide", "in_set_unicode", "regex", "regex_unicode", "email", "uuid"];

    private static Rule TextRule(string which) => which switch
    {
        "in_set" => Rules.For("t").InSet("paid", "new", "shipped"),
        "not_in_set" => Rules.For("t").NotInSet("paid", ""),
        "length" => Rules.For("t").LengthBetween(1, 4),
        "length_wide" => Rules.For("t").LengthBetween(3, 41),
        "regex" => Rules.For("t").Regex(@"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"),
        "regex_unicode" => Rules.For("t").Regex(@"\w{3}"),
        "email" => Rules.For("t").Shape("email"),
        "uuid" => Rules.For("t").Shape("uuid"),
        _ => Rules.For("t").InSet("é", "日本語", "😀"),
    };

    [Theory]
    [MemberData(nameof(TextRules))]
    public void TextRulesOnUtf8BytesMatchTheStringPath(string which)
    {
        var rule = TextRule(which);
        var plain = Batch(new StringArray.Builder().AppendRange(Texts).Build(), StringType.Default);
        var large = Batch(new LargeStringArray.Builder().AppendRange(Texts).Build(), LargeStringType.Default);
        var direct = Tables.Failing(rule, plain);
        Assert.Equal(Tables.Failing(rule, large), direct);
        Assert.NotEmpty(direct);
        Assert.DoesNotContain(4, direct); // null rows never fail a value rule
    }

    [Theory]
    [MemberData(nameof(TextRules))]
    public void DictionaryEncodedTextMatchesPlainText(string which)
    {
        var rule = TextRule(which);
        var dictionary = new StringArray.Builder().AppendRange(Texts.Where(t => t is not null).Distinct()).Build();
        var lookup = Texts.Where(t => t is not null).Distinct().Select((t, i) => (t, i)).ToDictionary(x => x.t!, x => x.i);
        var indices = new Int32Array.Builder();
        foreach (var t in Texts) { if (t is null) indices.AppendNull(); else indices.Append(lookup[t]); }
        var type = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var encoded = Batch(new DictionaryArray(type, indices.Build(), dictionary), type);
        var plain = Batch(new StringArray.Builder().AppendRange(Texts).Build(), StringType.Default);
        Assert.Equal(Tables.Failing(rule, plain), Tables.Failing(rule, encoded));
    }

    [Fact]
    public void LengthCountsCharactersNotBytesOrUtf16Units()
    {
        var rule = Rules.For("t").LengthBetween(1, 1);
        var batch = Batch(new StringArray.Builder().AppendRange(["é", "😀", "ab", "日", ""]).Build(), StringType.Default);
        Assert.Equal([2, 4], Tables.Failing(rule, batch));
    }

    [Fact]
    public void InvalidUtf8CountsOneReplacementCharacterPerBadSequence()
    {
        // 0xC3 alone is a truncated two-byte sequence; 0xFF 0xFE are two invalid bytes: "a\uFFFD" and "\uFFFD\uFFFD".
        byte[][] values = [[(byte)'a', 0xC3], [0xFF, 0xFE], [(byte)'o', (byte)'k']];
        var data = values.SelectMany(v => v).ToArray();
        var offsets = new List<int> { 0 };
        foreach (var v in values) offsets.Add(offsets[^1] + v.Length);
        var array = new StringArray(values.Length, new ArrowBuffer(offsets.SelectMany(BitConverter.GetBytes).ToArray()),
            new ArrowBuffer(data), ArrowBuffer.Empty, 0);
        var expected = values.Select(v => TextLength.Of(Encoding.UTF8.GetString(v))).ToArray();
        Assert.Equal([2, 2, 2], expected);
        Assert.Empty(Tables.Failing(Rules.For("t").LengthBetween(2, 2), Batch(array, StringType.Default)));
        Assert.Equal([0, 1, 2], Tables.Failing(Rules.For("t").LengthBetween(3, 9), Batch(array, StringType.Default)));
    }

    /// <summary>Random byte strings (valid and invalid UTF-8, some non-ASCII in every array so each value is looked
    /// at on its own) against ranges around their lengths: the shortcut from the byte count must never change an
    /// answer.</summary>
    [Fact]
    public void LengthFromTheByteCountAgreesWithCountingCharacters()
    {
        var random = new Random(7);
        byte[] pieces = [(byte)'a', (byte)'z', 0xC3, 0xA9, 0xE6, 0x97, 0xA5, 0xF0, 0x9F, 0x98, 0x80, 0xFF, 0x80];
        var values = new List<byte[]> { new byte[] { 0xC3, 0xA9 } };
        for (int i = 0; i < 400; i++) values.Add(Enumerable.Range(0, random.Next(0, 14)).Select(_ => pieces[random.Next(pieces.Length)]).ToArray());
        var data = values.SelectMany(v => v).ToArray();
        var offsets = new List<int> { 0 };
        foreach (var v in values) offsets.Add(offsets[^1] + v.Length);
        var array = new StringArray(values.Count, new ArrowBuffer(offsets.SelectMany(BitConverter.GetBytes).ToArray()),
            new ArrowBuffer(data), ArrowBuffer.Empty, 0);
        var lengths = values.Select(v => TextLength.Of(Encoding.UTF8.GetString(v))).ToArray();
        for (int low = 0; low <= 6; low++)
            for (int high = low; high <= 14; high += 2)
            {
                var expected = Enumerable.Range(0, values.Count).Where(i => lengths[i] < low || lengths[i] > high).ToArray();
                Assert.Equal(expected, Tables.Failing(Rules.For("t").LengthBetween(low, high), Batch(array, StringType.Default)));
            }
    }

    public static TheoryData<string> NumberRules() => ["gt", "ge", "lt", "le", "between", "between_exclusive", "non_negative", "positive", "gt_inf", "lt_minus_inf"];

    private static Rule NumberRule(string which) => which switch
    {
        "gt" => Rules.For("n").GreaterThan(2),
        "ge" => Rules.For("n").GreaterOrEqual(2),
        "lt" => Rules.For("n").LessThan(2),
        "le" => Rules.For("n").LessOrEqual(2),
        "between" => Rules.For("n").Between(-1, 3),
        "between_exclusive" => Rules.For("n").Between(-1, 3, exclusive: true),
        "non_negative" => Rules.For("n").NonNegative(),
        "positive" => Rules.For("n").Positive(),
        "gt_inf" => Rules.For("n").GreaterThan(double.PositiveInfinity),
        _ => Rules.For("n").LessThan(double.NegativeInfinity),
    };

    private static readonly double?[] Doubles =
    [
        double.NaN, double.NegativeInfinity, double.PositiveInfinity, -0.0, 0, 2, Math.BitDecrement(2), Math.BitIncrement(2),
        -1, Math.BitDecrement(-1), 3, Math.BitIncrement(3), null, 1e300, -5,
    ];

    [Theory]
    [MemberData(nameof(NumberRules))]
    public void RangeRulesOnDoublesMatchTheVecPath(string which)
    {
        var rule = NumberRule(which);
        var plain = new DoubleArray.Builder();
        foreach (var d in Doubles) { if (d is { } v) plain.Append(v); else plain.AppendNull(); }
        Assert.Equal(Tables.Failing(rule, VecOnly(Doubles)), Tables.Failing(rule, Batch(plain.Build(), DoubleType.Default)));
    }

    [Theory]
    [MemberData(nameof(NumberRules))]
    public void RangeRulesOnIntegersMatchTheVecPath(string which)
    {
        var rule = NumberRule(which);
        long?[] longs = [-1, 0, 1, 2, 3, 4, null, long.MinValue, long.MaxValue, -2];
        var plain = new Int64Array.Builder();
        foreach (var l in longs) { if (l is { } v) plain.Append(v); else plain.AppendNull(); }
        var failing = Tables.Failing(rule, Batch(plain.Build(), Int64Type.Default));
        Assert.Equal(Tables.Failing(rule, VecOnly(longs.Select(l => (double?)l).ToArray())), failing);
        Assert.DoesNotContain(6, failing);
    }

    [Fact]
    public void NotFutureOnTimestampsMatchesTheVecPath()
    {
        var now = Tables.Now;
        DateTimeOffset[] times = [now.AddDays(-1), now, now.AddTicks(10), now.AddTicks(1), now.AddYears(3), DateTimeOffset.UnixEpoch.AddYears(-5)];
        var rule = Rules.For("v").NotFuture();
        foreach (var unit in new[] { TimeUnit.Second, TimeUnit.Millisecond, TimeUnit.Microsecond, TimeUnit.Nanosecond })
        {
            var type = new TimestampType(unit, "UTC");
            var builder = new TimestampArray.Builder(type);
            foreach (var t in times) builder.Append(t);
            builder.AppendNull();
            var array = builder.Build();
            var direct = Tables.Failing(rule, Batch(array, type, "v"));
            var viaVec = Tables.Failing(rule, DictionaryOf(array, type));
            Assert.Equal(viaVec, direct);
            Assert.Contains(4, direct);
            Assert.DoesNotContain(0, direct);
        }
        var days = new Date32Array.Builder().Append(now.UtcDateTime.Date).Append(now.UtcDateTime.Date.AddDays(1)).AppendNull().Build();
        Assert.Equal([1], Tables.Failing(rule, Batch(days, Date32Type.Default, "v")));
    }

    private static RecordBatch DictionaryOf(IArrowArray values, IArrowType valueType)
    {
        var indices = new Int32Array.Builder();
        for (int i = 0; i < values.Length; i++) { if (values.IsNull(i)) indices.AppendNull(); else indices.Append(i); }
        var type = new DictionaryType(Int32Type.Default, valueType, false);
        return Batch(new DictionaryArray(type, indices.Build(), values), type, "v");
    }

    [Theory]
    [MemberData(nameof(TextRules))]
    public void SlicedTextArraysCheckOnlyTheirOwnRows(string which)
    {
        var rule = TextRule(which);
        var whole = new StringArray.Builder().AppendRange(Texts).Build();
        var sliced = (StringArray)ArrowArrayFactory.Slice(whole, 3, 12);
        var copy = new StringArray.Builder().AppendRange(Texts.Skip(3).Take(12)).Build();
        Assert.Equal(Tables.Failing(rule, Batch(copy, StringType.Default)), Tables.Failing(rule, Batch(sliced, StringType.Default)));
    }

    [Fact]
    public void SlicedNumberArraysCheckOnlyTheirOwnRows()
    {
        var rule = Rules.For("n").Between(-1, 3);
        var plain = new DoubleArray.Builder();
        foreach (var d in Doubles) { if (d is { } v) plain.Append(v); else plain.AppendNull(); }
        var sliced = ArrowArrayFactory.Slice(plain.Build(), 4, 9);
        var expected = Tables.Failing(rule, VecOnly(Doubles.Skip(4).Take(9).ToArray()));
        Assert.Equal(expected, Tables.Failing(rule, Batch(sliced, DoubleType.Default)));
    }

    [Fact]
    public void Decimal128ValuesOfAnyPrecisionConvertWithoutOverflow()
    {
        // Unscaled 128-bit values at scale 2: 123.45, -0.01, and about 1.7e36 (39 digits of unscaled value).
        Int128[] unscaled = [12_345, -1, Int128.MaxValue];
        var bytes = new byte[unscaled.Length * 16];
        for (int i = 0; i < unscaled.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt128LittleEndian(bytes.AsSpan(i * 16), unscaled[i]);
        var type = new Decimal128Type(38, 2);
        var array = new Decimal128Array(new ArrayData(type, unscaled.Length, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(bytes)]));
        var v = ColumnLoader.Load(array);
        Assert.Equal(123.45, v.Numbers![0], 12);
        Assert.Equal(-0.01, v.Numbers[1], 15);
        Assert.Equal((double)Int128.MaxValue / 100, v.Numbers[2]);
        Assert.Equal([1, 2], Tables.Failing(Rules.For("n").Between(0, 1000), Batch(array, type, "n")));
    }

    [Fact]
    public void FiltersApplyToDirectChecks()
    {
        var rule = Rules.For("n").GreaterThan(0).Where("n > -3");
        var batch = Batch(new DoubleArray.Builder().AppendRange([-5, -1, 1, -2]).Build(), DoubleType.Default);
        Assert.Equal([1, 3], Tables.Failing(rule, batch));
    }

    [Fact]
    public void IntegerIdsAbove2To53StayDistinct()
    {
        // As doubles 2^53 and 2^53 + 1 are equal; as ids they are not.
        long big = 1L << 53;
        var counter = Count(new Int64Array.Builder().AppendRange([big, big + 1, big + 2, big + 1, -7, 0]).Build());
        Assert.Equal((5, 1), counter.Finish());
        Assert.Equal([(big + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)], counter.Examples);
    }

    [Fact]
    public void DoubleKeysTreatMinusZeroAndEveryNaNAsOneValue()
    {
        double otherNaN = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(double.NaN) ^ 1);
        Assert.True(double.IsNaN(otherNaN));
        var counter = Count(new DoubleArray.Builder().AppendRange([0.0, -0.0, double.NaN, otherNaN, 1.5]).Build());
        Assert.Equal((3, 2), counter.Finish());
    }

    [Fact]
    public void UnsignedKeysDisplayAsUnsigned()
    {
        var counter = Count(new UInt64Array.Builder().AppendRange([ulong.MaxValue, ulong.MaxValue, 1]).Build());
        Assert.Equal((2, 1), counter.Finish());
        Assert.Equal(["18446744073709551615"], counter.Examples);
    }

    private static IDistinctKeyCounter Count(IArrowArray array)
    {
        var batch = Batch(array, array.Data.DataType);
        var counter = RuleKeys.CreateCounter(Rules.For("v").Unique(), [array.Data.DataType], null);
        RuleKeys.Add(counter, [array], _ => new BatchColumns(batch).Column(0));
        return counter;
    }

    /// <summary>The numbers dictionary-encoded, which only the Vec path reads.</summary>
    private static RecordBatch VecOnly(double?[] values)
    {
        var dictionary = new DoubleArray.Builder().AppendRange(values.Select(v => v ?? 0)).Build();
        var indices = new Int32Array.Builder();
        for (int i = 0; i < values.Length; i++) { if (values[i] is null) indices.AppendNull(); else indices.Append(i); }
        var type = new DictionaryType(Int32Type.Default, DoubleType.Default, false);
        return Batch(new DictionaryArray(type, indices.Build(), dictionary), type, "n");
    }

    private static RecordBatch Batch(IArrowArray array, IArrowType type, string? name = null)
    {
        name ??= type is DictionaryType { ValueType: DoubleType } || type is DoubleType or Int64Type ? "n" : type is StringType or LargeStringType or DictionaryType ? "t" : "v";
        var schema = new Schema.Builder().Field(f => f.Name(name).DataType(type)).Build();
        return new RecordBatch(schema, [array], array.Length);
    }
}
