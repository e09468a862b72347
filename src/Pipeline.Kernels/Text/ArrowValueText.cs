using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Kernels.Text;

/// <summary>
/// Text for Arrow values that have no natural CSV form: nested values (lists, structs, maps, unions) as compact JSON,
/// binary as base64, decimals exactly from their integer representation, times and durations from their raw count
/// (so values outside one day, which generated and real data do contain, still print instead of failing).
/// </summary>
public static class ArrowValueText
{
    /// <summary>True for types this helper can render (used by the CSV sink's up-front schema check).</summary>
    public static bool Supports(IArrowType type) => type switch
    {
        BinaryType or LargeBinaryType or FixedSizeBinaryType or BinaryViewType => true, // decimals derive from FixedSizeBinaryType
        Time32Type or Time64Type or DurationType or NullType => true,
        ListType or LargeListType or FixedSizeListType or ListViewType or StructType or MapType or UnionType => true,
        IntervalType => true,
        _ => false,
    };

    /// <summary>The text of a non-null value of a type <see cref="Supports"/> accepts.</summary>
    public static string Render(IArrowArray array, int row) => Scalar(array, row) ?? Json(array, row);

    // Non-nested values with no plain CSV form; null for nested values (rendered as JSON).
    private static string? Scalar(IArrowArray array, int row) => array switch
    {
        BinaryArray b => Convert.ToBase64String(b.GetBytes(row)),
        LargeBinaryArray b => Convert.ToBase64String(b.GetBytes(row)),
        BinaryViewArray v => Convert.ToBase64String(v.GetBytes(row)),
        Decimal128Array or Decimal256Array or Decimal64Array or Decimal32Array => Decimal(array, row),
        { Data.DataType: FixedSizeBinaryType } => Convert.ToBase64String(FixedBytes(array, row)),
        Time32Array t => Clock(t.Values[row], ((Time32Type)t.Data.DataType).Unit),
        Time64Array t => Clock(t.Values[row], ((Time64Type)t.Data.DataType).Unit),
        DurationArray d => Clock(d.Values[row], ((DurationType)d.Data.DataType).Unit),
        { Data.DataType: IntervalType interval } => Interval(array, interval, row),
        NullArray => "",
        _ => null,
    };

    // Intervals from their raw layout (Arrow format spec): months; days + milliseconds; months + days + nanoseconds.
    private static string Interval(IArrowArray array, IntervalType type, int row)
    {
        var values = array.Data.Buffers[1].Span;
        int i = array.Offset + row;
        return type.Unit switch
        {
            IntervalUnit.YearMonth => $"{{\"months\":{BitConverter.ToInt32(values.Slice(i * 4, 4))}}}",
            IntervalUnit.DayTime => $"{{\"days\":{BitConverter.ToInt32(values.Slice(i * 8, 4))},\"milliseconds\":{BitConverter.ToInt32(values.Slice(i * 8 + 4, 4))}}}",
            _ => $"{{\"months\":{BitConverter.ToInt32(values.Slice(i * 16, 4))},\"days\":{BitConverter.ToInt32(values.Slice(i * 16 + 4, 4))},\"nanoseconds\":{BitConverter.ToInt64(values.Slice(i * 16 + 8, 8))}}}",
        };
    }

    private static byte[] FixedBytes(IArrowArray array, int row)
    {
        int width = ((FixedSizeBinaryType)array.Data.DataType).ByteWidth;
        return array.Data.Buffers[1].Span.Slice((array.Offset + row) * width, width).ToArray();
    }

    private static string Decimal(IArrowArray array, int row)
    {
        var type = (FixedSizeBinaryType)array.Data.DataType;
        int scale = type switch
        {
            Decimal32Type d => d.Scale,
            Decimal64Type d => d.Scale,
            Decimal128Type d => d.Scale,
            Decimal256Type d => d.Scale,
            _ => 0,
        };
        var raw = array.Data.Buffers[1].Span.Slice((array.Offset + row) * type.ByteWidth, type.ByteWidth);
        var digits = BigInteger.Abs(new BigInteger(raw, isUnsigned: false, isBigEndian: false)).ToString(CultureInfo.InvariantCulture);
        bool negative = (raw[^1] & 0x80) != 0;
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }
        else if (scale < 0)
        {
            digits += new string('0', -scale);
        }
        return negative ? "-" + digits : digits;
    }

    private static string Clock(long value, TimeUnit unit)
    {
        long perSecond = unit switch { TimeUnit.Second => 1, TimeUnit.Millisecond => 1_000, TimeUnit.Microsecond => 1_000_000, _ => 1_000_000_000 };
        var sign = value < 0 ? "-" : "";
        var magnitude = BigInteger.Abs(value); // BigInteger: |long.MinValue| does not fit in a long
        var seconds = BigInteger.DivRem(magnitude, perSecond, out var fraction);
        var text = $"{sign}{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}";
        if (!fraction.IsZero)
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft((int)Math.Log10(perSecond), '0').TrimEnd('0');
        return text;
    }

    private static string Json(IArrowArray array, int row)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: CSV is not HTML, so non-ASCII text stays readable instead of becoming \uXXXX.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteJson(json, array, row);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteJson(Utf8JsonWriter json, IArrowArray array, int row)
    {
        if (array.IsNull(row)) { json.WriteNullValue(); return; }
        switch (array)
        {
            case StructArray s:
            {
                json.WriteStartObject();
                var fields = ((StructType)s.Data.DataType).Fields;
                for (int f = 0; f < fields.Count; f++)
                {
                    json.WritePropertyName(fields[f].Name);
                    WriteJson(json, s.Fields[f], row);
                }
                json.WriteEndObject();
                return;
            }
            case MapArray m:
            {
                json.WriteStartArray();
                int start = m.ValueOffsets[row], end = m.ValueOffsets[row + 1];
                for (int i = start; i < end; i++)
                {
                    json.WriteStartObject();
                    json.WritePropertyName("key");
                    WriteJson(json, m.Keys, i);
                    json.WritePropertyName("value");
                    WriteJson(json, m.Values, i);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                return;
            }
            case ListArray l: WriteItems(json, l.Values, l.ValueOffsets[row], l.ValueOffsets[row + 1]); return;
            case LargeListArray l: WriteItems(json, l.Values, checked((int)l.ValueOffsets[row]), checked((int)l.ValueOffsets[row + 1])); return;
            case FixedSizeListArray f:
            {
                int size = ((FixedSizeListType)f.Data.DataType).ListSize;
                WriteItems(json, f.Values, (f.Offset + row) * size, (f.Offset + row + 1) * size);
                return;
            }
            case ListViewArray v:
            {
                int start = v.ValueOffsets[row];
                WriteItems(json, v.Values, start, start + v.Sizes[row]);
                return;
            }
            case UnionArray u:
            {
                int child = u.TypeIds[row];
                var type = (UnionType)u.Data.DataType;
                int index = System.Array.IndexOf(type.TypeIds, child);
                int childRow = u is DenseUnionArray d ? d.ValueOffsets[row] : row;
                WriteJson(json, u.Fields[index], childRow);
                return;
            }
            case BooleanArray b: json.WriteBooleanValue(b.GetValue(row)!.Value); return;
            case Int8Array i: json.WriteNumberValue(i.GetValue(row)!.Value); return;
            case Int16Array i: json.WriteNumberValue(i.GetValue(row)!.Value); return;
            case Int32Array i: json.WriteNumberValue(i.GetValue(row)!.Value); return;
            case Int64Array i: json.WriteNumberValue(i.GetValue(row)!.Value); return;
            case UInt8Array i: json.WriteNumberValue(i.GetValue(row)!.Value); return;
            case UInt16Array i: json.WriteNumberValue(i.GetValue(row)!.Value); return;
            case UInt32Array i: json.WriteNumberValue(i.GetValue(row)!.Value); return;
            case UInt64Array i: json.WriteNumberValue(i.GetValue(row)!.Value); return;
            case DoubleArray d when double.IsFinite(d.GetValue(row)!.Value): json.WriteNumberValue(d.GetValue(row)!.Value); return;
            case FloatArray f when float.IsFinite(f.GetValue(row)!.Value): json.WriteNumberValue(f.GetValue(row)!.Value); return;
            case StringArray s: json.WriteStringValue(s.GetString(row)); return;
            case LargeStringArray s: json.WriteStringValue(s.GetString(row)); return;
            case StringViewArray s: json.WriteStringValue(s.GetString(row)); return;
            case NullArray: json.WriteNullValue(); return;
            case DictionaryArray d: WriteJson(json, d.Dictionary, Pipeline.Kernels.Arrays.DictionarySlots.Get(d.Indices, row)); return;
            default: json.WriteStringValue(Scalar(array, row) ?? ScalarText(array, row)); return;
        }
    }

    private static void WriteItems(Utf8JsonWriter json, IArrowArray values, int start, int end)
    {
        json.WriteStartArray();
        for (int i = start; i < end; i++) WriteJson(json, values, i);
        json.WriteEndArray();
    }

    private static string ScalarText(IArrowArray array, int row) => array switch
    {
        DoubleArray d => d.GetValue(row)!.Value.ToString("R", CultureInfo.InvariantCulture),
        FloatArray f => f.GetValue(row)!.Value.ToString("R", CultureInfo.InvariantCulture),
        HalfFloatArray h => ((float)h.GetValue(row)!.Value).ToString("R", CultureInfo.InvariantCulture),
        Date32Array d => IsoTemporalText.Date(d.Values[row]),
        Date64Array d => IsoTemporalText.Date(Math.DivRem(d.Values[row], 86_400_000L, out long ms) - (ms < 0 ? 1 : 0)),
        TimestampArray t => IsoTemporalText.Timestamp(t.Values[row], ((TimestampType)t.Data.DataType).Unit, !string.IsNullOrEmpty(((TimestampType)t.Data.DataType).Timezone)),
        _ => array.Data.DataType.Name,
    };

}
