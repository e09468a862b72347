using Apache.Arrow;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>One evaluation over one batch: its columns are decoded once however often the expression names them.</summary>
internal sealed class EvalContext(RecordBatch? batch, int length, string text)
{
    private readonly Dictionary<int, Vector> _columns = [];

    /// <summary>The batch; null when folding constants at bind time (one row, no columns).</summary>
    public RecordBatch? Batch { get; } = batch;
    public int Length { get; } = length;

    /// <summary>The expression text, for runtime error messages.</summary>
    public string Text { get; } = text;

    public Vector Column(int index)
    {
        if (!_columns.TryGetValue(index, out var v))
            _columns[index] = v = ColumnReader.Read((Batch ?? throw new InvalidOperationException("no batch")).Column(index));
        return v;
    }

    /// <summary>A runtime error naming the expression (integer overflow, a value a cast cannot convert, ...).</summary>
    public InvalidOperationException Error(string what) => new($"{what} in '{Text}'");
}
