using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Groups insight kinds that describe the same fact, so duplicates merge (a correlation alert from the profile
/// and a correlation insight on the same pair are one finding).</summary>
internal static class InsightTopics
{
    public static string Of(string kind) => kind switch
    {
        "strong_correlation" or "redundant_columns" or "segment_difference" => "association",
        "missing" or "all_null_column" => "missing",
        "skewed" or "outliers" => "distribution",
        _ => kind,
    };
}

/// <summary>How insights found by two checks are recognised as one.</summary>
internal static class InsightMerging
{
    /// <summary>The identity used to merge the same fact found by two checks: the topic and the set of columns.</summary>
    public static string MergeKey(this Insight insight) =>
        $"{InsightTopics.Of(insight.Kind)}:{string.Join("|", insight.Columns.Order(StringComparer.Ordinal))}";
}
