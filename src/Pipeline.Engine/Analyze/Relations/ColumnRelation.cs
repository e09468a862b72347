using Pipeline.Engine.Validate;

namespace Pipeline.Engine.Analyze.Relations;

/// <summary>A rule between columns that holds in every sampled row where it applies.</summary>
/// <param name="Kind"><c>conditional_constant</c>, <c>order</c>, <c>sum</c> or <c>one_to_one</c>.</param>
/// <param name="Columns">The columns involved (the constrained column first).</param>
/// <param name="Statement">The rule in words ("tip is 0 whenever payment = cash").</param>
/// <param name="Support">Sampled rows the rule applies to (all of them hold it).</param>
/// <param name="Confidence">Share of those rows that hold it (1: the rule has no exception in the sample).</param>
/// <param name="Rule">The rule in the spec's syntax, ready for <c>rules:</c>.</param>
public sealed record ColumnRelation(string Kind, IReadOnlyList<string> Columns, string Statement, long Support, double Confidence, Rule Rule);
