using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Connectors.MySql;

/// <summary>The parameter value of one row of an Arrow column for an INSERT (null for a null).</summary>
internal static class MySqlValues
{
    /// <summary>A getter for <paramref name="array"/>'s rows.</summary>
    /// <exception cref="PipelineException">The array's type has no MySQL value.</exception>
    public static Func<int, object?> Getter(IArrowArray array, string column, string target) => array switch
    {
        BooleanArray a => r => a.GetValue(r),
        Int8Array a => r => a.GetValue(r),
        Int16Array a => r => a.GetValue(r),
        Int32Array a => r => a.GetValue(r),
        Int64Array a => r => a.GetValue(r),
        UInt8Array a => r => a.GetValue(r),
        UInt16Array a => r => a.GetValue(r),
        UInt32Array a => r => a.GetValue(r),
        UInt64Array a => r => a.GetValue(r),
        FloatArray a => r => a.GetValue(r),
        DoubleArray a => r => a.GetValue(r),
        Decimal128Array a => r => a.IsNull(r) ? null : a.GetValue(r),
        StringArray a => r => a.GetString(r),
        LargeStringArray a => r => a.GetString(r),
        StringViewArray a => r => a.GetString(r),
        BinaryArray a => r => a.IsNull(r) ? null : a.GetBytes(r).ToArray(),
        LargeBinaryArray a => r => a.IsNull(r) ? null : a.GetBytes(r).ToArray(),
        Date32Array a => r => a.GetDateTime(r),
        Date64Array a => r => a.GetDateTime(r),
        TimestampArray a => r => a.GetTimestamp(r) is { } t
            ? ((TimestampType)a.Data.DataType).Timezone is { Length: > 0 } ? t.UtcDateTime : t.DateTime
            : null,
        Time64Array a => r => a.GetMicroSeconds(r) is { } us ? TimeSpan.FromTicks(us * 10) : null,
        Time32Array a => r => a.GetMilliSeconds(r) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        _ => throw new PipelineException(PipelineErrorKind.Schema,
            $"{target}: column '{column}' has type {array.Data.DataType.Name}, which cannot be written to MySQL"),
    };
}
