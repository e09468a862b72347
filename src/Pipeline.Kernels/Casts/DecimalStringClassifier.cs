namespace Pipeline.Kernels.Casts;

/// <summary>
/// Recognises numbers written for people rather than machines: thousands separators (<c>1,234.50</c>), currency
/// symbols (<c>$12.00</c>, <c>12 €</c>), percentages (<c>12.5%</c>), accounting negatives (<c>(1,200)</c>).
/// Such values stay strings (their meaning depends on locale and unit), but a profile can report "numeric in string".
/// Plain numbers are not decimal-looking: they parse as int64 or double.
/// </summary>
public static class DecimalStringClassifier
{
    /// <summary>True when <paramref name="text"/> is a human-formatted number.</summary>
    public static bool IsDecimalLooking(ReadOnlySpan<byte> text)
    {
        text = Utf8Text.TrimSpaces(text);
        if (text.IsEmpty) return false;
        bool decorated = false;
        bool parenthesised = text.Length >= 2 && text[0] == '(' && text[^1] == ')';
        if (parenthesised) { text = Utf8Text.TrimSpaces(text[1..^1]); decorated = true; }
        if (!text.IsEmpty && (text[0] == '-' || text[0] == '+')) text = text[1..];
        int prefix = CurrencyLength(text);
        if (prefix > 0) { text = Utf8Text.TrimSpaces(text[prefix..]); decorated = true; }
        if (!text.IsEmpty && (text[0] == '-' || text[0] == '+')) text = text[1..]; // "$-5"
        if (!text.IsEmpty && text[^1] == '%') { text = Utf8Text.TrimSpaces(text[..^1]); decorated = true; }
        else if (TrailingCurrencyLength(text) is > 0 and var suffix) { text = Utf8Text.TrimSpaces(text[..^suffix]); decorated = true; }
        if (text.IsEmpty) return false;

        return IsNumberBody(text, out bool hasSeparators) && (decorated || hasSeparators);
    }

    // Digits with an optional decimal mark and optional grouping: when both ',' and '.' occur the last one is the
    // decimal mark; a lone ',' followed by exactly three digits groups thousands ("1,234"), otherwise it is a decimal
    // comma ("12,5"). Groups after the first must have exactly three digits.
    private static bool IsNumberBody(ReadOnlySpan<byte> text, out bool hasSeparators)
    {
        hasSeparators = false;
        int lastComma = text.LastIndexOf((byte)','), lastDot = text.LastIndexOf((byte)'.');
        int commas = text.Count((byte)','), dots = text.Count((byte)'.');
        byte group, mark;
        if (commas > 0 && dots > 0) { mark = lastDot > lastComma ? (byte)'.' : (byte)','; group = mark == '.' ? (byte)',' : (byte)'.'; }
        else if (commas > 0) { mark = commas == 1 && text.Length - lastComma - 1 != 3 ? (byte)',' : (byte)'\0'; group = (byte)','; }
        else if (dots > 1) { mark = 0; group = (byte)'.'; }
        else { mark = (byte)'.'; group = 0; }
        if ((mark == ',' ? commas : mark == '.' ? dots : 0) > 1) return false;

        int markAt = mark == 0 ? -1 : text.LastIndexOf(mark);
        var integer = markAt < 0 ? text : text[..markAt];
        var fraction = markAt < 0 ? [] : text[(markAt + 1)..];
        if (integer.IsEmpty || !AllDigits(fraction) || (markAt >= 0 && fraction.IsEmpty)) return false;
        int groups = 0, run = 0;
        for (int i = 0; i < integer.Length; i++)
        {
            byte b = integer[i];
            if ((uint)(b - '0') <= 9) { run++; continue; }
            if (b != group || run == 0 || (groups == 0 ? run > 3 : run != 3)) return false;
            groups++;
            run = 0;
        }
        if (groups > 0 && run != 3) return false;
        hasSeparators = groups > 0 || mark == ',';
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
            if ((uint)(b - '0') > 9) return false;
        return true;
    }

    private static int CurrencyLength(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return 0;
        if (text[0] == '$') return 1;
        if (text.StartsWith("€"u8)) return "€"u8.Length;
        if (text.StartsWith("£"u8)) return "£"u8.Length;
        if (text.StartsWith("¥"u8)) return "¥"u8.Length;
        return 0;
    }

    private static int TrailingCurrencyLength(ReadOnlySpan<byte> text)
    {
        if (text.EndsWith("€"u8)) return "€"u8.Length;
        if (text.EndsWith("$"u8)) return 1;
        if (text.EndsWith("£"u8)) return "£"u8.Length;
        return 0;
    }
}
