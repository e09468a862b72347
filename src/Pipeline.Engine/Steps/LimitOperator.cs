using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Steps;

/// <summary><c>limit: N</c>: the first N rows of the step's stream (after its sort, so "top N" reads as written).
/// Stops pulling its input once N rows are out, so a limit over a plain read does not read the whole file.</summary>
/// <param name="rows">Rows to keep (0 or more).</param>
public sealed class LimitOperator(long rows) : IOperator
{
    /// <inheritdoc />
    public string Name => "limit";

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context) => new Limited(input, rows);

    private sealed class Limited(IArrowArrayStream input, long limit) : IArrowArrayStream
    {
        private long _left = limit;

        public Schema Schema => input.Schema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            if (_left <= 0) return null;
            var batch = await input.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
            if (batch is null) return null;
            if (batch.Length <= _left)
            {
                _left -= batch.Length;
                return batch;
            }
            int keep = (int)_left;
            _left = 0;
            using (batch) return Copy(batch, keep);
        }

        /// <summary>The first rows as a copy: a slice would share buffers the input batch's disposal frees.</summary>
        private static RecordBatch Copy(RecordBatch batch, int rows)
        {
            var columns = new IArrowArray[batch.ColumnCount];
            for (int c = 0; c < columns.Length; c++)
                columns[c] = ArrowArrayConcatenator.Concatenate([ArrowArrayFactory.Slice(batch.Column(c), 0, rows), ArrowArrayFactory.Slice(batch.Column(c), 0, 0)]);
            return new RecordBatch(batch.Schema, columns, rows);
        }

        public void Dispose() => input.Dispose();
    }
}
