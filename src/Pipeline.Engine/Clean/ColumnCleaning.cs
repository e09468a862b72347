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
