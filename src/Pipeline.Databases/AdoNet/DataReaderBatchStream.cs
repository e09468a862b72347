using System.Data.Common;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.AdoNet;

/// <summary>
/// Streams any <see cref="DbDataReader"/> as typed Arrow batches. Column types come from the declared types
/// (<see cref="DeclaredTypes"/>); the first row is read when the stream opens, so columns without a declared type
/// (SQLite expressions) take the type of their first value. Owns the reader, command and connection.
/// </summary>
internal sealed class DataReaderBatchStream : IArrowArrayStream
{
    private readonly DbDataReader _reader;
    private readonly IDisposable[] _owned;
    private readonly ColumnBuilder[] _builders;
    private readonly Action<DbDataReader, int>[] _readers;
    private readonly BatchLimits _limits;
    private readonly string _description;
    private bool _hasRow;
    private long _row;

    /// <summary>Wraps an executed reader.</summary>
    /// <param name="reader">The reader, positioned before its first row.</param>
    /// <param name="limits">Batch size bounds.</param>
    /// <param name="description">Endpoint description for errors.</param>
    /// <param name="owned">Objects disposed with the stream after the reader (command, connection).</param>
    public DataReaderBatchStream(DbDataReader reader, BatchLimits limits, string description, params IDisposable[] owned)
        : this(reader, limits, description, [], owned)
    {
    }

    /// <summary>Wraps an executed reader, with declared types the provider does not report in full.</summary>
    /// <param name="reader">The reader, positioned before its first row.</param>
    /// <param name="limits">Batch size bounds.</param>
    /// <param name="description">Endpoint description for errors.</param>
    /// <param name="declaredTypes">Declared type per column, overriding <see cref="DbDataReader.GetDataTypeName"/> where not
    /// null; an empty string means the column has no declared type.</param>
    /// <param name="owned">Objects disposed with the stream after the reader (command, connection).</param>
    public DataReaderBatchStream(DbDataReader reader, BatchLimits limits, string description, string?[] declaredTypes, params IDisposable[] owned)
    {
        _reader = reader;
        _owned = owned;
        _limits = limits;
        _description = description;
        _hasRow = Advance();
        var plans = Enumerable.Range(0, reader.FieldCount)
            .Select(i => PlanColumn(reader, i, _hasRow, i < declaredTypes.Length ? declaredTypes[i] : null)).ToArray();
        Schema = new Schema(plans.Select(p => new Field(p.Name, p.ArrowType, nullable: true)), null);
        _builders = plans.Select(ColumnBuilder.For).ToArray();
        _readers = plans.Select((p, i) => ReaderValues.For(p, _builders[i])).ToArray();
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <inheritdoc />
    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        if (!_hasRow) return ValueTask.FromResult<RecordBatch?>(null);
        int rows = 0;
        while (_hasRow && rows < _limits.Rows)
        {
            for (int c = 0; c < _builders.Length; c++)
            {
                if (_reader.IsDBNull(c)) { _builders[c].AppendNull(); continue; }
                try { _readers[c](_reader, c); }
                catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
                {
                    throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput,
                        $"{_description}: row {_row + 1}, column '{Schema.FieldsList[c].Name}' ({Schema.FieldsList[c].DataType.Name}): {ex.Message}");
                }
            }
            rows++;
            _row++;
            if ((rows & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_builders.Sum(b => b.Bytes) >= _limits.Bytes) { _hasRow = Advance(); break; }
            }
            _hasRow = Advance();
        }
        var arrays = _builders.Select(b => b.Build()).ToList();
        return ValueTask.FromResult<RecordBatch?>(new RecordBatch(Schema, arrays, rows));
    }

    private bool Advance()
    {
        try { return _reader.Read(); }
        // A connection dropped mid-result surfaces as an IOException from some drivers (MySqlConnector's end of stream).
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
        {
            throw DatabaseErrors.Wrap(_description, $"cannot read row {_row + 1}", ex);
        }
    }

    private static ColumnPlan PlanColumn(DbDataReader reader, int ordinal, bool hasRow, string? declared)
    {
        var name = reader.GetName(ordinal);
        if (declared is null)
        {
            try { declared = reader.GetDataTypeName(ordinal); } catch (InvalidOperationException) { }
        }
        var fieldType = reader.GetFieldType(ordinal);
        // With a row to look at, a column without a declared type takes its first value's type (SQLite reports the
        // value's storage class; NULL gives no hint and falls back to text).
        if (string.IsNullOrEmpty(declared) && hasRow && reader.IsDBNull(ordinal)) fieldType = typeof(string);
        int? precision = null, scale = null;
        if (reader.CanGetColumnSchema())
        {
            var column = reader.GetColumnSchema()[ordinal];
            precision = column.NumericPrecision is > 0 and < 1000 ? column.NumericPrecision : null;
            scale = column.NumericScale is >= 0 and < 1000 && precision is not null ? column.NumericScale : null;
        }
        return DeclaredTypes.Plan(name, declared, fieldType, precision, scale);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader.Dispose();
        foreach (var owned in _owned) owned.Dispose();
    }
}
