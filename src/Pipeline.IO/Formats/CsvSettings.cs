using Pipeline.Core.Errors;
using Pipeline.Core.Options;

namespace Pipeline.IO.Formats;

/// <summary>The CSV settings users write as text (CLI flags, spec keys), parsed one way for every door.</summary>
public static class CsvSettings
{
    /// <summary>The column types a user may fix (<c>--types</c>, <c>csv.types</c>).</summary>
    public static IReadOnlyList<string> TypeNames { get; } = ["string", "int64", "double", "bool", "date", "timestamp", "decimal"];

    /// <summary>The options with <paramref name="types"/> fixed: kept for the whole read (values that do not fit are
    /// quarantined, the column is never widened for them).</summary>
    public static CsvReadOptions WithFixedTypes(this CsvReadOptions csv, IReadOnlyDictionary<string, string> types)
    {
        var all = new Dictionary<string, string>(csv.ColumnTypes, StringComparer.Ordinal);
        foreach (var (column, type) in types) all[column] = type;
        var fixedColumns = new HashSet<string>(csv.FixedTypes, StringComparer.Ordinal);
        fixedColumns.UnionWith(types.Keys);
        return csv with { ColumnTypes = all, FixedTypes = fixedColumns };
    }

    /// <summary>Parses <c>replace</c>, <c>quarantine</c> or <c>fail</c>.</summary>
    /// <exception cref="PipelineException">Anything else; <paramref name="what"/> names the setting.</exception>
    public static InvalidUtf8Policy ParseInvalidUtf8(string text, string what) => text switch
    {
        "replace" => InvalidUtf8Policy.Replace,
        "quarantine" => InvalidUtf8Policy.Quarantine,
        "fail" => InvalidUtf8Policy.Fail,
        _ => throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: '{text}' must be replace, quarantine or fail"),
    };

    /// <summary>Parses a record size such as <c>4MiB</c>, between 1 KiB and 2 GiB.</summary>
    /// <exception cref="PipelineException">Not a size, or out of range; <paramref name="what"/> names the setting.</exception>
    public static int ParseMaxRecordSize(string text, string what)
    {
        long bytes = ByteSize.Parse(text);
        return bytes is >= 1024 and <= int.MaxValue
            ? (int)bytes
            : throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: {text} must be between 1KiB and 2GiB");
    }
}
