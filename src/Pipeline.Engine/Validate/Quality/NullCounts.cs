using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Validate.Quality;

/// <summary>
/// Counts rows and nulls per column of every batch that passes (placed after cleaning, before validation, so it sees
/// every input row with cleaned values): the completeness of the quality score. Reads only validity counts, so it
/// costs next to nothing. Thread-safe.
/// </summary>
public sealed class NullCounts : IBatchTransform
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _nulls = new(StringComparer.Ordinal);
    private long _rows;

    /// <inheritdoc/>
    public string Name => "quality:nulls";

    /// <summary>Rows seen.</summary>
    public long Rows { get { lock (_gate) return _rows; } }

    /// <summary>Nulls per column seen.</summary>
    public IReadOnlyDictionary<string, long> Nulls { get { lock (_gate) return new Dictionary<string, long>(_nulls, StringComparer.Ordinal); } }

    /// <summary>Adds nulls of one column counted elsewhere (a reader that checked the column without a batch);
    /// the rows are counted by the batches of the same rows.</summary>
    public void AddNulls(string column, long nulls)
    {
        lock (_gate) _nulls[column] = _nulls.GetValueOrDefault(column) + nulls;
    }

    /// <summary>Adds the counts of another part of the input (a partition's, when merging run states).</summary>
    public void Add(long rows, IReadOnlyDictionary<string, long> nulls)
    {
        lock (_gate)
        {
            _rows += rows;
            foreach (var (column, n) in nulls) _nulls[column] = _nulls.GetValueOrDefault(column) + n;
        }
    }

    /// <inheritdoc/>
    public Schema OutputSchema(Schema input) => input;

    /// <inheritdoc/>
    public RecordBatch Apply(RecordBatch batch, PipelineContext context)
    {
        var counts = new long[batch.ColumnCount];
        for (int c = 0; c < counts.Length; c++) counts[c] = batch.Column(c).NullCount;
        lock (_gate)
        {
            _rows += batch.Length;
            for (int c = 0; c < counts.Length; c++)
            {
                var name = batch.Schema.GetFieldByIndex(c).Name;
                _nulls[name] = _nulls.GetValueOrDefault(name) + counts[c];
            }
        }
        return batch;
    }
}
