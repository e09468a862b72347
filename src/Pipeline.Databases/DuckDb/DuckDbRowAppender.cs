using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;
using Pipeline.Core.Errors;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.DuckDb;

/// <summary>
/// Appends Arrow batches to a DuckDB table through DuckDB's appender, one typed value at a time (no boxing).
/// Why the appender and not Arrow scans: handing Arrow memory to DuckDB through <c>duckdb_arrow_scan</c> was measured
/// on this project's machines to read wrong columns under projection and filters and to crash on <c>max(name)</c>
/// (see shared/DEPENDENCIES.md); the appender copies values into DuckDB's own vectors, which is always safe.
/// Dictionary columns must be decoded by the caller.
/// </summary>
internal static class DuckDbRowAppender
{
    /// <summary>Appends every row of <paramref name="batch"/>.</summary>
    public static void Append(DuckDBAppender appender, RecordBatch batch, string target)
    {
        var columns = new Action<IDuckDBAppenderRow, int>[batch.ColumnCount];
        for (int c = 0; c < columns.Length; c++)
            columns[c] = ValueWriter(batch.Column(c), batch.Schema.GetFieldByIndex(c).Name, target);
        for (int row = 0; row < batch.Length; row++)
        {
            var appenderRow = appender.CreateRow();
            foreach (var write in columns) write(appenderRow, row);
            appenderRow.EndRow();
        }
    }

    private static Action<IDuckDBAppenderRow, int> ValueWriter(IArrowArray array, string column, string target)
    {
        Action<IDuckDBAppenderRow, int> write = array switch
        {
            BooleanArray a => (r, i) => r.AppendValue(a.GetValue(i)),
            Int8Array a => (r, i) => r.AppendValue(a.GetValue(i)),
            Int16Array a => (r, i) => r.AppendValue(a.GetValue(i)),
            Int32Array a => (r, i) => r.AppendValue(a.GetValue(i)),
            Int64Array a => (r, i) => r.AppendValue(a.GetValue(i)),
            UInt8Array a => (r, i) => r.AppendValue(a.GetValue(i)),
            UInt16Array a => (r, i) => r.AppendValue(a.GetValue(i)),
            UInt32Array a => (r, i) => r.AppendValue(a.GetValue(i)),
            UInt64Array a => (r, i) => r.AppendValue(a.GetValue(i)),
            FloatArray a => (r, i) => r.AppendValue(a.GetValue(i)),
            DoubleArray a => (r, i) => r.AppendValue(a.GetValue(i)),
            StringArray a => (r, i) => r.AppendValue(a.GetString(i)),
            LargeStringArray a => (r, i) => r.AppendValue(a.GetString(i)),
            StringViewArray a => (r, i) => r.AppendValue(a.GetString(i)),
            BinaryArray a => (r, i) => r.AppendValue(a.GetBytes(i).ToArray()),
            LargeBinaryArray a => (r, i) => r.AppendValue(a.GetBytes(i).ToArray()),
            BinaryViewArray a => (r, i) => r.AppendValue(a.GetBytes(i).ToArray()),
            Date32Array a => (r, i) => r.AppendValue(a.GetDateOnly(i)),
            Date64Array a => (r, i) => r.AppendValue(a.GetDateOnly(i)),
            Time32Array a => (r, i) => r.AppendValue(a.GetTime(i)),
            Time64Array a => (r, i) => r.AppendValue(a.GetTime(i)),
            TimestampArray a => TimestampWriter(a),
            Decimal128Array a => DecimalWriter(a, column, target),
            _ => throw new PipelineException(PipelineErrorKind.Schema,
                $"{target}: column '{column}' has type {array.Data.DataType.Name}, which the DuckDB sink cannot store"),
        };
        // Typed getters return null for null slots, so most writers handle nulls already; strings and bytes do not.
        return array.NullCount == 0 ? write : (r, i) => { if (array.IsNull(i)) r.AppendNullValue(); else write(r, i); };
    }

    private static Action<IDuckDBAppenderRow, int> TimestampWriter(TimestampArray array)
    {
        var type = (TimestampType)array.Data.DataType;
        if (type.Timezone is { Length: > 0 })
            return (r, i) => r.AppendValue((DateTimeOffset?)new DateTimeOffset(ArrowTemporal.ToUtcTicks(array.Values[i], type.Unit), TimeSpan.Zero));
        return (r, i) => r.AppendValue((DateTime?)new DateTime(ArrowTemporal.ToUtcTicks(array.Values[i], type.Unit), DateTimeKind.Unspecified));
    }

    private static Action<IDuckDBAppenderRow, int> DecimalWriter(Decimal128Array array, string column, string target) => (r, i) =>
    {
        decimal? value;
        try { value = array.GetValue(i); }
        catch (OverflowException)
        {
            throw new PipelineException(PipelineErrorKind.Schema,
                $"{target}: column '{column}' row {i} of its batch: the decimal value has more than 28 significant digits, which the DuckDB appender cannot take");
        }
        r.AppendValue(value);
    };
}
