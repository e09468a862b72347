using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        int n = array.Length, i = 0;
        var bytes = MemoryMarshal.AsBytes(fails[..n]);
        // Eight rows per step: their validity bits spread to eight 0/1 bytes, and-ed into the eight failure bools.
        for (; i + 8 <= n; i += 8)
        {
            ref byte at = ref bytes[i];
            ulong before = Unsafe.ReadUnaligned<ulong>(ref at);
            if (before == 0) continue;
            ulong after = before & BoolBytes.OfBits[EightBits(bitmap, offset + i)];
            Unsafe.WriteUnaligned(ref at, after);
            count -= BitOperations.PopCount(before) - BitOperations.PopCount(after);
        }
        for (; i < n; i++)
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
        int count = 0, i = 0;
        var bytes = MemoryMarshal.AsBytes(isNull);
        for (; i + 8 <= n; i += 8)
        {
            // A 0/1 byte per row: flipping the low bit of each valid flag gives the null flag.
            ulong nulls = BoolBytes.OfBits[EightBits(bitmap, offset + i)] ^ 0x0101010101010101UL;
            Unsafe.WriteUnaligned(ref bytes[i], nulls);
            count += BitOperations.PopCount(nulls);
        }
        for (; i < n; i++)
        {
            int bit = offset + i;
            bool isNullRow = (bitmap[bit >> 3] & (1 << (bit & 7))) == 0;
            isNull[i] = isNullRow;
            count += isNullRow ? 1 : 0;
        }
        return count;
    }

    /// <summary>The eight bits of <paramref name="bitmap"/> from bit <paramref name="bit"/> on (the caller ensures
    /// they exist; the byte after them is read only when the bits straddle two bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int EightBits(ReadOnlySpan<byte> bitmap, int bit)
    {
        int index = bit >> 3, shift = bit & 7;
        return shift == 0 ? bitmap[index] : ((bitmap[index] | bitmap[index + 1] << 8) >> shift) & 0xFF;
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
