using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// The output stream of a <see cref="HashJoinOperator"/>: the first pull reads the whole build side, then each
/// pull returns the next output batch, reading probe batches as needed; once the probe side ends, what the join
/// still holds (spilled partitions) comes out and the statistics are published. Disposing it disposes both input
/// streams and the join's state (which deletes its spill files).
/// </summary>
internal sealed class HashJoinStream(IArrowArrayStream probe, IArrowArrayStream build, HashJoin join, Schema schema,
    PipelineContext context, Action<JoinStatistics> finished) : IArrowArrayStream
{
    private IEnumerator<RecordBatch>? _current;
    private bool _built;
    private bool _finishing;
    private bool _ended;
    private bool _disposed;

    public Schema Schema => schema;

    public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended) return null;
        using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
        if (!_built)
        {
            await join.BuildAsync(build, token.Token).ConfigureAwait(false);
            _built = true;
        }
        while (true)
        {
            token.Token.ThrowIfCancellationRequested();
            if (_current is not null)
            {
                if (_current.MoveNext())
                {
                    join.Statistics.OutputRows += _current.Current.Length;
                    return _current.Current;
                }
                _current.Dispose();
                _current = null;
                if (_finishing)
                {
                    _ended = true;
                    finished(join.Statistics);
                    return null;
                }
            }
            var batch = await probe.ReadNextRecordBatchAsync(token.Token).ConfigureAwait(false);
            if (batch is null)
            {
                _current = join.Finish().GetEnumerator();
                _finishing = true;
                continue;
            }
            _current = join.Probe(batch).GetEnumerator();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _current?.Dispose();
        join.Dispose();
        build.Dispose();
        probe.Dispose();
    }
}
