using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Tests.Execution;

/// <summary>In-memory sources, sinks and analyzers for runner tests.</summary>
internal static class TestBatches
{
    public static readonly Schema Schema = new Schema.Builder()
        .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("value").DataType(DoubleType.Default).Nullable(true))
        .Build();

    /// <summary>Rows 0..rows-1 in batches of <paramref name="batchSize"/>; every 7th value is null.</summary>
    public static IEnumerable<RecordBatch> Make(int rows, int batchSize)
    {
        for (int start = 0; start < rows; start += batchSize)
        {
            int n = Math.Min(batchSize, rows - start);
            var ids = new Int64Array.Builder();
            var values = new DoubleArray.Builder();
            for (int i = start; i < start + n; i++)
            {
                ids.Append(i);
                if (i % 7 == 0) values.AppendNull(); else values.Append(i * 0.5);
            }
            yield return new RecordBatch(Schema, [ids.Build(), values.Build()], n);
        }
    }
}

internal sealed class ListSource(int rows, int batchSize, Exception? failAfterFirst = null) : ISource
{
    public string Format => "memory";
    public IReadOnlyList<string> Files => [];

    public IArrowArrayStream Open(PipelineContext context) => BatchStream.From(TestBatches.Schema, Produce());

    private IEnumerable<RecordBatch> Produce()
    {
        bool first = true;
        foreach (var b in TestBatches.Make(rows, batchSize))
        {
            if (!first && failAfterFirst is not null) { b.Dispose(); throw failAfterFirst; }
            first = false;
            yield return b;
        }
    }
}

/// <summary>Collects the ids it receives, in order.</summary>
internal sealed class CollectingSink : ISink
{
    public List<long> Ids { get; } = [];
    public bool Committed { get; private set; }
    public bool Aborted { get; private set; }
    public string Format => "memory";
    public string Target => "memory";

    public ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context) => ValueTask.FromResult<ISinkWriter>(new Writer(this));

    private sealed class Writer(CollectingSink owner) : ISinkWriter
    {
        public long BytesWritten => 0;

        public ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
        {
            var ids = (Int64Array)batch.Column(0);
            for (int i = 0; i < batch.Length; i++) owner.Ids.Add(ids.GetValue(i)!.Value);
            return ValueTask.CompletedTask;
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken) { owner.Committed = true; return ValueTask.CompletedTask; }

        public ValueTask DisposeAsync()
        {
            if (!owner.Committed) owner.Aborted = true;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Counts rows and nulls and sums ids: exact, so merges must give the single-thread answer.</summary>
internal sealed class CountingAnalyzer : IAnalyzer
{
    public long Rows, Nulls, IdSum, Updates;
    public string Name => "count";
    public IAnalyzer CreateEmpty() => new CountingAnalyzer();

    public void Update(RecordBatch batch)
    {
        Rows += batch.Length;
        Nulls += batch.Column(1).NullCount;
        var ids = (Int64Array)batch.Column(0);
        for (int i = 0; i < ids.Length; i++) IdSum += ids.GetValue(i)!.Value;
        Updates++;
    }

    public void Merge(IAnalyzer other)
    {
        var o = (CountingAnalyzer)other;
        Rows += o.Rows; Nulls += o.Nulls; IdSum += o.IdSum; Updates += o.Updates;
    }
}

/// <summary>Drops rows with an odd id, quarantining them, to exercise conservation.</summary>
internal sealed class DropOddTransform(int? throwAtId = null) : IBatchTransform
{
    public string Name => "drop_odd";
    public Schema OutputSchema(Schema input) => input;

    public RecordBatch Apply(RecordBatch batch, PipelineContext context)
    {
        using (batch)
        {
            var ids = (Int64Array)batch.Column(0);
            var values = (DoubleArray)batch.Column(1);
            var keepIds = new Int64Array.Builder();
            var keepValues = new DoubleArray.Builder();
            for (int i = 0; i < batch.Length; i++)
            {
                long id = ids.GetValue(i)!.Value;
                if (id == throwAtId) throw new InvalidOperationException("boom at " + id);
                if (id % 2 == 1) { context.Quarantine.Add(new("drop_odd", "memory", id + 1, "odd id", null)); continue; }
                keepIds.Append(id);
                if (values.IsNull(i)) keepValues.AppendNull(); else keepValues.Append(values.GetValue(i)!.Value);
            }
            return new RecordBatch(batch.Schema, [keepIds.Build(), keepValues.Build()], keepIds.Length);
        }
    }
}
