using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.IO.Sinks.ArrowIpc;

/// <summary>
/// Writes an uncompressed Arrow IPC file (<c>arrow</c>) or stream (<c>arrows</c>; <c>-</c> is standard output)
/// through <see cref="AtomicFile"/>. Dictionary-encoded columns are written as plain values (see
/// <see cref="DictionaryDecoding"/> for why).
/// </summary>
public sealed class ArrowIpcSink : ISink
{
    private readonly bool _fileFormat;

    /// <summary>Creates a sink writing to <paramref name="target"/>.</summary>
    /// <param name="target">Output path, or <c>-</c> for standard output (stream format only).</param>
    /// <param name="fileFormat">True for the IPC file format, false for the stream format.</param>
    public ArrowIpcSink(string target, bool fileFormat)
    {
        Target = target;
        _fileFormat = fileFormat;
    }

    /// <inheritdoc />
    public string Format => _fileFormat ? "arrow" : "arrows";

    /// <inheritdoc />
    public string Target { get; }

    /// <inheritdoc />
    public async ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context)
    {
        if (_fileFormat && Target == "-")
            throw Core.Errors.PipelineException.InvalidInput("standard output", "the Arrow IPC file format needs a seekable file; write the stream format (arrows) instead");
        var plainSchema = DictionaryDecoding.PlainSchema(schema, Target);
        var file = AtomicFile.Create(Target);
        try
        {
            return await ArrowIpcSinkWriter.StartAsync(file, plainSchema, _fileFormat, context.CancellationToken).ConfigureAwait(false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
