using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.OutOfCore;

/// <summary>The quarantine holds rejected rows under the run's memory budget like any buffering operator: past it the
/// rows go to the run's spill folder (counted in spilled_bytes), and quarantine.parquet still gets every one.</summary>
public class QuarantineUnderBudgetTests
{
    [Fact]
    public async Task Rejected_rows_past_a_small_budget_spill_into_the_run_and_all_reach_the_quarantine_file()
    {
        using var dir = new TempDirectory();
        var csv = new System.Text.StringBuilder("id,amount,note\n");
        for (int i = 0; i < 30_000; i++)
        {
            // Every third row fails the rule; every hundredth has a field too many (rejected by the reader).
            if (i % 100 == 7) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},1,x,extra\n");
            else csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},{(i % 3 == 0 ? -1 : 5)},{new string('n', 200)}\n");
        }
        dir.WriteText("in.csv", csv.ToString());
        var spec = SpecReader.ReadFile(dir.WriteText("spec.yaml", """
            source: in.csv
            rules: [{name: positive, column: amount, positive: true}]
            options: {memory_limit: 6MiB, batch_size: 4096}
            """));

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("run") });

        Assert.Null(job.Error);
        long expected = Enumerable.Range(0, 30_000).Count(i => i % 100 == 7 || i % 3 == 0);
        Assert.Equal(expected, job.Results.Rows.Quarantined);
        Assert.True(job.Results.SpilledBytes > 0, "a 6 MiB budget cannot hold ~10,000 rejected rows of 200+ bytes");
        long inFile = 0;
        using var rows = FileFormats.OpenSource(dir.File("run/quarantine.parquet")).Open(new Core.Execution.PipelineContext());
        while (await rows.ReadNextRecordBatchAsync() is { } batch) using (batch) inFile += batch.Length;
        Assert.Equal(expected, inFile);
        Assert.Equal(job.Results.Rows.Read, job.Results.Rows.Written + job.Results.Rows.Quarantined);
    }
}
