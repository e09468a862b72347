using System.Text;
using Apache.Arrow;
using MySqlConnector;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;
using Pipeline.Databases;
using Pipeline.IO.Sinks;

namespace Pipeline.Connectors.MySql;

/// <summary>
/// An open MySQL table write. Replace and create (and append to a missing table) create a staging table first, load
/// it in one transaction with multi-row parameterized INSERTs, and on commit swap it in with one atomic
/// <c>RENAME TABLE</c> (replace drops the old table after the swap); until then readers see the previous table, and
/// disposing without a commit drops the staging table. Append to an existing table inserts into it in one
/// transaction, columns matched by name, committed with the run. A killed process leaves the transaction to the
/// server's rollback (and, for the staging modes, a <c>_pipeline_staging_*</c> table to drop).
/// </summary>
internal sealed class MySqlSinkWriter : ISinkWriter
{
    /// <summary>MySQL allows 65,535 placeholders per statement.</summary>
    private const int MaxParameters = 60_000;
    private const int MaxRowsPerStatement = 1_000;

    private readonly MySqlConnection _connection;
    private readonly MySqlTransaction _transaction;
    private readonly Schema _plainSchema;
    private readonly string _table;
    private readonly string? _staging;
    private readonly bool _replace;
    private readonly string _description;
    private readonly string[] _secrets;
    private readonly string _insertPrefix;
    private readonly int _rowsPerStatement;
    private bool _committed;
    private long _rows;

    private MySqlSinkWriter(MySqlConnection connection, MySqlTransaction transaction, Schema plainSchema, string table, string? staging,
        bool replace, string description, string[] secrets)
    {
        _connection = connection;
        _transaction = transaction;
        _plainSchema = plainSchema;
        _table = table;
        _staging = staging;
        _replace = replace;
        _description = description;
        _secrets = secrets;
        var destination = MySqlIdentifiers.QuoteTable(staging ?? table);
        _insertPrefix = $"INSERT INTO {destination} ({string.Join(", ", plainSchema.FieldsList.Select(f => MySqlIdentifiers.Quote(f.Name)))}) VALUES ";
        _rowsPerStatement = Math.Max(1, Math.Min(MaxRowsPerStatement, MaxParameters / Math.Max(1, plainSchema.FieldsList.Count)));
    }

    /// <summary>Connects, prepares the destination (a staging table unless appending to an existing one) and begins the transaction.</summary>
    public static MySqlSinkWriter Start(MySqlEndpoint endpoint, string table, TableWriteMode mode, Schema schema, string description)
    {
        var plainSchema = DictionaryDecoding.PlainSchema(schema, description);
        var columns = plainSchema.FieldsList.Select(f => (f.Name, Type: MySqlColumnTypes.SqlType(f.DataType, f.Name, description))).ToList();
        var connection = endpoint.Open(description);
        try
        {
            bool exists = Exists(connection, table);
            if (exists && mode == TableWriteMode.Create)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{description}: the table already exists (mode create); use mode replace or append");
            string? staging = null;
            if (!exists || mode != TableWriteMode.Append)
            {
                var schemaName = MySqlIdentifiers.SchemaOf(table);
                var stagingName = $"_pipeline_staging_{Guid.NewGuid():N}";
                staging = schemaName is null ? stagingName : $"{schemaName}.{stagingName}";
                Execute(connection, null, $"CREATE TABLE {MySqlIdentifiers.QuoteTable(staging)} ("
                                          + string.Join(", ", columns.Select(c => $"{MySqlIdentifiers.Quote(c.Name)} {c.Type} NULL"))
                                          + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            }
            var transaction = connection.BeginTransaction();
            return new MySqlSinkWriter(connection, transaction, plainSchema, table, staging, exists && mode == TableWriteMode.Replace, description, endpoint.Secrets);
        }
        catch (Exception ex)
        {
            connection.Dispose();
            throw DatabaseErrors.Wrap(description, "cannot prepare the table", ex, endpoint.Secrets);
        }
    }

    /// <inheritdoc />
    public long BytesWritten { get; private set; }

    /// <inheritdoc />
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (_committed) throw new InvalidOperationException("the output is already committed");
        var (plain, decoded) = DictionaryDecoding.Decode(batch, _plainSchema, _description);
        try
        {
            var values = new Func<int, object?>[plain.ColumnCount];
            for (int c = 0; c < values.Length; c++) values[c] = MySqlValues.Getter(plain.Column(c), _plainSchema.FieldsList[c].Name, _description);
            for (int start = 0; start < plain.Length; start += _rowsPerStatement)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(_rowsPerStatement, plain.Length - start);
                await using var command = Insert(values, start, count);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _rows += count;
            }
            BytesWritten += plain.Arrays.Sum(a => a.Data.Buffers.Sum(b => (long)b.Length));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw DatabaseErrors.Wrap(_description, $"cannot write rows (near row {_rows + 1})", ex, _secrets);
        }
        finally
        {
            foreach (var array in decoded) array.Dispose();
        }
    }

    private MySqlCommand Insert(Func<int, object?>[] values, int start, int count)
    {
        var command = new MySqlCommand { Connection = _connection, Transaction = _transaction };
        var sql = new StringBuilder(_insertPrefix);
        int p = 0;
        for (int row = start; row < start + count; row++)
        {
            if (row > start) sql.Append(',');
            sql.Append('(');
            for (int c = 0; c < values.Length; c++)
            {
                if (c > 0) sql.Append(',');
                var name = "@p" + p.ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(name);
                command.Parameters.AddWithValue(name, values[c](row) ?? DBNull.Value);
                p++;
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }

    /// <inheritdoc />
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_committed) return;
        try
        {
            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (_staging is not null)
            {
                var table = MySqlIdentifiers.QuoteTable(_table);
                if (_replace)
                {
                    // One RENAME TABLE statement swaps both names atomically: readers see the old or the new table.
                    var old = MySqlIdentifiers.QuoteTable(_staging + "_old");
                    Execute(_connection, null, $"RENAME TABLE {table} TO {old}, {MySqlIdentifiers.QuoteTable(_staging)} TO {table}");
                    Execute(_connection, null, $"DROP TABLE {old}");
                }
                else
                {
                    Execute(_connection, null, $"RENAME TABLE {MySqlIdentifiers.QuoteTable(_staging)} TO {table}");
                }
            }
            _committed = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw DatabaseErrors.Wrap(_description, "cannot commit the table", ex, _secrets);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_committed)
            {
                try { await _transaction.RollbackAsync().ConfigureAwait(false); } catch (Exception ex) when (ex is MySqlException or InvalidOperationException) { }
                if (_staging is not null)
                {
                    try { Execute(_connection, null, $"DROP TABLE IF EXISTS {MySqlIdentifiers.QuoteTable(_staging)}"); }
                    catch (Exception ex) when (ex is MySqlException or InvalidOperationException) { }
                }
            }
            await _transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool Exists(MySqlConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = COALESCE(@s, DATABASE()) AND table_name = @t";
        command.Parameters.AddWithValue("@s", MySqlIdentifiers.SchemaOf(table));
        command.Parameters.AddWithValue("@t", MySqlIdentifiers.NameOf(table));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(MySqlConnection connection, MySqlTransaction? transaction, string sql)
    {
        using var command = new MySqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
