using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Quarantine;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Json;

namespace Pipeline.IO.Sources.FixedWidth;

/// <summary>
/// Streams fixed-width text as record batches. Each line is decoded as UTF-8 (invalid bytes become U+FFFD) and each
/// column is the layout's characters (start counted from 1), trimmed of spaces; an empty value is null, a line shorter
/// than the layout has nulls at its end. Column types come from the first <c>InferenceSampleRows</c> lines: int64 when
/// every value is a whole number, double when every value is a number, else string. Quarantined with their line: a
/// line with text past the layout's last column, and a later value that does not fit its column's type. Blank lines
/// are skipped. Compressed inputs and standard input are read like files.
/// </summary>
internal sealed class FixedWidthStream : IArrowArrayStream
{
    private enum Kind { Null, Int, Double, String }

    private readonly IReadOnlyList<string> _files;
    private readonly SourceOptions _options;
    private readonly PipelineContext _context;
    private readonly FixedWidthColumn[] _columns;
    private readonly int _end;
    private readonly Kind[] _kinds;
    private readonly Queue<(string File, long Line, string Text)> _sample = new();
    private string _lineFile = "";
    private int _fileIndex = -1;
    private Stream? _stream;
    private LineReader? _reader;

    public FixedWidthStream(IReadOnlyList<string> files, SourceOptions options, PipelineContext context)
    {
        _files = files;
        _options = options;
        _context = context;
        _columns = [.. options.FixedWidth];
        _end = _columns.Max(c => c.Start - 1 + c.Width);
        _kinds = new Kind[_columns.Length];
        try
        {
            NextFile();
            while (_sample.Count < context.Options.InferenceSampleRows && _fileIndex == 0 && NextLine(out var line, out var text))
            {
                _sample.Enqueue((_lineFile, line, text));
                for (int c = 0; c < _columns.Length; c++) _kinds[c] = Widen(_kinds[c], KindOf(Cut(text, _columns[c])));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        var builder = new Schema.Builder();
        for (int c = 0; c < _columns.Length; c++)
        {
            var name = _columns[c].Name;
            IArrowType type = _kinds[c] switch { Kind.Int => Int64Type.Default, Kind.Double => DoubleType.Default, _ => StringType.Default };
            builder.Field(f => f.Name(name).DataType(type).Nullable(true));
        }
        builder.Metadata("pipeline.format", FixedWidthFormat.FormatName);
        builder.Metadata("pipeline.layout", string.Join(",", _columns.Select(c => $"{c.Name}:{c.Start}:{c.Width}")));
        Schema = builder.Build();
    }

    public Schema Schema { get; }

    private string CurrentFile => _files[_fileIndex];

    private bool NextFile()
    {
        _reader?.Dispose();
        _stream?.Dispose();
        _reader = null;
        _stream = null;
        if (++_fileIndex >= _files.Count) return false;
        _stream = InputOpener.Open(CurrentFile, _options.Decompression, _context.Progress).Content;
        _reader = new LineReader(_stream);
        return true;
    }

    private bool NextLine(out long line, out string text)
    {
        while (_reader is not null)
        {
            while (_reader.TryReadLine(out var bytes, out bool tooLong))
            {
                line = _reader.LineNumber;
                if (tooLong)
                {
                    _context.Quarantine.Add(new QuarantinedRow("read", CurrentFile, line, $"line longer than {LineReader.MaxLineBytes >> 20} MiB", null));
                    continue;
                }
                if (bytes.Trim(" \t"u8).IsEmpty) continue;
                text = Encoding.UTF8.GetString(bytes);
                _lineFile = CurrentFile;
                return true;
            }
            if (!NextFile()) break;
        }
        line = 0;
        text = "";
        return false;
    }

    private static string? Cut(string line, FixedWidthColumn column)
    {
        int start = column.Start - 1;
        if (start >= line.Length) return null;
        var value = line.AsSpan(start, Math.Min(column.Width, line.Length - start)).Trim(' ');
        return value.IsEmpty ? null : value.ToString();
    }

    private static Kind KindOf(string? value)
    {
        if (value is null) return Kind.Null;
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return Kind.Int;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return Kind.Double;
        return Kind.String;
    }

    private static Kind Widen(Kind a, Kind b)
    {
        if (a == Kind.Null) return b;
        if (b == Kind.Null || a == b) return a;
        if (a is Kind.Int or Kind.Double && b is Kind.Int or Kind.Double) return Kind.Double;
        return Kind.String;
    }

    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        var builders = _kinds.Select(k => (IArrowArrayBuilder)(k switch
        {
            Kind.Int => new Int64Array.Builder(),
            Kind.Double => new DoubleArray.Builder(),
            _ => new StringArray.Builder(),
        })).ToArray();
        var values = new string?[_columns.Length];
        int rows = 0;
        while (rows < _context.Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long line;
            string text, file;
            if (_sample.Count > 0) (file, line, text) = _sample.Dequeue();
            else if (NextLine(out line, out text)) file = _lineFile;
            else break;
            if (Problem(text, values) is { } problem)
            {
                _context.Quarantine.Add(new QuarantinedRow("read", file, line, problem, text.Length > QuarantineCollector.MaxRecordChars ? text[..QuarantineCollector.MaxRecordChars] : text));
                continue;
            }
            for (int c = 0; c < builders.Length; c++)
            {
                var v = values[c];
                switch (builders[c])
                {
                    case Int64Array.Builder i: if (v is null) i.AppendNull(); else i.Append(long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)); break;
                    case DoubleArray.Builder d: if (v is null) d.AppendNull(); else d.Append(double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)); break;
                    case StringArray.Builder s: if (v is null) s.AppendNull(); else s.Append(v); break;
                }
            }
            rows++;
        }
        if (rows == 0) return ValueTask.FromResult<RecordBatch?>(null);
        var arrays = builders.Select(b => b switch
        {
            Int64Array.Builder x => (IArrowArray)x.Build(),
            DoubleArray.Builder x => x.Build(),
            StringArray.Builder x => x.Build(),
            _ => throw new InvalidOperationException("unexpected builder"),
        }).ToList();
        return ValueTask.FromResult<RecordBatch?>(new RecordBatch(Schema, arrays, rows));
    }

    /// <summary>Cuts a line into <paramref name="values"/>; returns why it cannot be a row, or null.</summary>
    private string? Problem(string text, string?[] values)
    {
        if (text.Length > _end && !text.AsSpan(_end).Trim(" \t\r").IsEmpty)
            return $"{text.Length - _end} characters past the layout's last column (which ends at character {_end})";
        for (int c = 0; c < _columns.Length; c++)
        {
            values[c] = Cut(text, _columns[c]);
            if (values[c] is { } v && Widen(_kinds[c], KindOf(v)) != _kinds[c])
                return $"column '{_columns[c].Name}' (characters {_columns[c].Start}-{_columns[c].Start + _columns[c].Width - 1}): '{v}' is not {(_kinds[c] == Kind.Int ? "int64" : "double")}";
        }
        return null;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _stream?.Dispose();
        _reader = null;
        _stream = null;
    }
}
