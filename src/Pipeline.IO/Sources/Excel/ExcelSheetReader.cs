using System.Text;
using ExcelDataReader;
using Pipeline.Core.Errors;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Excel;

/// <summary>
/// One sheet of one workbook, row by row (ExcelDataReader streams the sheet's XML or BIFF records; the shared string
/// table is held in memory). Cells covered by a merged range take the value of the range's top-left cell, so a
/// label merged down several rows is on each of them. Rows are numbered from 1 as Excel numbers them.
/// </summary>
internal sealed class ExcelSheetReader : IDisposable
{
    static ExcelSheetReader()
    {
        // xls stores text in Windows code pages; .NET needs the provider to decode them.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private readonly FileStream _stream;
    private readonly IExcelDataReader _reader;

    public ExcelSheetReader(string file, ExcelReadOptions options)
    {
        File = file;
        try
        {
            _stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw PipelineException.InvalidInput(file, $"cannot read: {ex.Message}", ex);
        }
        try
        {
            _reader = Guard(() => ExcelReaderFactory.CreateReader(_stream), "not a readable Excel workbook");
            SheetName = Guard(() => SelectSheet(options.Sheet), "cannot read the workbook's sheets");
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The workbook's path.</summary>
    public string File { get; }

    /// <summary>The sheet read.</summary>
    public string SheetName { get; }

    private string SelectSheet(string? wanted)
    {
        var names = new List<string>();
        do names.Add(_reader.Name); while (_reader.NextResult());
        int index = 0;
        if (wanted is not null)
        {
            index = names.FindIndex(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && int.TryParse(wanted, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int position)
                          && position >= 1 && position <= names.Count)
                index = position - 1;
            if (index < 0)
                throw PipelineException.InvalidInput(File, $"no sheet '{wanted}' (sheets: {string.Join(", ", names)})");
        }
        _reader.Reset();
        for (int i = 0; i < index; i++) _reader.NextResult();
        return names[index];
    }

    /// <summary>Every row of the sheet from row 1, cells filled from merged ranges; the array is reused between rows.</summary>
    public IEnumerable<(int Row, object?[] Cells)> Rows()
    {
        var merges = (_reader.MergeCells ?? []).OrderBy(m => m.FromRow).ToList();
        var active = new List<(CellRange Range, object? Value)>();
        int nextMerge = 0;
        var cells = Array.Empty<object?>();
        for (int row = 0; ; row++)
        {
            if (!Guard(() => _reader.Read(), $"sheet {SheetName}, row {row + 1}: cannot read")) yield break;
            int count = _reader.FieldCount;
            if (cells.Length != count) cells = new object?[count];
            for (int c = 0; c < count; c++) cells[c] = Guard(() => _reader.GetValue(c), $"sheet {SheetName}, row {row + 1}: cannot read a cell");
            active.RemoveAll(a => a.Range.ToRow < row);
            while (nextMerge < merges.Count && merges[nextMerge].FromRow <= row)
            {
                var range = merges[nextMerge++];
                if (range.ToRow >= row) active.Add((range, range.FromRow == row && range.FromColumn < count ? cells[range.FromColumn] : null));
            }
            foreach (var (range, value) in active)
            {
                if (value is null) continue;
                for (int c = range.FromColumn; c <= range.ToColumn && c < count; c++)
                    if (cells[c] is null) cells[c] = value;
            }
            yield return (row + 1, cells);
        }
    }

    private T Guard<T>(Func<T> read, string what)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not PipelineException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw PipelineException.InvalidInput(File, $"{what}: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }
}
