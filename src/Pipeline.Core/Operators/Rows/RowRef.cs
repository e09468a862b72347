namespace Pipeline.Core.Operators.Rows;

/// <summary>A row of one of several source batches: <see cref="Source"/> indexes the sources, -1 means "a null row".</summary>
/// <param name="Source">Index of the source batch or array; -1 for a null value.</param>
/// <param name="Row">Row within that source.</param>
internal readonly record struct RowRef(int Source, int Row)
{
    /// <summary>A null value in every column.</summary>
    public static readonly RowRef Null = new(-1, 0);
}
