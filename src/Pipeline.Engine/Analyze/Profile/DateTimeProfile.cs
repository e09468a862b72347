namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Date and time statistics.</summary>
public sealed record DateTimeProfile(double? RangeDays, IReadOnlyList<long> WeekdayCounts, IReadOnlyList<long>? HourCounts, long FutureCount, bool HasTimezone)
{
    /// <summary>The regular step and gaps, when the values in row order form a regular series (null otherwise).</summary>
    public TimeSeriesProfile? Series { get; init; }

    /// <summary>How the values spread over time: equal-width bins between the first and last instant, edges in seconds
    /// since the Unix epoch (UTC); counts from the column's quantile sketch (exact while it holds every value).</summary>
    public HistogramProfile? Timeline { get; init; }
}
