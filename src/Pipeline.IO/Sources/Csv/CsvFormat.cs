using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;
using Pipeline.IO.Sinks.Csv;

namespace Pipeline.IO.Sources.Csv;

/// <summary>The CSV format: delimited text with a detected dialect (<c>.csv</c>, <c>.tsv</c>, <c>.tab</c>, <c>.txt</c>;
/// <c>.tsv</c>/<c>.tab</c> are tab-separated). Also the fallback for text with an unknown extension.</summary>
public sealed class CsvFormat : IFileFormat
{
    /// <summary>The format's name.</summary>
    public const string FormatName = "csv";

    /// <inheritdoc />
    public string Name => FormatName;

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".csv", ".tsv", ".txt", ".tab"];

    /// <inheritdoc />
    public bool MatchesContent(ReadOnlySpan<byte> head) => false;

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options) => new CsvSource(files, options);

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => new CsvSink(path, options);

    /// <summary>
    /// Detects the dialect and schema of a CSV input (a file, a directory or glob: its first file, or <c>-</c>) from a
    /// bounded sample, without reading the rest. For <c>pipeline schema</c>: print <see cref="CsvDialect.Describe"/> and the fields.
    /// </summary>
    /// <exception cref="Pipeline.Core.Errors.PipelineException">The input is missing or unreadable, or an option names a missing column.</exception>
    public static CsvSchemaInfo Sniff(string path, SourceOptions? options = null, PipelineOptions? pipelineOptions = null)
    {
        var files = InputPaths.Expand(path);
        var inputs = new CsvInputSet(files, options ?? new SourceOptions(), (pipelineOptions ?? new PipelineOptions()).Validate());
        var (sniff, first) = inputs.OpenFirst(progress: null);
        using (first) return new CsvSchemaInfo(sniff.Dialect, inputs.Plan(sniff).Schema);
    }
}
