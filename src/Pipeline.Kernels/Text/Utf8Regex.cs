using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Kernels.Text;

/// <summary>
/// A regular expression matched directly on UTF-8 bytes (for example the values of an Arrow string column), with
/// exactly the answers of <c>new Regex(pattern, RegexOptions.CultureInvariant).IsMatch(Encoding.UTF8.GetString(value))</c>.
/// For a pattern inside the supported subset (literals, classes, <c>\d \w \s</c>, <c>.</c>, quantifiers, groups,
/// alternation, <c>^</c>, a trailing <c>$</c>) a DFA built once at construction scans the bytes (one byte shuffle or
/// one table lookup per byte, no decoding). A non-ASCII byte stops it (unless the answer is already certain), and such
/// a value, like every value of a pattern outside the subset, is decoded into a reused char buffer and matched by a
/// compiled .NET <see cref="Regex"/>. Immutable and thread-safe.
/// </summary>
public sealed class Utf8Regex
{
    /// <summary>Options that do not change which values match, so the DFA may still serve the pattern.</summary>
    private const RegexOptions DfaCompatibleOptions = RegexOptions.CultureInvariant | RegexOptions.Compiled | RegexOptions.ExplicitCapture;

    /// <summary>Values up to this many bytes are decoded into a stack buffer by <see cref="IsMatch"/>.</summary>
    private const int StackDecodeLimit = 256;

    private readonly Regex _regex;
    private readonly AsciiDfa? _dfa;

    /// <summary>Compiles <paramref name="pattern"/> with <see cref="RegexOptions.CultureInvariant"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid .NET regular expression (the same error
    /// <c>new Regex</c> throws).</exception>
    public Utf8Regex(string pattern) : this(pattern, RegexOptions.None)
    {
    }

    /// <summary>Compiles <paramref name="pattern"/> with <paramref name="options"/> (CultureInvariant is always
    /// added). Options other than Compiled and ExplicitCapture leave every value to .NET.</summary>
    /// <exception cref="ArgumentException">The pattern or the options are invalid for .NET.</exception>
    public Utf8Regex(string pattern, RegexOptions options) : this(pattern, options, composeShortValues: true)
    {
    }

    /// <summary>As the public constructor; <paramref name="composeShortValues"/> false keeps short values on the
    /// state-by-state scan (tests compare both scans).</summary>
    internal Utf8Regex(string pattern, RegexOptions options, bool composeShortValues)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        options |= RegexOptions.CultureInvariant;
        // Values the DFA cannot settle go to .NET: linear-time where the pattern allows, else with a timeout.
        _regex = GuardedRegex.Create(pattern, options);
        Pattern = pattern;
        Options = options;
        if ((options & ~DfaCompatibleOptions) == 0
            && AsciiRegexParser.TryParse(pattern, out var syntax)
            && ThompsonNfa.TryBuild(syntax!) is { } nfa)
            _dfa = AsciiDfaBuilder.TryBuild(nfa, composeShortValues);
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>The options the .NET fallback uses (the given ones plus CultureInvariant).</summary>
    public RegexOptions Options { get; }

    /// <summary>Whether pure-ASCII values go through the DFA; false when the pattern is outside the supported subset
    /// or its DFA would exceed 4096 states, and then every value is matched by .NET.</summary>
    public bool UsesDfa => _dfa is not null;

    /// <summary>Number of DFA states (dead and accepting included), 0 without a DFA. For tests and diagnostics.</summary>
    public int DfaStateCount => _dfa?.StateCount ?? 0;

    /// <summary>How the DFA scans short values ("shuffle16", "permute64" or "table"); null without a DFA. For tests.</summary>
    internal string? ShortValueScan => _dfa?.ShortValueScan;

    /// <summary>Whether the value contains a match: <c>Regex.IsMatch(Encoding.UTF8.GetString(utf8))</c>. Invalid UTF-8
    /// is decoded as <see cref="Encoding.UTF8"/> does, each invalid sequence becoming U+FFFD.</summary>
    public bool IsMatch(ReadOnlySpan<byte> utf8)
    {
        if (_dfa is not null)
        {
            var outcome = _dfa.Run(utf8);
            if (outcome != DfaOutcome.NonAscii) return outcome == DfaOutcome.Match;
        }
        if (utf8.Length <= StackDecodeLimit)
        {
            Span<char> chars = stackalloc char[StackDecodeLimit];
            return _regex.IsMatch(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
        }
        char[] rented = ArrayPool<char>.Shared.Rent(utf8.Length);
        try { return _regex.IsMatch(rented.AsSpan(0, Encoding.UTF8.GetChars(utf8, rented))); }
        finally { ArrayPool<char>.Shared.Return(rented); }
    }

    /// <summary>
    /// Matches every value of an Arrow string (or binary) array laid out as <paramref name="offsets"/> (count + 1
    /// entries, value i is <c>data[offsets[i]..offsets[i + 1]]</c>; the first need not be 0, as in a sliced array)
    /// over <paramref name="data"/>. Writes one result per value to <paramref name="matches"/> and returns how many
    /// matched. Values whose <paramref name="skip"/> entry is true (nulls, rows already rejected) are not evaluated and
    /// get false; an empty <paramref name="skip"/> skips nothing.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="offsets"/> is empty, or <paramref name="matches"/> or a
    /// non-empty <paramref name="skip"/> is shorter than the value count.</exception>
    public int MatchAll(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, Span<bool> matches, ReadOnlySpan<bool> skip = default)
    {
        if (offsets.IsEmpty) throw new ArgumentException("Offsets need count + 1 entries; got none.", nameof(offsets));
        int count = offsets.Length - 1;
        if (matches.Length < count)
            throw new ArgumentException($"Room for {matches.Length} results, but there are {count} values.", nameof(matches));
        if (!skip.IsEmpty && skip.Length < count)
            throw new ArgumentException($"{skip.Length} skip flags, but there are {count} values.", nameof(skip));

        char[]? buffer = null;
        int matched = 0;
        try
        {
            for (int i = 0; i < count; i++)
            {
                if (!skip.IsEmpty && skip[i])
                {
                    matches[i] = false;
                    continue;
                }
                var value = data[offsets[i]..offsets[i + 1]];
                var outcome = _dfa?.Run(value) ?? DfaOutcome.NonAscii;
                bool isMatch = outcome == DfaOutcome.NonAscii ? MatchDecoded(value, ref buffer) : outcome == DfaOutcome.Match;
                matches[i] = isMatch;
                if (isMatch) matched++;
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<char>.Shared.Return(buffer);
        }
        return matched;
    }

    /// <summary>The .NET path: decodes into <paramref name="buffer"/> (rented once per batch, grown when a value needs
    /// more room) and matches the chars.</summary>
    private bool MatchDecoded(ReadOnlySpan<byte> utf8, ref char[]? buffer)
    {
        // UTF-8 never decodes to more UTF-16 chars than it has bytes (invalid bytes become one U+FFFD each at most).
        if (buffer is null || buffer.Length < utf8.Length)
        {
            if (buffer is not null) ArrayPool<char>.Shared.Return(buffer);
            buffer = ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1024));
        }
        return _regex.IsMatch(buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, buffer)));
    }
}
