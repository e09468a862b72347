using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Writes a <see cref="Vector"/> as an Arrow array on the managed heap (the garbage collector owns it, so
/// disposing it is harmless and never frees memory the batch uses).</summary>
internal static class ArrayWriter
{
    public static IArrowArray Write(Vector v)
    {
        int n = v.Length;
        var (bitmap, nullCount) = Validity(v.Nulls, n);
        var type = v.Type.ToArrow();
        switch (v.Type.Kind)
        {
            case SqlKind.Null: return new NullArray(n);
            case SqlKind.Boolean:
            {
                var bits = new byte[(n + 7) / 8];
                var b = v.As<bool>();
                for (int i = 0; i < n; i++) if (b[i]) bits[i >> 3] |= (byte)(1 << (i & 7));
                return Make(type, n, nullCount, bitmap, new ArrowBuffer(bits));
            }
            case SqlKind.Int64 or SqlKind.Timestamp:
                return Make(type, n, nullCount, bitmap, Bytes<long>(v.As<long>()));
            case SqlKind.Date:
            {
                var days = v.As<long>();
                var r = new int[n];
                for (int i = 0; i < n; i++) r[i] = (int)days[i];
                return Make(type, n, nullCount, bitmap, Bytes<int>(r));
            }
            case SqlKind.Double: return Make(type, n, nullCount, bitmap, Bytes<double>(v.As<double>()));
            case SqlKind.Decimal:
            {
                var d = v.As<decimal>();
                var raw = new byte[n * 16];
                for (int i = 0; i < n; i++)
                    if (!v.IsNull(i)) BinaryPrimitives.WriteInt128LittleEndian(raw.AsSpan(i * 16, 16), DecimalBits.ToUnscaled(d[i], v.Type.Scale));
                return Make(type, n, nullCount, bitmap, new ArrowBuffer(raw));
            }
            default: return WriteStrings(v.As<string?>(), v.Nulls, n, nullCount, bitmap);
        }
    }

    private static IArrowArray WriteStrings(string?[] s, bool[]? nulls, int n, int nullCount, ArrowBuffer bitmap)
    {
        var offsets = new int[n + 1];
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            if (!(nulls is not null && nulls[i]) && s[i] is { } x) total += System.Text.Encoding.UTF8.GetByteCount(x);
            offsets[i + 1] = checked((int)total);
        }
        var data = new byte[total];
        for (int i = 0; i < n; i++)
            if (offsets[i + 1] > offsets[i]) System.Text.Encoding.UTF8.GetBytes(s[i]!, data.AsSpan(offsets[i]));
        return new StringArray(new ArrayData(StringType.Default, n, nullCount, 0, [bitmap, Bytes<int>(offsets), new ArrowBuffer(data)]));
    }

    private static IArrowArray Make(IArrowType type, int n, int nullCount, ArrowBuffer bitmap, ArrowBuffer values)
        => ArrowArrayFactory.BuildArray(new ArrayData(type, n, nullCount, 0, [bitmap, values]));

    private static ArrowBuffer Bytes<T>(T[] values) where T : struct
        => new(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static (ArrowBuffer Bitmap, int NullCount) Validity(bool[]? nulls, int n)
    {
        if (nulls is null) return (ArrowBuffer.Empty, 0);
        var bits = new byte[(n + 7) / 8];
        int count = 0;
        for (int i = 0; i < n; i++)
            if (nulls[i]) count++;
            else bits[i >> 3] |= (byte)(1 << (i & 7));
        return count == 0 ? (ArrowBuffer.Empty, 0) : (new ArrowBuffer(bits), count);
    }
}
