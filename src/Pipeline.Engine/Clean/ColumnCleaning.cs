namespace Pipeline.Engine.Clean;

/// <summary>
/// The cleaning of one column (<c>clean: {COLUMN: {...}}</c> in a spec). Steps run in this fixed order, each counting
/// the values it changed: null tokens, trim, whitespace collapse, Unicode NFC, case, mapping table, near-duplicate
/// merging, parsing, outliers, imputation.
/// </summary>
public sealed record ColumnCleaning
{
    /// <summary>The column.</summary>
    public required string Column { get; init; }
    /// <summary>Text values (compared after trimming, case-insensitively) that become null; null means no such step.</summary>
    public IReadOnlyList<string>? NullTokens { get; init; }
    /// <summary>Remove leading and trailing white space.</summary>
    public bool Trim { get; init; }
    /// <summary>Turn every run of white space into one space.</summary>
    public bool CollapseWhitespace { get; init; }
    /// <summary>Unicode normalization form C.</summary>
    public bool Nfc { get; init; }
    /// <summary>Change case: <c>lower</c>, <c>upper</c> or <c>title</c>.</summary>
    public TextCase? Case { get; init; }
    /// <summary>A mapping table: exact value (after the steps above) to replacement.</summary>
    public IReadOnlyDictionary<string, string>? Map { get; init; }
    /// <summary>Merge values whose normalized key (letters and digits, lower case) is equal into the most frequent variant.</summary>
    public bool MergeNearDuplicates { get; init; }
    /// <summary>Parse text into numbers or dates.</summary>
    public ParseStep? Parse { get; init; }
    /// <summary>Detect and treat outliers.</summary>
    public OutlierStep? Outliers { get; init; }
    /// <summary>Fill nulls.</summary>
    public ImputeStep? Impute { get; init; }
    /// <summary><c>FILE:LINE:COLUMN</c> in the spec, for messages.</summary>
    public string? Location { get; init; }

    /// <summary>Whether any text step is configured.</summary>
    public bool HasTextSteps => NullTokens is not null || Trim || CollapseWhitespace || Nfc || Case is not null || Map is not null || MergeNearDuplicates;

    /// <summary>Whether the statistics pass must read the input first.</summary>
    public bool NeedsStatistics => MergeNearDuplicates || Parse is { Format: null } || Outliers is not null
        || Impute is { Strategy: not ImputeStrategy.Constant };

    /// <summary>The default null tokens of <c>null_tokens: true</c>.</summary>
    public static IReadOnlyList<string> DefaultNullTokens { get; } = ["", "NA", "N/A", "null", "NULL", "None", "-", "nan"];
}

/// <summary>Case conversions.</summary>
public enum TextCase
{
    /// <summary>Lower case (invariant culture).</summary>
    Lower,
    /// <summary>Upper case (invariant culture).</summary>
    Upper,
    /// <summary>First letter of each word upper, the rest lower.</summary>
    Title,
}

/// <summary>What parsing produces.</summary>
public enum ParseTarget
{
    /// <summary>A double.</summary>
    Number,
    /// <summary>A date (Arrow date32).</summary>
    Date,
    /// <summary>A UTC timestamp (microseconds).</summary>
    Timestamp,
}

/// <summary>Parse text into numbers or dates; <paramref name="Format"/> null detects it from the input's first batch
/// (numbers: <c>plain</c>, <c>thousands_comma</c> 1,234.5, <c>decimal_comma</c> 1.234,5; dates: strftime formats).</summary>
/// <param name="Target">What to produce.</param>
/// <param name="Format">A number style or a strftime date format; null to detect.</param>
public sealed record ParseStep(ParseTarget Target, string? Format);

/// <summary>Outlier detection methods.</summary>
public enum OutlierMethod
{
    /// <summary>Outside [Q1 − k·IQR, Q3 + k·IQR] (default k 1.5).</summary>
    Iqr,
    /// <summary>More than k standard deviations from the mean (default k 3).</summary>
    ZScore,
    /// <summary>More than k robust deviations (1.4826·MAD) from the median (default k 3.5).</summary>
    Mad,
}

/// <summary>What happens to an outlier.</summary>
public enum OutlierAction
{
    /// <summary>Keep it; add a boolean column <c>COLUMN_outlier</c>.</summary>
    Flag,
    /// <summary>Winsorize: replace it with the nearer fence.</summary>
    Clip,
    /// <summary>Replace it with null.</summary>
    Null,
    /// <summary>Quarantine the row (through a generated row rule named <c>COLUMN_outliers</c>).</summary>
    Quarantine,
}

/// <summary>Outlier treatment.</summary>
/// <param name="Method">Detection method.</param>
/// <param name="K">The multiplier (null: the method's default).</param>
/// <param name="Action">What to do with outliers.</param>
public sealed record OutlierStep(OutlierMethod Method, double? K, OutlierAction Action)
{
    /// <summary>The multiplier in effect.</summary>
    public double EffectiveK => K ?? Method switch { OutlierMethod.Iqr => 1.5, OutlierMethod.ZScore => 3, _ => 3.5 };
}

/// <summary>Imputation strategies.</summary>
public enum ImputeStrategy
{
    /// <summary>A given value.</summary>
    Constant,
    /// <summary>The column's mean (numbers).</summary>
    Mean,
    /// <summary>The column's median (numbers).</summary>
    Median,
    /// <summary>The most frequent value (ties: the smallest).</summary>
    Mode,
    /// <summary>The previous non-null value in input order.</summary>
    ForwardFill,
    /// <summary>The next non-null value in input order.</summary>
    BackwardFill,
}

/// <summary>Null imputation.</summary>
/// <param name="Strategy">How to choose the value.</param>
/// <param name="Value">The constant of <see cref="ImputeStrategy.Constant"/>.</param>
/// <param name="Indicator">Add a boolean column <c>COLUMN_imputed</c>, true where a value was filled.</param>
public sealed record ImputeStep(ImputeStrategy Strategy, string? Value, bool Indicator);
