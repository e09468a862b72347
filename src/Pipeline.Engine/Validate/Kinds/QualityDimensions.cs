namespace Pipeline.Engine.Validate.Kinds;

/// <summary>The names of the quality dimensions a rule kind can measure (the keys of
/// <see cref="Quality.QualityScore.Weights"/>).</summary>
internal static class QualityDimensions
{
    /// <summary>Values are there: nulls, <c>not_null</c>, completeness rules.</summary>
    public const string Completeness = "completeness";
    /// <summary>Values are valid: ranges, sets, patterns, formats, shapes, aggregates.</summary>
    public const string Validity = "validity";
    /// <summary>Values or keys do not repeat.</summary>
    public const string Uniqueness = "uniqueness";
    /// <summary>Columns agree with each other, with other tables and with the expected schema.</summary>
    public const string Consistency = "consistency";
    /// <summary>Times are recent and not in the future.</summary>
    public const string Timeliness = "timeliness";
}
