using Pipeline.Core.Streams;
using Pipeline.IO.Sinks.ArrowIpc;
using Pipeline.IO.Sources.ArrowIpc;

namespace Pipeline.IO.Formats;

/// <summary>The Arrow IPC file format (<c>arrow</c>, also called Feather v2): extensions <c>.arrow</c>,
/// <c>.arrow_file</c>, <c>.feather</c>, <c>.ipc</c>; magic <c>ARROW1</c>.</summary>
public sealed class ArrowFileFormat : IFileFormat
{
    /// <inheritdoc />
    public string Name => "arrow";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".arrow", ".arrow_file", ".feather", ".ipc"];

    /// <inheritdoc />
    public InputAccess Access => InputAccess.Seekable;

    /// <inheritdoc />
    public bool MatchesContent(ReadOnlySpan<byte> head) => head.StartsWith("ARROW1"u8);

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options) => new ArrowIpcSource(files, fileFormat: true, options.Columns);

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => new ArrowIpcSink(path, fileFormat: true);
}
