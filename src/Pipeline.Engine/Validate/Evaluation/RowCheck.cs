using System.Text.RegularExpressions;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Engine.Expressions;
using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Validate.Kinds;
using Pipeline.Engine.Yaml;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// A row rule compiled against a schema: its kind's evaluator (<see cref="RowRuleKind.Bind"/>) behind the rule's
/// filter, evaluating a whole batch into a failure mask. Null values are not checked by value rules (only
/// <c>not_null</c> fails on nulls); NaN is a value and fails every range rule since it compares false.
/// </summary>
internal sealed class RowCheck
{
    private readonly ScalarExpression? _filter;
    private readonly RowEvaluator _evaluator;

    public Rule Rule { get; }

    /// <summary>The rule's kind.</summary>
    public RowRuleKind Kind { get; }

    private RowCheck(Rule rule, RowRuleKind kind, ScalarExpression? filter, RowEvaluator evaluator)
    {
        Rule = rule; Kind = kind; _filter = filter; _evaluator = evaluator;
    }

    /// <summary>Compiles a row rule; unknown columns and type mismatches throw with the rule's YAML location.</summary>
    /// <param name="rule">A row rule.</param>
    /// <param name="schema">The batches' schema.</param>
    /// <param name="now">The run's start (for <c>not_future</c>).</param>
    /// <param name="references">Loaded reference tables (needed by <c>exists_in</c>).</param>
    public static RowCheck Compile(Rule rule, Schema schema, DateTimeOffset now, ReferenceData? references = null)
    {
        var kind = RuleKindRegistry.Row(rule.Kind);
        var binding = new RowBinding(rule, schema, now, references ?? ReferenceData.Empty);
        var filter = rule.Filter is null ? null : binding.Condition(rule.Filter, $"{binding.Where}: {kind.FilterName} \"{rule.Filter}\"");
        return new RowCheck(rule, kind, filter, kind.Bind(binding));
    }

    internal static int ColumnIndex(Rule rule, Schema schema, string where)
    {
        int col = schema.GetFieldIndex(rule.Column!);
        if (col >= 0) return col;
        var hint = YamlNodes.Suggest(rule.Column!, schema.FieldsList.Select(f => f.Name));
        throw new PipelineException(PipelineErrorKind.InvalidInput,
            $"{where}: unknown column '{rule.Column}'" + (hint is null ? $" (columns: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})" : $" (did you mean '{hint}'?)"));
    }

    /// <summary>The per-value UTF-8 form of this rule's check, when it has one (set, length, regex, email/uuid shapes).</summary>
    internal Utf8Check? TextCheck => _evaluator.Direct as Utf8Check;

    /// <summary>Whether no value of <paramref name="values"/> fails this rule's value check (false when the rule has
    /// no direct check for this array type). With a rule whose passing values form an interval, two values that pass
    /// prove that everything between them passes.</summary>
    internal bool PassesEvery(IArrowArray values)
    {
        if (_evaluator.Direct is not { } direct) return false;
        Span<bool> fails = stackalloc bool[values.Length];
        return direct.Evaluate(values, fails) == 0;
    }

    /// <summary>Marks failing rows in <paramref name="fails"/> (true = fails) and returns how many failed.</summary>
    public int Evaluate(BatchColumns columns, Span<bool> fails)
    {
        try
        {
            using var filter = _filter is null ? null : ConditionMask.Evaluate(_filter, columns.Batch);
            return _evaluator.Evaluate(columns, filter, fails[..columns.Length]);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw RegexTimedOut(Rule, ex);
        }
    }

    /// <summary>The error for a pattern that backtracked past its time limit on one value.</summary>
    internal static PipelineException RegexTimedOut(Rule rule, RegexMatchTimeoutException ex) => new(PipelineErrorKind.InvalidInput,
        $"rule '{rule.Name}': the pattern '{ex.Pattern}' took longer than {ex.MatchTimeout.TotalSeconds:0.#} s on one value " +
        "(catastrophic backtracking); write it without backreferences or lookarounds so it runs in linear time", ex);

    /// <summary>Why row <paramref name="row"/> failed, naming the value.</summary>
    public string Reason(BatchColumns columns, int row) => _evaluator.Reason(columns, row);

    /// <summary>The checked value of a row as text (null for expression rules, which check several columns).</summary>
    public string? Value(BatchColumns columns, int row) => _evaluator.Value(columns, row);

    /// <summary>A value of a <see cref="Vec"/> as <see cref="ValueText"/> shows it (the rule binder's values of
    /// <c>column_equals</c> and composite keys).</summary>
    internal static string Display(Vec v, int i) => v.IsNull(i) ? "null" : v.Kind switch
    {
        ValueKind.Number => ValueText.Number(v.Numbers![i]),
        ValueKind.String => ValueText.Text(v.Strings![i]!),
        ValueKind.Bool => ValueText.Bool(v.Bools![i]),
        ValueKind.Time => ValueText.Time(v.Times![i]),
        _ => "null",
    };
}
