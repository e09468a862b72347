using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Reads CSV files (or standard input) as one stream of record batches. <see cref="Open"/> sniffs the first file
/// (a bounded sample) for dialect and schema; parsing starts with the first pull.
/// </summary>
public sealed class CsvSource : ISource
{
    /// <summary>The default cap on one record's size: 4 MiB (DuckDB's max_line_size is 2 MB). A longer record is
    /// quarantined at its first line, not buffered; <c>--max-record-size</c> changes it.</summary>
    public const int DefaultMaxRecordBytes = 4 << 20;

    private readonly SourceOptions _options;

    /// <summary>Creates a source over <paramref name="files"/> (in order; <c>-</c> is standard input).</summary>
    public CsvSource(IReadOnlyList<string> files, SourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("at least one file is needed", nameof(files));
        Files = files;
        _options = options ?? new SourceOptions();
        MaxRecordBytes = _options.Csv.MaxRecordBytes ?? DefaultMaxRecordBytes;
    }

    /// <inheritdoc />
    public string Format => CsvFormat.FormatName;

    /// <inheritdoc />
    public IReadOnlyList<string> Files { get; }

    /// <summary>Largest record kept, in bytes: the options' <see cref="CsvReadOptions.MaxRecordBytes"/>, or
    /// <see cref="DefaultMaxRecordBytes"/> (tests lower it to exercise the cap).</summary>
    internal int MaxRecordBytes { get; init; }

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inputs = new CsvInputSet(Files, _options, context.Options);
        var (sniff, first) = inputs.OpenFirst(context.Progress);
        try
        {
            var plan = inputs.Plan(sniff);
            return new CsvBatchStream(inputs, sniff, first, plan, context, MaxRecordBytes);
        }
        catch
        {
            first.Dispose();
            throw;
        }
    }
}
