namespace Pipeline.Core.Quarantine;

/// <summary>
/// Where each input row came from, for readers that know it (CSV, JSON lines): row index → (file, line). Rows that
/// a stage rejects later (rule failures) are then traced to their file line in the quarantine, as reader rejects are.
/// Stored as runs of rows on consecutive lines, so a file of one-line records costs one entry per batch, not one per
/// row. Appended in input order by the reader; read by any worker. A run whose operators reorder rows (sort, dedup)
/// before the stages that quarantine must not use it: row indices there are no longer the reader's.
/// </summary>
public sealed class RowLines
{
    private readonly object _gate = new();
    private readonly List<Segment> _segments = [];

    private readonly record struct Segment(long FirstRow, string File, long FirstLine, long Count);

    /// <summary>Whether stages may look lines up (false once an operator reordered rows).</summary>
    public bool Usable { get; set; } = true;

    /// <summary>Records that rows <paramref name="firstRow"/>.. of the input came from <paramref name="lines"/> of
    /// <paramref name="file"/>, one line per row, in order.</summary>
    public void Record(string file, long firstRow, ReadOnlySpan<long> lines)
    {
        if (lines.IsEmpty) return;
        var found = new List<Segment>();
        int start = 0;
        for (int i = 1; i <= lines.Length; i++)
        {
            if (i < lines.Length && lines[i] == lines[i - 1] + 1) continue;
            found.Add(new Segment(firstRow + start, file, lines[start], i - start));
            start = i;
        }
        lock (_gate) _segments.AddRange(found);
    }

    /// <summary>Records that <paramref name="count"/> rows from <paramref name="firstRow"/> sit on consecutive lines
    /// of <paramref name="file"/> starting at <paramref name="firstLine"/>.</summary>
    public void RecordRun(string file, long firstRow, long firstLine, long count)
    {
        if (count <= 0) return;
        lock (_gate) _segments.Add(new Segment(firstRow, file, firstLine, count));
    }

    /// <summary>The file and line of input row <paramref name="row"/>, when recorded.</summary>
    public bool TryGet(long row, out string file, out long line)
    {
        file = "";
        line = 0;
        if (!Usable) return false;
        lock (_gate)
        {
            int lo = 0, hi = _segments.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                var s = _segments[mid];
                if (row < s.FirstRow) hi = mid - 1;
                else if (row >= s.FirstRow + s.Count) lo = mid + 1;
                else
                {
                    file = s.File;
                    line = s.FirstLine + (row - s.FirstRow);
                    return true;
                }
            }
        }
        return false;
    }
}
