using System.Threading.Channels;
using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Streams;

namespace Pipeline.Hosting.Building;

/// <summary>
/// The sink behind <see cref="PipelineRun"/>: hands each output batch to the host through a bounded channel. The
/// runner disposes a batch once every sink has written it, so the host gets its own copy, which it owns. When the
/// channel is full the write waits, which holds the runner's writer and, through its in-flight limit, the reader:
/// a slow host slows the whole run instead of letting batches pile up. The copies waiting in the channel are
/// reserved from the memory pool (they cannot spill; the channel's capacity bounds them).
/// </summary>
internal sealed class BatchChannelSink : ISink
{
    private readonly Channel<(RecordBatch Batch, long Bytes)> _channel;
    private readonly TaskCompletionSource<Schema> _schema = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private MemoryReservation? _reservation;
    private bool _closed;

    public BatchChannelSink(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _channel = Channel.CreateBounded<(RecordBatch, long)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Format => "batches";

    public string Target => "host";

    /// <summary>The output schema, known once the run opens its sinks; faulted when the run fails before that.</summary>
    public Task<Schema> Schema => _schema.Task;

    /// <summary>The host's end of the channel. Every batch read from it must be passed to <see cref="Taken"/>.</summary>
    public ChannelReader<(RecordBatch Batch, long Bytes)> Reader => _channel.Reader;

    /// <summary>Ends the channel (if the run never opened the sink) and fails <see cref="Schema"/> waiters.</summary>
    public void Close(Exception? error)
    {
        _channel.Writer.TryComplete();
        if (error is not null) _schema.TrySetException(error);
        else _schema.TrySetCanceled();
    }

    /// <summary>Called when the host takes a batch out of the channel: its bytes leave the reservation.</summary>
    public void Taken(long bytes)
    {
        lock (_gate)
            if (!_closed && _reservation is not null) _reservation.Shrink(Math.Min(bytes, _reservation.Size));
    }

    public ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context)
    {
        lock (_gate) _reservation = context.MemoryPool.Register(new MemoryConsumer("host output buffer"));
        _schema.TrySetResult(schema);
        return ValueTask.FromResult<ISinkWriter>(new Writer(this));
    }

    private static long BufferBytes(ArrayData data)
    {
        long total = 0;
        foreach (var buffer in data.Buffers) total += buffer.Length;
        foreach (var child in data.Children ?? []) total += BufferBytes(child);
        if (data.Dictionary is { } dictionary) total += BufferBytes(dictionary);
        return total;
    }

    private sealed class Writer(BatchChannelSink sink) : ISinkWriter
    {
        public long BytesWritten { get; private set; }

        public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
        {
            // A deep copy in the default allocator: the host may keep it after the run (and its context) are gone.
            var copy = batch.Clone();
            long bytes = copy.Arrays.Sum(a => BufferBytes(a.Data));
            try
            {
                lock (sink._gate) sink._reservation!.Grow(bytes);
                await sink._channel.Writer.WriteAsync((copy, bytes), cancellationToken).ConfigureAwait(false);
                BytesWritten += bytes;
            }
            catch
            {
                copy.Dispose();
                throw;
            }
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            sink._channel.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            sink._channel.Writer.TryComplete();
            lock (sink._gate)
            {
                sink._closed = true;
                sink._reservation?.Dispose();
            }
            return ValueTask.CompletedTask;
        }
    }
}
