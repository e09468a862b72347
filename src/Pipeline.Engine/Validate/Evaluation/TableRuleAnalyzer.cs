using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Engine.Validate.Evaluation.Keys;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Validate.Kinds;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// Computes the table rules over the rows that passed the row rules: aggregates as one mergeable state per rule
/// (see <see cref="TableRuleState"/>), distinct keys in one counter per rule shared by all workers
/// (<see cref="IDistinctKeyCounter"/>, memory-bounded through the run context's pool when given).
/// </summary>
internal sealed class TableRuleAnalyzer : IAnalyzer
{
    private readonly IReadOnlyList<Rule> _rules;
    private readonly PipelineContext? _context;
    private readonly Shared _shared;

    /// <summary>What every worker's state shares: the key counters, created on the first batch (they need the kinds).</summary>
    private sealed class Shared
    {
        public readonly Lock Gate = new();
        public IDistinctKeyCounter?[]? Counters;
        public bool KeepKeyValues;
    }

    public TableRuleAnalyzer(IReadOnlyList<Rule> tableRules, PipelineContext? context = null, bool keepKeyValues = false)
        : this(tableRules, context, new Shared { KeepKeyValues = keepKeyValues }) { }

    private TableRuleAnalyzer(IReadOnlyList<Rule> tableRules, PipelineContext? context, Shared shared)
    {
        _rules = tableRules;
        _context = context;
        _shared = shared;
        States = tableRules.Select(_ => new TableRuleState()).ToArray();
    }

    public string Name => "rules";

    public IReadOnlyList<Rule> Rules => _rules;

    public TableRuleState[] States { get; }

    /// <summary>The key counter of rule <paramref name="index"/> (null for rules that count no keys or before any batch).</summary>
    public IDistinctKeyCounter? Counter(int index) => _shared.Counters?[index];

    public IAnalyzer CreateEmpty() => new TableRuleAnalyzer(_rules, _context, _shared);

    public void Update(RecordBatch batch)
    {
        var columns = new BatchColumns(batch);
        var counters = Counters(batch.Schema);
        for (int r = 0; r < _rules.Count; r++)
        {
            var rule = _rules[r];
            if (counters[r] is { } counter)
            {
                var indices = rule.KeyColumns.Select(c => batch.Schema.GetFieldIndex(c)).ToArray();
                int skipped = RuleKeys.Add(counter, indices.Select(i => batch.Column(i)).ToArray(), k => columns.Column(indices[k]));
                States[r].Rows += batch.Length;
                States[r].Nulls += skipped;
                continue;
            }
            int col = rule.Column is null ? -1 : batch.Schema.GetFieldIndex(rule.Column);
            var values = col < 0 || ColumnLoader.KindOf(batch.Schema.GetFieldByIndex(col).DataType) is null ? null : batch.Column(col);
            States[r].Update(values, batch.Length, RuleKindRegistry.Table(rule.Kind).KeepsValues);
        }
    }

    private IDistinctKeyCounter?[] Counters(Schema schema)
    {
        if (_shared.Counters is { } made) return made;
        lock (_shared.Gate)
        {
            return _shared.Counters ??= _rules.Select(r => RuleKindRegistry.Table(r.Kind).CountsKeys
                ? RuleKeys.CreateCounter(r, r.KeyColumns.Select(c => schema.GetFieldByName(c).DataType).ToList(), _context, _shared.KeepKeyValues)
                : null).ToArray();
        }
    }

    public void Merge(IAnalyzer other)
    {
        var o = (TableRuleAnalyzer)other;
        for (int r = 0; r < States.Length; r++) States[r].Merge(o.States[r]);
    }
}
