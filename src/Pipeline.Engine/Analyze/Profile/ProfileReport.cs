namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// The document written as <c>profile.json</c> (documented in <c>docs/profile-schema.md</c>). Keys are snake_case and
/// stable; statistics that are undefined (the mean of an empty column, the correlation of a constant) are null, never NaN.
/// </summary>
public sealed record ProfileReport
{
    /// <summary>Version of this document's schema.</summary>
    public const string CurrentSchemaVersion = "1.0";

    /// <summary><c>major.minor</c>.</summary>
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;
    /// <summary>What was profiled (filled by the caller that knows the input).</summary>
    public ProfileInput? Input { get; init; }
    /// <summary>Rows profiled.</summary>
    public long RowCount { get; init; }
    /// <summary>Columns profiled.</summary>
    public int ColumnCount { get; init; }
    /// <summary>Rows identical to an earlier row (all columns).</summary>
    public long DuplicateRowCount { get; init; }
    /// <summary>True when <see cref="DuplicateRowCount"/> is exact (hash set within budget), false when it is a HyperLogLog estimate.</summary>
    public bool DuplicateRowCountExact { get; init; }
    /// <summary>Up to 5 duplicated rows, as comma-joined values.</summary>
    public IReadOnlyList<string> DuplicateExamples { get; init; } = [];
    /// <summary>Null cells over all columns.</summary>
    public long MissingCells { get; init; }
    /// <summary>Missing cells as a percentage of all cells.</summary>
    public double? MissingCellsPct { get; init; }
    /// <summary>Arrow buffer bytes of the data profiled.</summary>
    public long MemoryBytes { get; init; }
    /// <summary>One entry per column, in schema order.</summary>
    public IReadOnlyList<ColumnProfile> Columns { get; init; } = [];
    /// <summary>Pairwise correlations (Pearson, Spearman, Cramér's V).</summary>
    public IReadOnlyList<Correlation> Correlations { get; init; } = [];
    /// <summary>Pairs of columns whose values are identical in every row.</summary>
    public IReadOnlyList<ColumnPair> Copies { get; init; } = [];
    /// <summary>Pairs of columns whose values map one to one (each value of one pairs with exactly one of the other),
    /// copies excluded.</summary>
    public IReadOnlyList<ColumnMapping> OneToOne { get; init; } = [];
    /// <summary>Pairs of columns that both have nulls: how often they are missing in the same rows.</summary>
    public IReadOnlyList<MissingPair> MissingTogether { get; init; } = [];
    /// <summary>Findings, each with its evidence and the threshold that fired.</summary>
    public IReadOnlyList<Alert> Alerts { get; init; } = [];
}

/// <summary>Two columns that map one to one.</summary>
/// <param name="A">First column.</param>
/// <param name="B">Second column.</param>
/// <param name="Distinct">Distinct value pairs (equal to each column's distinct count).</param>
public sealed record ColumnMapping(string A, string B, long Distinct);

/// <summary>Missing values shared by two columns.</summary>
/// <param name="A">First column.</param>
/// <param name="B">Second column.</param>
/// <param name="BothMissing">Rows where both are null.</param>
/// <param name="AMissing">Rows where <paramref name="A"/> is null.</param>
/// <param name="BMissing">Rows where <paramref name="B"/> is null.</param>
/// <param name="NullityCorrelation">Correlation of the two null indicators (1: always missing together); null when undefined.</param>
public sealed record MissingPair(string A, string B, long BothMissing, long AMissing, long BMissing, double? NullityCorrelation);

/// <summary>The steps between consecutive values of a date/time column in row order.</summary>
/// <param name="StepSeconds">The regular step (the most common positive one).</param>
/// <param name="RegularShare">Share of steps equal to it.</param>
/// <param name="Gaps">Steps longer than 1.5 regular steps.</param>
/// <param name="MissingSteps">Regular steps missing inside those gaps.</param>
/// <param name="OutOfOrder">Steps that go back in time.</param>
/// <param name="LargestGaps">The largest gaps.</param>
public sealed record TimeSeriesProfile(double StepSeconds, double RegularShare, long Gaps, long MissingSteps, long OutOfOrder, IReadOnlyList<TimeGapProfile> LargestGaps);

/// <summary>A gap in a time series.</summary>
/// <param name="From">Last value before the gap.</param>
/// <param name="To">First value after it.</param>
/// <param name="Seconds">Its length.</param>
public sealed record TimeGapProfile(string From, string To, double Seconds);

/// <summary>The profiled input.</summary>
/// <param name="Path">File, folder or glob as given.</param>
/// <param name="Format">Format name.</param>
/// <param name="Bytes">Total size of the input files.</param>
/// <param name="Seconds">Time the profile took.</param>
public sealed record ProfileInput(string Path, string Format, long? Bytes, double Seconds);

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

/// <summary>A value and how often it occurs.</summary>
/// <param name="Value">The value as text.</param>
/// <param name="Count">Occurrences.</param>
public sealed record ValueCount(string Value, long Count);

/// <summary>Equal-width bins: <c>counts[i]</c> values in [<c>edges[i]</c>, <c>edges[i+1]</c>).</summary>
/// <param name="Edges">Bin edges (bins + 1 values).</param>
/// <param name="Counts">Values per bin (estimated from the quantile sketch for large columns).</param>
public sealed record HistogramProfile(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

/// <summary>Text statistics.</summary>
public sealed record StringProfile(long LengthMin, long LengthMax, double? LengthMean, long Empty, long WhitespaceOnly,
    IReadOnlyDictionary<string, long> CharacterClasses, IReadOnlyList<ValueCount> Patterns);

/// <summary>Date and time statistics.</summary>
public sealed record DateTimeProfile(double? RangeDays, IReadOnlyList<long> WeekdayCounts, IReadOnlyList<long>? HourCounts, long FutureCount, bool HasTimezone)
{
    /// <summary>The regular step and gaps, when the values in row order form a regular series (null otherwise).</summary>
    public TimeSeriesProfile? Series { get; init; }
}

/// <summary>Boolean counts.</summary>
/// <param name="TrueCount">true values.</param>
/// <param name="FalseCount">false values.</param>
/// <param name="Imbalance">Share of the majority value (0.5 = balanced, 1 = one value only).</param>
public sealed record BooleanProfile(long TrueCount, long FalseCount, double? Imbalance);

/// <summary>A correlation between two columns.</summary>
/// <param name="A">First column.</param>
/// <param name="B">Second column.</param>
/// <param name="Method"><c>pearson</c> (exact, all rows where both are present), <c>spearman</c> and <c>cramers_v</c> (on the deterministic row sample).</param>
/// <param name="Value">The coefficient.</param>
/// <param name="Rows">Rows it was computed on.</param>
public sealed record Correlation(string A, string B, string Method, double Value, long Rows);

/// <summary>Two columns.</summary>
/// <param name="A">First column.</param>
/// <param name="B">Second column.</param>
public sealed record ColumnPair(string A, string B);

/// <summary>A finding with its evidence.</summary>
/// <param name="Type">Alert type (e.g. <c>missing</c>, <c>high_correlation</c>).</param>
/// <param name="Column">The column (for pair alerts <c>a,b</c>; null for table alerts).</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="Message">A sentence saying what was found.</param>
public sealed record Alert(string Type, string? Column, double? Value, double? Threshold, string Message);
