using Apache.Arrow;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate.Evaluation;

namespace Pipeline.Engine.Validate;

/// <summary>
/// One run's validation: the transform for row rules (placed first, so row indices are the input's), the analyzer
/// for table rules (fed the rows that passed), and the results for <c>rules[]</c>. Create one per run attempt.
/// </summary>
public sealed class Validation
{
    private readonly RuleSet _rules;
    private readonly ValidationTransform _transform;
    private readonly TableRuleAnalyzer _analyzer;

    /// <summary>Prepares a rule set; <paramref name="source"/> names the input in the quarantine's <c>_source</c>.</summary>
    public Validation(RuleSet rules, string source, DateTimeOffset now)
    {
        _rules = rules;
        var table = rules.Rules.Where(r => r.Kind.Scope() == RuleScope.Table).ToList();
        _transform = new ValidationTransform(rules.Rules.Where(r => r.Kind.Scope() == RuleScope.Row).ToList(), table, source, now);
        _analyzer = new TableRuleAnalyzer(table);
    }

    /// <summary>The row-rule transform.</summary>
    public IBatchTransform Transform => _transform;

    /// <summary>The table-rule analyzer (after the run it holds the merged state).</summary>
    public IAnalyzer Analyzer => _analyzer;

    /// <summary>Rows removed by <c>on_fail: drop</c>.</summary>
    public long RowsDropped => _transform.Dropped;

    /// <summary>Every rule's result, in declaration order; <paramref name="inputSchema"/> decides the schema rules.</summary>
    public IReadOnlyList<RuleResult> Results(Schema? inputSchema)
    {
        int row = 0, table = 0;
        return _rules.Rules.Select(r => r.Kind.Scope() switch
        {
            RuleScope.Row => RuleOutcomes.Row(r, _transform.Tallies[row++]),
            RuleScope.Table => RuleOutcomes.Table(r, _analyzer.States[table++]),
            _ => RuleOutcomes.Schema(r, inputSchema),
        }).ToList();
    }
}
