using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Steps;

/// <summary>A source that counts the rows pulled from it: a step's rows in, before its operations change them.</summary>
/// <param name="inner">The real input.</param>
/// <param name="onRows">Also told of every batch's rows (e.g. a run-wide total); null for none.</param>
public sealed class CountedSource(ISource inner, Action<long>? onRows = null) : ISource
{
    private long _rows;

    /// <summary>Rows pulled so far (over every open of the source).</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <inheritdoc />
    public string Format => inner.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Files => inner.Files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        // A reader that starts over (corrected settings) counts from zero again.
        Interlocked.Exchange(ref _rows, 0);
        return new Counting(inner.Open(context), this);
    }

    private void Notify(long rows) => onRows?.Invoke(rows);

    private sealed class Counting(IArrowArrayStream input, CountedSource owner) : IArrowArrayStream
    {
        public Schema Schema => input.Schema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            var batch = await input.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
            if (batch is not null)
            {
                Interlocked.Add(ref owner._rows, batch.Length);
                owner.Notify(batch.Length);
            }
            return batch;
        }

        public void Dispose() => input.Dispose();
    }
}
