namespace Pipeline.Engine.Analyze.Profile;

/// <summary>How much <c>pipeline profile</c> computes (<c>--level</c>); each level is documented in
/// <c>docs/profile-schema.md</c> with the members it fills.</summary>
public enum ProfileLevel
{
    /// <summary>What DuckDB's <c>SUMMARIZE</c> gives, per column: type, min, max, approximate distinct count
    /// (HyperLogLog), mean, standard deviation, p25/p50/p75 (KLL), count and null percentage. No duplicate rows, no
    /// top values, no text statistics, no cross-column analysis; strings are never materialized.</summary>
    Summary,

    /// <summary>Every per-column statistic of <see cref="Full"/> and the Pearson correlations; no exact duplicate-row
    /// count (a HyperLogLog estimate, marked approximate), no row sample (Spearman, Cramér's V), no column pairs
    /// (copies, one-to-one mappings, nulls together) and no report analyzers.</summary>
    Standard,

    /// <summary>Everything: the default.</summary>
    Full,
}

/// <summary>Names of <see cref="ProfileLevel"/> as written in <c>profile.json</c> and taken by <c>--level</c>.</summary>
public static class ProfileLevels
{
    /// <summary>The lower-case name.</summary>
    public static string Name(ProfileLevel level) => level switch
    {
        ProfileLevel.Summary => "summary",
        ProfileLevel.Standard => "standard",
        _ => "full",
    };

    /// <summary>Parses a name.</summary>
    /// <exception cref="Core.Errors.PipelineException">Not one of <c>summary</c>, <c>standard</c>, <c>full</c>.</exception>
    public static ProfileLevel Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "summary" => ProfileLevel.Summary,
        "standard" => ProfileLevel.Standard,
        "full" => ProfileLevel.Full,
        _ => throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput,
            $"profile level '{name}' is not one of summary, standard, full"),
    };
}
