using System.Globalization;

namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>Splits expression text into tokens. Strings are SQL-style <c>'it''s'</c>; identifiers may be quoted as
/// <c>"a column"</c> or <c>`a column`</c> for names with spaces; keywords are case-insensitive. Words that only matter
/// in one place (<c>case when then else end cast as extract from between like ilike</c>) stay identifiers and the parser
/// reads them by context, so rules over columns named <c>end</c> or <c>from</c> keep working.</summary>
internal static class Lexer
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "and", "or", "not", "is", "null", "in", "true", "false" };

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int pos = i + 1;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                int start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                {
                    i++;
                    if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
                    while (i < text.Length && char.IsDigit(text[i])) i++;
                }
                var s = text[start..i];
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                    throw new ExpressionException($"'{s}' is not a number", pos);
                tokens.Add(new Token(TokenKind.Number, s, pos, n));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                var word = text[start..i];
                tokens.Add(new Token(Keywords.Contains(word) ? TokenKind.Keyword : TokenKind.Identifier,
                    Keywords.Contains(word) ? word.ToLowerInvariant() : word, pos));
                continue;
            }
            if (c is '\'' or '"' or '`')
            {
                var body = Quoted(text, ref i, c, pos);
                tokens.Add(new Token(c == '\'' ? TokenKind.String : TokenKind.Identifier, body, pos, Quoted: c != '\''));
                continue;
            }
            switch (c)
            {
                case '(': tokens.Add(new Token(TokenKind.LeftParen, "(", pos)); i++; continue;
                case ')': tokens.Add(new Token(TokenKind.RightParen, ")", pos)); i++; continue;
                case ',': tokens.Add(new Token(TokenKind.Comma, ",", pos)); i++; continue;
            }
            string? op = i + 1 < text.Length ? text.Substring(i, 2) switch
            {
                "<=" or ">=" or "!=" or "<>" or "==" or "||" or "//" or "::" => text.Substring(i, 2),
                _ => null,
            } : null;
            op ??= c is '<' or '>' or '=' or '+' or '-' or '*' or '/' or '%' ? c.ToString() : null;
            if (op is null) throw new ExpressionException($"unexpected character '{c}'", pos);
            tokens.Add(new Token(TokenKind.Operator, op switch { "==" => "=", "<>" => "!=", _ => op }, pos));
            i += op.Length;
        }
        tokens.Add(new Token(TokenKind.End, "end of expression", text.Length + 1));
        return tokens;
    }

    private static string Quoted(string text, ref int i, char quote, int pos)
    {
        var sb = new System.Text.StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length) throw new ExpressionException($"unterminated {(quote == '\'' ? "string" : "quoted name")}", pos);
            if (text[i] == quote)
            {
                // A doubled quote is the quote character itself, as in SQL.
                if (i + 1 < text.Length && text[i + 1] == quote) { sb.Append(quote); i += 2; continue; }
                i++;
                return sb.ToString();
            }
            sb.Append(text[i++]);
        }
    }
}
