using Apache.Arrow;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sinks.Parquet;

/// <summary>Refuses data that ParquetSharp would write into a file that it (Arrow C++) cannot read back, so the sink
/// never commits an unreadable file.</summary>
internal static class ParquetWriteChecks
{
    /// <exception cref="PipelineException">Kind <see cref="PipelineErrorKind.Schema"/>, naming the column.</exception>
    public static void RequireReadableBack(RecordBatch batch, string target)
    {
        for (int i = 0; i < batch.ColumnCount; i++)
            Check(batch.Column(i), batch.Schema.FieldsList[i].Name, target);
    }

    private static void Check(IArrowArray array, string column, string target)
    {
        switch (array)
        {
            // Null slots of a fixed-size list are written as empty lists, and the reader then fails with
            // "Expected all lists to be of size=N but index i had size=0".
            case FixedSizeListArray fixedSize when fixedSize.NullCount > 0:
                throw new PipelineException(PipelineErrorKind.Schema,
                    $"{target}: column '{column}' is a fixed-size list with null entries, which Parquet (Arrow C++) cannot read back; cast it to a variable-size list first");
            case FixedSizeListArray fixedSize:
                Check(fixedSize.Values, column, target);
                break;
            case ListArray list:
                Check(list.Values, column, target);
                break;
            case StructArray structArray:
                foreach (var child in structArray.Fields) Check(child, column, target);
                break;
        }
    }
}
