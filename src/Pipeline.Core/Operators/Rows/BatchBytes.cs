using Apache.Arrow;

namespace Pipeline.Core.Operators.Rows;

/// <summary>
/// The bytes a batch keeps alive: the sum of its buffers, children and dictionaries. Operators that buffer batches
/// reserve this much from the memory pool. A slice counts its whole buffers, which is what it really keeps alive.
/// </summary>
internal static class BatchBytes
{
    public static long Of(RecordBatch batch)
    {
        long total = 0;
        for (int c = 0; c < batch.ColumnCount; c++) total += Of(batch.Column(c).Data);
        return total;
    }

    private static long Of(ArrayData data)
    {
        long total = 0;
        foreach (var buffer in data.Buffers) total += buffer.Length;
        if (data.Children is { } children) foreach (var child in children) total += Of(child);
        if (data.Dictionary is { } dictionary) total += Of(dictionary);
        return total;
    }
}
