using Apache.Arrow;
using Pipeline.Kernels.Aggregates;

namespace Pipeline.Kernels.Tests.Aggregates;

public class StringStatsTests
{
    private static readonly string[] Samples = ["", " ", "abc", "héllo", "😀x", "\t\n", "  a ", "naïve café", "\u00A0\u2003", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"];

    private static StringLengthState Reference(IEnumerable<string?> values)
    {
        var state = new StringLengthState();
        foreach (var s in values)
            if (s != null) state.Add(s.EnumerateRunes().Count(), s.Length > 0 && s.EnumerateRunes().All(System.Text.Rune.IsWhiteSpace));
        return state;
    }

    [Fact]
    public void Every_string_layout_length_offset_and_null_pattern_matches_the_reference()
    {
        foreach (int length in TestArrays.Lengths)
        foreach (var nulls in TestArrays.NullPatterns)
        foreach (int offset in TestArrays.Offsets)
        {
            var random = new Random(length * 7 + offset);
            var values = Enumerable.Range(0, length + offset)
                .Select(i => TestArrays.IsNull(nulls, i, random) ? null : Samples[random.Next(Samples.Length)]).ToArray();
            var utf8 = new StringArray.Builder(); var large = new LargeStringArray.Builder(); var view = new StringViewArray.Builder();
            foreach (var v in values)
            {
                if (v is null) { utf8.AppendNull(); large.AppendNull(); view.AppendNull(); }
                else { utf8.Append(v); large.Append(v); view.Append(v); }
            }
            var expected = Reference(values.Skip(offset));
            foreach (IArrowArray full in new IArrowArray[] { utf8.Build(), large.Build(), view.Build() })
            {
                var state = new StringLengthState();
                StringStats.Accumulate(offset == 0 ? full : TestArrays.Slice(full, offset, length), ref state);
                Assert.Equal(expected, state);
            }
        }
    }

    [Fact]
    public void Lengths_count_code_points_not_utf16_units()
    {
        var state = new StringLengthState();
        StringStats.Accumulate(new StringArray.Builder().Append("😀😀").Append("é").Append("").Append("   ").Build(), ref state);
        Assert.Equal(4, state.Count);
        Assert.Equal(0, state.MinLength);
        Assert.Equal(3, state.MaxLength);
        Assert.Equal(1, state.Empty);
        Assert.Equal(1, state.WhitespaceOnly);
        Assert.Equal(1.5, state.MeanLength);
    }

    [Fact]
    public void Merging_split_batches_equals_one_pass()
    {
        var strings = Enumerable.Range(0, 100).Select(i => new string('x', i % 13)).ToArray();
        var whole = new StringLengthState();
        StringStats.Accumulate(new StringArray.Builder().AppendRange(strings).Build(), ref whole);
        var a = new StringLengthState(); var b = new StringLengthState();
        StringStats.Accumulate(new StringArray.Builder().AppendRange(strings[..40]).Build(), ref a);
        StringStats.Accumulate(new StringArray.Builder().AppendRange(strings[40..]).Build(), ref b);
        var ba = b; ba.Merge(a);
        a.Merge(b);
        Assert.Equal(whole, a);
        Assert.Equal(whole, ba);
        var empty = new StringLengthState();
        Assert.True(double.IsNaN(empty.MeanLength));
    }

    [Fact]
    public void Non_string_arrays_are_refused()
    {
        var state = new StringLengthState();
        Assert.Throws<NotSupportedException>(() => StringStats.Accumulate(new Int32Array.Builder().Append(1).Build(), ref state));
    }
}
