using Apache.Arrow;
using Apache.Arrow.Memory;
using Apache.Arrow.Types;

namespace Pipeline.Connectors.Redis;

/// <summary>Builds Arrow batches of text columns (Redis values are strings) row by row, and knows its size so a
/// batch is cut by bytes as well as rows.</summary>
internal sealed class RedisRowBuilder
{
    private readonly StringArray.Builder[] _columns;
    private long _bytes;

    public RedisRowBuilder(Schema schema)
    {
        Schema = schema;
        _columns = [.. schema.FieldsList.Select(_ => new StringArray.Builder())];
    }

    /// <summary>The schema: every column text.</summary>
    public Schema Schema { get; }

    /// <summary>Rows appended since the last <see cref="Build"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>Approximate bytes held.</summary>
    public long Bytes => _bytes;

    /// <summary>Appends one row; <paramref name="values"/> holds one entry per column (null for a missing value).</summary>
    public void Append(string?[] values)
    {
        for (int c = 0; c < _columns.Length; c++)
        {
            var value = values[c];
            if (value is null) _columns[c].AppendNull();
            else { _columns[c].Append(value); _bytes += value.Length + 4; }
        }
        Rows++;
    }

    /// <summary>The rows so far as a batch; the builder starts over.</summary>
    public RecordBatch Build()
    {
        var arrays = _columns.Select(c => (IArrowArray)c.Build(MemoryAllocator.Default.Value)).ToList();
        var batch = new RecordBatch(Schema, arrays, Rows);
        foreach (var c in _columns) c.Clear();
        Rows = 0;
        _bytes = 0;
        return batch;
    }

    /// <summary>A schema of text columns with these names.</summary>
    public static Schema TextSchema(IEnumerable<string> names)
        => new(names.Select(n => new Field(n, StringType.Default, nullable: true)), null);
}
