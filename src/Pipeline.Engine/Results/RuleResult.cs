using Pipeline.Engine.Validate.Evaluation;

namespace Pipeline.Engine.Results;

/// <summary>The outcome of one rule in <c>results.json</c>'s <c>rules[]</c>.</summary>
/// <param name="Name">The rule's name.</param>
/// <param name="Kind">The rule kind's YAML key (<c>greater_than</c>, <c>unique</c>, ...).</param>
/// <param name="Column">The checked column (null for expressions and row counts).</param>
/// <param name="Severity"><c>error</c> or <c>warn</c>.</param>
/// <param name="Scope"><c>row</c>, <c>table</c> or <c>schema</c>.</param>
/// <param name="Action">For row rules, what happened to failing rows: <c>quarantine</c>, <c>drop</c> or <c>keep</c>.</param>
/// <param name="Passed">True when nothing failed.</param>
/// <param name="FailedRows">Rows failing a row rule; extra occurrences for <c>unique</c>; 0 for other table and schema rules.</param>
/// <param name="Observed">The measured value of a table rule (row count, fraction, min, max or mean), else null.</param>
/// <param name="Message">A one-line explanation when the rule failed, else null.</param>
/// <param name="Examples">Up to 5 examples: the lowest failing rows with their values, or duplicated values.</param>
public sealed record RuleResult(string Name, string Kind, string? Column, string Severity, string Scope, string? Action,
    bool Passed, long FailedRows, double? Observed, string? Message, IReadOnlyList<RuleExample> Examples);
