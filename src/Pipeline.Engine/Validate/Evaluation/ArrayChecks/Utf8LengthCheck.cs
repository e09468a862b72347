using System.Text;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary>
/// <c>length_between</c> on text, counting Unicode characters (code points; an invalid UTF-8 sequence counts as the
/// one replacement character it decodes to). When a whole array's bytes are ASCII (one vectorized test) each length
/// is just the difference of two offsets.
/// </summary>
internal sealed class Utf8LengthCheck(double low, double high) : Utf8Check
{
    protected override bool Fails(ReadOnlySpan<byte> value)
    {
        // A value of n bytes holds between ceil(n / 4) and n code points (an invalid subsequence, at most 3 bytes, counts
        // as one), so the byte count alone settles most values without looking at the bytes.
        int bytes = value.Length;
        if (bytes < low) return true;
        if (bytes <= high && (bytes + 3) / 4 >= low) return false;
        int length = Ascii.IsValid(value) ? value.Length : CodePoints(value);
        return !(length >= low && length <= high);
    }

    protected override int EvaluateStrings(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, Span<bool> fails)
    {
        if (!Ascii.IsValid(data[offsets[0]..offsets[fails.Length]])) return base.EvaluateStrings(offsets, data, fails);
        int count = 0;
        for (int i = 0; i < fails.Length; i++)
        {
            int length = offsets[i + 1] - offsets[i];
            bool fail = !(length >= low && length <= high);
            fails[i] = fail;
            count += fail ? 1 : 0;
        }
        return count;
    }

    /// <summary>Code points in UTF-8 bytes, decoding as <see cref="Encoding.UTF8"/> does (each maximal invalid
    /// subsequence is one replacement character). Not the profile's continuation-byte count, which assumes
    /// well-formed UTF-8: a rule must agree with the string path for every input.</summary>
    public static int CodePoints(ReadOnlySpan<byte> value)
    {
        int count = 0;
        while (!value.IsEmpty)
        {
            System.Text.Rune.DecodeFromUtf8(value, out _, out int consumed);
            value = value[consumed..];
            count++;
        }
        return count;
    }
}
