using Apache.Arrow;
using ParquetSharp;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.IO.Sinks.Parquet;

/// <summary>
/// Writes a Parquet file through ParquetSharp's Arrow writer and <see cref="AtomicFile"/>: compressed with
/// <c>SinkOptions.ParquetCompression</c> (snappy by default), row groups of <c>SinkOptions.ParquetRowGroupSize</c>
/// rows, the Arrow schema stored in the file so types round-trip. Dictionary-encoded columns are written as plain
/// values (Parquet applies its own dictionary encoding).
/// </summary>
public sealed class ParquetSink : ISink
{
    private readonly Compression _compression;
    private readonly int _rowGroupSize;

    /// <summary>Creates a sink for <paramref name="target"/>.</summary>
    /// <param name="target">Output path.</param>
    /// <param name="compression">Codec name: <c>snappy</c>, <c>zstd</c>, <c>gzip</c>, <c>lz4</c>, <c>brotli</c> or <c>none</c>.</param>
    /// <param name="rowGroupSize">Rows per row group (at least 1).</param>
    /// <exception cref="PipelineException">Unknown codec or a row group size below 1.</exception>
    public ParquetSink(string target, string compression, int rowGroupSize)
    {
        if (rowGroupSize < 1) throw new PipelineException(PipelineErrorKind.InvalidInput, $"parquet row group size {rowGroupSize} must be at least 1");
        Target = target;
        _compression = ParseCompression(compression);
        _rowGroupSize = rowGroupSize;
    }

    /// <inheritdoc />
    public string Format => "parquet";

    /// <inheritdoc />
    public string Target { get; }

    /// <inheritdoc />
    public ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context)
    {
        if (Target == "-")
            throw PipelineException.InvalidInput("standard output", "Parquet cannot be streamed to standard output; write a file, or use --format arrows");
        var plainSchema = DictionaryDecoding.PlainSchema(schema, Target);
        var file = AtomicFile.Create(Target);
        try
        {
            return new ValueTask<ISinkWriter>(ParquetSinkWriter.Start(file, plainSchema, _compression, _rowGroupSize,
                ParquetSinkWriter.RowGroupBytesFor(context.Options.MemoryLimit), ParquetNativeMemory.For(context.Options)));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    internal static Compression ParseCompression(string name) => name.Trim().ToLowerInvariant() switch
    {
        "snappy" => Compression.Snappy,
        "zstd" => Compression.Zstd,
        "gzip" => Compression.Gzip,
        "lz4" => Compression.Lz4,
        "brotli" => Compression.Brotli,
        "none" or "uncompressed" => Compression.Uncompressed,
        _ => throw new PipelineException(PipelineErrorKind.InvalidInput,
            $"unknown parquet compression '{name}' (known: snappy, zstd, gzip, lz4, brotli, none)"),
    };
}
