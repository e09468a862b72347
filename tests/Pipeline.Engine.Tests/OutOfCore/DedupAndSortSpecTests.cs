using Pipeline.Core.Errors;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.OutOfCore;

public class DedupAndSortSpecTests
{
    [Fact]
    public async Task A_spec_with_dedup_and_sort_writes_sorted_unique_rows_and_accounts_for_the_removed_ones()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("orders.csv", "id,amount,note\n1,10,a\n2,30,b\n1,11,c\n3,20,d\n2,30,e\n4,,f\n");
        var specPath = dir.WriteText("spec.yaml", """
            source: orders.csv
            sinks: [out.csv]
            dedup: {columns: [id], keep: last}
            sort: ["amount desc nulls first", id]
            options: {memory_limit: 16MiB}
            """);
        var runFolder = dir.File("run");

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(specPath), RunFolder = runFolder });

        Assert.True(job.Succeeded, job.Error?.ToString());
        // Last of each id: 1 -> (11, c), 2 -> (30, e), 3 -> (20, d), 4 -> (null, f); then amount descending, null first.
        Assert.Equal(["id,amount,note", "4,,f", "2,30,e", "3,20,d", "1,11,c"], File.ReadAllLines(dir.File("out.csv")));
        var results = ResultsJson.Read(Path.Combine(runFolder, SpecRunner.ResultsFileName));
        Assert.Equal(6, results.Rows.Read);
        Assert.Equal(4, results.Rows.Written);
        Assert.Equal(2, results.Rows.Deduplicated);
        Assert.Equal(results.Rows.Read, results.Rows.Written + results.Rows.Quarantined + results.Rows.Dropped + results.Rows.Deduplicated);
        var dedup = results.Stages.Single(s => s.Name == "dedup");
        Assert.Equal(("operator", 6L, 4L), (dedup.Kind, dedup.RowsIn, dedup.RowsOut));
        Assert.Contains(results.Stages, s => s.Name == "sort" && s.Kind == "operator");
    }

    [Fact]
    public async Task Dedup_true_removes_exact_duplicate_rows_keeping_the_first()
    {
        using var dir = new TempDirectory();
        dir.WriteText("in.csv", "a,b\n1,x\n1,y\n1,x\n2,x\n1,x\n");
        var specPath = dir.WriteText("spec.yaml", "source: in.csv\nsinks: [out.csv]\ndedup: true\n");

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(specPath), RunFolder = dir.File("run") });

        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Equal(["a,b", "1,x", "1,y", "2,x"], File.ReadAllLines(dir.File("out.csv")));
        Assert.Equal(2, job.Results.Rows.Deduplicated);
    }

    [Theory]
    [InlineData("dedup: {keep: newest}\n", "dedup.keep must be 'first' or 'last'")]
    [InlineData("sort: [\"amount sideways\"]\n", "must read 'column [asc|desc] [nulls first|last]'")]
    [InlineData("dedup: {colums: [a]}\n", "did you mean 'columns'")]
    public void Mistakes_in_dedup_and_sort_are_reported_with_their_line(string yaml, string message)
    {
        var error = Assert.Throws<PipelineException>(() => SpecReader.Parse("source: in.csv\n" + yaml, "/tmp/spec.yaml"));
        Assert.Contains(message, error.Message);
        Assert.Contains("spec.yaml:2", error.Message);
    }

    [Fact]
    public async Task A_missing_dedup_column_fails_the_run_with_the_column_named()
    {
        using var dir = new TempDirectory();
        dir.WriteText("in.csv", "a,b\n1,x\n");
        var specPath = dir.WriteText("spec.yaml", "source: in.csv\ndedup: {columns: [nope]}\n");

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(specPath), RunFolder = dir.File("run") });

        Assert.False(job.Succeeded);
        Assert.Contains("'nope'", job.Results.Error!.Message);
    }
}
