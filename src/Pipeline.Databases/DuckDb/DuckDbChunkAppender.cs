using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Pipeline.Core.Errors;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.DuckDb;

/// <summary>
/// Appends Arrow batches to a DuckDB table through DuckDB's appender, a vector (2,048 rows) at a time: each Arrow
/// column is copied into the appender's data chunk (<c>duckdb_append_data_chunk</c>), fixed-width values with one
/// memory copy, strings straight from Arrow's UTF-8 bytes. The appender runs inside the connection's transaction.
/// <para>Why the appender and not an Arrow scan: handing Arrow memory to DuckDB through <c>duckdb_arrow_scan</c> was
/// measured on this project's machines to read wrong columns under projection and filters and to crash on
/// <c>max(name)</c> (see shared/DEPENDENCIES.md). The appender copies values into DuckDB's own vectors, which is
/// always safe; doing it per chunk instead of per value (DuckDB.NET's row API) is what makes it fast.</para>
/// Dictionary columns must be decoded by the caller.
/// </summary>
internal sealed unsafe class DuckDbChunkAppender : IDisposable
{
    private readonly DuckDB.NET.Native.DuckDBAppender _appender;
    private readonly DuckDBLogicalType[] _types;
    private readonly DuckDBDataChunk _chunk;
    private readonly int _vectorSize;
    private readonly string _description;

    /// <summary>Opens an appender on a table whose columns match the batches' columns in order.</summary>
    public DuckDbChunkAppender(DuckDBConnection connection, string? schema, string table, string description)
    {
        _description = description;
        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, schema, table, out _appender) != DuckDBState.Success)
            throw Failure("cannot open the appender");
        int columns = (int)NativeMethods.Appender.DuckDBAppenderColumnCount(_appender);
        _types = Enumerable.Range(0, columns).Select(c => NativeMethods.Appender.DuckDBAppenderColumnType(_appender, (ulong)c)).ToArray();
        _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk(_types.Select(t => t.DangerousGetHandle()).ToArray(), (ulong)columns);
        _vectorSize = (int)NativeMethods.Helpers.DuckDBVectorSize();
    }

    /// <summary>Appends every row of the batch.</summary>
    public void Append(RecordBatch batch)
    {
        for (int start = 0; start < batch.Length; start += _vectorSize)
        {
            int count = Math.Min(_vectorSize, batch.Length - start);
            for (int c = 0; c < batch.ColumnCount; c++)
            {
                var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, c);
                var field = batch.Schema.GetFieldByIndex(c);
                CopyColumn(batch.Column(c), start, count, vector, field.Name);
            }
            NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)count);
            if (NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk) != DuckDBState.Success)
                throw Failure("cannot append rows");
            NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        }
    }

    /// <summary>Flushes the appended rows into the table (still inside the transaction).</summary>
    public void Close()
    {
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success)
            throw Failure("cannot flush the appended rows");
    }

    private void CopyColumn(IArrowArray array, int start, int count, IntPtr vector, string column)
    {
        void* target = NativeMethods.Vectors.DuckDBVectorGetData(vector);
        switch (array)
        {
            case BooleanArray a:
                var bytes = (byte*)target;
                for (int i = 0; i < count; i++) bytes[i] = a.GetValue(start + i) == true ? (byte)1 : (byte)0;
                break;
            case Int8Array or UInt8Array or Int16Array or UInt16Array or Int32Array or UInt32Array or Int64Array or UInt64Array
                or FloatArray or DoubleArray or Date32Array:
                CopyFixed(array, start, count, target);
                break;
            case TimestampArray a:
                CopyMicros(a.Values, ((TimestampType)a.Data.DataType).Unit, start, count, (long*)target);
                break;
            case Time64Array a:
                CopyMicros(MemoryMarshal.Cast<byte, long>(a.ValueBuffer.Span[(a.Offset * 8)..]), ((Time64Type)a.Data.DataType).Unit, start, count, (long*)target);
                break;
            case Time32Array a:
                var times = MemoryMarshal.Cast<byte, int>(a.ValueBuffer.Span[(a.Offset * 4)..]);
                long scale = ((Time32Type)a.Data.DataType).Unit == TimeUnit.Second ? 1_000_000 : 1_000;
                for (int i = 0; i < count; i++) ((long*)target)[i] = times[start + i] * scale;
                break;
            case Date64Array a:
                for (int i = 0; i < count; i++) ((int*)target)[i] = (int)Math.Floor(a.Values[start + i] / 86_400_000.0);
                break;
            case Decimal128Array a:
                CopyDecimal(a, (Decimal128Type)a.Data.DataType, start, count, target);
                break;
            case BinaryArray a: // also StringArray
                for (int i = 0; i < count; i++)
                {
                    if (a.IsNull(start + i)) continue;
                    var value = a.GetBytes(start + i);
                    fixed (byte* p = value)
                        NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(vector, (ulong)i, p, value.Length);
                }
                break;
            case LargeBinaryArray or LargeStringArray or StringViewArray or BinaryViewArray:
                for (int i = 0; i < count; i++)
                {
                    if (array.IsNull(start + i)) continue;
                    ReadOnlySpan<byte> value = array switch
                    {
                        LargeBinaryArray l => l.GetBytes(start + i),
                        StringViewArray s => s.GetBytes(start + i),
                        _ => ((BinaryViewArray)array).GetBytes(start + i),
                    };
                    fixed (byte* p = value)
                        NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(vector, (ulong)i, p, value.Length);
                }
                break;
            default:
                throw new PipelineException(PipelineErrorKind.Schema,
                    $"{_description}: column '{column}' has type {array.Data.DataType.Name}, which the DuckDB sink cannot store");
        }
        if (array.NullCount != 0) MarkNulls(array, start, count, vector);
    }

    private static void CopyFixed(IArrowArray array, int start, int count, void* target)
    {
        int width = ((FixedWidthType)array.Data.DataType).BitWidth / 8;
        var source = array.Data.Buffers[1].Span.Slice((array.Offset + start) * width, count * width);
        source.CopyTo(new Span<byte>(target, count * width));
    }

    private static void CopyMicros(ReadOnlySpan<long> values, TimeUnit unit, int start, int count, long* target)
    {
        var source = values.Slice(start, count);
        switch (unit)
        {
            case TimeUnit.Microsecond: source.CopyTo(new Span<long>(target, count)); break;
            default: for (int i = 0; i < count; i++) target[i] = ArrowTemporal.ToMicros(source[i], unit); break;
        }
    }

    // DuckDB stores DECIMAL(p,s) as a 16-, 32-, 64- or 128-bit integer by precision; Arrow always uses 128 bits.
    private static void CopyDecimal(Decimal128Array array, Decimal128Type type, int start, int count, void* target)
    {
        var values = MemoryMarshal.Cast<byte, Int128>(array.ValueBuffer.Span[(array.Offset * 16)..]).Slice(start, count);
        if (type.Precision <= 4) for (int i = 0; i < count; i++) ((short*)target)[i] = (short)values[i];
        else if (type.Precision <= 9) for (int i = 0; i < count; i++) ((int*)target)[i] = (int)values[i];
        else if (type.Precision <= 18) for (int i = 0; i < count; i++) ((long*)target)[i] = (long)values[i];
        else values.CopyTo(new Span<Int128>(target, count)); // hugeint: lower 64 bits, then upper: Int128's own layout
    }

    private static void MarkNulls(IArrowArray array, int start, int count, IntPtr vector)
    {
        NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(vector);
        ulong* mask = NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
        for (int i = 0; i < count; i++)
            if (array.IsNull(start + i)) mask[i >> 6] &= ~(1UL << (i & 63));
    }

    private PipelineException Failure(string what)
    {
        string detail = "";
        if (!_appender.IsInvalid)
        {
            using var error = NativeMethods.Appender.DuckDBAppenderErrorData(_appender);
            if (!error.IsInvalid && NativeMethods.ErrorData.DuckDBErrorDataHasError(error))
                detail = ": " + NativeMethods.ErrorData.DuckDBErrorDataMessage(error);
        }
        return new PipelineException(PipelineErrorKind.External, $"{_description}: {what}{detail}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _chunk.Dispose();
        foreach (var type in _types) type.Dispose();
        _appender.Dispose();
    }
}
