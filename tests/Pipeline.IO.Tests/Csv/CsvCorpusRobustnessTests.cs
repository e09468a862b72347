using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

public class CsvCorpusRobustnessTests
{
    private static readonly string[] DuckDbFolders = ["error", "rejects", "unescaped_quotes", "afl", "encodings", "real"];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        var root = Corpus.Path("duckdb-csv", "data", "csv");
        foreach (var folder in DuckDbFolders)
            foreach (var f in Directory.GetFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(Corpus.Root, f));
        foreach (var f in Directory.GetFiles(Corpus.Path("arrow-testing", "data", "csv", "fuzzing")).Order(StringComparer.Ordinal))
            if (Path.GetFileName(f) != "README.md") data.Add(Path.GetRelativePath(Corpus.Root, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_corpus_file_reads_or_rejects_cleanly_and_conserves_records(string relative)
    {
        var path = Corpus.Path(relative);
        foreach (var batchSize in new[] { 65_536, 7 })
        {
            var options = new PipelineOptions { BatchSize = batchSize, MaxDegreeOfParallelism = 2, TypeMismatch = TypeMismatchPolicy.Quarantine };
            var run = Task.Run(() => ReadCounting(path, options));
            var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(finished == run, $"{relative}: reading took longer than 30 s");
            var (rows, quarantined, seen, error) = await run;
            if (error is not null)
            {
                Assert.IsType<PipelineException>(error);
                continue;
            }
            Assert.Equal(seen, rows + quarantined);
            Assert.True(rows >= 0 && quarantined >= 0);
        }
    }

    [Fact]
    public void A_large_real_tsv_reads_with_tab_delimiter_and_no_rejects()
    {
        var table = CsvTestReading.Read(Corpus.Path("duckdb-csv", "data", "csv", "real", "voter.tsv"));
        Assert.True(table.Schema.FieldsList.Count > 5);
        Assert.True(table.Rows.Count > 1000);
    }

    private static (long Rows, long Quarantined, long Seen, Exception? Error) ReadCounting(string path, PipelineOptions options)
    {
        using var context = new PipelineContext(options);
        try
        {
            using var stream = new CsvSource([path]).Open(context);
            long rows = 0;
            while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
            {
                for (int c = 0; c < batch.ColumnCount; c++) Assert.Equal(batch.Length, batch.Column(c).Length);
                rows += batch.Length;
                batch.Dispose();
            }
            long seen = ((CsvBatchStream)stream).RecordsSeen;
            return (rows, context.Quarantine.Count, seen, null);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return (0, 0, 0, ex);
        }
    }
}
