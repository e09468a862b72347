using System.Globalization;
using Pipeline.Core.History;
using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Engine.Learn.History;

/// <summary>Takes the history's per-column metrics from a profile: what comparing runs needs, not the whole profile.</summary>
public static class HistoryColumns
{
    private static readonly string[] QuantileKeys = ["p01", "p05", "p25", "p50", "p75", "p95", "p99"];

    /// <summary>The metrics of every column of <paramref name="profile"/>, in column order.</summary>
    public static IReadOnlyList<ColumnMetrics> From(ProfileReport profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return [.. profile.Columns.Select((c, i) => From(c, i))];
    }

    /// <summary>The metrics of one column.</summary>
    public static ColumnMetrics From(ColumnProfile column, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(column);
        var quantiles = column.Kind == "numeric" && column.Quantiles is { } q
            ? QuantileKeys.Select(k => q.TryGetValue(k, out var v) ? Number(v) : null).ToList()
            : [];
        return new ColumnMetrics
        {
            Name = column.Name,
            Ordinal = ordinal,
            Type = column.Type,
            Kind = column.Kind,
            SemanticType = column.SemanticType,
            Rows = column.Count + column.NullCount,
            Nulls = column.NullCount,
            DistinctEstimate = column.DistinctCount,
            Min = Text(column.Min),
            Max = Text(column.Max),
            Mean = column.Mean,
            Stddev = column.Stddev,
            // Seven finite quantiles or none: drift bins need all of them.
            Quantiles = quantiles.Count == QuantileKeys.Length && quantiles.All(v => v is not null) ? [.. quantiles.Select(v => v!.Value)] : [],
            TopValues = [.. column.TopValues.Select(t => new TopValue(t.Value, t.Count))],
        };
    }

    private static double? Number(object? value) => value switch
    {
        double d when double.IsFinite(d) => d,
        float f when float.IsFinite(f) => f,
        long or int or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
