using Apache.Arrow;
using Pipeline.Core.Execution;
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
    private readonly DateTimeOffset _now;
    private readonly IReadOnlyList<Rule> _rowRules;
    private readonly IReadOnlyList<Rule> _tableRules;
    private ReferenceData? _references;
    private IReadOnlyList<RuleResult>? _results;

    /// <summary>Prepares a rule set; <paramref name="source"/> names the input in the quarantine's <c>_source</c>;
    /// <paramref name="context"/> (the run's) bounds the uniqueness rules' key sets by its memory pool;
    /// <paramref name="keepState"/> keeps what a mergeable run state needs (every uniqueness key's 64-bit value).</summary>
    public Validation(RuleSet rules, string source, DateTimeOffset now, PipelineContext? context = null, bool keepState = false)
    {
        _rules = rules;
        _now = now;
        _tableRules = rules.Rules.Where(r => r.Kind.Scope() == RuleScope.Table).ToList();
        _rowRules = rules.Rules.Where(r => r.Kind.Scope() == RuleScope.Row).ToList();
        _transform = new ValidationTransform(_rowRules, _tableRules, source, now, References);
        _analyzer = new TableRuleAnalyzer(_tableRules, context, keepState);
    }

    private ReferenceData References() => _references ?? (_rules.Rules.Any(r => Kinds.RuleKindRegistry.Of(r.Kind) is Kinds.RowRuleKind { NeedsReferenceKeys: true })
        ? throw new InvalidOperationException("call PrepareAsync before the run: exists_in rules need their reference tables")
        : ReferenceData.Empty);

    /// <summary>Reads the reference tables of <c>exists_in</c> and <c>row_count_equals</c> rules (a no-op without them).</summary>
    public async Task PrepareAsync(PipelineContext context)
    {
        _references?.Dispose();
        _references = await ReferenceData.LoadAsync(_rules.Rules, context).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the rules over <paramref name="source"/> when they are the run's only consumer of rows (nothing is
    /// written but the quarantine). Sources with row groups (Parquet) are read row group by row group with only the columns the rules
    /// need, and rules the footer statistics prove are not evaluated (see <see cref="Scan.RowGroupRuleScan"/>); any
    /// other source streams through <see cref="BatchRunner"/>. Either way the counts, examples and quarantine are
    /// the same. <paramref name="nullCounts"/>, when given, counts every input row's nulls (the quality score's completeness).
    /// </summary>
    /// <exception cref="Core.Errors.PipelineException">Bad input, a misspelt column or a rule that does not fit its column's type.</exception>
    public Task<BatchOutcome> RunAsync(ISource source, PipelineContext context, Quality.NullCounts? nullCounts = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        if (source is Core.Streams.RowGroups.IRowGroupSource { CanReadRowGroups: true } rowGroups)
        {
            var scan = new Scan.RowGroupRuleScan(_rowRules, _tableRules, _transform, _analyzer, nullCounts, _now, References);
            return scan.RunAsync(rowGroups, context);
        }
        IReadOnlyList<IBatchTransform> transforms = nullCounts is null ? [_transform] : [nullCounts, _transform];
        return BatchRunner.RunAsync(new BatchPlan(source, transforms, [_analyzer], []), context);
    }

    /// <summary>What each rule counted, in declaration order, for a mergeable run state (call after the run; the
    /// validation must have been created with <c>keepState</c> for the uniqueness rules' keys).</summary>
    internal IReadOnlyList<Partitioned.RuleState> CaptureStates()
    {
        int row = 0, table = 0;
        var states = new List<Partitioned.RuleState>(_rules.Rules.Count);
        foreach (var r in _rules.Rules)
        {
            switch (r.Kind.Scope())
            {
                case RuleScope.Row:
                    var tally = _transform.Tallies[row++];
                    states.Add(new Partitioned.RuleState { Failed = tally.Failed, RowExamples = tally.Examples.Select(e => (e.Row ?? 0, e.Value)).ToList() });
                    break;
                case RuleScope.Table:
                    var counter = _analyzer.Counter(table);
                    var state = new Partitioned.RuleState { Table = _analyzer.States[table++], ReferenceRows = _references?.RowCount(r) };
                    if (counter is not null)
                    {
                        counter.Finish();
                        state.Keys = counter.KeyValues?.ToArray() ?? throw new InvalidOperationException($"rule {r.Name}: the run kept no key values (create the validation with keepState)");
                        state.KeysAdded = counter.Added;
                        state.KeysAreHashes = counter.KeyValuesAreHashes;
                        state.KeyExamples = [.. counter.Examples];
                        state.KeyExampleValues = [.. counter.ExampleKeyValues];
                    }
                    states.Add(state);
                    break;
                default:
                    states.Add(new Partitioned.RuleState());
                    break;
            }
        }
        return states;
    }

    /// <summary>The rules checked.</summary>
    public RuleSet Rules => _rules;

    /// <summary>The row-rule transform.</summary>
    public IBatchTransform Transform => _transform;

    /// <summary>The table-rule analyzer (after the run it holds the merged state).</summary>
    public IAnalyzer Analyzer => _analyzer;

    /// <summary>Rows removed by <c>on_fail: drop</c>.</summary>
    public long RowsDropped => _transform.Dropped;

    /// <summary>Every rule's result, in declaration order; <paramref name="inputSchema"/> decides the schema rules.</summary>
    /// <remarks>The first call finishes the key counters and frees their memory and spill files; later calls return the same list.</remarks>
    public IReadOnlyList<RuleResult> Results(Schema? inputSchema)
    {
        if (_results is not null) return _results;
        int row = 0, table = 0;
        _results = _rules.Rules.Select(r => r.Kind.Scope() switch
        {
            RuleScope.Row => RuleOutcomes.Row(r, _transform.Tallies[row++]),
            RuleScope.Table => RuleOutcomes.Table(r, _analyzer.States[table], _analyzer.Counter(table++), _references?.RowCount(r), _now),
            // Judged by the learn stage once the run is compared with its history; failing until then.
            RuleScope.History => RuleOutcomes.HistoryPending(r),
            _ => RuleOutcomes.Schema(r, inputSchema),
        }).ToList();
        _references?.Dispose();
        return _results;
    }
}
