namespace Pipeline.Core.History;

/// <summary>
/// One column's metrics as recorded in the history: enough to compare runs (type, nulls, distinct, range, moments,
/// quantiles, top values) and small (a few hundred bytes a column), not the whole profile.
/// </summary>
public sealed record ColumnMetrics
{
    /// <summary>The quantile levels of <see cref="Quantiles"/>, in order: p01, p05, p25, p50, p75, p95, p99.</summary>
    public static IReadOnlyList<double> QuantileLevels { get; } = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    /// <summary>Column name.</summary>
    public required string Name { get; init; }
    /// <summary>Position in the table, from 0.</summary>
    public int Ordinal { get; init; }
    /// <summary>Arrow type name as in <c>profile.json</c>.</summary>
    public required string Type { get; init; }
    /// <summary><c>numeric</c>, <c>string</c>, <c>boolean</c>, <c>datetime</c> or <c>other</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>What the values look like (<c>id</c>, <c>category</c>, <c>free_text</c>, <c>email</c>, ... as in
    /// <c>profile.json</c>); null in runs recorded before the history kept it.</summary>
    public string? SemanticType { get; init; }
    /// <summary>Rows (null and non-null).</summary>
    public long Rows { get; init; }
    /// <summary>Null values.</summary>
    public long Nulls { get; init; }
    /// <summary>Nulls as a fraction of rows (0 when there are no rows).</summary>
    public double NullFraction => Rows == 0 ? 0 : (double)Nulls / Rows;
    /// <summary>Distinct non-null values (exact while small, else an estimate).</summary>
    public long DistinctEstimate { get; init; }
    /// <summary>Smallest value as text (numbers invariant, dates ISO); null when none.</summary>
    public string? Min { get; init; }
    /// <summary>Largest value as text; null when none.</summary>
    public string? Max { get; init; }
    /// <summary>Mean of a numeric column.</summary>
    public double? Mean { get; init; }
    /// <summary>Standard deviation of a numeric column.</summary>
    public double? Stddev { get; init; }
    /// <summary>Quantiles at <see cref="QuantileLevels"/> (numeric columns), else empty.</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [];
    /// <summary>Most frequent values with their counts, most frequent first.</summary>
    public IReadOnlyList<TopValue> TopValues { get; init; } = [];
}
