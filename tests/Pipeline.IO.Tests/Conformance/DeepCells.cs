using System.Text;
using Apache.Arrow;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Cell text for nested and dictionary-encoded values (dictionaries decoded, structs as <c>{a, b}</c>, lists as
/// <c>[a, b]</c>), so data can be compared whether or not a writer kept the encoding.</summary>
internal static class DeepCells
{
    /// <summary>Every row of every batch as one string per column.</summary>
    public static List<string[]> Of(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string[]>();
        foreach (var batch in batches)
            for (int r = 0; r < batch.Length; r++)
                rows.Add(Enumerable.Range(0, batch.ColumnCount).Select(c => Text(batch.Column(c), r)).ToArray());
        return rows;
    }

    private static string Text(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return "null";
        switch (array)
        {
            case DictionaryArray dictionary:
                return Text(dictionary.Dictionary, (int)Index(dictionary.Indices, row));
            case StructArray structArray:
                return "{" + string.Join(", ", structArray.Fields.Select(f => Text(f, structArray.Offset + row))) + "}";
            case ListArray list:
                var sb = new StringBuilder("[");
                for (int i = list.ValueOffsets[row]; i < list.ValueOffsets[row + 1]; i++)
                    sb.Append(i > list.ValueOffsets[row] ? ", " : "").Append(Text(list.Values, i));
                return sb.Append(']').ToString();
            case PrimitiveArray<sbyte> a: return a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case PrimitiveArray<short> a: return a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case PrimitiveArray<byte> a: return a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case PrimitiveArray<ushort> a: return a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case PrimitiveArray<uint> a: return a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case PrimitiveArray<ulong> a: return a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            default:
                return BatchReading.Display(array, row) ?? "null";
        }
    }

    private static long Index(IArrowArray indices, int row) => indices switch
    {
        Int8Array a => a.GetValue(row)!.Value,
        Int16Array a => a.GetValue(row)!.Value,
        Int32Array a => a.GetValue(row)!.Value,
        Int64Array a => a.GetValue(row)!.Value,
        UInt8Array a => a.GetValue(row)!.Value,
        UInt16Array a => a.GetValue(row)!.Value,
        UInt32Array a => a.GetValue(row)!.Value,
        UInt64Array a => (long)a.GetValue(row)!.Value,
        _ => throw new NotSupportedException(indices.GetType().Name),
    };
}
