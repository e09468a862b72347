namespace Pipeline.Core.Quarantine;

/// <summary>
/// Collects the file line of each row a reader emits, one row at a time, into runs of consecutive lines for
/// <see cref="RowLines"/>: a reader that knows lines row by row (JSON lines skips blank and rejected lines) records one
/// entry per unbroken run instead of one per row.
/// </summary>
/// <param name="lines">Where the runs go.</param>
/// <param name="firstRow">The input row index of the first row added.</param>
public sealed class RowLineRecorder(RowLines lines, long firstRow)
{
    private string? _file;
    private long _runFirstRow = firstRow;
    private long _runFirstLine;
    private long _runCount;

    /// <summary>The row index the next added row gets.</summary>
    public long NextRow => _runFirstRow + _runCount;

    /// <summary>Adds the next row, read from <paramref name="line"/> of <paramref name="file"/>.</summary>
    public void Add(string file, long line)
    {
        if (_runCount > 0 && string.Equals(file, _file, StringComparison.Ordinal) && line == _runFirstLine + _runCount)
        {
            _runCount++;
            return;
        }
        Flush();
        (_file, _runFirstLine, _runCount) = (file, line, 1);
    }

    /// <summary>Records the open run.</summary>
    public void Flush()
    {
        if (_runCount == 0) return;
        lines.RecordRun(_file!, _runFirstRow, _runFirstLine, _runCount);
        _runFirstRow += _runCount;
        _runCount = 0;
    }
}
