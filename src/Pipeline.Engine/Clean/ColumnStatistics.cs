namespace Pipeline.Engine.Clean;

/// <summary>
/// What the statistics pass learned about one column, used by the streaming pass: the near-duplicate merge map, the
/// detected parse format, the outlier fences, the imputation value and the fill tables.
/// </summary>
internal sealed class ColumnStatistics
{
    /// <summary>Variant → canonical value for <c>merge_near_duplicates</c>.</summary>
    public IReadOnlyDictionary<string, string>? MergeMap { get; init; }
    /// <summary>The number style or strftime date format for <c>parse</c> (given or detected).</summary>
    public string? ParseFormat { get; init; }
    /// <summary>Values outside [Low, High] are outliers.</summary>
    public (double Low, double High)? Fences { get; init; }
    /// <summary>The mean/median/mode/constant fill value (double, string, long microseconds or bool).</summary>
    public object? ImputeValue { get; init; }
    /// <summary>Carry values across batch boundaries for forward/backward fill.</summary>
    public FillTable? Fill { get; init; }
    /// <summary>Numbers the statistics came from (for the results).</summary>
    public IReadOnlyDictionary<string, double> Facts { get; init; } = new Dictionary<string, double>();
}

/// <summary>
/// For forward fill: each null run's first row and the last non-null value before it; for backward fill: each null
/// run's last row and the first non-null value after it. A batch that starts (or ends) inside a run looks its carry
/// value up here, so fills are exact in input order whatever the batch boundaries or parallelism.
/// </summary>
internal sealed class FillTable(long[] rows, object?[] values)
{
    /// <summary>The forward-fill value for a null run containing <paramref name="row"/> (run starts are sorted).</summary>
    public object? Before(long row)
    {
        int i = Array.BinarySearch(rows, row);
        if (i < 0) i = ~i - 1;
        return i >= 0 ? values[i] : null;
    }

    /// <summary>The backward-fill value for a null run containing <paramref name="row"/> (run ends are sorted).</summary>
    public object? After(long row)
    {
        int i = Array.BinarySearch(rows, row);
        if (i < 0) i = ~i;
        return i < rows.Length ? values[i] : null;
    }

    /// <summary>Entries held.</summary>
    public int Count => rows.Length;
}
