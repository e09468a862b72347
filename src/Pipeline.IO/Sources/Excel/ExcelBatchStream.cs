using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Excel;

/// <summary>
/// Streams one sheet of each workbook as record batches. Rows above the header row are skipped; the header row names
/// the columns (an empty name becomes <c>columnN</c>, a repeated one gets <c>_2</c>, <c>_3</c>). Column types come
/// from a first pass over every data row (a workbook is random access and a sheet at most 1,048,576 rows), so no
/// later value can contradict them: whole numbers are int64, other numbers double, TRUE/FALSE bool, date-formatted
/// cells date32 (all at midnight) or timestamp[us] (wall-clock time, no zone), text and mixed columns string. Empty
/// rows hold nothing and are skipped. Several workbooks must have the same header.
/// </summary>
internal sealed class ExcelBatchStream : IArrowArrayStream
{
    private static readonly TimestampType TimestampType = new(TimeUnit.Microsecond, (string?)null);

    private readonly IReadOnlyList<string> _files;
    private readonly ExcelReadOptions _options;
    private readonly PipelineContext _context;
    private readonly string[] _names;
    private readonly ExcelKind[] _kinds;
    private int _fileIndex = -1;
    private ExcelSheetReader? _sheet;
    private IEnumerator<(int Row, object?[] Cells)>? _rows;

    public ExcelBatchStream(IReadOnlyList<string> files, ExcelReadOptions options, PipelineContext context)
    {
        if (options.HeaderRow < 0) throw new PipelineException(PipelineErrorKind.InvalidInput, $"excel header row {options.HeaderRow}: must be 0 (no header) or a row number from 1");
        _files = files;
        _options = options;
        _context = context;
        string? sheetName = null;
        (string?[] Header, List<ExcelKind> Kinds)? first = null;
        foreach (var file in files)
        {
            var scan = Scan(file, out var sheet);
            sheetName ??= sheet;
            if (first is null) first = scan;
            else
            {
                if (!scan.Header.SequenceEqual(first.Value.Header) && options.HeaderRow > 0)
                    throw PipelineException.InvalidInput(file, $"sheet {sheet}: its header ({string.Join(", ", scan.Header)}) differs from {files[0]}'s ({string.Join(", ", first.Value.Header)})");
                for (int c = 0; c < scan.Kinds.Count; c++)
                    if (c < first.Value.Kinds.Count) first.Value.Kinds[c] = ExcelCell.Widen(first.Value.Kinds[c], scan.Kinds[c]);
                    else first.Value.Kinds.Add(scan.Kinds[c]);
            }
        }
        var kinds = first!.Value.Kinds;
        var header = first.Value.Header;
        int columns = Math.Max(kinds.Count, header.Length);
        if (columns > context.Options.MaxColumns)
            throw PipelineException.InvalidInput(files[0], $"sheet {sheetName}: {columns:N0} columns, more than the {context.Options.MaxColumns:N0} allowed (--max-columns)");
        _kinds = Enumerable.Range(0, columns).Select(c => c < kinds.Count ? kinds[c] : ExcelKind.Null).ToArray();
        _names = Names(header, columns);
        var builder = new Schema.Builder();
        for (int c = 0; c < columns; c++)
        {
            var name = _names[c];
            var type = ArrowType(_kinds[c]);
            builder.Field(f => f.Name(name).DataType(type).Nullable(true));
        }
        builder.Metadata("pipeline.format", "excel");
        builder.Metadata("pipeline.sheet", sheetName ?? "");
        builder.Metadata("pipeline.header_row", options.HeaderRow.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Schema = builder.Build();
    }

    public Schema Schema { get; }

    /// <summary>The first pass over one workbook: its header and the kind of every column's values.</summary>
    private (string?[] Header, List<ExcelKind> Kinds) Scan(string file, out string sheet)
    {
        using var reader = new ExcelSheetReader(file, _options);
        sheet = reader.SheetName;
        string?[] header = [];
        var kinds = new List<ExcelKind>();
        foreach (var (row, cells) in reader.Rows())
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            if (row < _options.HeaderRow) continue;
            if (row == _options.HeaderRow)
            {
                int last = LastValue(cells);
                header = cells.Take(last + 1).Select(v => v is null or DBNull ? null : ExcelCell.Text(v).Trim()).ToArray();
                continue;
            }
            int end = LastValue(cells);
            while (kinds.Count <= end) kinds.Add(ExcelKind.Null);
            for (int c = 0; c <= end; c++) kinds[c] = ExcelCell.Widen(kinds[c], ExcelCell.KindOf(cells[c]));
        }
        if (_options.HeaderRow > 0 && header.Length == 0 && kinds.Count == 0)
            throw PipelineException.InvalidInput(file, $"sheet {sheet}: no header at row {_options.HeaderRow} and no data (the sheet is empty there; choose --header-row or --sheet)");
        return (header, kinds);
    }

    private static int LastValue(object?[] cells)
    {
        for (int c = cells.Length - 1; c >= 0; c--)
            if (ExcelCell.KindOf(cells[c]) != ExcelKind.Null) return c;
        return -1;
    }

    private static string[] Names(string?[] header, int columns)
    {
        var names = new string[columns];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < columns; c++)
        {
            var name = c < header.Length && !string.IsNullOrEmpty(header[c]) ? header[c]! : $"column{c + 1}";
            var unique = name;
            for (int n = 2; !seen.Add(unique); n++) unique = $"{name}_{n}";
            names[c] = unique;
        }
        return names;
    }

    private static IArrowType ArrowType(ExcelKind kind) => kind switch
    {
        ExcelKind.Bool => BooleanType.Default,
        ExcelKind.Int => Int64Type.Default,
        ExcelKind.Double => DoubleType.Default,
        ExcelKind.Date => Date32Type.Default,
        ExcelKind.Timestamp => TimestampType,
        _ => StringType.Default,
    };

    private bool NextRow(out object?[] cells)
    {
        while (true)
        {
            if (_rows is null)
            {
                _sheet?.Dispose();
                _sheet = null;
                if (++_fileIndex >= _files.Count) { cells = []; return false; }
                _sheet = new ExcelSheetReader(_files[_fileIndex], _options);
                _context.Progress.AddTotal(new FileInfo(_files[_fileIndex]).Length);
                _rows = _sheet.Rows().GetEnumerator();
            }
            if (!_rows.MoveNext())
            {
                _context.Progress.Advance(new FileInfo(_files[_fileIndex]).Length);
                _rows.Dispose();
                _rows = null;
                continue;
            }
            var (row, values) = _rows.Current;
            if (row <= _options.HeaderRow || LastValue(values) < 0) continue;
            cells = values;
            return true;
        }
    }

    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        var builders = _kinds.Select(NewBuilder).ToArray();
        int rows = 0;
        while (rows < _context.Options.BatchSize && NextRow(out var cells))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int c = 0; c < builders.Length; c++) Append(builders[c], c < cells.Length ? cells[c] : null);
            rows++;
        }
        if (rows == 0) return ValueTask.FromResult<RecordBatch?>(null);
        var arrays = builders.Select(Build).ToList();
        return ValueTask.FromResult<RecordBatch?>(new RecordBatch(Schema, arrays, rows));
    }

    private static IArrowArrayBuilder NewBuilder(ExcelKind kind) => kind switch
    {
        ExcelKind.Bool => new BooleanArray.Builder(),
        ExcelKind.Int => new Int64Array.Builder(),
        ExcelKind.Double => new DoubleArray.Builder(),
        ExcelKind.Date => new Date32Array.Builder(),
        ExcelKind.Timestamp => new TimestampArray.Builder(TimestampType),
        _ => new StringArray.Builder(),
    };

    private static void Append(IArrowArrayBuilder builder, object? value)
    {
        bool isNull = ExcelCell.KindOf(value) == ExcelKind.Null;
        switch (builder)
        {
            case BooleanArray.Builder b: if (isNull) b.AppendNull(); else b.Append((bool)value!); break;
            case Int64Array.Builder i: if (isNull) i.AppendNull(); else i.Append((long)ExcelCell.Number(value!)); break;
            case DoubleArray.Builder d: if (isNull) d.AppendNull(); else d.Append(ExcelCell.Number(value!)); break;
            case Date32Array.Builder d: if (isNull) d.AppendNull(); else d.Append(((DateTime)value!).Date); break;
            case TimestampArray.Builder t:
                if (isNull) t.AppendNull();
                else t.Append(new DateTimeOffset(DateTime.SpecifyKind((DateTime)value!, DateTimeKind.Unspecified), TimeSpan.Zero));
                break;
            case StringArray.Builder s: if (isNull) s.AppendNull(); else s.Append(ExcelCell.Text(value!)); break;
        }
    }

    private static IArrowArray Build(IArrowArrayBuilder builder) => builder switch
    {
        BooleanArray.Builder b => b.Build(),
        Int64Array.Builder b => b.Build(),
        DoubleArray.Builder b => b.Build(),
        Date32Array.Builder b => b.Build(),
        TimestampArray.Builder b => b.Build(),
        StringArray.Builder b => b.Build(),
        _ => throw new InvalidOperationException("unexpected builder"),
    };

    public void Dispose()
    {
        _rows?.Dispose();
        _sheet?.Dispose();
        _rows = null;
        _sheet = null;
    }
}
