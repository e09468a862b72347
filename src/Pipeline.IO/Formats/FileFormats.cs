using Pipeline.Core.Errors;
using Pipeline.Core.Streams;

namespace Pipeline.IO.Formats;

/// <summary>
/// The formats Pipeline reads and writes, and how a path becomes a source or sink: an explicit format name wins,
/// then the file extension (under any compression extension), then the content's first bytes (decompressed);
/// text without a recognised extension or start is read as CSV.
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
        new Sources.Excel.ExcelFormat(),
        new Sources.Avro.AvroFormat(),
        new Sources.Orc.OrcFormat(),
        new Sources.Json.JsonDocumentFormat(),
        new Sources.Json.JsonLinesFormat(),
        new Sources.FixedWidth.FixedWidthFormat(),
        new Sources.Csv.CsvFormat(),
    ];

    /// <summary>Names of all formats, for help text and error messages.</summary>
    public static string Names => string.Join(", ", All.Select(f => f.Name));

    /// <summary>The format with this name.</summary>
    /// <exception cref="PipelineException">No such format.</exception>
    public static IFileFormat ByName(string name)
        => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
           ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"unknown format '{name}' (known: {Names})");

    /// <summary>Opens a source for a file, standard input (<c>-</c>), a directory, a glob or an archive member
    /// (<c>archive.zip#member.csv</c>). Compressed inputs (gzip, zstd, bzip2, zip) are recognised by their magic bytes
    /// and read decompressed; formats that need a seekable file get a decompressed temporary copy.</summary>
    /// <exception cref="PipelineException">The path matches nothing, or the format cannot be determined.</exception>
    public static ISource OpenSource(string path, SourceOptions? options = null)
    {
        options ??= new SourceOptions();
        var files = InputPaths.Expand(path);
        // A fixed-width layout names its format: such text has nothing else to recognise it by.
        var format = options.Format is { } name ? ByName(name)
            : options.FixedWidth.Count > 0 ? ByName(Sources.FixedWidth.FixedWidthFormat.FormatName)
            : Detect(files[0], forWriting: false, options.Decompression);
        if (format.Access != InputAccess.Sequential)
            files = files.Select(f => NeedsCopy(f, format.Access) ? Decompression.DecompressedFiles.Materialize(f, options.Decompression, evenIfPlain: true) : f).ToList();
        return format.CreateSource(files, options);
    }

    private static bool NeedsCopy(string file, InputAccess access)
        => Sources.InputOpener.IsCompressed(file) || (file == "-" && access == InputAccess.Seekable);

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

    /// <summary>Detects the format of one input file by extension (compression extensions stripped), then by its
    /// content's first bytes (decompressed when the input is compressed; standard input is peeked, not consumed).</summary>
    public static IFileFormat Detect(string file, bool forWriting, Decompression.DecompressionLimits? limits = null)
    {
        if (ByExtension(file) is { } byExt) return byExt;
        if (forWriting) return ByName("csv");
        var head = Sources.InputOpener.Head(file, ContentHeadBytes, limits ?? new Decompression.DecompressionLimits());
        if (file == "-" && head.Length == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, "standard input: no data");
        foreach (var f in All)
            if (f.MatchesContent(head)) return f;
        return ByName("csv");
    }

    /// <summary>Bytes of content a format sees to recognise itself.</summary>
    public const int ContentHeadBytes = 4096;

    private static IFileFormat? ByExtension(string path)
    {
        var ext = Path.GetExtension(Decompression.CompressionCodecs.InnerName(path));
        return ext.Length == 0 ? null : All.FirstOrDefault(f => f.Extensions.Contains(ext));
    }
}
