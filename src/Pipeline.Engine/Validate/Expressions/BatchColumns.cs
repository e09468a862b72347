using Apache.Arrow;

namespace Pipeline.Engine.Validate.Expressions;

/// <summary>One batch: its Arrow columns, and the same columns as <see cref="Vec"/>s for the rule paths that still
/// compute on them (<c>column_equals</c>, text and composite keys), loaded once on first use so several rules over
/// the same column share the conversion.</summary>
internal sealed class BatchColumns(RecordBatch batch)
{
    private readonly Vec?[] _loaded = new Vec?[batch.ColumnCount];

    public RecordBatch Batch => batch;
    public int Length => batch.Length;

    public Vec Column(int index) => _loaded[index] ??= ColumnLoader.Load(batch.Column(index));
}
