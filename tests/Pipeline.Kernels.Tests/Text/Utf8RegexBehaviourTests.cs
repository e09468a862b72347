using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Kernels.Text;

namespace Pipeline.Kernels.Tests.Text;

/// <summary>Construction, options, limits and thread safety of <see cref="Utf8Regex"/>.</summary>
public class Utf8RegexBehaviourTests
{
    [Theory]
    [InlineData("(")]
    [InlineData("a)")]
    [InlineData("[a-")]
    [InlineData("*a")]
    [InlineData("a{3,2}")]
    [InlineData(@"\q")]
    [InlineData(@"(a)\2")]
    public void Invalid_patterns_throw_argument_exception_like_dotnet(string pattern)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Regex(pattern));
        Assert.ThrowsAny<ArgumentException>(() => new Utf8Regex(pattern));
    }

    [Fact]
    public void Options_that_change_matching_leave_every_value_to_dotnet()
    {
        var ignoreCase = new Utf8Regex("^abc$", RegexOptions.IgnoreCase);
        Assert.False(ignoreCase.UsesDfa);
        Assert.True(ignoreCase.IsMatch("ABC"u8));
        var multiline = new Utf8Regex("^b$", RegexOptions.Multiline);
        Assert.False(multiline.UsesDfa);
        Assert.True(multiline.IsMatch("a\nb\nc"u8));
        var explicitCapture = new Utf8Regex("^(ab)+$", RegexOptions.ExplicitCapture);
        Assert.True(explicitCapture.UsesDfa);
        Assert.True(explicitCapture.IsMatch("abab"u8));
    }

    [Fact]
    public void A_pattern_whose_dfa_would_exceed_the_state_cap_falls_back_and_stays_correct()
    {
        // "the 13th character from the end is an a" needs 2^13 DFA states.
        const string pattern = "a[ab]{12}$";
        var regex = new Utf8Regex(pattern);
        Assert.False(regex.UsesDfa);
        var random = new Random(7);
        var inputs = Enumerable.Range(0, 200).Select(_ => Encoding.ASCII.GetBytes(
            new string(Enumerable.Range(0, random.Next(10, 30)).Select(_ => random.Next(2) == 0 ? 'a' : 'b').ToArray())));
        RegexOracle.AssertAgrees(regex, inputs);
        // The same idea with a smaller window fits.
        Assert.True(new Utf8Regex("a[ab]{6}$").UsesDfa);
    }

    [Fact]
    public void The_email_dfa_is_small_and_stops_early_where_it_can()
    {
        var email = new Utf8Regex(Utf8RegexDifferentialTests.Email);
        Assert.True(email.UsesDfa);
        Assert.InRange(email.DfaStateCount, 3, 12);
        var unanchored = new Utf8Regex(@"\d{3}-\d{4}");
        Assert.True(unanchored.UsesDfa);
        Assert.True(unanchored.IsMatch(Encoding.ASCII.GetBytes("call 555-1234 " + new string('x', 10_000))));
    }

    [Fact]
    public void Long_values_with_and_without_non_ascii_characters_agree_with_dotnet()
    {
        var regex = new Utf8Regex(@"^[^@\s]+@[^@\s]+\.[a-z]{2,}$");
        string local = new('a', 5_000);
        RegexOracle.AssertAgrees(regex,
        [
            Encoding.UTF8.GetBytes(local + "@example.com"),
            Encoding.UTF8.GetBytes(local + "é@example.com"),
            Encoding.UTF8.GetBytes(local + "é@example.com\n"),
            Encoding.UTF8.GetBytes(local + " @example.com"),
        ]);
        Assert.True(regex.IsMatch(Encoding.UTF8.GetBytes(local + "é@example.com")));
    }

    [Fact]
    public void Concurrent_callers_get_the_same_answers_as_one_caller()
    {
        var regex = new Utf8Regex(Utf8RegexDifferentialTests.Email);
        var values = Utf8RegexDifferentialTests.Inputs(Utf8RegexDifferentialTests.Email, seed: 3).ToArray();
        bool[] expected = values.Select(v => RegexOracle.Expected(regex.Pattern, v)).ToArray();
        var (offsets, data) = ArrowLayout.Of(values);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, round =>
        {
            var matches = new bool[values.Length];
            regex.MatchAll(offsets, data, matches);
            for (int i = 0; i < values.Length; i++)
            {
                if (matches[i] != expected[i]) failures.Add($"round {round}, MatchAll value {i}");
                if (regex.IsMatch(values[(i + round) % values.Length]) != expected[(i + round) % values.Length])
                    failures.Add($"round {round}, IsMatch value {(i + round) % values.Length}");
            }
        });
        Assert.Empty(failures);
    }
}
