using System.Text.Json;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Json;

/// <summary>
/// JSON documents (<c>json</c>): a top-level array of records, or an object holding one (at
/// <see cref="SourceOptions.RecordsPath"/>, else its first key holding an array), streamed record by record; the
/// schema is inferred as for JSON lines. A <c>.json</c> file whose first line is a complete object is JSON lines
/// and read as such. Read only.
/// </summary>
public sealed class JsonDocumentFormat : IFileFormat
{
    /// <inheritdoc />
    public string Name => "json";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".json"];

    /// <inheritdoc />
    public bool MatchesContent(ReadOnlySpan<byte> head)
    {
        var trimmed = Trim(head);
        if (trimmed.IsEmpty) return false;
        if (trimmed[0] == (byte)'[') return true;
        // An object that does not end on its first line: a document (JSON lines hold one object per line).
        return trimmed[0] == (byte)'{' && trimmed.IndexOf((byte)'\n') is int nl && nl > 0 && !IsCompleteValue(trimmed[..nl]);
    }

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options)
    {
        if (options.RecordsPath is null && !IsDocument(files[0], options))
            return new JsonLinesSource(files, options);
        return new JsonDocumentSource(files, options);
    }

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => null;

    /// <summary>True unless the input's first line is a complete JSON object on its own (JSON lines).</summary>
    private static bool IsDocument(string file, SourceOptions options)
    {
        var trimmed = Trim(InputOpener.Head(file, 1 << 16, options.Decompression));
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{') return true;
        int nl = trimmed.IndexOf((byte)'\n');
        return !IsCompleteValue(nl < 0 ? trimmed : trimmed[..nl]);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        return (head.StartsWith(bom) ? head[3..] : head).TrimStart(" \t\r\n"u8);
    }

    private static bool IsCompleteValue(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
