using Pipeline.Core.Errors;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.FixedWidth;

/// <summary>Fixed-width text (<c>fixed</c>, extension <c>.fwf</c>): each line holds the columns of
/// <see cref="SourceOptions.FixedWidth"/> at fixed character positions. Chosen by name, by extension, or by giving a
/// layout. See <see cref="FixedWidthStream"/>. Read only.</summary>
public sealed class FixedWidthFormat : IFileFormat
{
    /// <summary>The format's name.</summary>
    public const string FormatName = "fixed";

    /// <inheritdoc />
    public string Name => FormatName;

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".fwf"];

    /// <inheritdoc />
    public bool MatchesContent(ReadOnlySpan<byte> head) => false;

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options)
    {
        FixedWidthLayout.Check(options.FixedWidth, files[0]);
        return new FixedWidthSource(files, options);
    }

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => null;
}
