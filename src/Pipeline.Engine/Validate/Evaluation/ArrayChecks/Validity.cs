using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary>Null handling shared by the checks, reading the validity bitmap's bytes directly (a per-row
/// <c>IsNull</c> call costs more than most checks). Values under a null are arbitrary, so checks run on every row and
/// the null rows are cleared afterwards.</summary>
internal static class Validity
{
    /// <summary>Clears the failure of every null row and returns the remaining count.</summary>
    public static int ClearNulls(IArrowArray array, Span<bool> fails, int count)
    {
        if (array.NullCount == 0) return count;
        if (!TryBitmap(array, out var bitmap, out int offset))
        {
            fails[..array.Length].Clear();
            return 0;
        }
        for (int i = 0; i < array.Length; i++)
        {
            int bit = offset + i;
            if (!fails[i] || (bitmap[bit >> 3] & (1 << (bit & 7))) != 0) continue;
            fails[i] = false;
            count--;
        }
        return count;
    }

    /// <summary>Writes true for every null row of <paramref name="array"/> into <paramref name="isNull"/> and false
    /// for the others; returns the null count.</summary>
    public static int MarkNulls(IArrowArray array, Span<bool> isNull)
    {
        int n = array.Length;
        isNull = isNull[..n];
        if (array.NullCount == 0) { isNull.Clear(); return 0; }
        if (!TryBitmap(array, out var bitmap, out int offset)) { isNull.Fill(true); return n; }
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            int bit = offset + i;
            bool isNullRow = (bitmap[bit >> 3] & (1 << (bit & 7))) == 0;
            isNull[i] = isNullRow;
            count += isNullRow ? 1 : 0;
        }
        return count;
    }

    /// <summary>The validity bitmap and the array's bit offset into it; false when every row is null (a null-type
    /// array, or nulls without a bitmap).</summary>
    private static bool TryBitmap(IArrowArray array, out ReadOnlySpan<byte> bitmap, out int offset)
    {
        var data = array.Data;
        offset = data.Offset;
        bitmap = data.DataType.TypeId != ArrowTypeId.Null && data.Buffers.Length > 0 ? data.Buffers[0].Span : default;
        return !bitmap.IsEmpty;
    }
}
