using Apache.Arrow;
using Apache.Arrow.Ipc;
using DuckDB.NET.Data;

namespace Pipeline.Databases.DuckDb;

/// <summary>The Arrow stream of a running DuckDB query; owns the command and the connection, and turns errors
/// raised while fetching (DuckDB executes lazily) into clear pipeline errors.</summary>
internal sealed class DuckDbQueryStream(IArrowArrayStream inner, DuckDBCommand command, DuckDBConnection connection, string description)
    : IArrowArrayStream
{
    /// <inheritdoc />
    public Schema Schema => inner.Schema;

    /// <inheritdoc />
    public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            RecordBatch? batch;
            try { batch = await inner.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw DatabaseErrors.Wrap(description, "the query failed while reading", ex);
            }
            // Empty batches carry nothing for the stages downstream.
            if (batch is { Length: 0 }) { batch.Dispose(); continue; }
            return batch;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        inner.Dispose();
        command.Dispose();
        connection.Dispose();
    }
}
