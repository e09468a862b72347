using System.Buffers;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Splits records into fields over UTF-8 bytes (RFC 4180, leniently). A quote opens a quoted field only at the
/// start of a field; inside, a doubled quote is a literal quote and delimiters and line breaks are data. A quote in
/// the middle of an unquoted field is data. Text after a closing quote continues the field (<c>"ab"c</c> reads
/// <c>abc</c>, as Python's csv module does). A record ends at the terminator byte outside quotes; with <c>\n</c>
/// terminators a preceding <c>\r</c> is dropped. <see cref="CsvChunkSplitter"/> applies the same quote rule, so
/// chunk boundaries always fall between records. Not thread-safe: one instance per worker.
/// </summary>
internal sealed class CsvTokenizer
{
    private readonly byte _delimiter, _quote, _terminator;
    private readonly SearchValues<byte> _fieldStops;
    private CsvField[] _fields = new CsvField[16];

    public CsvTokenizer(CsvDialect dialect)
    {
        _delimiter = (byte)dialect.Delimiter;
        _quote = (byte)dialect.Quote;
        _terminator = dialect.Terminator;
        _fieldStops = SearchValues.Create([_delimiter, _terminator]);
    }

    /// <summary>Fields of the last record read.</summary>
    public ReadOnlySpan<CsvField> Fields => _fields.AsSpan(0, FieldCount);

    /// <summary>Number of fields of the last record read.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Line breaks inside quoted fields of the last record (the record spans that many extra lines).</summary>
    public int InnerLineBreaks { get; private set; }

    /// <summary>True when the last record's final quoted field never closed (the data ended inside quotes).</summary>
    public bool Unterminated { get; private set; }

    /// <summary>True when the last record is an empty line.</summary>
    public bool IsBlank => FieldCount == 1 && _fields[0].Length == 0 && _fields[0].Shape == CsvFieldShape.Plain;

    /// <summary>Reads the record starting at <paramref name="pos"/>, moving <paramref name="pos"/> past its terminator.
    /// The data is taken to end after its last record (a missing final line break is fine). Returns false at the end.</summary>
    public bool ReadRecord(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos >= data.Length) return false;
        FieldCount = 0;
        InnerLineBreaks = 0;
        Unterminated = false;
        int p = pos;
        while (true)
        {
            if (FieldCount == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
            ref var field = ref _fields[FieldCount++];
            if (p < data.Length && data[p] == _quote)
                p = ReadQuoted(data, p, ref field);
            else
            {
                int stop = data[p..].IndexOfAny(_fieldStops);
                int end = stop < 0 ? data.Length : p + stop;
                field.Start = p;
                field.Length = end - p;
                field.Shape = CsvFieldShape.Plain;
                p = end;
            }
            if (p >= data.Length) { pos = data.Length; break; }
            byte b = data[p];
            if (b == _delimiter) { p++; continue; }
            // b is the terminator, or the \r of a \r\n after a closing quote (ReadQuoted and the scan above stop
            // only there, at a delimiter, or at the end).
            pos = b == '\r' && _terminator == '\n' ? Math.Min(p + 2, data.Length) : p + 1;
            break;
        }
        // "\r\n": the \r belongs to the terminator, not to an unquoted last field.
        if (_terminator == '\n')
        {
            ref var last = ref _fields[FieldCount - 1];
            if (last.Shape is CsvFieldShape.Plain or CsvFieldShape.Irregular && last.Length > 0 && data[last.Start + last.Length - 1] == '\r')
                last.Length--;
        }
        return true;
    }

    // Reads a quoted field starting at the opening quote; returns the position of the byte after the field
    // (a delimiter, the terminator, or the end).
    private int ReadQuoted(ReadOnlySpan<byte> data, int open, ref CsvField field)
    {
        int p = open + 1;
        bool escaped = false;
        while (true)
        {
            int q = data[p..].IndexOf(_quote);
            if (q < 0)
            {
                // Unterminated: the rest of the data is this field's content.
                InnerLineBreaks += data[p..].Count(_terminator);
                Unterminated = true;
                field.Start = open + 1;
                field.Length = data.Length - open - 1;
                field.Shape = escaped ? CsvFieldShape.Escaped : CsvFieldShape.Quoted;
                return data.Length;
            }
            p += q;
            if (p + 1 < data.Length && data[p + 1] == _quote) { escaped = true; p += 2; continue; }
            break;
        }
        int close = p;
        InnerLineBreaks += data[(open + 1)..close].Count(_terminator);
        p = close + 1;
        if (p >= data.Length || data[p] == _delimiter || data[p] == _terminator
            || (data[p] == '\r' && _terminator == '\n' && (p + 1 == data.Length || data[p + 1] == '\n')))
        {
            field.Start = open + 1;
            field.Length = close - open - 1;
            field.Shape = escaped ? CsvFieldShape.Escaped : CsvFieldShape.Quoted;
            return p;
        }
        // Text after the closing quote: the field runs to the next delimiter or terminator (quotes there are data).
        int stop = data[p..].IndexOfAny(_fieldStops);
        int end = stop < 0 ? data.Length : p + stop;
        field.Start = open;
        field.Length = end - open;
        field.Shape = CsvFieldShape.Irregular;
        return end;
    }

    /// <summary>The value of a field: its bytes, or a decoded copy in <paramref name="scratch"/> when quotes must be removed.</summary>
    public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> data, in CsvField field, ref byte[] scratch)
    {
        var raw = data.Slice(field.Start, field.Length);
        if (field.Shape is CsvFieldShape.Plain or CsvFieldShape.Quoted) return raw;
        if (scratch.Length < raw.Length) scratch = new byte[Math.Max(raw.Length, scratch.Length * 2)];
        int n = 0;
        if (field.Shape == CsvFieldShape.Escaped)
        {
            for (int i = 0; i < raw.Length; i++)
            {
                scratch[n++] = raw[i];
                if (raw[i] == _quote && i + 1 < raw.Length && raw[i + 1] == _quote) i++;
            }
            return scratch.AsSpan(0, n);
        }
        // Irregular: "quoted part" then literal text.
        bool inQuotes = false;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b == _quote)
            {
                if (i == 0) { inQuotes = true; continue; }
                if (inQuotes)
                {
                    if (i + 1 < raw.Length && raw[i + 1] == _quote) { scratch[n++] = b; i++; continue; }
                    inQuotes = false;
                    continue;
                }
            }
            scratch[n++] = b;
        }
        return scratch.AsSpan(0, n);
    }
}
