using Pipeline.Kernels.Text;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary><c>regex:</c> (and the regex-based shapes) on text: the kernels' <see cref="Utf8Regex"/> matches the
/// UTF-8 bytes, a DFA for ASCII values and the .NET regex for the rest, with the .NET answers for every value.</summary>
internal sealed class Utf8RegexCheck(Utf8Regex regex) : Utf8Check
{
    /// <summary>The matcher.</summary>
    public Utf8Regex Regex => regex;

    protected override bool Fails(ReadOnlySpan<byte> value) => !regex.IsMatch(value);

    protected override int EvaluateStrings(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, Span<bool> fails)
    {
        int n = fails.Length;
        int matched = regex.MatchAll(offsets[..(n + 1)], data, fails);
        // MatchAll wrote "matches"; a rule fails where the value does not match.
        for (int i = 0; i < n; i++) fails[i] = !fails[i];
        return n - matched;
    }
}
