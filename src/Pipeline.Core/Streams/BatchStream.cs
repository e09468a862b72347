using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Pipeline.Core.Streams;

/// <summary>Helpers to build and drain <see cref="IArrowArrayStream"/>s.</summary>
public static class BatchStream
{
    /// <summary>A stream over batches produced lazily by an async enumerable; the stream owns the enumerator.</summary>
    public static IArrowArrayStream From(Schema schema, IAsyncEnumerable<RecordBatch> batches) => new EnumerableStream(schema, batches);

    /// <summary>A stream over an in-memory list of batches; ownership of each batch moves to the reader.</summary>
    public static IArrowArrayStream From(Schema schema, IEnumerable<RecordBatch> batches) => new EnumerableStream(schema, ToAsync(batches));

    /// <summary>Reads every batch, passing ownership of each to <paramref name="onBatch"/>.</summary>
    public static async ValueTask ForEachAsync(this IArrowArrayStream stream, Action<RecordBatch> onBatch, CancellationToken cancellationToken = default)
    {
        while (await stream.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            onBatch(batch);
    }

    private static async IAsyncEnumerable<RecordBatch> ToAsync(IEnumerable<RecordBatch> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private sealed class EnumerableStream(Schema schema, IAsyncEnumerable<RecordBatch> batches) : IArrowArrayStream
    {
        private IAsyncEnumerator<RecordBatch>? _enumerator;
        private bool _done;

        public Schema Schema { get; } = schema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            if (_done) return null;
            _enumerator ??= batches.GetAsyncEnumerator(cancellationToken);
            if (await _enumerator.MoveNextAsync().ConfigureAwait(false)) return _enumerator.Current;
            _done = true;
            return null;
        }

        public void Dispose()
        {
            _done = true;
            _enumerator?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
