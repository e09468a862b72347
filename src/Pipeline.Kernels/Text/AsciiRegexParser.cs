using System.Globalization;

namespace Pipeline.Kernels.Text;

/// <summary>
/// Parses the part of .NET's regular-expression syntax that the DFA supports. The pattern has already been accepted
/// by <see cref="System.Text.RegularExpressions.Regex"/>, so this parser never reports syntax errors: anything it does
/// not recognise, or recognises as outside the subset (backreferences, lookarounds, <c>\b</c>, inline options, ...),
/// makes <see cref="TryParse"/> return false and the caller falls back to .NET.
/// </summary>
internal sealed class AsciiRegexParser
{
    /// <summary>Counted repetitions beyond this are not expanded into the automaton.</summary>
    private const int MaxRepeatCount = 1000;

    private readonly string _pattern;
    private int _pos;

    private AsciiRegexParser(string pattern) => _pattern = pattern;

    /// <summary>Thrown inside the parser to unwind when the pattern leaves the subset; never escapes it.</summary>
    private sealed class OutsideSubsetException : Exception;

    /// <summary>The syntax tree of <paramref name="pattern"/>, or false when the pattern is outside the subset.</summary>
    public static bool TryParse(string pattern, out RegexSyntax? syntax)
    {
        var parser = new AsciiRegexParser(pattern);
        try
        {
            syntax = parser.ParseAlternation();
            if (parser._pos != pattern.Length) throw new OutsideSubsetException(); // an unbalanced ')': .NET rejects it anyway
            return true;
        }
        catch (OutsideSubsetException)
        {
            syntax = null;
            return false;
        }
    }

    private static OutsideSubsetException Outside() => new();

    private bool AtEnd => _pos >= _pattern.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _pattern.Length ? _pattern[_pos + ahead] : '\0';

    private RegexSyntax ParseAlternation()
    {
        var alternatives = new List<RegexSyntax> { ParseConcat() };
        while (!AtEnd && Peek() == '|')
        {
            _pos++;
            alternatives.Add(ParseConcat());
        }
        return alternatives.Count == 1 ? alternatives[0] : new AlternationSyntax(alternatives);
    }

    private RegexSyntax ParseConcat()
    {
        var parts = new List<RegexSyntax>();
        while (!AtEnd && Peek() is not ('|' or ')'))
        {
            var atom = ParseAtom();
            while (TryParseQuantifier(out int min, out int? max))
            {
                if (atom is BeginAnchorSyntax or EndAnchorSyntax) throw Outside(); // a quantified anchor: rare, not worth modelling
                atom = new RepeatSyntax(atom, min, max);
            }
            parts.Add(atom);
        }
        return parts.Count switch
        {
            0 => new EmptySyntax(),
            1 => parts[0],
            _ => new ConcatSyntax(parts),
        };
    }

    private RegexSyntax ParseAtom()
    {
        char c = _pattern[_pos++];
        switch (c)
        {
            case '(':
                ParseGroupOpening();
                var body = ParseAlternation();
                if (AtEnd || Peek() != ')') throw Outside();
                _pos++;
                return body;
            case '[':
                return new CharSetSyntax(ParseClass());
            case '.':
                return new CharSetSyntax(AsciiSet.AnyButNewline);
            case '^':
                return new BeginAnchorSyntax();
            case '$':
                return new EndAnchorSyntax();
            case '\\':
                return new CharSetSyntax(ParseEscape(inClass: false));
            case '*' or '+' or '?':
                throw Outside(); // a quantifier with nothing before it: .NET rejects it anyway
            case '{':
                // '{' is a literal unless it starts a well-formed quantifier, which cannot stand here.
                if (LooksLikeCountedQuantifier(_pos - 1)) throw Outside();
                return new CharSetSyntax(AsciiSet.Of(c));
            default:
                return new CharSetSyntax(AsciiSet.Of(c));
        }
    }

    /// <summary>After '(': accepts plain, non-capturing and simply named capturing groups.</summary>
    private void ParseGroupOpening()
    {
        if (Peek() != '?') return;
        if (Peek(1) == ':')
        {
            _pos += 2;
            return;
        }
        // (?<name>...) or (?'name'...); (?<=, (?<!, balancing groups (?<a-b>...) and the rest fall back.
        if (Peek(1) is '<' or '\'')
        {
            char close = Peek(1) == '<' ? '>' : '\'';
            int i = _pos + 2;
            while (i < _pattern.Length && (char.IsAsciiLetterOrDigit(_pattern[i]) || _pattern[i] == '_')) i++;
            if (i > _pos + 2 && i < _pattern.Length && _pattern[i] == close)
            {
                _pos = i + 1;
                return;
            }
        }
        throw Outside();
    }

    /// <summary>Whether a counted quantifier <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> starts at <paramref name="at"/>
    /// (.NET's rule: otherwise the '{' is a literal).</summary>
    private bool LooksLikeCountedQuantifier(int at)
    {
        int i = at + 1;
        int digits = i;
        while (i < _pattern.Length && char.IsAsciiDigit(_pattern[i])) i++;
        if (i == digits || i >= _pattern.Length) return false;
        if (_pattern[i] == '}') return true;
        if (_pattern[i] != ',') return false;
        i++;
        while (i < _pattern.Length && char.IsAsciiDigit(_pattern[i])) i++;
        return i < _pattern.Length && _pattern[i] == '}';
    }

    private bool TryParseQuantifier(out int min, out int? max)
    {
        min = 0;
        max = null;
        if (AtEnd) return false;
        switch (Peek())
        {
            case '*':
                _pos++;
                break;
            case '+':
                _pos++;
                min = 1;
                break;
            case '?':
                _pos++;
                max = 1;
                break;
            case '{' when LooksLikeCountedQuantifier(_pos):
                _pos++;
                min = ParseCount();
                if (Peek() == '}') max = min;
                else
                {
                    _pos++; // ','
                    if (Peek() != '}') max = ParseCount();
                }
                _pos++; // '}'
                break;
            default:
                return false;
        }
        if (!AtEnd && Peek() == '?') _pos++; // lazy: same set of matches, so IsMatch is unchanged
        return true;
    }

    private int ParseCount()
    {
        int start = _pos;
        while (!AtEnd && char.IsAsciiDigit(Peek())) _pos++;
        if (!long.TryParse(_pattern.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            || value > MaxRepeatCount)
            throw Outside();
        return (int)value;
    }

    /// <summary>After '[': the class up to and including its ']'.</summary>
    private AsciiSet ParseClass()
    {
        bool negated = false;
        if (Peek() == '^')
        {
            negated = true;
            _pos++;
        }
        var set = AsciiSet.Empty;
        bool first = true;
        while (true)
        {
            if (AtEnd) throw Outside();
            char c = _pattern[_pos++];
            if (c == ']' && !first) break;
            first = false;
            if (c == '[') throw Outside(); // subtraction "-[...]" and .NET's odd "[:name:]" handling
            int low;
            if (c == '\\')
            {
                if (TryParseClassShorthand(out var shorthand))
                {
                    // "\d-x" is not a range in .NET; keep to the plain cases.
                    if (Peek() == '-' && Peek(1) != ']') throw Outside();
                    set = set.Union(shorthand);
                    continue;
                }
                low = ParseSingleCharEscape(inClass: true);
            }
            else low = c;

            if (Peek() == '-' && Peek(1) != ']' && _pos + 1 < _pattern.Length)
            {
                _pos++; // '-'
                char h = _pattern[_pos++];
                if (h == '[') throw Outside();
                int high = h == '\\' ? ParseSingleCharEscape(inClass: true) : h;
                set = set.Union(AsciiSet.Range(low, high));
            }
            else set = set.Union(AsciiSet.Of(low));
        }
        return negated ? set.Complement() : set;
    }

    /// <summary>After '\': a class shorthand (\d \w \s and negations) or a single character.</summary>
    private AsciiSet ParseEscape(bool inClass)
    {
        if (TryParseClassShorthand(out var shorthand)) return shorthand;
        return AsciiSet.Of(ParseSingleCharEscape(inClass));
    }

    private bool TryParseClassShorthand(out AsciiSet set)
    {
        set = Peek() switch
        {
            'd' => AsciiSet.Digit,
            'D' => AsciiSet.Digit.Complement(),
            'w' => AsciiSet.Word,
            'W' => AsciiSet.Word.Complement(),
            's' => AsciiSet.Space,
            'S' => AsciiSet.Space.Complement(),
            _ => AsciiSet.Empty,
        };
        if (Peek() is not ('d' or 'D' or 'w' or 'W' or 's' or 'S')) return false;
        _pos++;
        return true;
    }

    /// <summary>After '\': the one character an escape stands for (a code point, possibly not ASCII).</summary>
    private int ParseSingleCharEscape(bool inClass)
    {
        if (AtEnd) throw Outside();
        char c = _pattern[_pos++];
        switch (c)
        {
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'f': return '\f';
            case 'v': return '\v';
            case 'e': return '\x1B';
            case 'a': return '\a';
            case 'b' when inClass: return '\b';
            case 'x': return ParseHex(2);
            case 'u': return ParseHex(4);
            default:
                // Letters and digits are assertions, backreferences, octal, \p{..}, \k<..>, \cX: outside the subset.
                // Any other escaped character stands for itself.
                if (char.IsAsciiLetterOrDigit(c) || c == '_') throw Outside();
                return c;
        }
    }

    private int ParseHex(int digits)
    {
        if (_pos + digits > _pattern.Length
            || !int.TryParse(_pattern.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value))
            throw Outside();
        _pos += digits;
        return value;
    }
}
