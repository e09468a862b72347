namespace Pipeline.Engine.Results;

/// <summary>One cleaned column in <c>results.json</c>'s <c>cleaning[]</c>.</summary>
/// <param name="Column">The column.</param>
/// <param name="Steps">Values changed per step, in step order (only configured steps; <c>unparseable</c> counts text that
/// did not parse and became null; <c>outliers</c> counts values detected, whatever the action).</param>
/// <param name="Statistics">What the statistics pass found (mean, median, stddev, q1, q3, mad, fences, merged_variants), when it ran.</param>
/// <param name="ParseFormat">The parse format used (given or detected), when parsing.</param>
/// <param name="Before">The column before cleaning.</param>
/// <param name="After">The column after cleaning (before validation removes rows).</param>
/// <param name="AddedColumns">Columns the cleaning added (<c>COLUMN_outlier</c>, <c>COLUMN_imputed</c>).</param>
public sealed record CleaningResult(string Column, IReadOnlyDictionary<string, long> Steps, IReadOnlyDictionary<string, double>? Statistics,
    string? ParseFormat, CleaningStats Before, CleaningStats After, IReadOnlyList<string> AddedColumns);

/// <summary>Before-or-after summary of a cleaned column.</summary>
/// <param name="Rows">Rows seen.</param>
/// <param name="Nulls">Null values.</param>
/// <param name="Min">Smallest number (number columns).</param>
/// <param name="Max">Largest number.</param>
/// <param name="Mean">Mean of the numbers.</param>
public sealed record CleaningStats(long Rows, long Nulls, double? Min, double? Max, double? Mean);
