using System.Collections.Concurrent;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;

namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// Reads the row groups of one Parquet file ahead on the thread pool, up to <c>depth</c> at a time, each on a reader
/// of its own (a native reader is not shared between threads), and hands them over whole in file order, so the
/// stream's rows and batches are those of reading one row group after the other. A row group is checked against the
/// memory limit (<see cref="ParquetBatchStream.RequireFits"/>) before it is started, and against the rows its footer
/// declares once read; either failure surfaces when its turn comes, after every row group before it.
/// <para>
/// On 2 cores the reader was the one busy thread of a step over Parquet (decoding the column that dominates a row
/// group takes longer than the filter and aggregate after it); two row groups at a time keep both cores decoding.
/// The caller bounds <c>depth</c> × the largest row group by its share of the memory budget.
/// </para>
/// </summary>
internal sealed class ParquetRowGroupPrefetch : IDisposable
{
    private readonly ParquetInput _footer;
    private readonly Func<ParquetInput> _open;
    private readonly PipelineOptions _options;
    private readonly int _depth;
    private readonly ConcurrentBag<ParquetInput> _idle = [];
    private readonly ConcurrentQueue<ParquetInput> _opened = [];
    private readonly Queue<(int RowGroup, long CompressedBytes, Task<List<RecordBatch>> Read)> _inFlight = new();
    private readonly CancellationTokenSource _stop = new();
    private Exception? _refused;
    private int _next;

    /// <summary>Starts reading the first row groups of <paramref name="footer"/>'s file.</summary>
    /// <param name="footer">The file as the stream opened it: footer sizes only, never read from here.</param>
    /// <param name="open">Opens another reader of the same file with the same settings.</param>
    /// <param name="options">The run's options (memory limit and batch size, for the check of each row group).</param>
    /// <param name="depth">Row groups read at a time (2 or more).</param>
    public ParquetRowGroupPrefetch(ParquetInput footer, Func<ParquetInput> open, PipelineOptions options, int depth)
    {
        _footer = footer;
        _open = open;
        _options = options;
        _depth = depth;
        Fill();
    }

    /// <summary>Whether <paramref name="depth"/> row groups of <paramref name="input"/> at a time stay within a
    /// quarter of the memory limit (the largest one times the depth, for the columns read).</summary>
    public static bool Fits(ParquetInput input, int depth, long memoryLimit)
    {
        long largest = 0;
        for (int g = 0; g < input.RowGroupCount; g++) largest = Math.Max(largest, input.RowGroupSizes(g).UncompressedBytes);
        return largest <= memoryLimit / 4 / depth;
    }

    /// <summary>The next row group's batches and its compressed size (for progress), or null after the last.</summary>
    /// <exception cref="PipelineException">The row group is over the limits, corrupt, or declares more rows than it holds.</exception>
    public (List<RecordBatch> Batches, long CompressedBytes)? Next()
    {
        if (_inFlight.Count == 0)
        {
            if (_refused is { } refused) throw refused;
            return null;
        }
        var (_, compressed, read) = _inFlight.Dequeue();
        var batches = read.GetAwaiter().GetResult();
        Fill();
        return (batches, compressed);
    }

    private void Fill()
    {
        while (_refused is null && _inFlight.Count < _depth && _next < _footer.RowGroupCount)
        {
            int rowGroup = _next;
            var (rows, uncompressed, compressed) = _footer.RowGroupSizes(rowGroup);
            try { ParquetBatchStream.RequireFits(_footer.Path, rowGroup, rows, uncompressed, _options); }
            catch (PipelineException ex)
            {
                // Not started: the row groups before it are read and handed over first.
                _refused = ex;
                return;
            }
            _next++;
            var token = _stop.Token;
            _inFlight.Enqueue((rowGroup, compressed, Task.Run(() => Read(rowGroup, rows, token), token)));
        }
    }

    private List<RecordBatch> Read(int rowGroup, long declaredRows, CancellationToken cancellationToken)
    {
        var input = Rent();
        var batches = new List<RecordBatch>();
        try
        {
            using var reader = input.ReadRowGroup(rowGroup);
            long rows = 0;
            while (ParquetInput.Guard(input.Path, () => reader.ReadNextRecordBatchAsync(cancellationToken).AsTask().GetAwaiter().GetResult()) is { } batch)
            {
                batches.Add(batch);
                rows += batch.Length;
            }
            // Fewer rows than declared means missing column data (see ParquetBatchStream); more is tolerated.
            if (rows < declaredRows)
                throw PipelineException.InvalidInput(input.Path,
                    $"row group {rowGroup} declares {declaredRows} rows but its columns hold only {rows} (corrupt or truncated column chunks)");
            return batches;
        }
        catch
        {
            foreach (var batch in batches) batch.Dispose();
            throw;
        }
        finally
        {
            _idle.Add(input);
        }
    }

    private ParquetInput Rent()
    {
        if (_idle.TryTake(out var input)) return input;
        input = _open();
        _opened.Enqueue(input);
        return input;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        while (_inFlight.Count > 0)
        {
            var (_, _, read) = _inFlight.Dequeue();
            try
            {
                foreach (var batch in read.GetAwaiter().GetResult()) batch.Dispose();
            }
            catch (Exception ex) when (ex is PipelineException or OperationCanceledException)
            {
                // Stopped or failed while nobody reads on: nothing to hand over.
            }
        }
        foreach (var input in _opened) input.Dispose();
        _stop.Dispose();
    }
}
