using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;

namespace Pipeline.Core.Tests.Execution;

public class BatchRunnerTests
{
    private static PipelineContext Context(int dop, CancellationToken ct = default)
        => new(new PipelineOptions { MaxDegreeOfParallelism = dop }, ct);

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 1000)]
    [InlineData(4, 7)]
    [InlineData(8, 333)]
    [InlineData(3, 100_000)]
    public async Task OutputOrderAndAnalyzerResultsDoNotDependOnParallelismOrBatchSize(int dop, int batchSize)
    {
        const int rows = 10_000;
        var sink = new CollectingSink();
        var analyzer = new CountingAnalyzer();
        using var ctx = Context(dop);

        var outcome = await BatchRunner.RunAsync(new BatchPlan(new ListSource(rows, batchSize), [], [analyzer], [sink]), ctx);

        Assert.Equal(Enumerable.Range(0, rows).Select(i => (long)i), sink.Ids);
        Assert.Equal(rows, analyzer.Rows);
        Assert.Equal((rows + 6) / 7, analyzer.Nulls);
        Assert.Equal((long)rows * (rows - 1) / 2, analyzer.IdSum);
        Assert.Equal(rows, outcome.RowsRead);
        Assert.Equal(rows, outcome.RowsWritten);
        Assert.True(sink.Committed);
    }

    [Fact]
    public async Task RowsReadEqualRowsWrittenPlusRowsQuarantined()
    {
        var sink = new CollectingSink();
        using var ctx = Context(4);

        var outcome = await BatchRunner.RunAsync(new BatchPlan(new ListSource(1001, 64), [new DropOddTransform()], [], [sink]), ctx);

        Assert.Equal(1001, outcome.RowsRead);
        Assert.Equal(501, outcome.RowsWritten);
        Assert.Equal(500, outcome.RowsQuarantined);
        Assert.Equal(outcome.RowsRead, outcome.RowsWritten + outcome.RowsQuarantined);
        Assert.All(sink.Ids, id => Assert.Equal(0, id % 2));
        var stage = ctx.Metrics.Stages.Single(s => s.Name == "drop_odd");
        Assert.Equal(1001, stage.RowsIn);
        Assert.Equal(501, stage.RowsOut);
    }

    [Fact]
    public async Task AFailingTransformStopsTheRunWithItsErrorAndAbortsTheSinks()
    {
        var sink = new CollectingSink();
        using var ctx = Context(4);

        var error = await Assert.ThrowsAsync<PipelineException>(() =>
            BatchRunner.RunAsync(new BatchPlan(new ListSource(50_000, 100), [new DropOddTransform(throwAtId: 20_000)], [], [sink]), ctx));

        Assert.Equal(PipelineErrorKind.Internal, error.Kind);
        Assert.Contains("drop_odd", error.Message);
        Assert.Contains("boom at 20000", error.Message);
        Assert.False(sink.Committed);
        Assert.True(sink.Aborted);
    }

    [Fact]
    public async Task ASourceErrorIsPropagatedUnchanged()
    {
        var sink = new CollectingSink();
        using var ctx = Context(2);
        var bad = new PipelineException(PipelineErrorKind.InvalidInput, "data.csv:3: unterminated quote");

        var error = await Assert.ThrowsAsync<PipelineException>(() =>
            BatchRunner.RunAsync(new BatchPlan(new ListSource(1000, 10, bad), [], [], [sink]), ctx));

        Assert.Same(bad, error);
        Assert.True(sink.Aborted);
    }

    [Fact]
    public async Task CancellationStopsTheRun()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var ctx = Context(2, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            BatchRunner.RunAsync(new BatchPlan(new ListSource(100_000, 10), [], [], [new CollectingSink()]), ctx));
    }

    [Fact]
    public async Task StageMetricsRecordRowsForTheSourceAndEverySink()
    {
        using var ctx = Context(2);
        await BatchRunner.RunAsync(new BatchPlan(new ListSource(5000, 512), [], [], [new CollectingSink()]), ctx);

        var read = ctx.Metrics.Stages.Single(s => s.Name == BatchRunner.ReadStage);
        var write = ctx.Metrics.Stages.Single(s => s.Kind == "sink");
        Assert.Equal(5000, read.RowsOut);
        Assert.Equal(5000, write.RowsIn);
        Assert.Equal(10, write.Batches);
        Assert.Equal(10, read.Batches);
    }
}
