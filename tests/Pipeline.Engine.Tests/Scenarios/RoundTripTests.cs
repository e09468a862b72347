using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Hosting.Building;
using Pipeline.Engine.Results;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Scenarios;

/// <summary>End-to-end scenarios through the same engine the CLI uses; every one asserts conservation.</summary>
public class RoundTripTests
{
    private const string Csv =
        "id,name,amount,day,at,flag\n" +
        "1,ann,1.5,2026-01-02,2026-01-02 10:00:00,true\n" +
        "2,\"bo, \"\"jr\"\"\",,2026-01-03,,false\n" +
        "3,,2.25,,2026-01-04 11:30:15,\n" +
        "4,\"multi\nline\",-4,2026-02-28,2026-02-28 23:59:59,true\n";

    private static void AssertConserved(RunResults r) => Assert.Equal(r.Rows.Read, r.Rows.Written + r.Rows.Quarantined);

    private static List<List<string?>> Rows(string path)
    {
        var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path), new PipelineContext());
        var rows = new List<List<string?>>();
        foreach (var b in batches)
        {
            using (b)
                for (int i = 0; i < b.Length; i++)
                    rows.Add(Enumerable.Range(0, b.ColumnCount).Select(c => BatchReading.Display(b.Column(c), i)).ToList());
        }
        return rows;
    }

    [Fact]
    public async Task CsvToParquetToIpcFileToIpcStreamToCsvKeepsValuesAndNulls()
    {
        using var dir = new TempDirectory();
        var csv = dir.WriteText("in.csv", Csv);
        var hops = new[] { "a.parquet", "b.arrow", "c.arrows", "d.csv" };
        var previous = csv;
        foreach (var hop in hops)
        {
            var results = await DataPipeline.From(previous).To(dir.File(hop)).RunAsync();
            AssertConserved(results);
            Assert.Equal(4, results.Rows.Written);
            previous = dir.File(hop);
        }
        var original = Rows(csv);
        Assert.Equal(original, Rows(dir.File("a.parquet")));
        Assert.Equal(original, Rows(dir.File("b.arrow")));
        Assert.Equal(original, Rows(dir.File("c.arrows")));
        Assert.Equal(original, Rows(dir.File("d.csv")));
        Assert.Null(original[1][2]);   // the empty amount stays null
        Assert.Equal("bo, \"jr\"", original[1][1]);
        Assert.Equal("multi\nline", original[3][1]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 1000)]
    public async Task ResultsDoNotDependOnParallelismOrBatchSize(int parallelism, int batchSize)
    {
        using var dir = new TempDirectory();
        var lines = new List<string> { "k,v" };
        for (int i = 0; i < 2000; i++) lines.Add(i % 97 == 0 ? $"{i},{i},oops" : $"{i},{i * 0.25}");
        var csv = dir.WriteText("in.csv", string.Join("\n", lines));

        var results = await DataPipeline.From(csv).To(dir.File("out.csv"))
            .WithOptions(o => o with { MaxDegreeOfParallelism = parallelism, BatchSize = batchSize })
            .RunAsync();

        AssertConserved(results);
        Assert.Equal(2000, results.Rows.Read);
        Assert.Equal(21, results.Rows.Quarantined);
        var expected = string.Join("\n", lines.Where((l, i) => i == 0 || (i - 1) % 97 != 0)) + "\n";
        Assert.Equal(expected, File.ReadAllText(dir.File("out.csv")).ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task AFailedRunLeavesNoOutputFile()
    {
        using var dir = new TempDirectory();
        var bad = dir.WriteText("in.arrows", "definitely not an arrow stream");
        await Assert.ThrowsAsync<Pipeline.Core.Errors.PipelineException>(() => DataPipeline.From(bad).To(dir.File("out.parquet")).RunAsync());
        Assert.Equal([bad], Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("out.parquet")]
    [InlineData("out.arrow")]
    [InlineData("out.arrows")]
    [InlineData("out.csv")]
    public async Task AFailureAfterSomeBatchesWereWrittenLeavesNoFileAndNoTemporaryFile(string output)
    {
        using var dir = new TempDirectory();
        var csv = dir.WriteText("in.csv", "n\n" + string.Join("\n", Enumerable.Range(0, 500)));
        var error = await Assert.ThrowsAsync<Pipeline.Core.Errors.PipelineException>(() => DataPipeline.From(csv).To(dir.File(output))
            .Transform(new FailAtRow(400))
            .WithOptions(o => o with { BatchSize = 50, MaxDegreeOfParallelism = 1 })
            .RunAsync());
        Assert.Contains("row 400", error.Message);
        Assert.Equal([csv], Directory.GetFiles(dir.Path));
    }

    private sealed class FailAtRow(long row) : Pipeline.Core.Streams.IBatchTransform
    {
        private long _seen;
        public string Name => "fail_at_row";
        public Schema OutputSchema(Schema input) => input;
        public RecordBatch Apply(RecordBatch batch, PipelineContext context)
        {
            if (Interlocked.Add(ref _seen, batch.Length) > row)
                throw new Pipeline.Core.Errors.PipelineException(Pipeline.Core.Errors.PipelineErrorKind.InvalidInput, $"failing on purpose at row {row}");
            return batch;
        }
    }

    [Fact]
    public async Task ACsvColumnThatTurnsOutWiderThanItsSampleRestartsTheRunOnceWithTheWiderType()
    {
        using var dir = new TempDirectory();
        var lines = new List<string> { "id,code" };
        for (int i = 0; i < 300; i++) lines.Add($"{i},{i}");
        lines.Add("300,A-17");
        var csv = dir.WriteText("in.csv", string.Join("\n", lines));

        var results = await DataPipeline.From(csv).To(dir.File("out.parquet"))
            .WithOptions(o => o with { InferenceSampleRows = 50, BatchSize = 64 })
            .RunAsync();

        AssertConserved(results);
        Assert.Single(results.Restarts);
        Assert.Contains("code", results.Restarts[0]);
        Assert.Equal(301, results.Rows.Written);
        Assert.Equal("utf8", results.Schema!.Single(c => c.Name == "code").Type);
        Assert.Equal("A-17", Rows(dir.File("out.parquet"))[300][1]);
    }

    [Fact]
    public async Task AFolderOfCsvFilesReadsAsOneStream()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("parts"));
        File.WriteAllText(dir.File("parts/p1.csv"), "a,b\n1,x\n2,y\n");
        File.WriteAllText(dir.File("parts/p2.csv"), "a,b\n3,z\n");
        File.WriteAllText(dir.File("parts/_SUCCESS"), "");
        var results = await DataPipeline.From(dir.File("parts")).To(dir.File("all.csv")).RunAsync();
        AssertConserved(results);
        Assert.Equal(2, results.Inputs.Count);
        Assert.Equal("a,b\n1,x\n2,y\n3,z\n", File.ReadAllText(dir.File("all.csv")).ReplaceLineEndings("\n"));
    }
}
