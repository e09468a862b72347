using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Operators.Dedup;

/// <summary>
/// Removes duplicate rows from a stream (<see cref="RowDedup"/>): exact rows, or rows equal on key columns, keeping
/// the first or last of each key, in input order. Keep-first streams until the memory budget is reached; keep-last
/// returns its rows once the input ends. <see cref="RowsRemoved"/> counts the rows removed by every stream this
/// operator ran, for the run's row accounting.
/// </summary>
/// <param name="columns">Key columns; empty for whole rows.</param>
/// <param name="keep">Which row of each key survives.</param>
public sealed class DedupOperator(IReadOnlyList<string> columns, DedupKeep keep) : IOperator
{
    private long _removed;

    /// <summary>Key columns (empty: whole rows).</summary>
    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>Which row of each key survives.</summary>
    public DedupKeep Keep { get; } = keep;

    /// <inheritdoc />
    public string Name => "dedup";

    /// <summary>Rows removed by the streams that ran to the end.</summary>
    public long RowsRemoved => Interlocked.Read(ref _removed);

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        RowDedup dedup;
        try { dedup = new RowDedup(context, input.Schema, Columns, Keep, Name); }
        catch
        {
            input.Dispose();
            throw;
        }
        return new DedupStream(this, input, dedup, context);
    }

    private sealed class DedupStream(DedupOperator owner, IArrowArrayStream input, RowDedup dedup, PipelineContext context) : IArrowArrayStream
    {
        private IEnumerator<RecordBatch>? _rest;
        private bool _ended;
        private bool _disposed;

        public Schema Schema => dedup.OutputSchema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_ended) return null;
            using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
            while (_rest is null)
            {
                var batch = await input.ReadNextRecordBatchAsync(token.Token).ConfigureAwait(false);
                if (batch is null)
                {
                    _rest = dedup.Finish().GetEnumerator();
                    break;
                }
                if (dedup.Add(batch) is { } kept) return kept;
            }
            token.Token.ThrowIfCancellationRequested();
            if (_rest.MoveNext()) return _rest.Current;
            _ended = true;
            Interlocked.Add(ref owner._removed, dedup.RowsIn - dedup.RowsOut);
            return null;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _rest?.Dispose();
            dedup.Dispose();
            input.Dispose();
        }
    }
}
