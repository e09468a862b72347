using Pipeline.Core.Streams;
using Pipeline.IO.Sinks.Parquet;
using Pipeline.IO.Sources.Parquet;

namespace Pipeline.IO.Formats;

/// <summary>Apache Parquet (<c>parquet</c>): extensions <c>.parquet</c>, <c>.pq</c>; magic <c>PAR1</c> (and <c>PARE</c>,
/// encrypted, recognised so that it is refused with a clear message).</summary>
public sealed class ParquetFormat : IFileFormat
{
    /// <inheritdoc />
    public string Name => "parquet";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".parquet", ".pq"];

    /// <inheritdoc />
    public InputAccess Access => InputAccess.Seekable;

    /// <inheritdoc />
    public bool MatchesContent(ReadOnlySpan<byte> head) => head.StartsWith("PAR1"u8) || head.StartsWith("PARE"u8);

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options) => new ParquetSource(files, options.Columns, options.DictionaryColumns) { Partition = options.Partition };

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => new ParquetSink(path, options.ParquetCompression, options.ParquetRowGroupSize);
}
