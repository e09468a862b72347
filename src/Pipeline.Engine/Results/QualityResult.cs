namespace Pipeline.Engine.Results;

/// <summary><c>results.json</c>'s <c>quality</c>: a score in [0, 1] for the table and each column, the weighted mean
/// of the dimensions that could be measured (a dimension without evidence is left out and the others' weights are
/// renormalized).</summary>
/// <param name="Score">The table's score.</param>
/// <param name="Weights">Weight per dimension: completeness, validity, uniqueness, consistency, timeliness.</param>
/// <param name="Dimensions">The table's dimensions.</param>
/// <param name="Columns">Per column, in schema order.</param>
/// <param name="Explanation">How the score is computed, in one paragraph.</param>
public sealed record QualityResult(double Score, IReadOnlyDictionary<string, double> Weights, IReadOnlyDictionary<string, QualityDimension> Dimensions,
    IReadOnlyList<ColumnQuality> Columns, string Explanation);

/// <summary>One dimension's measurement.</summary>
/// <param name="Score">In [0, 1].</param>
/// <param name="Basis">What it was computed from (e.g. "12 nulls of 1000 values", "3 rules").</param>
public sealed record QualityDimension(double Score, string Basis);

/// <summary>A column's quality.</summary>
/// <param name="Column">The column.</param>
/// <param name="Score">Weighted score over its measured dimensions.</param>
/// <param name="Dimensions">Its measured dimensions.</param>
public sealed record ColumnQuality(string Column, double Score, IReadOnlyDictionary<string, QualityDimension> Dimensions);
