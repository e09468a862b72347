using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Sinks.Csv;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

public class CsvRunnerTests
{
    [Fact]
    public async Task A_csv_to_csv_run_conserves_rows_read_written_and_quarantined()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "a,b\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => i % 100 == 5 ? $"{i}\n" : $"{i},x{i}\n")));
        var output = dir.File("out.csv");
        using var context = new PipelineContext(new PipelineOptions { BatchSize = 256, MaxDegreeOfParallelism = 2 });
        var plan = new BatchPlan(new CsvSource([input]), [], [], [new CsvSink(output)]);
        var outcome = await BatchRunner.RunAsync(plan, context);
        Assert.Equal(3000, outcome.RowsRead);
        Assert.Equal(2970, outcome.RowsWritten);
        Assert.Equal(30, outcome.RowsQuarantined);
        Assert.Equal(outcome.RowsRead, outcome.RowsWritten + outcome.RowsQuarantined);
        Assert.Equal(2971, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task A_widening_restart_leaves_no_output_and_the_rerun_with_its_overrides_succeeds()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "id,v\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => i == 1500 ? $"{i},n/a\n" : $"{i},{i}\n")));
        var output = dir.File("out.csv");
        var options = new PipelineOptions { BatchSize = 100, InferenceSampleRows = 50 };
        var sourceOptions = new SourceOptions();
        using (var context = new PipelineContext(options))
        {
            var restart = await Assert.ThrowsAsync<CsvTypeWideningException>(() =>
                BatchRunner.RunAsync(new BatchPlan(new CsvSource([input], sourceOptions), [], [], [new CsvSink(output)]), context));
            Assert.False(File.Exists(output));
            sourceOptions = restart.ApplyTo(sourceOptions);
        }
        Assert.Equal("string", sourceOptions.Csv.ColumnTypes["v"]);
        using (var context = new PipelineContext(options))
        {
            var outcome = await BatchRunner.RunAsync(new BatchPlan(new CsvSource([input], sourceOptions), [], [], [new CsvSink(output)]), context);
            Assert.Equal(2000, outcome.RowsWritten);
        }
        Assert.Contains("1500,n/a", File.ReadAllLines(output));
    }

    [Fact]
    public async Task Cancellation_stops_reading_with_an_operation_cancelled_exception()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "a\n" + string.Concat(Enumerable.Range(0, 20000).Select(i => $"{i}\n")));
        using var cts = new CancellationTokenSource();
        using var context = new PipelineContext(new PipelineOptions { BatchSize = 10 }, cts.Token);
        using var stream = new CsvSource([input]).Open(context);
        var first = await stream.ReadNextRecordBatchAsync();
        first?.Dispose();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await stream.ReadNextRecordBatchAsync(cts.Token) is { } b) b.Dispose();
        });
    }
}
