using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Operators.Rows;
using Pipeline.Kernels.Arrays;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Assembles output batches from (probe row, build row) pairs with the copying gather of <see cref="RowGather"/>:
/// the output's probe columns (<paramref name="probeColumns"/>: their indices in the probe schema) taken by the probe
/// rows, then (inner and left joins) every payload column of the build side
/// by the build rows, <see cref="RowRef.Null"/> giving the nulls of an unmatched left row.
/// </summary>
internal sealed class JoinOutput(Schema schema, int[] probeColumns, bool withBuild)
{
    /// <summary>The output schema.</summary>
    public Schema Schema => schema;

    /// <summary>
    /// The rows <paramref name="probeRows"/> of <paramref name="probe"/>, beside (when the join outputs build columns)
    /// the rows <paramref name="buildRows"/> of <paramref name="table"/>'s payload columns (all null when
    /// <paramref name="table"/> is null). The result owns copies: the sources may be disposed right after.
    /// </summary>
    public RecordBatch Gather(RecordBatch probe, ReadOnlySpan<int> probeRows, JoinHashTable? table, ReadOnlySpan<RowRef> buildRows)
    {
        var columns = new IArrowArray[schema.FieldsList.Count];
        // Probe rows are ascending; a run of consecutive ones (every row matched once, the common case of a join
        // with a dimension) is copied as blocks by the selection kernel rather than row by row.
        bool consecutive = ArraySelection.Consecutive(probeRows);
        RowRef[]? refs = null;
        for (int c = 0; c < probeColumns.Length; c++)
        {
            var array = probe.Column(probeColumns[c]);
            var type = array.Data.DataType;
            if (consecutive && type is FixedWidthType or BinaryType && type is not DictionaryType)
            {
                columns[c] = ArraySelection.Select(array, probeRows);
                continue;
            }
            if (refs is null)
            {
                refs = new RowRef[probeRows.Length];
                for (int i = 0; i < refs.Length; i++) refs[i] = new RowRef(0, probeRows[i]);
            }
            columns[c] = JoinGather.Gather(type, [array], refs);
        }
        if (withBuild)
        {
            for (int c = probeColumns.Length; c < columns.Length; c++)
            {
                IReadOnlyList<IArrowArray> sources = table is null ? [] : table.Payload(c - probeColumns.Length);
                IArrowType type = sources.Count > 0 ? sources[0].Data.DataType : schema.FieldsList[c].DataType;
                columns[c] = JoinGather.Gather(type, sources, buildRows);
            }
        }
        return new RecordBatch(schema, columns, probeRows.Length);
    }
}
