namespace Pipeline.Engine.Validate;

/// <summary>
/// One declarative rule, from YAML (<see cref="Parsing.RulesReader"/>) or the fluent API (<see cref="Rules"/>). Which
/// argument fields are set depends on <see cref="Kind"/>: bounds in <see cref="Low"/>/<see cref="High"/>, sets in
/// <see cref="Values"/>, text in <see cref="Text"/> (regex pattern, expression, shape or type name).
/// </summary>
public sealed record Rule
{
    /// <summary>Unique name within the rule set; shown in results and the quarantine's <c>_rule</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The kind of check.</summary>
    public required RuleKind Kind { get; init; }
    /// <summary>The checked column (null for <c>expression</c> and <c>row_count_between</c>).</summary>
    public string? Column { get; init; }
    /// <summary><c>error</c> (default) or <c>warn</c>.</summary>
    public RuleSeverity Severity { get; init; } = RuleSeverity.Error;
    /// <summary>What happens to failing rows; null means by severity (error: quarantine, warn: keep).</summary>
    public RuleAction? OnFail { get; init; }
    /// <summary>An expression; the rule only applies to rows where it is true.</summary>
    public string? Filter { get; init; }
    /// <summary>Lower bound (or the single bound of <c>greater_than</c> etc., or the fraction of fraction rules).</summary>
    public double? Low { get; init; }
    /// <summary>Upper bound.</summary>
    public double? High { get; init; }
    /// <summary>Strict bounds for <c>between</c>.</summary>
    public bool Exclusive { get; init; }
    /// <summary>The set of <c>in_set</c> / <c>not_in_set</c>, as text (numbers are compared numerically on number columns).</summary>
    public IReadOnlyList<string>? Values { get; init; }
    /// <summary>Regex pattern, expression text, shape name, type name or strftime format.</summary>
    public string? Text { get; init; }
    /// <summary>The key columns of <c>unique_together</c> / <c>primary_key</c>, or the column list of the schema
    /// rules <c>columns_match_set</c>, <c>columns_match_list</c> and <c>no_unexpected_columns</c>.</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    /// <summary>Allowed absolute difference for <c>column_equals</c> (default 0).</summary>
    public double Tolerance { get; init; }
    /// <summary>The quantile (0..1) checked by <c>quantile_between</c>.</summary>
    public double? Quantile { get; init; }
    /// <summary>Another table, for <c>exists_in</c> and <c>row_count_equals</c>.</summary>
    public RuleReference? Reference { get; init; }
    /// <summary><c>FILE:LINE:COLUMN</c> of the rule in its YAML, for error messages (null when built in code).</summary>
    public string? Location { get; init; }

    /// <summary>The action actually taken on failing rows.</summary>
    public RuleAction EffectiveAction => OnFail ?? (Severity == RuleSeverity.Error ? RuleAction.Quarantine : RuleAction.Keep);

    /// <summary>Every column the rule reads (<see cref="Column"/> plus <see cref="Columns"/> for key rules).</summary>
    public IReadOnlyList<string> KeyColumns => Columns ?? (Column is null ? [] : [Column]);

    /// <summary>This rule with another name.</summary>
    public Rule Named(string name) => this with { Name = name };
    /// <summary>This rule as a warning.</summary>
    public Rule AsWarning() => this with { Severity = RuleSeverity.Warn };
    /// <summary>This rule with a failing-row action.</summary>
    public Rule OnFailure(RuleAction action) => this with { OnFail = action };
    /// <summary>This rule applied only where <paramref name="filter"/> is true.</summary>
    public Rule Where(string filter) => this with { Filter = filter };
}
