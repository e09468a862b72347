using Pipeline.Kernels.Text;
using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.IO.Sinks.Csv;

/// <summary>
/// Writes Arrow values as CSV fields into a byte buffer: RFC 4180 quoting only when a value holds the delimiter,
/// the quote or a line break (an empty string is written as <c>""</c> so it stays distinct from null, which is an
/// empty field); ISO 8601 dates and timestamps; doubles in shortest round-trip form.
/// </summary>
internal sealed class CsvValueWriter(byte delimiter)
{
    private readonly SearchValues<byte> _needsQuotes = SearchValues.Create([delimiter, (byte)'"', (byte)'\r', (byte)'\n']);

    /// <summary>True when the writer can format values of <paramref name="type"/>.</summary>
    public static bool Supports(IArrowType type) => type switch
    {
        DictionaryType d => Supports(d.ValueType),
        StringType or LargeStringType or StringViewType or BooleanType or Date32Type or Date64Type or TimestampType => true,
        Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type => true,
        HalfFloatType or FloatType or DoubleType => true,
        _ => ArrowValueText.Supports(type),
    };

    /// <summary>Appends a text field (a column name, a string value).</summary>
    public void WriteText(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) { Write(output, "\"\""u8); return; }
        if (utf8.IndexOfAny(_needsQuotes) < 0) { Write(output, utf8); return; }
        output.GetSpan(1)[0] = (byte)'"';
        output.Advance(1);
        while (true)
        {
            int q = utf8.IndexOf((byte)'"');
            if (q < 0) { Write(output, utf8); break; }
            Write(output, utf8[..(q + 1)]);
            output.GetSpan(1)[0] = (byte)'"'; // a quote inside a quoted field is doubled
            output.Advance(1);
            utf8 = utf8[(q + 1)..];
        }
        output.GetSpan(1)[0] = (byte)'"';
        output.Advance(1);
    }

    /// <summary>Appends the value at <paramref name="row"/> of <paramref name="array"/>; a null writes nothing.</summary>
    public void WriteValue(ArrayBufferWriter<byte> output, IArrowArray array, int row)
    {
        if (array.IsNull(row)) return;
        switch (array)
        {
            case StringArray s: WriteText(output, s.GetBytes(row)); return;
            case LargeStringArray s: WriteText(output, Encoding.UTF8.GetBytes(s.GetString(row))); return;
            case StringViewArray s: WriteText(output, s.GetBytes(row)); return;
            case DictionaryArray d: WriteValue(output, d.Dictionary, Pipeline.Kernels.Arrays.DictionarySlots.Get(d.Indices, row)); return;
            case BooleanArray b: Write(output, b.GetValue(row)!.Value ? "true"u8 : "false"u8); return;
            case Int64Array i: Format(output, i.GetValue(row)!.Value); return;
            case Int32Array i: Format(output, i.GetValue(row)!.Value); return;
            case Int16Array i: Format(output, i.GetValue(row)!.Value); return;
            case Int8Array i: Format(output, i.GetValue(row)!.Value); return;
            case UInt64Array i: Format(output, i.GetValue(row)!.Value); return;
            case UInt32Array i: Format(output, i.GetValue(row)!.Value); return;
            case UInt16Array i: Format(output, i.GetValue(row)!.Value); return;
            case UInt8Array i: Format(output, i.GetValue(row)!.Value); return;
            case DoubleArray d: FormatFloat(output, d.GetValue(row)!.Value); return;
            case FloatArray f: FormatFloat(output, f.GetValue(row)!.Value); return;
            case HalfFloatArray h: FormatFloat(output, (float)h.GetValue(row)!.Value); return;
            case Date32Array d: WriteAscii(output, IsoTemporalText.Date(d.Values[row])); return;
            case Date64Array d: WriteAscii(output, IsoTemporalText.Date(Math.DivRem(d.Values[row], 86_400_000L, out long ms) - (ms < 0 ? 1 : 0))); return;
            case TimestampArray t:
            {
                var type = (TimestampType)t.Data.DataType;
                WriteAscii(output, IsoTemporalText.Timestamp(t.Values[row], type.Unit, !string.IsNullOrEmpty(type.Timezone)));
                return;
            }
            default: WriteText(output, Encoding.UTF8.GetBytes(ArrowValueText.Render(array, row))); return;
        }
    }


    private static void Format<T>(ArrayBufferWriter<byte> output, T value) where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(24);
        if (!value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException("number too long");
        output.Advance(written);
    }

    private static void FormatFloat<T>(ArrayBufferWriter<byte> output, T value) where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(32);
        if (!value.TryFormat(span, out int written, "R", CultureInfo.InvariantCulture)) throw new InvalidOperationException("number too long");
        output.Advance(written);
    }

    private static void WriteAscii(ArrayBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        int n = Encoding.UTF8.GetBytes(text, span);
        output.Advance(n);
    }

    private static void Write(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
