using System.Text;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>The shape of a text value for pattern summaries: upper-case letters become <c>A</c>, lower-case (and any
/// non-ASCII letter) <c>a</c>, digits <c>9</c>; spaces and punctuation stay. <c>"NY 10027"</c> → <c>"AA 99999"</c>. Long values are cut at
/// <see cref="MaxLength"/> characters with an ellipsis, so free text does not explode the pattern table.</summary>
public static class StringShapes
{
    /// <summary>Characters kept in a shape.</summary>
    public const int MaxLength = 24;

    /// <summary>The shape of <paramref name="text"/>.</summary>
    public static string Of(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        foreach (var c in text)
        {
            if (sb.Length == MaxLength) { sb.Append('…'); break; }
            sb.Append(c is >= 'A' and <= 'Z' ? 'A' : c > 127 || char.IsLetter(c) ? 'a' : c is >= '0' and <= '9' ? '9' : c);
        }
        return sb.ToString();
    }
}
