using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Steps;

/// <summary>The README's steps example (examples/orders/steps.yaml) runs as written, with its outputs redirected.</summary>
public class BundledStepsExampleTests
{
    [Fact]
    public async Task The_bundled_steps_example_runs_and_accounts_for_every_order()
    {
        using var dir = new TempDirectory();
        var example = Path.Combine(RepoRoot(), "examples", "orders");
        var yaml = File.ReadAllText(Path.Combine(example, "steps.yaml")).Replace("../../runs/steps-output/", dir.Path + "/", StringComparison.Ordinal);
        var spec = SpecReader.Parse(yaml, Path.Combine(example, "steps.yaml"));

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("run") });

        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Equal(["lines", "with_customer", "by_segment", "unmatched"], job.Results.Steps.Select(s => s.Name));
        var lines = job.Results.Steps[0];
        Assert.True(lines.Conserved);
        Assert.Equal(240, lines.RowsIn);
        Assert.Equal(2, lines.Quarantined);
        var join = job.Results.Steps[1].Join!;
        // Customers C0056-C0060 are missing from customers.csv on purpose: their orders are the unmatched ones.
        Assert.Equal(join.UnmatchedRows, job.Results.Steps[3].RowsOut);
        Assert.True(join.UnmatchedRows > 0);
        Assert.Equal(job.Results.Steps[1].RowsOut, job.Results.Steps[2].RowsIn);
        var bySegment = File.ReadAllLines(dir.File("by_segment.csv"));
        Assert.Equal("segment,month,orders,revenue,median_ship_hours", bySegment[0]);
        Assert.Equal(lines.RowsOut, bySegment.Skip(1).Sum(l => long.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(File.Exists(dir.File("run/report.html")));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pipeline.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above the test folder");
    }
}
