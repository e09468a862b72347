using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Avro;

/// <summary>Reads Avro container files as one stream (see <see cref="AvroBatchStream"/>).</summary>
public sealed class AvroSource(IReadOnlyList<string> files, AvroReadOptions options) : ISource
{
    /// <inheritdoc />
    public string Format => "avro";

    /// <inheritdoc />
    public IReadOnlyList<string> Files { get; } = files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        foreach (var f in Files)
            if (!File.Exists(f)) throw PipelineException.InvalidInput(f, "no such file");
        return new AvroBatchStream(Files, options, context);
    }
}
