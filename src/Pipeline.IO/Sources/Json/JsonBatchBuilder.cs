using Apache.Arrow;

namespace Pipeline.IO.Sources.Json;

/// <summary>Accumulates rows of JSON cells into one Arrow builder per column, converting each cell to its column's kind.</summary>
internal sealed class JsonBatchBuilder
{
    private readonly IReadOnlyList<JsonKind> _kinds;
    private readonly IArrowArrayBuilder[] _builders;

    public JsonBatchBuilder(IReadOnlyList<JsonKind> kinds)
    {
        _kinds = kinds;
        _builders = kinds.Select(k => (IArrowArrayBuilder)(k switch
        {
            JsonKind.Bool => new BooleanArray.Builder(),
            JsonKind.Int => new Int64Array.Builder(),
            JsonKind.Double => new DoubleArray.Builder(),
            _ => new StringArray.Builder(),
        })).ToArray();
    }

    public int Rows { get; private set; }

    /// <summary>Appends one row; every cell already fits its column (the caller checked).</summary>
    public void Append(JsonCell[] cells)
    {
        for (int c = 0; c < _builders.Length; c++)
        {
            var cell = cells[c];
            switch (_builders[c])
            {
                case BooleanArray.Builder b: if (cell.Kind == JsonKind.Null) b.AppendNull(); else b.Append(cell.Bool); break;
                case Int64Array.Builder i: if (cell.Kind == JsonKind.Null) i.AppendNull(); else i.Append(cell.Int); break;
                case DoubleArray.Builder d: if (cell.Kind == JsonKind.Null) d.AppendNull(); else d.Append(cell.Double); break;
                case StringArray.Builder s: if (cell.Kind == JsonKind.Null) s.AppendNull(); else s.Append(cell.Text); break;
            }
        }
        Rows++;
    }

    public RecordBatch Build(Schema schema)
    {
        var arrays = _builders.Select(b => b switch
        {
            BooleanArray.Builder x => (IArrowArray)x.Build(),
            Int64Array.Builder x => x.Build(),
            DoubleArray.Builder x => x.Build(),
            StringArray.Builder x => x.Build(),
            _ => throw new InvalidOperationException("unexpected builder"),
        }).ToList();
        return new RecordBatch(schema, arrays, Rows);
    }
}
