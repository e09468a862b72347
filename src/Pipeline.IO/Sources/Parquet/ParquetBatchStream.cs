using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;

namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// Streams one or more Parquet files row group by row group (never a whole file at once). Before a row group is
/// read, its uncompressed size from the footer is checked against the memory limit and the 2 GiB an Arrow buffer
/// can hold, so a small file that inflates to gigabytes is refused instead of decompressed. Progress advances by
/// each row group's compressed size.
/// </summary>
internal sealed class ParquetBatchStream : IArrowArrayStream
{
    /// <summary>Most bytes one batch may hold: Arrow arrays address their buffers with 32-bit offsets.</summary>
    public const long MaxBatchBytes = int.MaxValue;

    private readonly IReadOnlyList<string> _files;
    private readonly PipelineContext _context;
    private readonly IReadOnlyList<string>? _columns;
    private ParquetInput? _input;
    private IArrowArrayStream? _rowGroupReader;
    private int[] _fileOrderToRequest = [];
    private int _nextFile;
    private int _nextRowGroup;
    private int _endRowGroup;
    private long _rowGroupCompressedBytes;
    private long _rowGroupDeclaredRows;
    private long _rowGroupRowsRead;
    private int _rowGroupIndex;
    private long _fileBytesReported;

    public ParquetBatchStream(IReadOnlyList<string> files, PipelineContext context, IReadOnlyList<string>? columns, IReadOnlyList<string>? dictionaryColumns = null,
        Partitions.InputPartition? partition = null)
    {
        _files = files;
        _context = context;
        _columns = columns;
        _input = ParquetInput.Open(files[0], context.Options.BatchSize, columns, context.Options.MaxDegreeOfParallelism > 1, dictionaryColumns);
        Schema = _input.Schema;
        _endRowGroup = _input.RowGroupCount;
        if (partition is not null)
        {
            try
            {
                (_nextRowGroup, _endRowGroup) = ParquetSource.RowGroupRange(partition, _input.RowGroupCount, _input.Path);
            }
            catch
            {
                _input.Dispose();
                throw;
            }
        }
        _fileOrderToRequest = RequestOrder(_input.FieldIndices);
        _nextFile = 1;
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <inheritdoc />
    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        while (_input is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _context.CancellationToken.ThrowIfCancellationRequested();
            if (_rowGroupReader is not null)
            {
                var reader = _rowGroupReader;
                var batch = ParquetInput.Guard(_input.Path, () => reader.ReadNextRecordBatchAsync(cancellationToken).AsTask().GetAwaiter().GetResult());
                if (batch is not null)
                {
                    _rowGroupRowsRead += batch.Length;
                    return new ValueTask<RecordBatch?>(InRequestOrder(batch));
                }
                _rowGroupReader.Dispose();
                _rowGroupReader = null;
                RequireDeclaredRows();
                Report(_rowGroupCompressedBytes);
            }
            else if (_nextRowGroup < _endRowGroup)
            {
                StartRowGroup(_nextRowGroup++);
            }
            else
            {
                FinishFile();
            }
        }
        return new ValueTask<RecordBatch?>((RecordBatch?)null);
    }

    private void StartRowGroup(int rowGroup)
    {
        var input = _input!;
        var (rows, uncompressed, compressed) = input.RowGroupSizes(rowGroup);
        RequireFits(input.Path, rowGroup, rows, uncompressed, _context.Options);
        _rowGroupCompressedBytes = compressed;
        _rowGroupDeclaredRows = rows;
        _rowGroupRowsRead = 0;
        _rowGroupIndex = rowGroup;
        _rowGroupReader = input.ReadRowGroup(rowGroup);
    }

    /// <summary>Refuses a row group whose uncompressed size (from the footer) exceeds the memory limit, or whose
    /// batches would exceed what an Arrow buffer can address.</summary>
    /// <exception cref="PipelineException">Kind <see cref="PipelineErrorKind.ResourcesExhausted"/>, naming the file and row group.</exception>
    internal static void RequireFits(string path, int rowGroup, long rows, long uncompressed, PipelineOptions options)
    {
        long limit = options.MemoryLimit;
        if (uncompressed > limit)
            throw new PipelineException(PipelineErrorKind.ResourcesExhausted,
                $"{path}: row group {rowGroup} holds {ByteSize.Format(uncompressed)} ({uncompressed:N0} bytes) uncompressed in {rows} rows, more than the memory limit of {ByteSize.Format(limit)}");
        long batchRows = Math.Min(options.BatchSize, Math.Max(rows, 1));
        double perBatch = rows > 0 ? (double)uncompressed * batchRows / rows : uncompressed;
        if (perBatch > MaxBatchBytes)
            throw new PipelineException(PipelineErrorKind.ResourcesExhausted,
                $"{path}: row group {rowGroup} holds {uncompressed:N0} bytes uncompressed in {rows} rows; a batch of {batchRows} rows would need about {(long)perBatch:N0} bytes, more than the {MaxBatchBytes:N0} an Arrow buffer can hold");
    }

    // Fewer rows than the footer declares means column data is missing (for example columns of unequal length,
    // apache/arrow#41317), which the native reader can return silently. More rows than declared is tolerated:
    // some writers (parquet-rs 0.3) wrote num_rows = 0 for data that decodes fine.
    private void RequireDeclaredRows()
    {
        if (_rowGroupRowsRead < _rowGroupDeclaredRows)
            throw PipelineException.InvalidInput(_input!.Path,
                $"row group {_rowGroupIndex} declares {_rowGroupDeclaredRows} rows but its columns hold only {_rowGroupRowsRead} (corrupt or truncated column chunks)");
    }

    private void FinishFile()
    {
        var input = _input!;
        Report(input.FileSize - _fileBytesReported);
        input.Dispose();
        _input = null;
        _fileBytesReported = 0;
        _nextRowGroup = 0;
        if (_nextFile >= _files.Count) return;
        var next = ParquetInput.Open(_files[_nextFile++], _context.Options.BatchSize, _columns, _context.Options.MaxDegreeOfParallelism > 1);
        try
        {
            MultiFileSchemaCheck.RequireSame(Schema, _files[0], next.Schema, next.Path);
        }
        catch
        {
            next.Dispose();
            throw;
        }
        _fileOrderToRequest = RequestOrder(next.FieldIndices);
        _input = next;
        _endRowGroup = next.RowGroupCount;
    }

    private void Report(long bytes)
    {
        // Never report past the file size (footer sizes of a corrupt file can be anything).
        long allowed = Math.Max(0, Math.Min(bytes, _input!.FileSize - _fileBytesReported));
        if (allowed == 0) return;
        _fileBytesReported += allowed;
        _context.Progress.Advance(allowed);
    }

    // The reader returns the selected fields in file order; consumers asked for them in their order.
    private RecordBatch InRequestOrder(RecordBatch batch)
    {
        if (batch.ColumnCount != _fileOrderToRequest.Length)
        {
            batch.Dispose();
            throw PipelineException.InvalidInput(_input!.Path, $"row group returned {batch.ColumnCount} columns, expected {_fileOrderToRequest.Length}");
        }
        var arrays = _fileOrderToRequest.Select(batch.Column).ToList();
        return new RecordBatch(Schema, arrays, batch.Length);
    }

    private static int[] RequestOrder(int[] fieldIndices)
    {
        var fileOrder = fieldIndices.Order().ToList();
        return fieldIndices.Select(i => fileOrder.IndexOf(i)).ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rowGroupReader?.Dispose();
        _rowGroupReader = null;
        _input?.Dispose();
        _input = null;
    }
}
