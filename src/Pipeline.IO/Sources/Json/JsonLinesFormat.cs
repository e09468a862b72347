using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Json;

/// <summary>JSON lines (<c>jsonl</c>): one JSON object per line. Read only; see <see cref="JsonLinesStream"/> for the rules.</summary>
public sealed class JsonLinesFormat : IFileFormat
{
    /// <inheritdoc />
    public string Name => "jsonl";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".jsonl", ".ndjson"];

    /// <inheritdoc />
    public bool MatchesContent(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        var trimmed = (head.StartsWith(bom) ? head[3..] : head).TrimStart(" \t\r\n"u8);
        return trimmed.Length > 1 && trimmed[0] == (byte)'{' && trimmed[1] is (byte)'"' or (byte)'}' or (byte)' ' or (byte)'\n';
    }

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options) => new JsonLinesSource(files, options);

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => null;
}
