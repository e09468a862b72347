using System.Globalization;
using System.Numerics;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Cell text by logical value for every type the corpus uses (dictionaries decoded, structs as
/// <c>{a, b}</c>, lists of every kind as <c>[a, b]</c>, binary as hex), so data can be compared across formats whatever
/// the batch boundaries or physical encoding. An unknown array type throws, so no column is compared vacuously.</summary>
internal static class DeepCells
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

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
        return array switch
        {
            DictionaryArray d => Text(d.Dictionary, (int)Index(d.Indices, row)),
            StructArray s => "{" + string.Join(", ", s.Fields.Select(f => Text(f, ChildRow(s, f, row)))) + "}",
            ListArray l => Elements(l.GetSlicedValues(row)),
            LargeListArray l => Elements(l.GetSlicedValues(row)),
            ListViewArray l => Elements(l.GetSlicedValues(row)),
            LargeListViewArray l => Elements(l.GetSlicedValues(row)),
            FixedSizeListArray l => Elements(l.GetSlicedValues(row)),
            StringArray s => s.GetString(row) ?? "null",
            LargeStringArray s => s.GetString(row) ?? "null",
            StringViewArray s => s.GetString(row) ?? "null",
            BinaryArray b => Convert.ToHexString(b.GetBytes(row)),
            LargeBinaryArray b => Convert.ToHexString(b.GetBytes(row)),
            BinaryViewArray b => Convert.ToHexString(b.GetBytes(row)),
            // Decimals by unscaled value and scale: Parquet may store them in another width.
            FixedSizeBinaryArray d when DecimalScale(d.Data.DataType) is { } scale => Decimal(d.GetBytes(row), scale),
            FixedSizeBinaryArray b => Convert.ToHexString(b.GetBytes(row)),
            BooleanArray b => b.GetValue(row)!.Value ? "true" : "false",
            Int8Array a => a.GetValue(row)!.Value.ToString(Invariant),
            Int16Array a => a.GetValue(row)!.Value.ToString(Invariant),
            Int32Array a => a.GetValue(row)!.Value.ToString(Invariant),
            Int64Array a => a.GetValue(row)!.Value.ToString(Invariant),
            UInt8Array a => a.GetValue(row)!.Value.ToString(Invariant),
            UInt16Array a => a.GetValue(row)!.Value.ToString(Invariant),
            UInt32Array a => a.GetValue(row)!.Value.ToString(Invariant),
            UInt64Array a => a.GetValue(row)!.Value.ToString(Invariant),
            HalfFloatArray a => a.GetValue(row)!.Value.ToString(Invariant),
            FloatArray a => a.GetValue(row)!.Value.ToString("R", Invariant),
            DoubleArray a => a.GetValue(row)!.Value.ToString("R", Invariant),
            // Dates as day numbers (date64 compared as the date it means: Parquet stores days), times, timestamps and
            // durations as nanoseconds, so unit coercions (seconds stored as milliseconds) compare equal.
            Date32Array a => a.GetValue(row)!.Value.ToString(Invariant) + "d",
            // (Arrow C++ converts date64 to Parquet's day count truncating toward zero, as C# integer division does.)
            Date64Array a => (a.GetValue(row)!.Value / 86_400_000).ToString(Invariant) + "d",
            Time32Array a => Nanos(a.GetValue(row)!.Value, ((Time32Type)a.Data.DataType).Unit) + "ns",
            Time64Array a => Nanos(a.GetValue(row)!.Value, ((Time64Type)a.Data.DataType).Unit) + "ns",
            TimestampArray a => Nanos(a.GetValue(row)!.Value, ((TimestampType)a.Data.DataType).Unit) + "ns",
            DurationArray a => Nanos(a.GetValue(row)!.Value, ((DurationType)a.Data.DataType).Unit) + "ns",
            NullArray => "null",
            _ => throw new NotSupportedException($"DeepCells cannot show {array.GetType().Name}"),
        };
    }

    // A struct's offset applies to its children, except where Apache.Arrow already sliced the children to the
    // struct's window (GetSlicedValues of a list of structs): such a child is exactly as long as the struct.
    private static int ChildRow(StructArray parent, IArrowArray child, int row)
        => parent.Offset > 0 && child.Length == parent.Length ? row : parent.Offset + row;

    private static int? DecimalScale(IArrowType type) => type switch
    {
        Decimal32Type t => t.Scale,
        Decimal64Type t => t.Scale,
        Decimal128Type t => t.Scale,
        Decimal256Type t => t.Scale,
        _ => null,
    };

    private static string Decimal(ReadOnlySpan<byte> littleEndian, int scale)
        => new BigInteger(littleEndian, isUnsigned: false, isBigEndian: false).ToString(Invariant) + "e-" + scale.ToString(Invariant);

    private static string Nanos(long value, TimeUnit unit) => (unit switch
    {
        TimeUnit.Second => (Int128)value * 1_000_000_000,
        TimeUnit.Millisecond => (Int128)value * 1_000_000,
        TimeUnit.Microsecond => (Int128)value * 1_000,
        _ => (Int128)value,
    }).ToString(Invariant);

    private static string Elements(IArrowArray values)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < values.Length; i++) sb.Append(i > 0 ? ", " : "").Append(Text(values, i));
        return sb.Append(']').ToString();
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
