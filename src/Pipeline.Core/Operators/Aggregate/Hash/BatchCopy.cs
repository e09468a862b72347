using Apache.Arrow;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Copies a batch buffer by buffer (children and dictionaries included) into managed memory: a copy the aggregate
/// may keep after the input batch is disposed, at memcpy speed rather than the value-by-value speed of a gather.
/// </summary>
internal static class BatchCopy
{
    public static RecordBatch Of(RecordBatch batch)
    {
        var columns = new IArrowArray[batch.ColumnCount];
        for (int c = 0; c < columns.Length; c++) columns[c] = ArrowArrayFactory.BuildArray(Of(batch.Column(c).Data));
        return new RecordBatch(batch.Schema, columns, batch.Length);
    }

    private static ArrayData Of(ArrayData data)
    {
        var buffers = data.Buffers.Select(b => b.IsEmpty ? ArrowBuffer.Empty : new ArrowBuffer(b.Span.ToArray())).ToArray();
        var children = data.Children?.Select(Of).ToArray();
        var dictionary = data.Dictionary is { } d ? Of(d) : null;
        return new ArrayData(data.DataType, data.Length, data.NullCount, data.Offset, buffers, children, dictionary);
    }
}
