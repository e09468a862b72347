using System.Text.RegularExpressions;

namespace Pipeline.Kernels.Text;

/// <summary>
/// Builds the .NET regular expressions that rules match untrusted values with, so no value can hang a run: the
/// non-backtracking engine (linear in the value's length, same matches) wherever the pattern allows it; patterns it
/// cannot run (backreferences, lookarounds, atomic groups) keep the backtracking engine with a match timeout, which
/// callers report as an error naming the rule.
/// </summary>
public static class GuardedRegex
{
    /// <summary>How long one value may take on the backtracking engine.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The regex for <paramref name="pattern"/> with <paramref name="options"/> (CultureInvariant added).</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid .NET regular expression.</exception>
    public static Regex Create(string pattern, RegexOptions options = RegexOptions.None)
    {
        options |= RegexOptions.CultureInvariant;
        try
        {
            return new Regex(pattern, (options & ~RegexOptions.Compiled) | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, options | RegexOptions.Compiled, MatchTimeout);
        }
    }
}
