using Pipeline.Core.Streams;
using Pipeline.IO.Sinks.ArrowIpc;
using Pipeline.IO.Sources.ArrowIpc;

namespace Pipeline.IO.Formats;

/// <summary>The Arrow IPC stream format (<c>arrows</c>): extensions <c>.arrows</c>, <c>.stream</c>; content starting
/// with the 0xFFFFFFFF continuation marker. The format of standard input and output.</summary>
public sealed class ArrowStreamFormat : IFileFormat
{
    /// <inheritdoc />
    public string Name => "arrows";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".arrows", ".stream"];

    /// <inheritdoc />
    public InputAccess Access => InputAccess.SequentialUncompressed;

    /// <inheritdoc />
    // A continuation marker followed by a positive metadata length: four 0xFF bytes alone could start other binary data.
    public bool MatchesContent(ReadOnlySpan<byte> head)
        => head.Length >= 8 && head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFF, 0xFF, 0xFF])
           && BitConverter.ToInt32(head[4..8]) is > 0 and < 1 << 24;

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options) => new ArrowIpcSource(files, fileFormat: false, options.Columns) { AllowTruncated = options.AllowTruncated };

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => new ArrowIpcSink(path, fileFormat: false);
}
