namespace Pipeline.Engine.Enrich.Pii;

/// <summary>Whole-value detectors of personal data with their checksums: e-mail addresses, phone numbers (E.164-like:
/// 8 to 15 digits with an optional <c>+</c> and separators), payment cards (13 to 19 digits, Luhn) and IBANs
/// (country, check digits, ISO 13616 mod-97). A value is one kind at most, tried card, IBAN, e-mail, phone.</summary>
public static class PiiDetectors
{
    /// <summary>The kinds detected by value (<c>name</c> is detected by column name).</summary>
    public static readonly string[] ValueKinds = ["email", "phone", "card", "iban"];

    /// <summary>The kind of <paramref name="value"/>, or null.</summary>
    public static string? Classify(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length == 0 || value.Length > 64) return null;
        if (IsCard(value)) return "card";
        if (IsIban(value)) return "iban";
        if (IsEmail(value)) return "email";
        if (IsPhone(value)) return "phone";
        return null;
    }

    /// <summary>13 to 19 digits (spaces and dashes allowed between them) whose Luhn checksum is 0.</summary>
    public static bool IsCard(ReadOnlySpan<char> value)
    {
        int digits = 0, sum = 0;
        for (int i = value.Length - 1; i >= 0; i--)
        {
            char c = value[i];
            if (c is ' ' or '-') continue;
            if (c is < '0' or > '9') return false;
            int d = c - '0';
            if ((digits & 1) == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            digits++;
        }
        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    /// <summary>Two letters, two check digits and 11 to 30 letters or digits (spaces allowed), with
    /// <c>mod97(BBAN + country + check) == 1</c>.</summary>
    public static bool IsIban(ReadOnlySpan<char> value)
    {
        Span<char> s = stackalloc char[value.Length];
        int n = 0;
        foreach (char c in value)
        {
            if (c == ' ') continue;
            if (!char.IsAsciiLetterOrDigit(c)) return false;
            s[n++] = char.ToUpperInvariant(c);
        }
        if (n is < 15 or > 34 || !char.IsAsciiLetter(s[0]) || !char.IsAsciiLetter(s[1]) || !char.IsAsciiDigit(s[2]) || !char.IsAsciiDigit(s[3])) return false;
        int remainder = 0;
        for (int k = 0; k < n; k++)
        {
            char c = s[(k + 4) % n];
            if (char.IsAsciiDigit(c)) remainder = (remainder * 10 + (c - '0')) % 97;
            else remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder == 1;
    }

    /// <summary><c>local@domain.tld</c>: one <c>@</c>, no spaces, a dot in the domain with letters after the last one.</summary>
    public static bool IsEmail(ReadOnlySpan<char> value)
    {
        int at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || value.ContainsAny(" \t,;<>()[]\\\"")) return false;
        var domain = value[(at + 1)..];
        int dot = domain.LastIndexOf('.');
        if (dot <= 0 || dot >= domain.Length - 2 || domain.StartsWith(".") || domain.Contains("..", StringComparison.Ordinal)) return false;
        foreach (char c in domain[(dot + 1)..]) if (!char.IsAsciiLetter(c)) return false;
        return true;
    }

    /// <summary>An optional leading <c>+</c>, then 8 to 15 digits with spaces, dots, dashes or one pair of
    /// parentheses between them; no letters.</summary>
    public static bool IsPhone(ReadOnlySpan<char> value)
    {
        int digits = 0, open = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '+' && i == 0) continue;
            if (char.IsAsciiDigit(c)) { digits++; continue; }
            if (c == '(') { if (open++ > 0) return false; continue; }
            if (c is ')' or ' ' or '.' or '-') continue;
            return false;
        }
        return digits is >= 8 and <= 15;
    }
}
