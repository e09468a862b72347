namespace Pipeline.Engine.Analyze.Profile;

/// <summary>One column's profile. Members that do not apply to the column's kind are null.</summary>
public sealed record ColumnProfile
{
    /// <summary>Column name.</summary>
    public required string Name { get; init; }
    /// <summary>Arrow type name.</summary>
    public required string Type { get; init; }
    /// <summary><c>numeric</c>, <c>string</c>, <c>boolean</c>, <c>datetime</c> or <c>other</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>What the values look like: <c>id</c>, <c>category</c>, <c>free_text</c>, <c>email</c>, <c>url</c>, <c>phone</c>,
    /// <c>date_in_string</c>, <c>numeric_in_string</c>, <c>constant</c>, <c>empty</c>, or the kind itself.</summary>
    public required string SemanticType { get; init; }
    /// <summary>Non-null values (as pandas <c>count()</c>).</summary>
    public long Count { get; init; }
    /// <summary>Null values.</summary>
    public long NullCount { get; init; }
    /// <summary>Nulls as a percentage of rows.</summary>
    public double? NullPct { get; init; }
    /// <summary>Distinct non-null values (exact while small, else HyperLogLog, see <see cref="DistinctExact"/>).</summary>
    public long DistinctCount { get; init; }
    /// <summary>True when <see cref="DistinctCount"/> is exact.</summary>
    public bool DistinctExact { get; init; }
    /// <summary>Distinct values as a percentage of non-null values.</summary>
    public double? UniquePct { get; init; }
    /// <summary>Smallest value (number, or ISO text for dates; for strings the ordinally smallest of the exact values).</summary>
    public object? Min { get; init; }
    /// <summary>Largest value.</summary>
    public object? Max { get; init; }
    /// <summary>Mean (numeric).</summary>
    public double? Mean { get; init; }
    /// <summary>Mean instant of a date/time column, as ISO text (summary level: DuckDB's <c>avg</c> of a timestamp).</summary>
    public string? MeanTime { get; init; }
    /// <summary>Sample standard deviation (n − 1).</summary>
    public double? Stddev { get; init; }
    /// <summary>Sample variance.</summary>
    public double? Variance { get; init; }
    /// <summary>Adjusted Fisher–Pearson skewness (as pandas <c>skew()</c>).</summary>
    public double? Skewness { get; init; }
    /// <summary>Excess kurtosis (as pandas <c>kurt()</c>).</summary>
    public double? Kurtosis { get; init; }
    /// <summary>Sum of finite values.</summary>
    public double? Sum { get; init; }
    /// <summary>max − min.</summary>
    public double? Range { get; init; }
    /// <summary>p75 − p25.</summary>
    public double? Iqr { get; init; }
    /// <summary>Median absolute deviation from the median (from the quantile sketch).</summary>
    public double? Mad { get; init; }
    /// <summary>Coefficient of variation: stddev / |mean|.</summary>
    public double? Cv { get; init; }
    /// <summary>Zero values.</summary>
    public long? Zeros { get; init; }
    /// <summary>Negative values.</summary>
    public long? Negatives { get; init; }
    /// <summary>+∞ and −∞ values.</summary>
    public long? Infinities { get; init; }
    /// <summary>NaN values (not nulls).</summary>
    public long? NanCount { get; init; }
    /// <summary>p01, p05, p25, p50, p75, p95, p99 (KLL sketch; rank error in <see cref="QuantileRankError"/>).</summary>
    public IReadOnlyDictionary<string, object?>? Quantiles { get; init; }
    /// <summary>Normalised rank error of the quantiles.</summary>
    public double? QuantileRankError { get; init; }
    /// <summary>Equal-width histogram.</summary>
    public HistogramProfile? Histogram { get; init; }
    /// <summary>Most frequent values.</summary>
    public IReadOnlyList<ValueCount> TopValues { get; init; } = [];
    /// <summary>True when the top value counts are exact (else SpaceSaving estimates, each an upper bound).</summary>
    public bool TopValuesExact { get; init; }
    /// <summary>Text statistics (string columns).</summary>
    public StringProfile? Text { get; init; }
    /// <summary>Date and time statistics.</summary>
    public DateTimeProfile? Datetime { get; init; }
    /// <summary>Boolean counts.</summary>
    public BooleanProfile? Boolean { get; init; }
    /// <summary>Row-order trend of numeric and date/time values: <c>strictly_increasing</c>, <c>increasing</c>,
    /// <c>strictly_decreasing</c>, <c>decreasing</c>, <c>constant</c> or <c>none</c> (null values and NaN skipped).</summary>
    public string? Monotonic { get; init; }
}
