using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Hosting.Building;
using Pipeline.Engine.Validate;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Building;

/// <summary>The embedding API without files: host batches and Arrow streams in, batches pulled by the host out.</summary>
public class DataPipelineStreamingTests
{
    private static readonly Schema NumbersSchema = new(
        [new Field("n", Int64Type.Default, false), new Field("label", StringType.Default, true)], null);

    /// <summary>Batch <c>b</c> holds n = b*size .. b*size+size-1; every 7th value is negative (n * -1).</summary>
    private static RecordBatch NumbersBatch(int b, int size)
    {
        var n = new Int64Array.Builder();
        var label = new StringArray.Builder();
        for (long i = b * (long)size; i < (b + 1L) * size; i++)
        {
            n.Append(i % 7 == 3 ? -i : i);
            if (i % 5 == 0) label.AppendNull(); else label.Append($"v{i % 13}");
        }
        return new RecordBatch(NumbersSchema, [n.Build(), label.Build()], size);
    }

    private static async IAsyncEnumerable<RecordBatch> Produce(int batches, int size, Action<int>? produced = null)
    {
        for (int b = 0; b < batches; b++)
        {
            await Task.Yield();
            produced?.Invoke(b);
            yield return NumbersBatch(b, size);
        }
    }

    [Fact]
    public async Task HostBatchesGoInAndValidatedBatchesComeOutInOrder()
    {
        await using var run = DataPipeline.From(Produce(20, 500))
            .Validate(Rules.For("n").GreaterOrEqual(0))
            .WithOptions(o => o with { MaxDegreeOfParallelism = 3 })
            .Stream();
        var values = new List<long>();
        await foreach (var batch in run.Batches)
            using (batch)
                values.AddRange(((Int64Array)batch.Column("n")).Values.ToArray());
        var results = await run.ResultsAsync();

        var expected = Enumerable.Range(0, 20 * 500).Where(i => i % 7 != 3).Select(i => (long)i).ToList();
        Assert.Equal(expected, values);
        Assert.Equal(10_000, results.Rows.Read);
        Assert.Equal(expected.Count, results.Rows.Written);
        Assert.Equal(10_000 - expected.Count, results.Rows.Quarantined);
        Assert.Equal("checks_failed", results.Status);
        Assert.Equal("batches", results.Inputs.Single().Path);
    }

    [Fact]
    public async Task AHostPushesBatchesThroughABoundedChannelWhileItReadsTheOutput()
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<RecordBatch>(2);
        await using var run = DataPipeline.From(Source.Batches(channel.Reader.ReadAllAsync(), NumbersSchema)).Stream();
        var push = Task.Run(async () =>
        {
            for (int b = 0; b < 30; b++) await channel.Writer.WriteAsync(NumbersBatch(b, 64));
            channel.Writer.Complete();
        });
        long rows = 0;
        await foreach (var batch in run.Batches)
            using (batch) rows += batch.Length;
        await push;
        Assert.Equal(30 * 64, rows);
        Assert.Equal(30 * 64, (await run.ResultsAsync()).Rows.Written);
    }

    [Fact]
    public async Task AnArrowStreamGoesInAndAFileComesOut()
    {
        using var dir = new TempDirectory();
        var stream = BatchStream.From(NumbersSchema, Enumerable.Range(0, 4).Select(b => NumbersBatch(b, 100)));
        var results = await DataPipeline.From(stream).To(Sink.Parquet(dir.File("out.parquet"))).RunAsync();
        Assert.Equal(400, results.Rows.Written);
        var (_, batches) = BatchReading.ReadAll(Pipeline.IO.Formats.FileFormats.OpenSource(dir.File("out.parquet")));
        Assert.Equal(400, batches.Sum(b => b.Length));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public async Task OutputBatchesStayValidAfterTheRunIsGone()
    {
        var kept = new List<RecordBatch>();
        await using (var run = DataPipeline.From(Produce(3, 10)).Stream())
        {
            await foreach (var batch in run.Batches) kept.Add(batch);
        }
        // The host owns its copies: the run's memory is released, the copies still read correctly.
        Assert.Equal(Enumerable.Range(0, 30).Select(i => i % 7 == 3 ? -(long)i : i),
            kept.SelectMany(b => ((Int64Array)b.Column("n")).Values.ToArray()));
        Assert.Equal("v1", ((StringArray)kept[0].Column("label")).GetString(1));
        foreach (var b in kept) b.Dispose();
    }

    [Fact]
    public async Task DictionaryColumnsReachTheHostWithEachBatchsOwnDictionary()
    {
        var type = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var schema = new Schema([new Field("color", type, true)], null);
        string[][] dictionaries = [["red", "blue"], ["green", "black", "white"]];
        var batches = dictionaries.Select(d => new RecordBatch(schema,
            [new DictionaryArray(type, new Int32Array.Builder().AppendRange(Enumerable.Range(0, d.Length).Reverse()).Build(),
                new StringArray.Builder().AppendRange(d).Build())], d.Length)).ToList();
        var received = new List<RecordBatch>();
        await using (var run = DataPipeline.From(Source.Batches(batches)).Stream())
            await foreach (var batch in run.Batches) received.Add(batch);
        var values = received.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => BatchReading.Display(b.Column("color"), i))).ToList();
        Assert.Equal(["blue", "red", "white", "black", "green"], values);
        foreach (var b in received) b.Dispose();
    }

    [Fact]
    public async Task ASlowHostHoldsBackTheProducer()
    {
        int produced = -1;
        int maxAhead = 0;
        await using var run = DataPipeline.From(Produce(60, 100, b => Volatile.Write(ref produced, b)))
            .WithOptions(o => o with { MaxDegreeOfParallelism = 1 })
            .Stream(bufferedBatches: 1);
        int consumed = 0;
        await foreach (var batch in run.Batches)
        {
            batch.Dispose();
            consumed++;
            await Task.Delay(5);
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref produced) + 1 - consumed);
        }
        await run.ResultsAsync();
        Assert.Equal(60, consumed);
        // In flight at most: the runner's 2 * parallelism + 2 batches, one in the channel, one being produced.
        Assert.InRange(maxAhead, 0, 2 * 1 + 2 + 1 + 2);
    }

    [Fact]
    public async Task StoppingEarlyCancelsTheRunAndReleasesTheProducer()
    {
        bool producerFinished = false;
        async IAsyncEnumerable<RecordBatch> Endless()
        {
            try
            {
                for (int b = 0; ; b++)
                {
                    await Task.Yield();
                    yield return NumbersBatch(b, 50);
                }
            }
            finally { producerFinished = true; }
        }

        var run = DataPipeline.From(Endless()).Stream();
        int seen = 0;
        await foreach (var batch in run.Batches)
        {
            batch.Dispose();
            if (++seen == 3) break;
        }
        await run.DisposeAsync();
        var job = await run.Job;
        Assert.IsAssignableFrom<OperationCanceledException>(job.Error);
        Assert.Equal("error", job.Results.Status);
        Assert.True(producerFinished);
    }

    [Fact]
    public async Task ABatchWithOtherColumnsFailsTheRunNamingTheBatch()
    {
        async IAsyncEnumerable<RecordBatch> Mixed()
        {
            yield return NumbersBatch(0, 10);
            yield return NumbersBatch(1, 10);
            var other = new Schema([new Field("x", DoubleType.Default, true)], null);
            yield return new RecordBatch(other, [new DoubleArray.Builder().Append(1).Build()], 1);
            await Task.CompletedTask;
        }

        await using var run = DataPipeline.From(Mixed()).Stream();
        var error = await Assert.ThrowsAsync<PipelineException>(async () =>
        {
            await foreach (var batch in run.Batches) batch.Dispose();
        });
        Assert.Contains("host batch 2", error.Message);
        Assert.Equal(PipelineErrorKind.Schema, error.Kind);
    }

    [Fact]
    public async Task AnEmptySequenceNeedsItsSchema()
    {
        var empty = AsyncEnumerable.Empty<RecordBatch>();
        var job = await DataPipeline.From(empty).ExecuteAsync();
        Assert.Contains("pass the schema", job.Error!.Message);
        Assert.Equal("error", job.Results.Status);

        var results = await DataPipeline.From(AsyncEnumerable.Empty<RecordBatch>(), NumbersSchema).RunAsync();
        Assert.Equal(0, results.Rows.Read);
        Assert.Equal("ok", results.Status);
    }

    [Fact]
    public async Task TheOutputIsAlsoAnArrowArrayStream()
    {
        await using var run = DataPipeline.From(Produce(5, 20)).Stream();
        using var stream = await run.OpenStreamAsync();
        Assert.Equal(["n", "label"], stream.Schema.FieldsList.Select(f => f.Name));
        long rows = 0;
        while (await stream.ReadNextRecordBatchAsync() is { } batch)
            using (batch) rows += batch.Length;
        Assert.Equal(100, rows);
        Assert.Equal(100, (await run.ResultsAsync()).Rows.Written);
    }

    [Fact]
    public async Task ProfilesOfPartitionsRunSeparatelyMergeIntoTheProfileOfTheWhole()
    {
        using var dir = new TempDirectory();
        var whole = await DataPipeline.From(Produce(6, 100)).Profile().ExecuteAsync();
        var first = await DataPipeline.From(Produce(6, 100).Take(2)).Profile().ExecuteAsync();
        var rest = await DataPipeline.From(Produce(6, 100).Skip(2)).Profile().ExecuteAsync();
        Assert.Null(whole.Error);
        Assert.Equal(600, whole.Profile!.RowCount);
        ProfileStateFile.Write(first.ProfileState!, dir.File("a.state"));
        ProfileStateFile.Write(rest.ProfileState!, dir.File("b.state"));
        var merged = Profiler.Merge([dir.File("a.state"), dir.File("b.state")]);
        Assert.Equal(600, merged.RowCount);
        var mergedN = merged.Columns.Single(c => c.Name == "n");
        var wholeN = whole.Profile.Columns.Single(c => c.Name == "n");
        Assert.Equal(wholeN.Mean!.Value, mergedN.Mean!.Value, 9);
        Assert.Equal(wholeN.NullCount, mergedN.NullCount);
        Assert.Equal(120, whole.Profile.Columns.Single(c => c.Name == "label").NullCount);
    }

    [Fact]
    public async Task AHostStreamCanBeReadByOneRunOnly()
    {
        var pipeline = DataPipeline.From(BatchStream.From(NumbersSchema, [NumbersBatch(0, 5)]));
        Assert.Equal(5, (await pipeline.RunAsync()).Rows.Read);
        var error = await Assert.ThrowsAsync<PipelineException>(() => pipeline.RunAsync());
        Assert.Contains("one run only", error.Message);
    }
}
