namespace Pipeline.Kernels.Text;

/// <summary>
/// A set of ASCII code points (0..127) as 128 bits. The DFA only ever runs on pure-ASCII values, so a character class
/// is fully described by its ASCII members: non-ASCII members can never meet an ASCII input and are dropped, and a
/// negated class is complemented within ASCII.
/// </summary>
internal readonly record struct AsciiSet(ulong Low, ulong High)
{
    /// <summary>No code point.</summary>
    public static AsciiSet Empty => default;

    /// <summary>Every ASCII code point.</summary>
    public static AsciiSet All => new(ulong.MaxValue, ulong.MaxValue);

    /// <summary>The set of one code point; empty when it is not ASCII.</summary>
    public static AsciiSet Of(int codePoint) => Range(codePoint, codePoint);

    /// <summary>The code points <paramref name="first"/>..<paramref name="last"/> that are ASCII.</summary>
    public static AsciiSet Range(int first, int last)
    {
        ulong low = 0, high = 0;
        for (int c = Math.Max(first, 0); c <= Math.Min(last, 127); c++)
        {
            if (c < 64) low |= 1UL << c;
            else high |= 1UL << (c - 64);
        }
        return new AsciiSet(low, high);
    }

    /// <summary>Whether <paramref name="codePoint"/> is in the set.</summary>
    public bool Contains(int codePoint) => codePoint switch
    {
        < 0 or > 127 => false,
        < 64 => (Low >> codePoint & 1) != 0,
        _ => (High >> (codePoint - 64) & 1) != 0,
    };

    /// <summary>Members of either set.</summary>
    public AsciiSet Union(AsciiSet other) => new(Low | other.Low, High | other.High);

    /// <summary>The ASCII code points not in this set.</summary>
    public AsciiSet Complement() => new(~Low, ~High);

    /// <summary><c>\d</c> on ASCII input: .NET's Unicode decimal digits (\p{Nd}) that are ASCII are exactly 0-9.</summary>
    public static AsciiSet Digit => Range('0', '9');

    /// <summary><c>\w</c> on ASCII input: letters, digits and the connector punctuation '_' (.NET's
    /// [\p{L}\p{Mn}\p{Nd}\p{Pc}] restricted to ASCII).</summary>
    public static AsciiSet Word => Range('a', 'z').Union(Range('A', 'Z')).Union(Digit).Union(Of('_'));

    /// <summary><c>\s</c> on ASCII input: tab, line feed, vertical tab, form feed, carriage return and space
    /// (char.IsWhiteSpace restricted to ASCII).</summary>
    public static AsciiSet Space => Range('\t', '\r').Union(Of(' '));

    /// <summary><c>.</c> without Singleline: anything but a line feed.</summary>
    public static AsciiSet AnyButNewline => Of('\n').Complement();
}
