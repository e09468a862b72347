namespace Pipeline.IO.Formats;

/// <summary>How to write an output.</summary>
public sealed record SinkOptions
{
    /// <summary>Format name; null detects it from the extension (<c>-</c> defaults to <c>arrows</c>).</summary>
    public string? Format { get; init; }

    /// <summary>Parquet: rows per row group. Default 1,048,576 (DuckDB and Arrow C++ use similar sizes; larger groups compress better).</summary>
    public int ParquetRowGroupSize { get; init; } = 1 << 20;

    /// <summary>Parquet compression codec name (<c>snappy</c>, <c>zstd</c>, <c>gzip</c>, <c>none</c>). Default snappy.</summary>
    public string ParquetCompression { get; init; } = "snappy";

    /// <summary>CSV: field delimiter. Default comma.</summary>
    public char CsvDelimiter { get; init; } = ',';

    /// <summary>CSV: write a header row. Default true.</summary>
    public bool CsvHeader { get; init; } = true;
}
