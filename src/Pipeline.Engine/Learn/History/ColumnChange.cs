namespace Pipeline.Engine.Learn.History;

/// <summary>One metric of one column that differs between two recorded runs (<c>pipeline history diff</c>).</summary>
/// <param name="Column">The column.</param>
/// <param name="Metric"><c>column</c> (added or removed), <c>type</c>, <c>null_fraction</c>, <c>mean</c>, <c>distinct</c>,
/// <c>top_values</c> or <c>psi</c>.</param>
/// <param name="Before">The value in the first run (null when absent).</param>
/// <param name="After">The value in the second run (null when absent).</param>
public sealed record ColumnChange(string Column, string Metric, string? Before, string? After);
