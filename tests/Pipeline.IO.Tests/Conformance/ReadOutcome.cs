using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>The result of reading a corpus file completely, with a time limit.</summary>
internal sealed record ReadOutcome(long Rows, int Batches, PipelineException? Error, long InputBytesRead, long InputBytesTotal)
{
    /// <summary>Per-file limit: a hang is a failure, not a stuck test run.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>Reads a corpus file with the named format. Only a <see cref="PipelineException"/> is an accepted
    /// failure: any other exception escapes and fails the test; exceeding <see cref="TimeLimit"/> fails it too.</summary>
    public static Task<ReadOutcome> ReadAsync(string relativePath, string format, PipelineOptions? options = null)
        => ReadAsync(relativePath, (path, context) => FromSource(FileFormats.ByName(format).CreateSource([path], new SourceOptions()), context), options);

    /// <summary>Reads a corpus file with a custom reader (for paths a format name does not select, such as standard input).</summary>
    public static async Task<ReadOutcome> ReadAsync(string relativePath, Func<string, PipelineContext, IEnumerable<RecordBatch>> read,
        PipelineOptions? options = null)
    {
        var path = Corpus.Path(relativePath);
        var work = Task.Run(() =>
        {
            using var context = new PipelineContext(options);
            long rows = 0;
            int batches = 0;
            try
            {
                foreach (var batch in read(path, context))
                {
                    rows += batch.Length;
                    batches++;
                    batch.Dispose();
                }
                return new ReadOutcome(rows, batches, null, context.InputBytesRead, context.InputBytesTotal);
            }
            catch (PipelineException ex)
            {
                return new ReadOutcome(rows, batches, ex, context.InputBytesRead, context.InputBytesTotal);
            }
        });
        try
        {
            return await work.WaitAsync(TimeLimit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{relativePath}: reading did not finish within {TimeLimit.TotalSeconds} s");
            throw;
        }
    }

    /// <summary>The batches of a source, read to the end.</summary>
    public static IEnumerable<RecordBatch> FromSource(ISource source, PipelineContext context)
    {
        using var stream = source.Open(context);
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch) yield return batch;
    }
}
