using System.Collections.Concurrent;
using System.Threading.Channels;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Inference;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Streams CSV input as record batches. One producer task opens the files in order and cuts them into chunks of
/// whole records; each chunk is parsed on the thread pool (at most <c>MaxDegreeOfParallelism</c> chunks in flight),
/// and batches come out in input order. Rejected rows reach the quarantine in input order too, so results do not
/// depend on timing. Memory is bounded by the chunks in flight.
/// </summary>
internal sealed class CsvBatchStream : IArrowArrayStream
{
    private readonly CsvInputSet _inputs;
    private readonly CsvFileSniff _sniff;
    private readonly CsvReadPlan _plan;
    private readonly PipelineContext _context;
    private readonly int _maxRecordBytes;
    private readonly CancellationTokenSource _cancel;
    private readonly ConcurrentBag<CsvChunkParser> _parsers = [];
    private CsvInputSet.OpenedFile? _first;
    private Channel<Task<ParsedChunk>>? _parsed;
    private Task? _producer;
    private bool _finished;

    public CsvBatchStream(CsvInputSet inputs, CsvFileSniff sniff, CsvInputSet.OpenedFile first, CsvReadPlan plan,
        PipelineContext context, int maxRecordBytes)
    {
        _inputs = inputs;
        _sniff = sniff;
        _first = first;
        _plan = plan;
        _context = context;
        _maxRecordBytes = maxRecordBytes;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
    }

    public Schema Schema => _plan.Schema;

    /// <summary>Records seen so far (rows emitted plus rows rejected), for conservation checks.</summary>
    public long RecordsSeen { get; private set; }

    public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        if (_finished) return null;
        _parsed ??= Start();
        while (true)
        {
            if (!await _parsed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await _producer!.ConfigureAwait(false); // surfaces a producer failure
                _finished = true;
                ReportInvalidUtf8();
                return null;
            }
            if (!_parsed.Reader.TryRead(out var next)) continue;
            var result = await next.ConfigureAwait(false);
            RecordsSeen += result.Records;
            if (result.InvalidUtf8Records > 0)
            {
                _invalidUtf8Records += result.InvalidUtf8Records;
                _firstInvalidUtf8 ??= (CurrentFileOf(result), result.FirstInvalidUtf8Line!.Value);
            }
            if (result.MismatchedColumns.Count > 0 && WidenOnMismatch && CollectWidening() is { } restart)
            {
                result.Batch?.Dispose();
                _cancel.Cancel();
                throw restart;
            }
            foreach (var row in result.Rejected) _context.Quarantine.Add(row);
            if (result.Batch is { } batch)
            {
                // Where each row came from, so rows a later stage quarantines keep their file line.
                foreach (var (row, line, count) in result.LineRuns)
                    _context.RowLines.RecordRun(result.File ?? _inputs.Files[0], _rowsEmitted + row, line, count);
                _rowsEmitted += batch.Length;
                return batch;
            }
        }
    }

    private long _rowsEmitted;
    private long _invalidUtf8Records;
    private (string File, long Line)? _firstInvalidUtf8;

    private string CurrentFileOf(ParsedChunk result) => result.File ?? _inputs.Files[0];

    /// <summary>Invalid UTF-8 is never silent: how many records held it, and where the first was.</summary>
    private void ReportInvalidUtf8()
    {
        if (_invalidUtf8Records == 0 || _firstInvalidUtf8 is not { } first) return;
        var policy = _inputs.Options.Csv.InvalidUtf8;
        var what = policy == InvalidUtf8Policy.Quarantine ? "they were quarantined" : "each invalid sequence became U+FFFD";
        _context.Warn($"{first.File}: {_invalidUtf8Records:N0} record(s) held bytes that are not valid UTF-8, the first on line {first.Line}; {what} (--invalid-utf8 replace, quarantine or fail)");
    }

    private bool WidenOnMismatch => _context.Options.TypeMismatch == TypeMismatchPolicy.Widen && _inputs.Rereadable;

    // Scans the whole input for every widening it needs. Null only if the scan finds none, which cannot happen while
    // the scanner and the column builders agree; the misfit rows are then quarantined rather than restarting forever.
    private CsvTypeWideningException? CollectWidening()
    {
        // Types the user fixed are kept: values that do not fit them are quarantined, never a reason to widen.
        var widened = CsvWideningScanner.Scan(_inputs, _sniff, _plan, _context.CancellationToken)
            .Where(kv => !_inputs.Options.Csv.FixedTypes.Contains(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        if (widened.Count == 0) return null;
        var changes = string.Join(", ", widened.Select(kv =>
            $"'{kv.Key}' {InferredKinds.TypeName(_plan.Types[_plan.Schema.GetFieldIndex(kv.Key)].Kind)} → {kv.Value}"));
        return new CsvTypeWideningException(widened,
            $"{_inputs.Files[0]}: values later in the input do not fit the sniffed column types; re-read with {changes}");
    }

    private Channel<Task<ParsedChunk>> Start()
    {
        int dop = Math.Max(1, _context.Options.MaxDegreeOfParallelism);
        var channel = Channel.CreateBounded<Task<ParsedChunk>>(new BoundedChannelOptions(dop) { SingleReader = true, SingleWriter = true });
        var token = _cancel.Token;
        _producer = Task.Run(async () =>
        {
            try
            {
                var splitter = new CsvChunkSplitter(ChunkBytes(), _plan.BatchRows, _maxRecordBytes);
                for (int f = 0; f < _inputs.Files.Count; f++)
                {
                    using var file = f == 0 ? _first! : _inputs.OpenLater(f, _sniff, _context.Progress);
                    _first = null;
                    foreach (var chunk in splitter.Split(file.Content, file.Info, file.Info.Dialect.HasHeader, token))
                    {
                        var work = Task.Run(() => ParseChunk(chunk, token), CancellationToken.None);
                        await channel.Writer.WriteAsync(work, token).ConfigureAwait(false);
                    }
                }
                channel.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex);
                throw;
            }
        }, CancellationToken.None);
        return channel;
    }

    private ParsedChunk ParseChunk(CsvChunk chunk, CancellationToken token)
    {
        if (!_parsers.TryTake(out var parser)) parser = new CsvChunkParser(_plan, _inputs.Options.Csv.InvalidUtf8);
        try { return parser.Parse(chunk, token); }
        finally { _parsers.Add(parser); }
    }

    // Chunks hold about one batch of records: the sampled record size times the batch size, within sane bounds.
    private int ChunkBytes()
    {
        double estimate = _sniff.BytesPerRecord * _plan.BatchRows * 1.25 + 4096;
        return (int)Math.Clamp(estimate, 64 * 1024, Math.Max(64 * 1024, Math.Min(64 << 20, _maxRecordBytes)));
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return; // a stream may be disposed by its reader and again by its owner
        _disposed = true;
        _finished = true;
        _cancel.Cancel();
        if (_parsed is not null)
        {
            // The producer stops at its next chunk; a read blocked on a silent pipe cannot be interrupted, so do not
            // wait for it forever (it owns only its file handle and pooled buffers).
            try { _producer?.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { /* the failure was reported to the reader */ }
            while (_parsed.Reader.TryRead(out var pending))
            {
                try { pending.GetAwaiter().GetResult().Batch?.Dispose(); }
                catch (Exception ex) when (ex is OperationCanceledException or Pipeline.Core.Errors.PipelineException) { }
            }
        }
        _first?.Dispose();
        _cancel.Dispose();
    }
}
