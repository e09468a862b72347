using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.TestSupport;

/// <summary>Reads a source completely, for assertions.</summary>
public static class BatchReading
{
    /// <summary>Reads every batch of a source into a list (the caller disposes them) and returns the schema.</summary>
    public static (Schema Schema, List<RecordBatch> Batches) ReadAll(ISource source, PipelineContext? context = null)
    {
        var ctx = context ?? new PipelineContext();
        using var stream = source.Open(ctx);
        var batches = new List<RecordBatch>();
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } b) batches.Add(b);
        return (stream.Schema, batches);
    }

    /// <summary>The value at a row of a column as a display string (null stays null), for value comparisons across formats.</summary>
    public static string? Display(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return null;
        return array switch
        {
            StringArray s => s.GetString(row),
            LargeStringArray s => s.GetString(row),
            BooleanArray b => b.GetValue(row)!.Value ? "true" : "false",
            Int64Array i => i.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Int32Array i => i.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DoubleArray d => d.GetValue(row)!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            Date32Array d => d.GetDateOnly(row)!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            TimestampArray t => t.GetTimestamp(row)!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            DictionaryArray d => Display(d.Dictionary, DictionaryIndex(d.Indices, row)),
            _ => array.GetType().Name + "@" + row,
        };
    }

    private static int DictionaryIndex(IArrowArray indices, int row) => indices switch
    {
        Int8Array a => a.GetValue(row)!.Value,
        Int16Array a => a.GetValue(row)!.Value,
        Int32Array a => a.GetValue(row)!.Value,
        Int64Array a => checked((int)a.GetValue(row)!.Value),
        UInt8Array a => a.GetValue(row)!.Value,
        UInt16Array a => a.GetValue(row)!.Value,
        UInt32Array a => checked((int)a.GetValue(row)!.Value),
        _ => throw new NotSupportedException(indices.GetType().Name),
    };
}
