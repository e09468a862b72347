using Apache.Arrow;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Analyze.Data;

/// <summary>
/// Which columns are null together: the number of rows per count of null cells (exact), and the rows per pattern of
/// null columns (the first 64 columns; exact while at most <see cref="MaxPatterns"/> patterns occur, after which new
/// patterns are counted together as "other"). Feeds the missing-value matrix and the mostly-empty-rows insight.
/// </summary>
internal sealed class NullPatternAnalyzer : IAnalyzer
{
    /// <summary>Most distinct null patterns kept.</summary>
    public const int MaxPatterns = 256;

    private string[]? _columns;
    private long[]? _rowsByNullCount;
    private readonly Dictionary<ulong, long> _patterns = [];
    private long _otherPatternRows;

    /// <inheritdoc/>
    public string Name => "report_nulls";

    /// <inheritdoc/>
    public IAnalyzer CreateEmpty() => new NullPatternAnalyzer();

    /// <inheritdoc/>
    public void Update(RecordBatch batch)
    {
        _columns ??= batch.Schema.FieldsList.Select(f => f.Name).ToArray();
        _rowsByNullCount ??= new long[_columns.Length + 1];
        var nullCounts = new int[batch.Length];
        var masks = new ulong[batch.Length];
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            var column = batch.Column(c);
            if (column.NullCount == 0) continue;
            for (int i = 0; i < batch.Length; i++)
            {
                if (!column.IsNull(i)) continue;
                nullCounts[i]++;
                if (c < 64) masks[i] |= 1UL << c;
            }
        }
        for (int i = 0; i < batch.Length; i++)
        {
            _rowsByNullCount[nullCounts[i]]++;
            Count(masks[i], 1);
        }
    }

    /// <inheritdoc/>
    public void Merge(IAnalyzer other)
    {
        var o = (NullPatternAnalyzer)other;
        if (o._columns is null) return;
        _columns ??= o._columns;
        _rowsByNullCount ??= new long[_columns.Length + 1];
        for (int i = 0; i < _rowsByNullCount.Length; i++) _rowsByNullCount[i] += o._rowsByNullCount![i];
        foreach (var (mask, rows) in o._patterns.OrderBy(kv => kv.Key)) Count(mask, rows);
        _otherPatternRows += o._otherPatternRows;
    }

    /// <summary>The counts gathered.</summary>
    public NullPatterns Result()
    {
        var columns = _columns ?? [];
        var patterns = _patterns.Where(kv => kv.Key != 0)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
            .Select(kv => new NullPattern(columns.Where((_, c) => c < 64 && (kv.Key & (1UL << c)) != 0).ToArray(), kv.Value))
            .ToList();
        return new NullPatterns(columns, _rowsByNullCount ?? [0], _patterns.GetValueOrDefault(0UL), patterns, _otherPatternRows);
    }

    private void Count(ulong mask, long rows)
    {
        if (_patterns.TryGetValue(mask, out var n)) _patterns[mask] = n + rows;
        else if (_patterns.Count < MaxPatterns) _patterns[mask] = rows;
        else _otherPatternRows += rows;
    }
}

/// <summary>Null cells per row and the patterns of null columns.</summary>
/// <param name="Columns">All columns, in schema order.</param>
/// <param name="RowsByNullCount">Element k: rows with exactly k null cells.</param>
/// <param name="CompleteRows">Rows without any null.</param>
/// <param name="Patterns">Rows per set of null columns (rows with nulls only), most frequent first.</param>
/// <param name="OtherPatternRows">Rows whose pattern was not kept (more than 256 patterns).</param>
public sealed record NullPatterns(IReadOnlyList<string> Columns, IReadOnlyList<long> RowsByNullCount, long CompleteRows,
    IReadOnlyList<NullPattern> Patterns, long OtherPatternRows);

/// <summary>A set of columns that are null together, and in how many rows.</summary>
/// <param name="NullColumns">The null columns.</param>
/// <param name="Rows">Rows with exactly these columns null.</param>
public sealed record NullPattern(IReadOnlyList<string> NullColumns, long Rows);
