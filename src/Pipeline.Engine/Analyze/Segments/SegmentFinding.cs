namespace Pipeline.Engine.Analyze.Segments;

/// <summary>An outcome that differs between the segments of a column, with its test.</summary>
/// <param name="Outcome">The outcome column.</param>
/// <param name="Kind">Rate (binary), class share, or mean (measure).</param>
/// <param name="Class">The class whose rate or share is reported; null for a mean.</param>
/// <param name="Segment">The segment column.</param>
/// <param name="Binned">True when the segment is a number cut at its quartiles.</param>
/// <param name="Levels">Each segment level tested, highest value first.</param>
/// <param name="Test">The test: <c>chi_square</c>, <c>welch_t</c> or <c>kruskal_wallis</c>.</param>
/// <param name="P">The test's p-value.</param>
/// <param name="Q">The Benjamini–Hochberg q-value over every pair tested in the table.</param>
/// <param name="Effect">Cramér's V (rates and shares) or η² (means).</param>
/// <param name="Rows">Sample rows in the comparison (both columns present, level large enough).</param>
/// <param name="Deterministic">True when every level holds only one class: a rule, not a tendency.</param>
public sealed record SegmentFinding(string Outcome, OutcomeKind Kind, string? Class, string Segment, bool Binned,
    IReadOnlyList<SegmentLevel> Levels, string Test, double P, double Q, double Effect, long Rows, bool Deterministic)
{
    /// <summary>Pairs of columns tested in the table (the Benjamini–Hochberg family).</summary>
    public int PairsTested { get; init; }

    /// <summary>For a measure: <c>mean</c>, or <c>median</c> when the measure is heavily skewed; <c>rate</c> otherwise.</summary>
    public string Statistic { get; init; } = "rate";
}

/// <summary>One segment level's outcome.</summary>
/// <param name="Level">The level (a value, or a range for a binned number).</param>
/// <param name="Rows">Rows of the level.</param>
/// <param name="Value">The rate or share (0–1), or the mean.</param>
/// <param name="Low">The 95% interval's lower end (Wilson for rates, t for means; NaN for medians).</param>
/// <param name="High">Its upper end.</param>
public sealed record SegmentLevel(string Level, long Rows, double Value, double Low, double High);
