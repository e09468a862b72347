using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Json;

/// <summary>Reads JSON lines files (one object per line) as one stream; see <see cref="JsonLinesStream"/>.</summary>
public sealed class JsonLinesSource(IReadOnlyList<string> files, SourceOptions options) : ISource
{
    /// <inheritdoc />
    public string Format => "jsonl";

    /// <inheritdoc />
    public IReadOnlyList<string> Files { get; } = files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        foreach (var f in Files)
            if (f != "-" && !File.Exists(f) && !Decompression.ZipInput.TrySplit(f, out _, out _)) throw PipelineException.InvalidInput(f, "no such file");
        return new JsonLinesStream(Files, options, context);
    }
}
