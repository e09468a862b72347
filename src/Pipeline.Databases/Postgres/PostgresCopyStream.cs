using Apache.Arrow;
using Apache.Arrow.Ipc;
using Npgsql;
using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.Postgres;

/// <summary>The rows of a binary COPY export as Arrow batches, cut by rows and bytes. Owns the exporter and the
/// connection; disposing before the end cancels the COPY on the server.</summary>
internal sealed class PostgresCopyStream : IArrowArrayStream
{
    private readonly NpgsqlBinaryExporter _exporter;
    private readonly NpgsqlConnection _connection;
    private readonly ColumnBuilder[] _builders;
    private readonly Action<NpgsqlBinaryExporter>[] _readers;
    private readonly BatchLimits _limits;
    private readonly string _description;
    private readonly string[] _secrets;
    private bool _done;
    private long _row;

    public PostgresCopyStream(NpgsqlBinaryExporter exporter, NpgsqlConnection connection, ColumnPlan[] plans, BatchLimits limits,
        string description, string[] secrets)
    {
        _exporter = exporter;
        _connection = connection;
        _limits = limits;
        _description = description;
        _secrets = secrets;
        Schema = new Schema(plans.Select(p => new Field(p.Name, p.ArrowType, nullable: true)), null);
        _builders = plans.Select(ColumnBuilder.For).ToArray();
        _readers = plans.Select((p, i) => PostgresCopyColumns.Reader(p, _builders[i])).ToArray();
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <inheritdoc />
    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        if (_done) return ValueTask.FromResult<RecordBatch?>(null);
        int rows = 0;
        try
        {
            while (rows < _limits.Rows)
            {
                if (_exporter.StartRow() < 0) { _done = true; break; }
                for (int c = 0; c < _readers.Length; c++)
                {
                    if (_exporter.IsNull) { _exporter.Skip(); _builders[c].AppendNull(); }
                    else _readers[c](_exporter);
                }
                rows++;
                _row++;
                if ((rows & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (_builders.Sum(b => b.Bytes) >= _limits.Bytes) break;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw DatabaseErrors.Wrap(_description, $"cannot read row {_row + 1}", ex, _secrets);
        }
        if (rows == 0) return ValueTask.FromResult<RecordBatch?>(null);
        var arrays = _builders.Select(b => b.Build()).ToList();
        return ValueTask.FromResult<RecordBatch?>(new RecordBatch(Schema, arrays, rows));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { _exporter.Dispose(); }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { /* cancelling an unfinished COPY; the connection is closed next */ }
        _connection.Dispose();
    }
}
