using System.Runtime.InteropServices;
using Apache.Arrow;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>Hands a kernel's result to Arrow: bitmaps and value arrays the evaluation made become the buffers as
/// they are; only values still in the input batch's memory are copied (the result must outlive the batch).</summary>
internal static class KernelWriter
{
    public static IArrowArray Write(KVec result, SqlType type, int n, KContext context)
    {
        var v = result.Materialize();
        int nullCount = v.Validity is null ? 0 : n - BitOps.Count(v.ValidWords, n);
        var bitmap = nullCount == 0 ? ArrowBuffer.Empty : new ArrowBuffer(v.Validity);
        ArrowBuffer values;
        if (type.Kind == SqlKind.Date)
        {
            var days = v.Longs;
            var narrow = new int[n];
            for (int i = 0; i < n; i++) narrow[i] = (int)days[i];
            values = new ArrowBuffer(MemoryMarshal.AsBytes(narrow.AsSpan()).ToArray());
        }
        // A pooled temporary (a branch passed through) or the batch's own memory is copied; the root's array is handed over.
        else values = new ArrowBuffer(v.Owned && !context.IsTemporary(v.Data) ? v.Data : v.Data.ToArray());
        var arrowType = type.Kind == SqlKind.Null ? SqlType.Boolean.ToArrow() : type.ToArrow();
        return ArrowArrayFactory.BuildArray(new ArrayData(arrowType, n, nullCount, 0, [bitmap, values]));
    }
}
