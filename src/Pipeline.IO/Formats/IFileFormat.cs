using Pipeline.Core.Streams;

namespace Pipeline.IO.Formats;

/// <summary>One file format: how to recognise it and how to read and write it.</summary>
public interface IFileFormat
{
    /// <summary>The name used on the command line and in specs (<c>csv</c>, <c>jsonl</c>, <c>json</c>, <c>parquet</c>, <c>arrow</c>, <c>arrows</c>, <c>excel</c>, <c>avro</c>, <c>xml</c>, <c>fixed</c>, ...).</summary>
    string Name { get; }

    /// <summary>File extensions (lower case, with the dot) that select this format.</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>True when the first bytes of a file's content (decompressed, up to 4 KiB) identify this format (magic
    /// numbers, or an unambiguous start for text formats). Text formats without one return false and are chosen by
    /// extension or as the fallback.</summary>
    bool MatchesContent(ReadOnlySpan<byte> head);

    /// <summary>How the reader reads its inputs (what is done for it with compressed inputs and standard input).</summary>
    InputAccess Access => InputAccess.Sequential;

    /// <summary>A source that reads the files in order as one stream (<c>-</c> is standard input).</summary>
    ISource CreateSource(IReadOnlyList<string> files, SourceOptions options);

    /// <summary>A sink writing to <paramref name="path"/> (<c>-</c> is standard output), or null when the format cannot be written.</summary>
    ISink? CreateSink(string path, SinkOptions options);
}
