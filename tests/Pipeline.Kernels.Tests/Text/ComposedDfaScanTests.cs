using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Kernels.Text;

namespace Pipeline.Kernels.Tests.Text;

/// <summary>The shuffle-composed scan for short values against the state-by-state scan and .NET, on the same
/// patterns and inputs: same answers whichever scan runs, on values around the length where the scans switch.</summary>
public class ComposedDfaScanTests
{
    [Fact]
    public void Small_dfas_use_the_16_lane_shuffle_and_larger_ones_the_64_lane_permute_where_the_processor_has_them()
    {
        var email = new Utf8Regex(Utf8RegexDifferentialTests.Email);
        Assert.True(email.DfaStateCount <= ComposedDfaScan.SmallStateLimit);
        Assert.Equal(ComposedDfaScan.SmallSupported ? "shuffle16" : "table", email.ShortValueScan);

        var uuid = new Utf8Regex(Utf8RegexDifferentialTests.Uuid);
        Assert.InRange(uuid.DfaStateCount, ComposedDfaScan.SmallStateLimit + 1, ComposedDfaScan.LargeStateLimit);
        Assert.Equal(ComposedDfaScan.LargeSupported ? "permute64" : "table", uuid.ShortValueScan);

        var large = new Utf8Regex("^[a-z]{70}$");
        Assert.True(large.DfaStateCount > ComposedDfaScan.LargeStateLimit);
        Assert.Equal("table", large.ShortValueScan);

        Assert.Equal("table", new Utf8Regex(Utf8RegexDifferentialTests.Email, RegexOptions.None, composeShortValues: false).ShortValueScan);
    }

    [Theory]
    [MemberData(nameof(Utf8RegexDifferentialTests.DfaPatterns), MemberType = typeof(Utf8RegexDifferentialTests))]
    public void Both_scans_agree_with_dotnet_on_every_listed_pattern(string pattern)
    {
        var composed = new Utf8Regex(pattern);
        var table = new Utf8Regex(pattern, RegexOptions.None, composeShortValues: false);
        var inputs = Utf8RegexDifferentialTests.Inputs(pattern, seed: pattern.Length).Concat(AroundTheSwitch(pattern)).ToList();
        RegexOracle.AssertAgrees(composed, inputs);
        RegexOracle.AssertAgrees(table, inputs);
    }

    [Fact]
    public void Random_patterns_get_the_same_answers_from_both_scans()
    {
        var random = new Random(20261126);
        int composedPatterns = 0;
        for (int p = 0; p < 300; p++)
        {
            string pattern = RandomPatterns.Pattern(random);
            var composed = new Utf8Regex(pattern);
            if (composed.ShortValueScan is "shuffle16" or "permute64") composedPatterns++;
            var table = new Utf8Regex(pattern, RegexOptions.None, composeShortValues: false);
            foreach (var input in Enumerable.Range(0, 80).Select(_ => Encoding.UTF8.GetBytes(RandomPatterns.Value(random))))
                if (composed.IsMatch(input) != table.IsMatch(input) || composed.IsMatch(input) != RegexOracle.Expected(pattern, input))
                    Assert.Fail($"Pattern {RegexOracle.Show(pattern)} on {RegexOracle.Show(input)}: composed {composed.IsMatch(input)}, table {table.IsMatch(input)}, .NET {RegexOracle.Expected(pattern, input)}.");
        }
        if (ComposedDfaScan.SmallSupported) Assert.True(composedPatterns > 150, $"only {composedPatterns} of 300 random patterns were composed");
    }

    /// <summary>Values of 60 to 68 bytes (the composed scan takes up to 64), with and without a final line feed and a
    /// non-ASCII byte early or late: the scans must hand over exactly.</summary>
    private static IEnumerable<byte[]> AroundTheSwitch(string pattern)
    {
        var random = new Random(pattern.GetHashCode(StringComparison.Ordinal));
        var alphabet = pattern.Where(char.IsAsciiLetterOrDigit).Concat("ab1@.-").Distinct().ToArray();
        for (int length = AsciiDfa.ComposedMaxLength - 4; length <= AsciiDfa.ComposedMaxLength + 4; length++)
        {
            for (int k = 0; k < 6; k++)
            {
                var chars = Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
                string text = new(chars);
                yield return Encoding.UTF8.GetBytes(text);
                yield return Encoding.UTF8.GetBytes(text[..^1] + "\n");
                yield return Encoding.UTF8.GetBytes("é" + text[2..]);
                yield return Encoding.UTF8.GetBytes(text[..^2] + "é");
            }
            yield return Encoding.UTF8.GetBytes(new string('a', length));
        }
    }
}
