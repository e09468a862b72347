using Apache.Arrow;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>Picks rows out of a batch by copying contiguous runs (slices concatenated), which works for every Arrow
/// type and is cheap when the kept rows come in long runs, as they do when few rows fail.</summary>
/// <remarks>The result is always a copy, never a slice of the input: Arrow C# slices share the input's buffers
/// without counting references, so a slice outlives nothing. The runner disposes the input batch once the transform
/// returns, and a slice of a batch whose buffers were natively allocated (cleaned columns) then reads freed memory.</remarks>
internal static class RowSelection
{
    public static RecordBatch Take(RecordBatch batch, bool[] keep, int count)
    {
        var runs = new List<(int Start, int Length)>();
        for (int i = 0; i < keep.Length;)
        {
            if (!keep[i]) { i++; continue; }
            int start = i;
            while (i < keep.Length && keep[i]) i++;
            runs.Add((start, i - start));
        }
        var columns = new IArrowArray[batch.ColumnCount];
        for (int c = 0; c < columns.Length; c++)
        {
            var column = batch.Column(c);
            var pieces = runs.Select(r => ArrowArrayFactory.Slice(column, r.Start, r.Length)).ToList();
            // Concatenation copies; with a single piece it would hand the slice back, so an empty piece joins it.
            while (pieces.Count < 2) pieces.Add(ArrowArrayFactory.Slice(column, 0, 0));
            columns[c] = ArrowArrayConcatenator.Concatenate(pieces);
        }
        return new RecordBatch(batch.Schema, columns, count);
    }
}
