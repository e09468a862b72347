using System.Text;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Quarantine;
using Pipeline.IO.Formats;
using Pipeline.IO.Inference;

namespace Pipeline.IO.Sources.Csv;

/// <summary>The outcome of parsing one chunk: the batch of good rows and the rows rejected, in input order.</summary>
internal sealed class ParsedChunk
{
    /// <summary>The good rows (null when the chunk had none, or was an oversized-record report).</summary>
    public RecordBatch? Batch { get; init; }
    /// <summary>Rejected rows, in input order.</summary>
    public required List<QuarantinedRow> Rejected { get; init; }
    /// <summary>Output columns where a value did not fit the column's type (those rows are in <see cref="Rejected"/>).</summary>
    public required HashSet<int> MismatchedColumns { get; init; }
    /// <summary>Records seen (good plus rejected), header and blank lines excluded.</summary>
    public required long Records { get; init; }
    /// <summary>Records holding bytes that are not UTF-8 (whatever the policy did with them).</summary>
    public long InvalidUtf8Records { get; init; }
    /// <summary>The line of the first such record.</summary>
    public long? FirstInvalidUtf8Line { get; init; }
    /// <summary>The file the chunk came from.</summary>
    public string? File { get; init; }
    /// <summary>The good rows' lines as runs of consecutive lines: (first row in the batch, its line, rows).</summary>
    public List<(int Row, long Line, int Count)> LineRuns { get; init; } = [];
}

/// <summary>
/// Parses the records of a chunk into an Arrow batch. Records with the wrong number of fields, an unterminated
/// quote, or a value that does not parse as its column's type are rejected with the line they start on.
/// One instance per worker (it owns a tokenizer and scratch space).
/// </summary>
internal sealed class CsvChunkParser(CsvReadPlan plan, InvalidUtf8Policy invalidUtf8 = InvalidUtf8Policy.Replace)
{
    private const int MaxRecordPreviewBytes = 16 * 1024;
    private CsvTokenizer? _tokenizer;
    private CsvDialect? _dialect;
    private byte[] _scratch = new byte[256];

    /// <summary>Parses <paramref name="chunk"/> (and releases its buffer).</summary>
    public ParsedChunk Parse(CsvChunk chunk, CancellationToken cancellationToken)
    {
        var rejected = new List<QuarantinedRow>();
        var mismatched = new HashSet<int>();
        if (chunk.OversizedPreview is { } preview)
        {
            rejected.Add(new QuarantinedRow(BatchRunner.ReadStage, chunk.File.Path, chunk.FirstLine,
                chunk.RejectReason ?? "record larger than the maximum record size", preview));
            return new ParsedChunk { Rejected = rejected, MismatchedColumns = mismatched, Records = 1 };
        }
        try
        {
            if (_dialect != chunk.File.Dialect) { _tokenizer = new CsvTokenizer(chunk.File.Dialect); _dialect = chunk.File.Dialect; }
            return ParseRecords(chunk, _tokenizer!, rejected, mismatched, cancellationToken);
        }
        finally
        {
            chunk.Release();
        }
    }

    private ParsedChunk ParseRecords(CsvChunk chunk, CsvTokenizer tokenizer, List<QuarantinedRow> rejected,
        HashSet<int> mismatched, CancellationToken cancellationToken)
    {
        var data = chunk.Span;
        int estimate = Math.Min(plan.BatchRows, Math.Max(16, chunk.Length / 16));
        var builders = new CsvColumnBuilder[plan.Types.Length];
        bool validUtf8 = System.Text.Unicode.Utf8.IsValid(data); // one vectorised pass instead of one check per value
        for (int c = 0; c < builders.Length; c++) builders[c] = CsvColumnBuilder.Create(plan.Types[c], estimate, validUtf8);
        var kinds = plan.Types.Select(t => t.Kind).ToArray();
        var emptyIsNull = kinds.Select(k => plan.IsNull([], k)).ToArray();
        var projection = plan.Projection;
        bool checkNullValues = plan.NullValues.Length > 0;

        int pos = 0, rows = 0;
        var lineRuns = new List<(int Row, long Line, int Count)>();
        long line = chunk.FirstLine, records = 0, invalidRecords = 0;
        long? firstInvalidLine = null;
        bool skip = chunk.SkipFirstRecord;
        while (true)
        {
            int start = pos;
            if (!tokenizer.ReadRecord(data, ref pos)) break;
            long recordLine = line;
            line += 1 + tokenizer.InnerLineBreaks;
            if (skip) { skip = false; continue; }
            if (tokenizer.IsBlank) continue;
            records++;
            if ((records & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (tokenizer.Unterminated)
            {
                rejected.Add(Reject(chunk, recordLine, "unterminated quoted field at end of input", data[start..pos]));
                continue;
            }
            if (tokenizer.FieldCount != plan.FieldCount)
            {
                rejected.Add(Reject(chunk, recordLine, $"expected {plan.FieldCount} fields, found {tokenizer.FieldCount}", data[start..pos]));
                continue;
            }
            // Only a chunk that is not valid UTF-8 as a whole pays for a check per record.
            if (!validUtf8 && !System.Text.Unicode.Utf8.IsValid(data[start..pos]))
            {
                invalidRecords++;
                firstInvalidLine ??= recordLine;
                if (invalidUtf8 == InvalidUtf8Policy.Fail)
                    throw PipelineException.InvalidInput(chunk.File.Path, $"line {recordLine}: bytes that are not valid UTF-8 (--invalid-utf8 fail; use replace or quarantine to read on)");
                if (invalidUtf8 == InvalidUtf8Policy.Quarantine)
                {
                    rejected.Add(Reject(chunk, recordLine, "bytes that are not valid UTF-8", data[start..pos]));
                    continue;
                }
            }
            var fields = tokenizer.Fields;
            int failed = -1;
            ReadOnlySpan<byte> badValue = default;
            for (int c = 0; c < builders.Length; c++)
            {
                ref readonly var field = ref fields[projection[c]];
                // Unquoted and simply quoted fields (nearly all) are used in place; only escaped ones are decoded.
                var value = field.Shape is CsvFieldShape.Plain or CsvFieldShape.Quoted
                    ? data.Slice(field.Start, field.Length)
                    : tokenizer.Value(data, field, ref _scratch);
                if (value.IsEmpty ? emptyIsNull[c] : checkNullValues && plan.IsNull(value, kinds[c])) builders[c].AppendNull();
                else if (!builders[c].TryAppend(value)) { failed = c; badValue = value; break; }
            }
            if (failed >= 0)
            {
                for (int c = 0; c < failed; c++) builders[c].Truncate(rows);
                mismatched.Add(failed);
                var reason = $"column '{plan.Schema.FieldsList[failed].Name}': '{Preview(badValue)}' is not {InferredKinds.TypeName(kinds[failed])}";
                rejected.Add(Reject(chunk, recordLine, reason, data[start..pos]));
                continue;
            }
            // Most records are one line after another: a run grows; a rejected row, a blank line or a multi-line record starts a new one.
            if (lineRuns.Count > 0 && lineRuns[^1] is var last && last.Line + last.Count == recordLine && last.Row + last.Count == rows)
                lineRuns[^1] = (last.Row, last.Line, last.Count + 1);
            else lineRuns.Add((rows, recordLine, 1));
            rows++;
        }

        RecordBatch? batch = null;
        var arrays = builders.Select(b => b.Build()).ToArray();
        if (rows > 0) batch = new RecordBatch(plan.Schema, arrays, rows);
        else foreach (var a in arrays) a.Dispose();
        return new ParsedChunk
        {
            Batch = batch, Rejected = rejected, MismatchedColumns = mismatched, Records = records,
            InvalidUtf8Records = invalidRecords, FirstInvalidUtf8Line = firstInvalidLine, File = chunk.File.Path, LineRuns = lineRuns,
        };
    }

    private static QuarantinedRow Reject(CsvChunk chunk, long line, string reason, ReadOnlySpan<byte> record)
    {
        var text = record.Length > MaxRecordPreviewBytes ? record[..MaxRecordPreviewBytes] : record;
        return new QuarantinedRow(BatchRunner.ReadStage, chunk.File.Path, line, reason, Encoding.UTF8.GetString(text).TrimEnd('\r', '\n'));
    }

    private static string Preview(ReadOnlySpan<byte> value)
    {
        var s = Encoding.UTF8.GetString(value.Length > 400 ? value[..400] : value);
        return s.Length > 100 ? s[..100] + "…" : s;
    }
}
