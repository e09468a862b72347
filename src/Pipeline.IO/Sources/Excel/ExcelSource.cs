using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Excel;

/// <summary>Reads one sheet of each workbook as one stream (see <see cref="ExcelBatchStream"/>).</summary>
public sealed class ExcelSource(IReadOnlyList<string> files, SourceOptions options) : ISource
{
    /// <inheritdoc />
    public string Format => "excel";

    /// <inheritdoc />
    public IReadOnlyList<string> Files { get; } = files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        foreach (var f in Files)
            if (!File.Exists(f)) throw PipelineException.InvalidInput(f, "no such file");
        return new ExcelBatchStream(Files, options.Excel, context);
    }
}
