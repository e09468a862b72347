using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Npgsql;
using Pipeline.Core.Errors;
using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.Postgres;

/// <summary>
/// The rows of a binary COPY export as Arrow batches, cut by rows and bytes. Reads the raw COPY stream
/// (<c>BeginRawBinaryCopy</c>) and parses the documented format itself: an 11-byte signature, flags and an extension
/// area, then per row a 16-bit field count (-1 ends the data) and per field a 32-bit length (-1 for null) and the
/// value's bytes (<see cref="PostgresBinaryValues"/>). Owns the stream and the connection; disposing before the end
/// cancels the COPY on the server.
/// </summary>
internal sealed class PostgresCopyStream : IArrowArrayStream
{
    /// <summary>"PGCOPY\n\377\r\n\0" (a u8 literal would encode \xff as two UTF-8 bytes).</summary>
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private readonly NpgsqlRawCopyStream _stream;
    private readonly NpgsqlConnection _connection;
    private readonly ColumnBuilder[] _builders;
    private readonly BinaryValueReader[] _readers;
    private readonly BatchLimits _limits;
    private readonly string _description;
    private readonly string[] _secrets;
    private byte[] _buffer = new byte[1 << 20];
    private int _position, _end;
    private bool _done, _headerRead;
    private long _row;

    public PostgresCopyStream(NpgsqlRawCopyStream stream, NpgsqlConnection connection, ColumnPlan[] plans, BatchLimits limits,
        string description, string[] secrets)
    {
        _stream = stream;
        _connection = connection;
        _limits = limits;
        _description = description;
        _secrets = secrets;
        Schema = new Schema(plans.Select(p => new Field(p.Name, p.ArrowType, nullable: true)), null);
        _builders = plans.Select(ColumnBuilder.For).ToArray();
        _readers = plans.Select((p, i) => PostgresBinaryValues.For(p, _builders[i])).ToArray();
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <inheritdoc />
    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        if (_done) return ValueTask.FromResult<RecordBatch?>(null);
        int rows = 0;
        int column = -1;
        try
        {
            if (!_headerRead) ReadHeader();
            while (rows < _limits.Rows)
            {
                Need(2);
                short fields = BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(_position));
                _position += 2;
                if (fields == -1) { _done = true; break; }
                if (fields != _readers.Length)
                    throw new FormatException($"a COPY row has {fields} fields, expected {_readers.Length}");
                for (column = 0; column < fields; column++)
                {
                    Need(4);
                    int length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position));
                    _position += 4;
                    if (length < 0) { _builders[column].AppendNull(); continue; }
                    Need(length);
                    _readers[column](_buffer.AsSpan(_position, length));
                    _position += length;
                }
                column = -1;
                rows++;
                _row++;
                if ((rows & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (_builders.Sum(b => b.Bytes) >= _limits.Bytes) break;
                }
            }
        }
        catch (FormatException ex)
        {
            var where = column >= 0 ? $"row {_row + 1}, column '{Schema.FieldsList[column].Name}'" : $"row {_row + 1}";
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{_description}: {where}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or PipelineException))
        {
            throw DatabaseErrors.Wrap(_description, $"cannot read row {_row + 1}", ex, _secrets);
        }
        if (rows == 0) return ValueTask.FromResult<RecordBatch?>(null);
        var arrays = _builders.Select(b => b.Build()).ToList();
        return ValueTask.FromResult<RecordBatch?>(new RecordBatch(Schema, arrays, rows));
    }

    private void ReadHeader()
    {
        Need(Signature.Length + 8);
        if (!_buffer.AsSpan(_position, Signature.Length).SequenceEqual(Signature))
            throw new FormatException("the COPY output does not start with the binary signature");
        _position += Signature.Length + 4; // flags: no bits we need (OIDs are never requested)
        int extension = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_position));
        _position += 4;
        Need(extension);
        _position += extension;
        _headerRead = true;
    }

    /// <summary>Makes at least <paramref name="count"/> unread bytes available in the buffer.</summary>
    private void Need(int count)
    {
        if (_end - _position >= count) return;
        int unread = _end - _position;
        if (count > _buffer.Length)
        {
            var larger = new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(_position, unread).CopyTo(larger);
            _buffer = larger;
        }
        else _buffer.AsSpan(_position, unread).CopyTo(_buffer);
        _position = 0;
        _end = unread;
        while (_end < count)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) throw new FormatException("the COPY output ended in the middle of a row");
            _end += read;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_done) _stream.Cancel();
            _stream.Dispose();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException) { /* cancelling an unfinished COPY; the connection is closed next */ }
        _connection.Dispose();
    }
}
