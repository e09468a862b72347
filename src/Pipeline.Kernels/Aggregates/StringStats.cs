using System.Buffers;
using System.Text;
using Apache.Arrow;

namespace Pipeline.Kernels.Aggregates;

/// <summary>String length statistics over Arrow string arrays (String, LargeString, StringView), honouring
/// validity and offsets.</summary>
public static class StringStats
{
    /// <summary>Folds the length (in Unicode scalar values) of every valid string into <paramref name="state"/>,
    /// counting empty and white-space-only strings.</summary>
    /// <exception cref="NotSupportedException">The array is not a string array.</exception>
    public static void Accumulate(IArrowArray array, ref StringLengthState state)
    {
        ArgumentNullException.ThrowIfNull(array);
        var validity = Validity.Of(array);
        switch (array)
        {
            case StringArray s:
                for (int i = 0; i < s.Length; i++)
                    if (validity.IsValid(i)) Add(s.GetBytes(i), ref state);
                break;
            case LargeStringArray s:
                for (int i = 0; i < s.Length; i++)
                    if (validity.IsValid(i)) Add(s.GetBytes(i), ref state);
                break;
            case StringViewArray s:
                for (int i = 0; i < s.Length; i++)
                    if (validity.IsValid(i)) Add(s.GetBytes(i), ref state);
                break;
            default:
                throw new NotSupportedException($"String statistics need a string column; got {array.Data.DataType.Name}.");
        }
    }

    private static void Add(ReadOnlySpan<byte> utf8, ref StringLengthState state)
    {
        state.Add(ScalarCount(utf8), IsWhiteSpace(utf8));
    }

    /// <summary>Unicode scalar values in well-formed UTF-8: every byte that is not a continuation byte
    /// (10xxxxxx) starts one. ASCII, the common case, is checked with a vectorised scan first.</summary>
    internal static int ScalarCount(ReadOnlySpan<byte> utf8)
    {
        if (Ascii.IsValid(utf8)) return utf8.Length;
        int continuation = 0;
        foreach (byte b in utf8) continuation += (b & 0xC0) == 0x80 ? 1 : 0;
        return utf8.Length - continuation;
    }

    private static readonly SearchValues<byte> AsciiWhiteSpace = SearchValues.Create(" \t\n\v\f\r"u8);

    /// <summary>True for non-empty text made only of white space.</summary>
    internal static bool IsWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return false;
        // Cheap exit: most strings start with a non-space ASCII byte.
        if (utf8[0] < 0x80 && !AsciiWhiteSpace.Contains(utf8[0])) return false;
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out int consumed) != OperationStatus.Done || !Rune.IsWhiteSpace(rune))
                return false;
            utf8 = utf8[consumed..];
        }
        return true;
    }
}
