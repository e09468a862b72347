using Pipeline.Core.Streams;

namespace Pipeline.IO.Formats;

/// <summary>One file format: how to recognise it and how to read and write it.</summary>
public interface IFileFormat
{
    /// <summary>The name used on the command line and in specs (<c>csv</c>, <c>jsonl</c>, <c>parquet</c>, <c>arrow</c>, <c>arrows</c>).</summary>
    string Name { get; }

    /// <summary>File extensions (lower case, with the dot) that select this format.</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>True when the first bytes of a file identify this format for certain (magic numbers).
    /// Text formats return false and are chosen by extension or as the fallback.</summary>
    bool MatchesContent(ReadOnlySpan<byte> head);

    /// <summary>A source that reads the files in order as one stream (<c>-</c> is standard input).</summary>
    ISource CreateSource(IReadOnlyList<string> files, SourceOptions options);

    /// <summary>A sink writing to <paramref name="path"/> (<c>-</c> is standard output), or null when the format cannot be written.</summary>
    ISink? CreateSink(string path, SinkOptions options);
}
