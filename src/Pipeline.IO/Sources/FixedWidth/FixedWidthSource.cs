using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.FixedWidth;

/// <summary>Reads fixed-width text files as one stream (see <see cref="FixedWidthStream"/>).</summary>
public sealed class FixedWidthSource(IReadOnlyList<string> files, SourceOptions options) : ISource
{
    /// <inheritdoc />
    public string Format => FixedWidthFormat.FormatName;

    /// <inheritdoc />
    public IReadOnlyList<string> Files { get; } = files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        foreach (var f in Files)
            if (f != "-" && !File.Exists(f) && !Decompression.ZipInput.TrySplit(f, out _, out _)) throw PipelineException.InvalidInput(f, "no such file");
        return new FixedWidthStream(Files, options, context);
    }
}
