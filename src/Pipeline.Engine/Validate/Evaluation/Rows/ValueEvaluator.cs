using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary>
/// A rule that judges each value alone: on the Arrow array's buffers when the kind has a direct check for its type
/// (<paramref name="direct"/>), else value by value through <paramref name="test"/> (<see cref="ArrowValues"/>),
/// which stays the reference semantics.
/// </summary>
internal sealed class ValueEvaluator(Rule rule, int column, ValueTest test, IArrayCheck? direct, string expected)
    : ColumnEvaluator(rule, column)
{
    /// <inheritdoc />
    public override IArrayCheck? Direct => direct;

    /// <inheritdoc />
    public override int Evaluate(BatchColumns columns, ConditionMask? filter, Span<bool> fails)
    {
        var array = columns.Batch.Column(Column);
        if (direct is not null && direct.Evaluate(array, fails) is var failed and >= 0)
            return filter is null ? failed : filter.Restrict(fails, failed);
        var marker = new FailMarker(test, filter, fails);
        ArrowValues.Visit(array, ref marker, 0, fails.Length);
        return marker.Count;
    }

    /// <inheritdoc />
    protected override string Expected(BatchColumns columns, int row) => expected;

    /// <summary>Marks each row: a null or unselected row passes, any other fails where the test says so.</summary>
    private ref struct FailMarker(ValueTest test, ConditionMask? filter, Span<bool> fails) : IValueVisitor
    {
        private readonly Span<bool> _fails = fails;
        public int Count;

        public readonly bool ReadsText => true;
        public readonly void Null(int row) => _fails[row] = false;
        public void Number(int row, double value) => Mark(row, Selected(row) && !test.Numbers!(value));
        public void Text(int row, string value) => Mark(row, Selected(row) && !test.Texts!(value));
        public void Time(int row, long micros) => Mark(row, Selected(row) && !test.Times!(micros));
        public void Bool(int row, bool value) => Mark(row, Selected(row) && !test.Bools!(value));

        private readonly bool Selected(int row) => filter is null || filter.Selects(row);

        private void Mark(int row, bool fail)
        {
            _fails[row] = fail;
            if (fail) Count++;
        }
    }
}
