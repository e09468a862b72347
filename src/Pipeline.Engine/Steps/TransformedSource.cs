using System.Threading.Channels;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Steps;

/// <summary>
/// A source whose batches pass through per-batch transforms, for a step whose row operations (select, derive,
/// filter) come before a blocking operator (join, aggregate, sort): the runner's workers run after a source's
/// operators, so these run here. A reader task pulls batches in order and hands each to the thread pool; at most
/// <c>2 × parallelism</c> batches are in flight, and they come out in input order, so the operator downstream sees
/// the same rows in the same order at any parallelism.
/// </summary>
/// <param name="inner">The real input.</param>
/// <param name="transforms">Applied in order (thread-safe, as every <see cref="IBatchTransform"/> is).</param>
public sealed class TransformedSource(ISource inner, IReadOnlyList<IBatchTransform> transforms) : ISource
{
    /// <inheritdoc />
    public string Format => inner.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Files => inner.Files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stream = inner.Open(context);
        if (transforms.Count == 0) return stream;
        try
        {
            var schema = stream.Schema;
            foreach (var transform in transforms) schema = transform.OutputSchema(schema);
            return new Transformed(stream, schema, transforms, context);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private sealed class Transformed : IArrowArrayStream
    {
        private readonly IArrowArrayStream _input;
        private readonly IReadOnlyList<IBatchTransform> _transforms;
        private readonly PipelineContext _context;
        private readonly Channel<Task<RecordBatch>> _pending;
        private readonly CancellationTokenSource _stop;
        private readonly Task _reader;

        public Transformed(IArrowArrayStream input, Schema schema, IReadOnlyList<IBatchTransform> transforms, PipelineContext context)
        {
            _input = input;
            _transforms = transforms;
            _context = context;
            Schema = schema;
            int inFlight = Math.Max(2, 2 * context.Options.MaxDegreeOfParallelism);
            _pending = Channel.CreateBounded<Task<RecordBatch>>(new BoundedChannelOptions(inFlight) { SingleReader = true, SingleWriter = true });
            _stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            _reader = Task.Run(ReadAsync);
        }

        public Schema Schema { get; }

        private async Task ReadAsync()
        {
            Exception? failure = null;
            try
            {
                while (await _input.ReadNextRecordBatchAsync(_stop.Token).ConfigureAwait(false) is { } batch)
                {
                    var work = Task.Run(() => Apply(batch));
                    try { await _pending.Writer.WriteAsync(work, _stop.Token).ConfigureAwait(false); }
                    catch
                    {
                        Discard(work);
                        throw;
                    }
                }
            }
            catch (Exception ex) { failure = ex; }
            finally { _pending.Writer.TryComplete(failure); }
        }

        private RecordBatch Apply(RecordBatch batch)
        {
            var current = batch;
            foreach (var transform in _transforms) current = transform.Apply(current, _context);
            return current;
        }

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            while (await _pending.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!_pending.Reader.TryRead(out var work)) continue;
                var batch = await work.ConfigureAwait(false);
                if (batch.Length > 0) return batch;
                batch.Dispose();
            }
            // The reader's failure, if any, surfaces here through the completed channel.
            await _pending.Reader.Completion.ConfigureAwait(false);
            return null;
        }

        private static void Discard(Task<RecordBatch> work)
            => _ = work.ContinueWith(t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); }, TaskScheduler.Default);

        public void Dispose()
        {
            _stop.Cancel();
            try { _reader.Wait(); }
            catch (AggregateException) { /* the reader stopped because of the cancellation or its own failure */ }
            while (_pending.Reader.TryRead(out var work)) Discard(work);
            _input.Dispose();
            _stop.Dispose();
        }
    }
}
