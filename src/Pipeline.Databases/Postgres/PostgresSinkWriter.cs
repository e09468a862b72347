using Apache.Arrow;
using Npgsql;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;
using Pipeline.IO.Sinks;

namespace Pipeline.Databases.Postgres;

/// <summary>
/// An open PostgreSQL table write: one transaction, one binary COPY. Replace and create (and append to a missing
/// table) COPY into a staging table created in the transaction and, on commit, drop the old table and rename the
/// staging table into place, so readers keep seeing the old table until the commit. Append to an existing table
/// COPYs straight into it, matching columns by name. Disposing without committing cancels the COPY and rolls back.
/// </summary>
internal sealed class PostgresSinkWriter : ISinkWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly NpgsqlBinaryImporter _importer;
    private readonly Schema _plainSchema;
    private readonly string _table;
    private readonly string? _staging;
    private readonly string _description;
    private readonly string[] _secrets;
    private bool _committed;
    private long _rows;

    private PostgresSinkWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBinaryImporter importer,
        Schema plainSchema, string table, string? staging, string description, string[] secrets)
    {
        _connection = connection;
        _transaction = transaction;
        _importer = importer;
        _plainSchema = plainSchema;
        _table = table;
        _staging = staging;
        _description = description;
        _secrets = secrets;
    }

    /// <summary>Connects, begins the transaction, prepares the destination table and starts the COPY.</summary>
    public static PostgresSinkWriter Start(PostgresEndpoint endpoint, string table, TableWriteMode mode, Schema schema, string description)
    {
        var plainSchema = DictionaryDecoding.PlainSchema(schema, description);
        var columnTypes = plainSchema.FieldsList.Select(f => (f.Name, Type: PostgresColumnTypes.SqlType(f.DataType, f.Name, description))).ToList();
        var connection = endpoint.Open(description);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = connection.BeginTransaction();
            bool exists = Scalar(connection, $"SELECT to_regclass({SqlIdentifiers.Literal(SqlIdentifiers.QuoteTable(table))}) IS NOT NULL") is true;
            if (exists && mode == TableWriteMode.Create)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{description}: the table already exists (mode create); use mode replace or append");
            string? staging = null;
            string destination = table;
            if (!exists || mode != TableWriteMode.Append)
            {
                var schemaName = SqlIdentifiers.SchemaOf(table);
                var stagingName = $"_pipeline_staging_{Guid.NewGuid():N}";
                staging = schemaName is null ? stagingName : $"{schemaName}.{stagingName}";
                destination = staging;
                Execute(connection, $"CREATE TABLE {SqlIdentifiers.QuoteTable(staging)} ("
                                    + string.Join(", ", columnTypes.Select(c => $"{SqlIdentifiers.Quote(c.Name)} {c.Type}")) + ")");
            }
            var columns = string.Join(", ", columnTypes.Select(c => SqlIdentifiers.Quote(c.Name)));
            var importer = connection.BeginBinaryImport($"COPY {SqlIdentifiers.QuoteTable(destination)} ({columns}) FROM STDIN (FORMAT BINARY)");
            return new PostgresSinkWriter(connection, transaction, importer, plainSchema, table, staging, description, endpoint.Secrets);
        }
        catch (Exception ex)
        {
            transaction?.Dispose();
            connection.Dispose();
            throw DatabaseErrors.Wrap(description, "cannot prepare the table", ex, endpoint.Secrets);
        }
    }

    /// <inheritdoc />
    public long BytesWritten { get; private set; }

    /// <inheritdoc />
    public ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (_committed) throw new InvalidOperationException("the output is already committed");
        cancellationToken.ThrowIfCancellationRequested();
        var (plain, decoded) = DictionaryDecoding.Decode(batch, _plainSchema, _description);
        try
        {
            var writers = new Action<NpgsqlBinaryImporter, int>[plain.ColumnCount];
            for (int c = 0; c < writers.Length; c++)
                writers[c] = PostgresColumnTypes.Writer(plain.Column(c), _plainSchema.FieldsList[c].Name, _description);
            for (int row = 0; row < plain.Length; row++)
            {
                _importer.StartRow();
                foreach (var write in writers) write(_importer, row);
            }
            _rows += plain.Length;
            BytesWritten += plain.Arrays.Sum(a => a.Data.Buffers.Sum(b => (long)b.Length));
        }
        catch (Exception ex)
        {
            throw DatabaseErrors.Wrap(_description, $"cannot write rows (near row {_rows + 1})", ex, _secrets);
        }
        finally
        {
            foreach (var array in decoded) array.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_committed) return ValueTask.CompletedTask;
        try
        {
            _importer.Complete();
            _importer.Dispose();
            if (_staging is not null)
            {
                Execute(_connection, $"DROP TABLE IF EXISTS {SqlIdentifiers.QuoteTable(_table)}");
                Execute(_connection, $"ALTER TABLE {SqlIdentifiers.QuoteTable(_staging)} RENAME TO {SqlIdentifiers.Quote(SqlIdentifiers.NameOf(_table))}");
            }
            _transaction.Commit();
            _committed = true;
        }
        catch (Exception ex)
        {
            throw DatabaseErrors.Wrap(_description, "cannot commit the table", ex, _secrets);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            // Disposing an importer that was not completed cancels the COPY; the rollback then discards everything.
            try { _importer.Dispose(); } catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { }
            if (!_committed) { try { _transaction.Rollback(); } catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { } }
            _transaction.Dispose();
        }
        finally
        {
            _connection.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}
