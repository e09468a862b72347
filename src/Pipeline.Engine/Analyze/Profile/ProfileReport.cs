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
    /// <summary>The level that produced this profile: <c>summary</c>, <c>standard</c> or <c>full</c> (see
    /// <see cref="ProfileLevel"/>); members a level does not compute keep their empty value.</summary>
    public string Level { get; init; } = "full";
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
