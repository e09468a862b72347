using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Streams;

/// <summary>A source that stops after the first <c>limit</c> rows of another (slicing the last batch), for quick looks.</summary>
/// <param name="inner">The source to read.</param>
/// <param name="limit">Rows to pass on.</param>
public sealed class RowLimitSource(ISource inner, long limit) : ISource
{
    /// <inheritdoc />
    public string Format => inner.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Files => inner.Files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context) => new Limited(inner.Open(context), limit);

    private sealed class Limited(IArrowArrayStream input, long limit) : IArrowArrayStream
    {
        private long _left = limit;

        public Schema Schema => input.Schema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            if (_left <= 0) return null;
            var batch = await input.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
            if (batch is null) return null;
            if (batch.Length <= _left) { _left -= batch.Length; return batch; }
            // The slice shares the batch's buffers, so the batch is not disposed here: the consumer's dispose of the
            // slice releases them.
            var head = batch.Slice(0, (int)_left);
            _left = 0;
            return head;
        }

        public void Dispose() => input.Dispose();
    }
}
