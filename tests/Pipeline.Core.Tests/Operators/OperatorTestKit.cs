using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Tests.Operators;

/// <summary>Shared plumbing of the spilling-operator tests: contexts, running an operator, and comparing outputs by text or digest.</summary>
internal static class OperatorTestKit
{
    public const long MiB = 1 << 20;

    public static PipelineContext Unbounded() => new(new PipelineOptions(), memoryPool: new UnboundedPool());

    public static PipelineContext Limited(long limit, string spillRoot, CancellationToken token = default)
        => new(new PipelineOptions { MemoryLimit = limit, SpillDirectory = spillRoot }, token);

    /// <summary>Runs <paramref name="op"/> over the batches and hands every output batch to <paramref name="onBatch"/> (then disposes it).</summary>
    public static async Task RunAsync(IOperator op, PipelineContext context, Schema schema, IEnumerable<RecordBatch> batches, Action<RecordBatch> onBatch)
    {
        using var output = op.Execute(BatchStream.From(schema, batches), context);
        while (await output.ReadNextRecordBatchAsync().ConfigureAwait(false) is { } batch)
        {
            using (batch) onBatch(batch);
        }
    }

    /// <summary>Every output row as text, in order.</summary>
    public static async Task<List<string>> RowsAsync(IOperator op, PipelineContext context, Schema schema, IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string>();
        await RunAsync(op, context, schema, batches, b => rows.AddRange(Format(b))).ConfigureAwait(false);
        return rows;
    }

    /// <summary>Row count and an order-sensitive SHA-256 of the output's text (for outputs too large to keep as text).</summary>
    public static async Task<(long Rows, string Digest)> DigestAsync(IOperator op, PipelineContext context, Schema schema, IEnumerable<RecordBatch> batches)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        await RunAsync(op, context, schema, batches, b =>
        {
            foreach (var row in Format(b))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(row + "\n"));
                rows++;
            }
        }).ConfigureAwait(false);
        return (rows, Convert.ToHexString(hash.GetHashAndReset()));
    }

    public static IEnumerable<string> Format(RecordBatch batch)
    {
        for (int r = 0; r < batch.Length; r++)
            yield return string.Join("|", Enumerable.Range(0, batch.ColumnCount).Select(c => Value(batch.Column(c), r)));
    }

    public static string Value(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return "∅";
        return array switch
        {
            Int64Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            Int32Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            DoubleArray a => a.GetValue(row)!.Value.ToString("R", CultureInfo.InvariantCulture),
            StringArray a => a.GetString(row),
            BooleanArray a => a.GetValue(row)!.Value ? "true" : "false",
            Date32Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            _ => throw new NotSupportedException(array.Data.DataType.Name),
        };
    }

    /// <summary>Spill files under the run's spill folder right now (none once an operator is disposed).</summary>
    public static string[] SpillFiles(PipelineContext context)
        => Directory.Exists(context.Spill.Directory) ? Directory.GetFiles(context.Spill.Directory, "*", SearchOption.AllDirectories) : [];

    /// <summary>Batches that fail with <paramref name="error"/> after <paramref name="after"/> batches.</summary>
    public static IEnumerable<RecordBatch> FailingAfter(IEnumerable<RecordBatch> batches, int after, Exception error)
    {
        int n = 0;
        foreach (var batch in batches)
        {
            if (n++ == after)
            {
                batch.Dispose();
                throw error;
            }
            yield return batch;
        }
    }

    /// <summary>Batches that cancel <paramref name="source"/> after <paramref name="after"/> batches.</summary>
    public static IEnumerable<RecordBatch> CancellingAfter(IEnumerable<RecordBatch> batches, int after, CancellationTokenSource source)
    {
        int n = 0;
        foreach (var batch in batches)
        {
            if (n++ == after) source.Cancel();
            yield return batch;
        }
    }
}
