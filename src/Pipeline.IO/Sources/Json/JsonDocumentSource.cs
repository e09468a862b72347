using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Json;

/// <summary>Reads JSON documents (see <see cref="JsonDocumentFormat"/>) as one stream, with the JSON lines rules for
/// schema inference, widening restarts and quarantine; a record's line is the line it starts on.</summary>
public sealed class JsonDocumentSource(IReadOnlyList<string> files, SourceOptions options) : ISource
{
    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public IReadOnlyList<string> Files { get; } = files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        foreach (var f in Files)
            if (f != "-" && !File.Exists(f) && !Decompression.ZipInput.TrySplit(f, out _, out _)) throw PipelineException.InvalidInput(f, "no such file");
        return new JsonLinesStream(Files, options, context, Format, (stream, file) => new JsonDocumentRecordReader(stream, file, options.RecordsPath));
    }
}
