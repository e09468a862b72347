using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Quarantine;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Json;

/// <summary>
/// Streams JSON lines as record batches. The schema comes from the first <c>InferenceSampleRows</c> rows (keys in
/// first-seen order, each column the narrowest type that holds every sampled value; see <see cref="JsonColumnTypes"/>).
/// A later row with a new key or a wider value: with the <see cref="TypeMismatchPolicy.Widen"/> policy and a file
/// input, the reader scans the rest of the input and throws <see cref="JsonSchemaWideningException"/> so the run
/// restarts with the corrected schema; otherwise (standard input, or the quarantine policy) the row is quarantined
/// with the reason. Lines that are not JSON objects are quarantined with their line number.
/// </summary>
internal sealed class JsonLinesStream : IArrowArrayStream
{
    private readonly IReadOnlyList<string> _files;
    private readonly SourceOptions _options;
    private readonly PipelineContext _context;
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<JsonKind> _kinds = [];
    private readonly Queue<SampledLine> _sample = new();
    private readonly List<KeyValuePair<string, JsonCell>> _values = [];
    private int _fileIndex = -1;
    private Stream? _stream;
    private IJsonRecordReader? _reader;
    private string? _recordsPath;
    private readonly string _formatName;
    private readonly Func<Stream, string, IJsonRecordReader> _openRecords;
    private long _rowsEmitted;

    private readonly record struct SampledLine(string File, long Line, KeyValuePair<string, JsonCell>[]? Values, string? Error, string? Raw);

    /// <summary>Reads JSON lines files.</summary>
    public JsonLinesStream(IReadOnlyList<string> files, SourceOptions options, PipelineContext context)
        : this(files, options, context, "jsonl", (stream, _) => new LineReader(stream))
    {
    }

    /// <summary>Reads records that <paramref name="openRecords"/> finds in each input (JSON lines, or the array of a JSON document).</summary>
    public JsonLinesStream(IReadOnlyList<string> files, SourceOptions options, PipelineContext context, string formatName, Func<Stream, string, IJsonRecordReader> openRecords)
    {
        _formatName = formatName;
        _openRecords = openRecords;
        _files = files;
        _options = options;
        _context = context;
        foreach (var (name, type) in options.Json.ColumnTypes)
            AddColumn(name, JsonColumnTypes.Parse(type) ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"JSON column '{name}': unknown type '{type}' (bool, int64, double, string)"));
        int fixedColumns = _names.Count;
        try
        {
            NextFile();
            SampleSchema(fixedColumns);
        }
        catch
        {
            Dispose();
            throw;
        }
        Schema = BuildSchema();
    }

    public Schema Schema { get; }

    private string CurrentFile => _files[_fileIndex];

    private void AddColumn(string name, JsonKind kind)
    {
        if (_names.Count >= _context.Options.MaxColumns)
            throw PipelineException.InvalidInput(_fileIndex >= 0 && _fileIndex < _files.Count ? CurrentFile : "JSON lines",
                $"{(_reader is null ? "" : $"line {_reader.LineNumber}: ")}key '{name}' would make column {_names.Count + 1:N0}, more than the {_context.Options.MaxColumns:N0} allowed (--max-columns)");
        _index[name] = _names.Count;
        _names.Add(name);
        _kinds.Add(kind);
    }

    private bool NextFile()
    {
        if (_reader is JsonDocumentRecordReader { RecordsPath: { } found }) _recordsPath ??= found;
        _reader?.Dispose();
        _stream?.Dispose();
        _reader = null;
        _stream = null;
        if (++_fileIndex >= _files.Count) return false;
        var file = CurrentFile;
        try
        {
            // Decompressed when the input is compressed; progress counts the bytes as stored.
            var opened = InputOpener.Open(file, _options.Decompression, _context.Progress);
            _stream = opened.Content;
            if (_options.Partition is { } partition)
            {
                if (!opened.IsPlain) throw PipelineException.InvalidInput(file, "--byte-range needs an uncompressed file (byte offsets of a compressed file are not offsets of its records)");
                // A range seeks: the file itself, not the opener's forward-only view of it; its bytes count as progress.
                opened.Dispose();
                var range = Partitions.LineBoundaries.Range(
                    new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), partition, file);
                _stream = new Decompression.CountingReadStream(range, n => _context.Progress.Advance(n));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw PipelineException.InvalidInput(file, $"cannot open: {ex.Message}", ex);
        }
        _reader = _openRecords(_stream, file);
        return true;
    }

    /// <summary>Reads the next non-blank line of the input, across files. Returns false at the end.</summary>
    private bool NextLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        while (_reader is not null)
        {
            while (_reader.TryReadRecord(out line, out tooLong))
            {
                if (!tooLong && line.Trim(" \t"u8).IsEmpty) continue;
                return true;
            }
            if (!NextFile()) break;
        }
        line = default;
        tooLong = false;
        return false;
    }

    private void SampleSchema(int fixedColumns)
    {
        int limit = _context.Options.InferenceSampleRows;
        var firstFile = _fileIndex;
        while (_sample.Count < limit && _fileIndex == firstFile && NextLine(out var line, out var tooLong))
        {
            if (_fileIndex != firstFile)
            {
                // NextLine moved on to the second file: keep the line for the stream, but stop sampling.
                _sample.Enqueue(Parse(line, tooLong));
                break;
            }
            var parsed = Parse(line, tooLong);
            _sample.Enqueue(parsed);
            if (parsed.Values is null) continue;
            foreach (var (name, cell) in parsed.Values)
            {
                if (!_index.TryGetValue(name, out int col)) AddColumn(name, cell.Kind);
                else if (col >= fixedColumns) _kinds[col] = JsonColumnTypes.Widen(_kinds[col], cell.Kind);
            }
        }
        if (_formatName == "jsonl" && _sample.Count > 0 && _sample.Peek().Values is null && _names.Count == 0 && _sample.All(s => s.Values is null))
        {
            var first = _sample.Peek();
            throw PipelineException.InvalidInput(first.File, $"line {first.Line}: not JSON lines ({first.Error}); read a JSON document (an array of records, or an object holding one) with --input-format json");
        }
    }

    private SampledLine Parse(ReadOnlySpan<byte> line, bool tooLong)
    {
        if (tooLong) return new SampledLine(CurrentFile, _reader!.LineNumber, null, $"line longer than {LineReader.MaxLineBytes >> 20} MiB", null);
        var error = JsonLineParser.TryParse(line, _options.Json.Nested, _values);
        return error is null
            ? new SampledLine(CurrentFile, _reader!.LineNumber, [.. _values], null, null)
            : new SampledLine(CurrentFile, _reader!.LineNumber, null, error, System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, QuarantineCollector.MaxRecordChars * 2)]));
    }

    private Schema BuildSchema()
    {
        var builder = new Schema.Builder();
        for (int i = 0; i < _names.Count; i++)
        {
            var name = _names[i];
            builder.Field(f => f.Name(name).DataType(JsonColumnTypes.ToArrow(_kinds[i])).Nullable(true));
        }
        builder.Metadata("pipeline.format", _formatName);
        if (_reader is JsonDocumentRecordReader { RecordsPath: { } found }) _recordsPath ??= found;
        if (_recordsPath is { } path) builder.Metadata("pipeline.records_path", path);
        builder.Metadata("pipeline.nested", _options.Json.Nested == NestedJsonMode.Flatten ? "flatten" : "string");
        return builder.Build();
    }

    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        int target = _context.Options.BatchSize;
        var batch = new JsonBatchBuilder(_kinds);
        var cells = new JsonCell[_names.Count];
        // Where each row came from, so rows a later stage quarantines (rule failures) keep their file line.
        var lines = new RowLineRecorder(_context.RowLines, _rowsEmitted);
        while (batch.Rows < target)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SampledLine next;
            if (_sample.Count > 0) next = _sample.Dequeue();
            else if (NextLine(out var line, out var tooLong)) next = Parse(line, tooLong);
            else break;

            if (next.Values is null)
            {
                _context.Quarantine.Add(new QuarantinedRow("read", next.File, next.Line, next.Error!, next.Raw));
                continue;
            }
            System.Array.Clear(cells);
            string? problem = null;
            foreach (var (name, cell) in next.Values)
            {
                if (!_index.TryGetValue(name, out int col)) { problem ??= $"key '{name}' was not in the first {_context.Options.InferenceSampleRows} rows sampled"; continue; }
                if (!JsonColumnTypes.Fits(cell.Kind, _kinds[col])) { problem ??= $"column '{name}': {cell.Text} is not {JsonColumnTypes.Name(_kinds[col])}"; continue; }
                cells[col] = cell;
            }
            if (problem is not null)
            {
                if (_context.Options.TypeMismatch == TypeMismatchPolicy.Widen && next.File != "-")
                    throw WideningFor(next);
                _context.Quarantine.Add(new QuarantinedRow("read", next.File, next.Line, problem, Render(next.Values)));
                continue;
            }
            batch.Append(cells);
            lines.Add(next.File, next.Line);
        }
        if (batch.Rows == 0) return ValueTask.FromResult<RecordBatch?>(null);
        lines.Flush();
        _rowsEmitted += batch.Rows;
        return ValueTask.FromResult<RecordBatch?>(batch.Build(Schema));
    }

    /// <summary>Scans the rest of the input for every key and type the schema lacks, then returns the restart signal.</summary>
    private JsonSchemaWideningException WideningFor(SampledLine first)
    {
        var names = new List<string>(_names);
        var kinds = new List<JsonKind>(_kinds);
        var index = new Dictionary<string, int>(_index);
        var changes = new List<string>();
        void Fold(SampledLine line)
        {
            if (line.Values is null) return;
            foreach (var (name, cell) in line.Values)
            {
                if (!index.TryGetValue(name, out int col))
                {
                    index[name] = names.Count; names.Add(name); kinds.Add(cell.Kind);
                    changes.Add($"new key '{name}' at line {line.Line}");
                }
                else if (!JsonColumnTypes.Fits(cell.Kind, kinds[col]))
                {
                    var wider = JsonColumnTypes.Widen(kinds[col], cell.Kind);
                    changes.Add($"column '{name}' {JsonColumnTypes.Name(kinds[col])} → {JsonColumnTypes.Name(wider)} at line {line.Line}");
                    kinds[col] = wider;
                }
            }
        }
        Fold(first);
        while (_sample.Count > 0) Fold(_sample.Dequeue());
        while (NextLine(out var line, out var tooLong))
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            Fold(Parse(line, tooLong));
        }
        var columns = names.Select((n, i) => new KeyValuePair<string, string>(n, JsonColumnTypes.Name(kinds[i]))).ToList();
        return new JsonSchemaWideningException(first.File, columns, changes);
    }

    private static string Render(KeyValuePair<string, JsonCell>[] values)
        => "{" + string.Join(", ", values.Select(v => $"\"{v.Key}\": {(v.Value.Kind == JsonKind.String ? "\"" + v.Value.Text + "\"" : v.Value.Text ?? "null")}")) + "}";

    public void Dispose()
    {
        _reader?.Dispose();
        _stream?.Dispose();
        _reader = null;
        _stream = null;
    }
}
