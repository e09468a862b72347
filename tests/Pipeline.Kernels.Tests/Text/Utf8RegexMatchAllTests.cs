using System.Text;
using Pipeline.Kernels.Text;

namespace Pipeline.Kernels.Tests.Text;

/// <summary><see cref="Utf8Regex.MatchAll"/> over Arrow's offsets-and-data layout.</summary>
public class Utf8RegexMatchAllTests
{
    private static readonly string[] Values =
        ["ann@example.com", "", "bob@example", "jörg@example.de", "x@y.io\n", "no at sign", "😀@x.io", "a@b.cc"];

    [Theory]
    [InlineData(Utf8RegexDifferentialTests.Email)]
    [InlineData(@"(a)\1")]
    public void Each_value_gets_dotnets_answer_and_the_count_is_returned(string pattern)
    {
        var regex = new Utf8Regex(pattern);
        var bytes = Values.Select(Encoding.UTF8.GetBytes).ToArray();
        var (offsets, data) = ArrowLayout.Of(bytes);
        var matches = new bool[Values.Length];
        int matched = regex.MatchAll(offsets, data, matches);
        var expected = bytes.Select(v => RegexOracle.Expected(pattern, v)).ToArray();
        Assert.Equal(expected, matches);
        Assert.Equal(expected.Count(e => e), matched);
    }

    /// <summary>Every pattern, over values of all lengths with random skips: each value gets .NET's answer.</summary>
    [Theory]
    [MemberData(nameof(Utf8RegexDifferentialTests.DfaPatterns), MemberType = typeof(Utf8RegexDifferentialTests))]
    public void Batches_of_mixed_values_with_random_skips_agree_with_dotnet_value_by_value(string pattern)
    {
        var regex = new Utf8Regex(pattern);
        var values = Utf8RegexDifferentialTests.Inputs(pattern, seed: pattern.Length + 1).ToArray();
        var random = new Random(pattern.Length);
        var skip = values.Select(_ => random.Next(5) == 0).ToArray();
        var (offsets, data) = ArrowLayout.Of(values);
        var matches = new bool[values.Length];
        int matched = regex.MatchAll(offsets, data, matches, skip);
        for (int i = 0; i < values.Length; i++)
        {
            bool expected = !skip[i] && RegexOracle.Expected(pattern, values[i]);
            if (matches[i] != expected)
                Assert.Fail($"Pattern {RegexOracle.Show(pattern)}, value {i} {RegexOracle.Show(values[i])} (skip {skip[i]}): expected {expected}.");
        }
        Assert.Equal(matches.Count(m => m), matched);
    }

    [Fact]
    public void The_email_batch_has_the_known_answers()
    {
        var regex = new Utf8Regex(Utf8RegexDifferentialTests.Email);
        var (offsets, data) = ArrowLayout.Of(Values.Select(Encoding.UTF8.GetBytes).ToArray());
        var matches = new bool[Values.Length];
        Assert.Equal(5, regex.MatchAll(offsets, data, matches));
        Assert.Equal([true, false, false, true, true, false, true, true], matches);
    }

    [Fact]
    public void Skipped_rows_are_false_and_not_counted()
    {
        var regex = new Utf8Regex(Utf8RegexDifferentialTests.Email);
        var (offsets, data) = ArrowLayout.Of(Values.Select(Encoding.UTF8.GetBytes).ToArray());
        var matches = Enumerable.Repeat(true, Values.Length).ToArray();
        bool[] skip = [true, false, false, true, false, false, false, false];
        Assert.Equal(3, regex.MatchAll(offsets, data, matches, skip));
        Assert.Equal([false, false, false, false, true, false, true, true], matches);
    }

    [Fact]
    public void A_sliced_array_whose_offsets_do_not_start_at_zero_is_read_from_its_offsets()
    {
        var regex = new Utf8Regex("^b");
        byte[] data = Encoding.ASCII.GetBytes("zzzbanana" + "apple" + "berry");
        int[] offsets = [3, 9, 14, 19];
        var matches = new bool[3];
        Assert.Equal(2, regex.MatchAll(offsets, data, matches));
        Assert.Equal([true, false, true], matches);
    }

    [Fact]
    public void A_batch_mixing_ascii_and_other_values_sends_each_to_the_right_path()
    {
        // A large batch, mostly ASCII: values decode into one reused buffer that must grow for the long one.
        var random = new Random(11);
        var values = Enumerable.Range(0, 2_000).Select(i => i % 97 == 0
            ? Encoding.UTF8.GetBytes($"jörg{i}@exämple.de" + new string('x', i))
            : Encoding.UTF8.GetBytes($"user{random.Next()}@{(i % 5 == 0 ? "bad" : "example.com")}")).ToArray();
        var regex = new Utf8Regex(Utf8RegexDifferentialTests.Email);
        var (offsets, data) = ArrowLayout.Of(values);
        var matches = new bool[values.Length];
        int matched = regex.MatchAll(offsets, data, matches);
        var expected = values.Select(v => RegexOracle.Expected(regex.Pattern, v)).ToArray();
        Assert.Equal(expected, matches);
        Assert.Equal(expected.Count(e => e), matched);
    }

    [Fact]
    public void An_empty_batch_matches_nothing()
    {
        Assert.Equal(0, new Utf8Regex("x*").MatchAll([0], [], []));
    }

    [Fact]
    public void Buffers_too_short_for_the_values_are_rejected_with_the_counts()
    {
        var regex = new Utf8Regex("a");
        int[] offsets = [0, 1, 2];
        byte[] data = "aa"u8.ToArray();
        var tooShort = Assert.Throws<ArgumentException>(() => regex.MatchAll(offsets, data, new bool[1]));
        Assert.Contains("2 values", tooShort.Message);
        Assert.Throws<ArgumentException>(() => regex.MatchAll(offsets, data, new bool[2], new bool[1]));
        Assert.Throws<ArgumentException>(() => regex.MatchAll([], data, new bool[2]));
    }
}
