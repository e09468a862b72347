using Apache.Arrow;
using Pipeline.Core.Streams;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// Computes the table rules (<c>row_count_between</c>, <c>unique</c>, <c>completeness_at_least</c>,
/// <c>null_fraction_at_most</c>, <c>min/max/mean_between</c>) over the rows that passed the row rules, as one
/// mergeable state per rule (see <see cref="TableRuleState"/>).
/// </summary>
internal sealed class TableRuleAnalyzer(IReadOnlyList<Rule> tableRules) : IAnalyzer
{
    public string Name => "rules";

    public IReadOnlyList<Rule> Rules => tableRules;

    public TableRuleState[] States { get; } = tableRules.Select(_ => new TableRuleState()).ToArray();

    private ValueKind?[]? _kinds;

    public IAnalyzer CreateEmpty() => new TableRuleAnalyzer(tableRules);

    public void Update(RecordBatch batch)
    {
        var columns = new BatchColumns(batch);
        _kinds ??= tableRules.Select(r => r.Column is null ? null : ColumnLoader.KindOf(batch.Schema.GetFieldByName(r.Column)?.DataType ?? Apache.Arrow.Types.NullType.Default)).ToArray();
        for (int r = 0; r < tableRules.Count; r++)
        {
            var rule = tableRules[r];
            int col = rule.Column is null ? -1 : batch.Schema.GetFieldIndex(rule.Column);
            var v = col < 0 || _kinds[r] is null ? null : columns.Column(col);
            States[r].Update(v, batch.Length, rule.Kind == RuleKind.Unique);
        }
    }

    public void Merge(IAnalyzer other)
    {
        var o = (TableRuleAnalyzer)other;
        _kinds ??= o._kinds;
        for (int r = 0; r < States.Length; r++) States[r].Merge(o.States[r], _kinds?[r]);
    }
}
