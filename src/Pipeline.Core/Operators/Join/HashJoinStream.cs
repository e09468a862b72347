using System.Collections.Concurrent;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// The output stream of a <see cref="HashJoinOperator"/>: the first pull reads the whole build side, then each
/// pull returns the next output batch, reading probe batches as needed; once the probe side ends, what the join
/// still holds (spilled partitions) comes out and the statistics are published. Disposing it disposes both input
/// streams and the join's state (which deletes its spill files).
/// <para>
/// When the build side fit in memory and the run has more than one worker, probe batches are joined on the thread
/// pool (<see cref="JoinProbeWorker"/>): this stream reads them in order, keeps at most <c>2 × parallelism</c> in
/// flight and returns their outputs in probe order, so the output is the same as on one thread.
/// </para>
/// </summary>
internal sealed class HashJoinStream(IArrowArrayStream probe, IArrowArrayStream build, HashJoin join, Schema schema,
    PipelineContext context, Action<JoinStatistics> finished) : IArrowArrayStream
{
    private readonly Queue<Task<List<RecordBatch>>> _inFlight = new();
    private readonly ConcurrentBag<JoinProbeWorker> _idle = [];
    private readonly List<JoinProbeWorker> _workers = [];
    private List<RecordBatch>? _ready;
    private int _readyAt;
    private IEnumerator<RecordBatch>? _current;
    private bool _built;
    private bool _parallel;
    private bool _probeEnded;
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
            _parallel = join.ProbesInParallel && context.Options.MaxDegreeOfParallelism > 1;
        }
        if (_parallel && !_finishing)
        {
            if (await NextInParallelAsync(token.Token).ConfigureAwait(false) is { } joined)
            {
                join.Statistics.OutputRows += joined.Length;
                return joined;
            }
            // Every probe batch is joined and every worker idle: their counts are final.
            foreach (var worker in _workers) join.Absorb(worker);
            _current = join.Finish().GetEnumerator();
            _finishing = true;
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

    /// <summary>The next output batch of the parallel probe, in probe order; null once the probe side is done.</summary>
    private async Task<RecordBatch?> NextInParallelAsync(CancellationToken cancellationToken)
    {
        int limit = 2 * context.Options.MaxDegreeOfParallelism;
        while (true)
        {
            if (_ready is not null && _readyAt < _ready.Count)
            {
                var batch = _ready[_readyAt];
                _ready[_readyAt++] = null!;
                return batch;
            }
            _ready = null;
            while (!_probeEnded && _inFlight.Count < limit)
            {
                var batch = await probe.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
                if (batch is null)
                {
                    _probeEnded = true;
                    break;
                }
                if (!_idle.TryTake(out var worker))
                {
                    worker = join.NewProbeWorker();
                    _workers.Add(worker);
                }
                var stop = context.CancellationToken;
                _inFlight.Enqueue(Task.Run(() =>
                {
                    try { return worker.Probe(batch, stop); }
                    finally { _idle.Add(worker); }
                }, CancellationToken.None));
            }
            if (_inFlight.Count == 0) return null;
            _ready = await _inFlight.Dequeue().ConfigureAwait(false);
            _readyAt = 0;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _current?.Dispose();
        // Workers read the join's table: wait for them before it is cleared, and drop what they made.
        while (_inFlight.TryDequeue(out var work))
        {
            try
            {
                foreach (var batch in work.GetAwaiter().GetResult()) batch.Dispose();
            }
            catch (Exception)
            {
                // A batch behind the one whose failure stopped the stream: that first error is what the caller sees.
            }
        }
        if (_ready is not null)
        {
            for (int i = _readyAt; i < _ready.Count; i++) _ready[i]?.Dispose();
            _ready = null;
        }
        join.Dispose();
        build.Dispose();
        probe.Dispose();
    }
}
