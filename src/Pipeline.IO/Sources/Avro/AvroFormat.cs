using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Avro;

/// <summary>Avro object container files (<c>avro</c>) through Apache.Avro: extension <c>.avro</c>, magic <c>Obj</c> 0x01;
/// null, deflate codecs; an optional reader schema resolves schema evolution (<see cref="AvroReadOptions"/>).
/// See <see cref="AvroColumns"/> for how Avro types become Arrow columns. Read only.</summary>
public sealed class AvroFormat : IFileFormat
{
    /// <inheritdoc />
    public string Name => "avro";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".avro"];

    /// <inheritdoc />
    // Apache.Avro's container reader tracks stream positions between blocks: it is given a file.
    public InputAccess Access => InputAccess.Seekable;

    /// <inheritdoc />
    public bool MatchesContent(ReadOnlySpan<byte> head) => head.StartsWith("Obj\u0001"u8);

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options) => new AvroSource(files, options.Avro);

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => null;
}
