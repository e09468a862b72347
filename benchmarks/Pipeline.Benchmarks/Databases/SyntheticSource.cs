using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Benchmarks.Databases;

/// <summary>
/// An in-memory source of <c>rows</c> rows (id int64, amount double with 5% nulls, quantity int32, category string,
/// ts timestamp[us, UTC]) in 65,536-row batches. Eight distinct batches are built once and handed out in turn, so the
/// timed run measures the sink, not the generator.
/// </summary>
internal sealed class SyntheticSource(long rows) : ISource
{
    private const int BatchRows = 65_536;
    private static readonly string[] Categories = ["Books", "Home, Garden", "Toys", "Crafts \"DIY\"", "Électronique", "食品", "Sports", "Music"];

    public static readonly Schema Schema = new Schema.Builder()
        .Field(new Field("id", Int64Type.Default, false))
        .Field(new Field("amount", DoubleType.Default, true))
        .Field(new Field("quantity", Int32Type.Default, false))
        .Field(new Field("category", StringType.Default, false))
        .Field(new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC"), false))
        .Build();

    private readonly RecordBatch[] _templates = Enumerable.Range(0, 8).Select(Build).ToArray();

    public string Format => "memory";
    public IReadOnlyList<string> Files => [];
    public IArrowArrayStream Open(PipelineContext context) => new Stream(this);

    private static RecordBatch Build(int seed)
    {
        var id = new Int64Array.Builder(); var amount = new DoubleArray.Builder(); var quantity = new Int32Array.Builder();
        var category = new StringArray.Builder(); var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < BatchRows; i++)
        {
            long n = (long)seed * BatchRows + i;
            id.Append(n);
            if (n % 20 == 7) amount.AppendNull(); else amount.Append((n * 7919 % 1_000_000) / 100.0);
            quantity.Append((int)(n % 1000) + 1);
            category.Append(Categories[n % Categories.Length]);
            ts.Append(start.AddSeconds(n));
        }
        return new RecordBatch(Schema, [id.Build(), amount.Build(), quantity.Build(), category.Build(), ts.Build()], BatchRows);
    }

    private sealed class Stream(SyntheticSource source) : IArrowArrayStream
    {
        private long _sent;
        private int _next;
        public Schema Schema => SyntheticSource.Schema;

        public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            if (_sent >= rows()) return ValueTask.FromResult<RecordBatch?>(null);
            var template = source._templates[_next++ % source._templates.Length];
            int length = (int)Math.Min(BatchRows, rows() - _sent);
            _sent += length;
            return ValueTask.FromResult<RecordBatch?>(Borrow(template, length));
        }

        private long rows() => source._rows;

        // The runner disposes every batch it reads; these views wrap the template's memory without owning it, so
        // disposing them frees nothing and the templates serve every run.
        private static RecordBatch Borrow(RecordBatch template, int length)
        {
            var arrays = template.Arrays.Select(a => ArrowArrayFactory.BuildArray(new ArrayData(a.Data.DataType, length,
                a.Data.NullCount == 0 ? 0 : -1, 0, a.Data.Buffers.Select(b => new ArrowBuffer(b.Memory)).ToArray())));
            return new RecordBatch(template.Schema, arrays, length);
        }
        public void Dispose() { }
    }

    private readonly long _rows = rows;
}
