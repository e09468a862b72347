using Pipeline.Core.Errors;
using Pipeline.Core.Streams;

namespace Pipeline.IO.Formats;

/// <summary>
/// The formats Pipeline reads and writes, and how a path becomes a source or sink: an explicit format name wins,
/// then the file extension, then magic bytes; text without a recognised extension is read as CSV.
/// A directory, or a path with <c>*</c>/<c>?</c>, expands to its files (sorted by name) read as one stream.
/// </summary>
public static class FileFormats
{
    /// <summary>Every registered format, in detection order.</summary>
    public static IReadOnlyList<IFileFormat> All { get; } = BuildRegistry();

    private static IReadOnlyList<IFileFormat> BuildRegistry() =>
    [
        // Binary formats first: their magic bytes are certain.
        new ParquetFormat(),
        new ArrowFileFormat(),
        new ArrowStreamFormat(),
        new Sources.Json.JsonLinesFormat(),
        new Sources.Csv.CsvFormat(),
    ];

    /// <summary>Names of all formats, for help text and error messages.</summary>
    public static string Names => string.Join(", ", All.Select(f => f.Name));

    /// <summary>The format with this name.</summary>
    /// <exception cref="PipelineException">No such format.</exception>
    public static IFileFormat ByName(string name)
        => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
           ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"unknown format '{name}' (known: {Names})");

    /// <summary>Opens a source for a file, standard input (<c>-</c>), a directory or a glob.</summary>
    /// <exception cref="PipelineException">The path matches nothing, or the format cannot be determined.</exception>
    public static ISource OpenSource(string path, SourceOptions? options = null)
    {
        options ??= new SourceOptions();
        var files = InputPaths.Expand(path);
        var format = options.Format is { } name ? ByName(name) : Detect(files[0], forWriting: false);
        return format.CreateSource(files, options);
    }

    /// <summary>Creates a sink for a path (<c>-</c> is standard output, written as an Arrow IPC stream unless a format is given).</summary>
    /// <exception cref="PipelineException">The format is unknown or cannot be written.</exception>
    public static ISink CreateSink(string path, SinkOptions? options = null)
    {
        options ??= new SinkOptions();
        var format = options.Format is { } name ? ByName(name)
            : path == "-" ? ByName("arrows")
            : ByExtension(path) ?? throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{path}: cannot tell the output format from the extension; pass --format ({Names})");
        return format.CreateSink(path, options)
               ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: format '{format.Name}' cannot be written");
    }

    /// <summary>Detects the format of one input file by extension, then content.</summary>
    public static IFileFormat Detect(string file, bool forWriting)
    {
        if (ByExtension(file) is { } byExt) return byExt;
        if (forWriting) return ByName("csv");
        var buffer = new byte[16];
        ReadOnlySpan<byte> head = default;
        if (file == "-")
        {
            // Standard input is detected from its first bytes as a file is; the bytes are replayed to the reader.
            head = Sources.StandardInput.Peek(buffer.Length);
            if (head.IsEmpty) throw new PipelineException(PipelineErrorKind.InvalidInput, "standard input: no data");
        }
        else if (File.Exists(file))
        {
            using var s = File.OpenRead(file);
            head = buffer.AsSpan(0, s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false));
        }
        foreach (var f in All)
            if (f.MatchesContent(head)) return f;
        return ByName("csv");
    }

    private static IFileFormat? ByExtension(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        foreach (var compressed in new[] { ".gz" })
            if (name.EndsWith(compressed, StringComparison.Ordinal)) name = name[..^compressed.Length];
        var ext = Path.GetExtension(name);
        return ext.Length == 0 ? null : All.FirstOrDefault(f => f.Extensions.Contains(ext));
    }
}
