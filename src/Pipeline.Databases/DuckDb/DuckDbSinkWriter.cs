using Apache.Arrow;
using DuckDB.NET.Data;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;
using Pipeline.IO.Sinks;

namespace Pipeline.Databases.DuckDb;

/// <summary>
/// An open DuckDB table write. One transaction spans the whole run: the rows are appended to a staging table created
/// inside it, and <see cref="CommitAsync"/> swaps the staging table in (replace, create) or inserts its rows by column
/// name (append) before committing. Disposing without committing rolls back; a killed process never commits, and
/// DuckDB discards the uncommitted work when the file is next opened. Either way the previous table is intact and no
/// staging table is left behind.
/// </summary>
internal sealed class DuckDbSinkWriter : ISinkWriter
{
    private readonly DuckDBConnection _connection;
    private readonly DuckDBTransaction _transaction;
    private readonly DuckDbChunkAppender _appender;
    private readonly Schema _plainSchema;
    private readonly string _table; // as the user wrote it, optionally schema.table
    private readonly string _staging;
    private readonly TableWriteMode _mode;
    private readonly string _description;
    private bool _committed;

    private DuckDbSinkWriter(DuckDBConnection connection, DuckDBTransaction transaction, DuckDbChunkAppender appender, Schema plainSchema,
        string table, string staging, TableWriteMode mode, string description)
    {
        _connection = connection;
        _transaction = transaction;
        _appender = appender;
        _plainSchema = plainSchema;
        _table = table;
        _staging = staging;
        _mode = mode;
        _description = description;
    }

    /// <summary>Opens the database, checks the mode against the existing table, and creates the staging table.</summary>
    public static DuckDbSinkWriter Start(string database, string table, TableWriteMode mode, Schema schema, string description)
    {
        var plainSchema = DictionaryDecoding.PlainSchema(schema, description);
        var columns = plainSchema.FieldsList.Select(f =>
            $"{SqlIdentifiers.Quote(f.Name)} {DuckDbColumnTypes.SqlType(f.DataType, f.Name, description)}").ToList();
        SqlIdentifiers.QuoteTable(table); // rejects malformed names before anything is opened
        var connection = DuckDbConnections.Open(database, readOnly: false, description);
        DuckDBTransaction? transaction = null;
        try
        {
            transaction = connection.BeginTransaction();
            if (mode == TableWriteMode.Create && TableExists(connection, table))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{description}: the table already exists (mode create); use mode replace or append");
            var schemaName = SqlIdentifiers.SchemaOf(table);
            var stagingName = $"_pipeline_staging_{Guid.NewGuid():N}";
            var staging = schemaName is null ? stagingName : $"{schemaName}.{stagingName}";
            DuckDbConnections.Execute(connection, $"CREATE TABLE {SqlIdentifiers.QuoteTable(staging)} ({string.Join(", ", columns)})");
            var appender = new DuckDbChunkAppender(connection, schemaName, stagingName, description);
            return new DuckDbSinkWriter(connection, transaction, appender, plainSchema, table, staging, mode, description);
        }
        catch (Exception ex)
        {
            transaction?.Dispose();
            connection.Dispose();
            throw DatabaseErrors.Wrap(description, "cannot prepare the table", ex);
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
            _appender.Append(plain);
            BytesWritten += plain.Arrays.Sum(a => a.Data.Buffers.Sum(b => (long)b.Length));
        }
        catch (Exception ex)
        {
            throw DatabaseErrors.Wrap(_description, "cannot append rows", ex);
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
            _appender.Close();
            var staging = SqlIdentifiers.QuoteTable(_staging);
            bool exists = TableExists(_connection, _table);
            var target = SqlIdentifiers.QuoteTable(_table);
            if (_mode == TableWriteMode.Append && exists)
            {
                DuckDbConnections.Execute(_connection, $"INSERT INTO {target} BY NAME SELECT * FROM {staging}");
                DuckDbConnections.Execute(_connection, $"DROP TABLE {staging}");
            }
            else
            {
                if (exists) DuckDbConnections.Execute(_connection, $"DROP TABLE {target}");
                DuckDbConnections.Execute(_connection, $"ALTER TABLE {staging} RENAME TO {SqlIdentifiers.Quote(SqlIdentifiers.NameOf(_table))}");
            }
            _transaction.Commit();
            _committed = true;
        }
        catch (Exception ex)
        {
            throw DatabaseErrors.Wrap(_description, "cannot commit the table", ex);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            // Destroying an appender that was not closed drops its unflushed rows; the rollback discards the rest.
            _appender.Dispose();
            if (!_committed) { try { _transaction.Rollback(); } catch (DuckDBException) { } catch (InvalidOperationException) { } }
            _transaction.Dispose();
        }
        finally
        {
            _connection.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private static bool TableExists(DuckDBConnection connection, string table)
    {
        var schema = SqlIdentifiers.SchemaOf(table);
        var name = SqlIdentifiers.NameOf(table);
        var sql = $"SELECT count(*) FROM information_schema.tables WHERE table_name = {SqlIdentifiers.Literal(name)}"
                  + (schema is null ? " AND table_schema = current_schema()" : $" AND table_schema = {SqlIdentifiers.Literal(schema)}");
        return Convert.ToInt64(DuckDbConnections.Scalar(connection, sql), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
