using Pipeline.Core.History;

namespace Pipeline.Engine.Optimize;

/// <summary>
/// The in-memory width of one row of a dataset, estimated from the column types an earlier run recorded: fixed-width
/// types by their size, text and other variable-width types at an assumed 28 bytes (a 4-byte offset and 24 bytes of
/// data, a typical short string), plus a validity bit per column.
/// </summary>
public static class RowWidth
{
    /// <summary>Bytes assumed per value of a variable-width column.</summary>
    public const int VariableWidthBytes = 28;

    /// <summary>Estimated bytes per row, or null when the run recorded no columns.</summary>
    public static double? Of(IReadOnlyList<ColumnMetrics> columns)
    {
        if (columns.Count == 0) return null;
        double bytes = 0;
        foreach (var column in columns) bytes += ValueBytes(column.Type) + 0.125;
        return bytes;
    }

    private static int ValueBytes(string type)
    {
        var t = type.ToLowerInvariant();
        if (t.StartsWith("bool", StringComparison.Ordinal)) return 1;
        if (t.Contains("int8", StringComparison.Ordinal)) return 1;
        if (t.Contains("int16", StringComparison.Ordinal) || t.Contains("halffloat", StringComparison.Ordinal)) return 2;
        if (t.Contains("int32", StringComparison.Ordinal) || t == "float" || t.StartsWith("date32", StringComparison.Ordinal)
            || t.StartsWith("time32", StringComparison.Ordinal)) return 4;
        if (t.Contains("int64", StringComparison.Ordinal) || t == "double" || t.StartsWith("timestamp", StringComparison.Ordinal)
            || t.StartsWith("date64", StringComparison.Ordinal) || t.StartsWith("time64", StringComparison.Ordinal)
            || t.StartsWith("duration", StringComparison.Ordinal)) return 8;
        if (t.StartsWith("decimal", StringComparison.Ordinal)) return 16;
        return VariableWidthBytes;
    }
}
