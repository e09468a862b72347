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
        if (options.Partition is not { } partition) return new JsonLinesStream(Files, options, context);
        // A partition takes the whole file's schema (sampled from its first rows, as a full read does), so every
        // partition of the file reads the same columns with the same types.
        partition.RequireOneFile(Files);
        Apache.Arrow.Schema whole;
        using (var sniff = new JsonLinesStream(Files, options with { Partition = null }, context)) whole = sniff.Schema;
        var types = whole.FieldsList.Select(f => new KeyValuePair<string, string>(f.Name, f.DataType switch
        {
            Apache.Arrow.Types.BooleanType => "bool",
            Apache.Arrow.Types.Int64Type => "int64",
            Apache.Arrow.Types.DoubleType => "double",
            _ => "string",
        })).ToList();
        return new JsonLinesStream(Files, options with { Json = options.Json with { ColumnTypes = types } }, context);
    }
}
