using System.Globalization;
using System.Text;

namespace Pipeline.Engine.Clean;

/// <summary>
/// The text steps of one column, in their fixed order (null tokens, trim, whitespace collapse, NFC, case, mapping
/// table, near-duplicate merging). Each step counts a value as changed when its output differs from its input.
/// </summary>
internal sealed class TextSteps(ColumnCleaning spec, IReadOnlyDictionary<string, string>? mergeMap)
{
    private readonly HashSet<string>? _nullTokens = spec.NullTokens is null ? null : new HashSet<string>(spec.NullTokens, StringComparer.OrdinalIgnoreCase);

    /// <summary>Step names in order, as reported in <c>cleaning[].steps</c>.</summary>
    public static readonly string[] Names = ["null_tokens", "trim", "collapse_whitespace", "nfc", "case", "map", "merge_near_duplicates"];

    /// <summary>Normalizes one value; <paramref name="changes"/> (indexed like <see cref="Names"/>) counts what changed.</summary>
    public string? Apply(string value, long[]? changes)
    {
        string s = value;
        if (_nullTokens is not null && _nullTokens.Contains(s.Trim())) { Count(changes, 0); return null; }
        if (spec.Trim) s = Step(s, s.Trim(), changes, 1);
        if (spec.CollapseWhitespace) s = Step(s, Collapse(s), changes, 2);
        if (spec.Nfc && !s.IsNormalized(NormalizationForm.FormC)) s = Step(s, s.Normalize(NormalizationForm.FormC), changes, 3);
        if (spec.Case is { } c) s = Step(s, c switch
        {
            TextCase.Lower => s.ToLowerInvariant(),
            TextCase.Upper => s.ToUpperInvariant(),
            _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant()),
        }, changes, 4);
        if (spec.Map is { } map && map.TryGetValue(s, out var mapped)) s = Step(s, mapped, changes, 5);
        if (mergeMap is not null && mergeMap.TryGetValue(s, out var merged)) s = Step(s, merged, changes, 6);
        return s;
    }

    private static string Step(string before, string after, long[]? changes, int step)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal)) Count(changes, step);
        return after;
    }

    private static void Count(long[]? changes, int step)
    {
        if (changes is not null) changes[step]++;
    }

    private static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch)) { if (!space) sb.Append(' '); space = true; }
            else { sb.Append(ch); space = false; }
        }
        return sb.ToString();
    }

    /// <summary>The near-duplicate key: letters and digits only, lower case, NFKD with accents dropped ("N.Y. " → "ny").</summary>
    public static string NearDuplicateKey(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s.Normalize(NormalizationForm.FormKD))
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString();
    }
}
