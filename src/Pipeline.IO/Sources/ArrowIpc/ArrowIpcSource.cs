using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// Reads Arrow IPC files (the file format, <c>arrow</c>) or streams (the stream format, <c>arrows</c>; <c>-</c> is
/// standard input) as one stream of batches. Files are memory-mapped and read without copying; every header is
/// validated before Apache.Arrow reads it, and every failure is a <c>PipelineException</c> naming the input.
/// </summary>
public sealed class ArrowIpcSource : ISource
{
    private readonly bool _fileFormat;
    private readonly IReadOnlyList<string>? _columns;
    private readonly Func<Stream> _standardInput;

    /// <summary>Creates a source over <paramref name="files"/> (<c>-</c> reads standard input, stream format only).</summary>
    /// <param name="files">Files read in order; their schemas must match.</param>
    /// <param name="fileFormat">True for the IPC file format, false for the stream format.</param>
    /// <param name="columns">Columns to keep, or null for all.</param>
    public ArrowIpcSource(IReadOnlyList<string> files, bool fileFormat, IReadOnlyList<string>? columns)
        : this(files, fileFormat, columns, StandardInput.Open)
    {
    }

    internal ArrowIpcSource(IReadOnlyList<string> files, bool fileFormat, IReadOnlyList<string>? columns, Func<Stream> standardInput)
    {
        if (files.Count == 0) throw new ArgumentException("at least one input is required", nameof(files));
        Files = files;
        _fileFormat = fileFormat;
        _columns = columns;
        _standardInput = standardInput;
    }

    /// <summary>Accept streams without an end-of-stream marker (see <see cref="Formats.SourceOptions.AllowTruncated"/>).</summary>
    public bool AllowTruncated { get; init; }

    /// <inheritdoc />
    public string Format => _fileFormat ? "arrow" : "arrows";

    /// <inheritdoc />
    public IReadOnlyList<string> Files { get; }

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        foreach (var file in Files)
            if (file != "-" && File.Exists(file)) context.Progress.AddTotal(new FileInfo(file).Length);
        return new ArrowIpcBatchStream(i => OpenInput(Files[i], context), Files.Count, context, _columns);
    }

    private IpcInputReader OpenInput(string file, PipelineContext context)
    {
        if (file != "-") return IpcInputReader.OpenFile(file, _fileFormat, context, allowTruncated: AllowTruncated);
        if (_fileFormat)
            throw Core.Errors.PipelineException.InvalidInput("standard input", "the Arrow IPC file format needs a seekable file; send the stream format (arrows) instead");
        return IpcInputReader.OpenStream("standard input", _standardInput(), context, AllowTruncated);
    }
}
