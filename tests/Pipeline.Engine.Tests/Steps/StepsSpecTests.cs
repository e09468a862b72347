using Pipeline.Core.Errors;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Steps;

public class StepsSpecTests
{
    private const string Orders = "order_id,store_id,amount,status\n1,1,10,shipped\n2,2,-5,shipped\n3,1,30,cancelled\n4,3,40,shipped\n5,2,,pending\n6,1,700,shipped\n";

    [Fact]
    public async Task Steps_derive_filter_validate_and_fan_out_to_two_later_steps()
    {
        using var dir = new TempDirectory();
        dir.WriteText("orders.csv", Orders);
        var spec = dir.WriteText("spec.yaml", """
            name: fan_out
            sources:
              orders: orders.csv
            steps:
              - name: lines
                from: orders
                derive:
                  doubled: "amount * 2"
                filter: "amount > 0 and status != 'cancelled'"
                rules: [{name: amount_sane, column: amount, less_or_equal: 500}]
              - name: top
                from: lines
                select: [order_id, doubled]
                sort: ["doubled desc"]
                limit: 1
                sinks: [top.csv]
              - {name: all_lines, from: lines, select: [order_id, amount], rename: {amount: value}, sinks: [lines.csv]}
            """);

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(spec), RunFolder = dir.File("run") });

        Assert.Equal("checks_failed", job.Results.Status);
        Assert.Null(job.Error);
        // Kept: 1 (10) and 4 (40); 2 is negative, 3 cancelled, 5 null (a filter drops unknowns), 6 fails the rule.
        Assert.Equal(["order_id,value", "1,10", "4,40"], File.ReadAllLines(dir.File("lines.csv")));
        Assert.Equal(["order_id,doubled", "4,80"], File.ReadAllLines(dir.File("top.csv")));

        var results = ResultsJson.Read(dir.File("run/results.json"));
        Assert.Equal(["lines", "top", "all_lines"], results.Steps.Select(s => s.Name));
        var lines = results.Steps[0];
        Assert.Equal((6L, 2L, 3L, 1L, true), (lines.RowsIn, lines.RowsOut, lines.Filtered, lines.Quarantined, lines.Conserved));
        Assert.Equal("done", lines.Status);
        Assert.Single(lines.Rules, r => r.Name == "amount_sane" && r.FailedRows == 1);
        Assert.Equal((2L, 1L), (results.Steps[1].RowsIn, results.Steps[1].RowsOut));
        Assert.Equal(6, results.Rows.Read);
        Assert.Equal(1, results.Rows.Quarantined);
        Assert.Equal(2, results.Outputs.Count);
        // The fanned-out step's output is checkpointed in its folder; the quarantine names the step, not a file line.
        Assert.True(File.Exists(dir.File("run/steps/lines/output.arrow")));
        Assert.True(File.Exists(dir.File("run/steps/lines/quarantine.parquet")));
        Assert.False(File.Exists(dir.File("run/steps/top/output.arrow")));
    }

    [Fact]
    public async Task A_source_read_by_two_steps_is_read_once_and_several_from_names_are_a_union_by_name()
    {
        using var dir = new TempDirectory();
        dir.WriteText("a.csv", "id,x\n1,10\n2,20\n");
        dir.WriteText("b.csv", "id,y\n3,z\n");
        var spec = dir.WriteText("spec.yaml", """
            sources: {a: a.csv, b: b.csv}
            steps:
              - {name: both, from: [a, b], sinks: [both.csv]}
              - {name: big, from: a, filter: "x > 15", sinks: [big.csv]}
            """);

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(spec), RunFolder = dir.File("run") });

        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Equal(["id,x,y", "1,10,", "2,20,", "3,,z"], File.ReadAllLines(dir.File("both.csv")));
        Assert.Equal(["id,x", "2,20"], File.ReadAllLines(dir.File("big.csv")));
        // 'a' is read by both steps: one read into a checkpoint, which both then use.
        Assert.Equal(["a", "both", "big"], job.Results.Steps.Select(s => s.Name));
        Assert.Equal(3, job.Results.Rows.Read);
    }

    [Theory]
    [InlineData("steps:\n  - {name: s, from: ordrs}\n", "did you mean 'orders'")]
    [InlineData("steps:\n  - {name: s, from: t}\n  - {name: t, from: orders}\n", "'t', which is a later step")]
    [InlineData("steps:\n  - {name: orders, from: orders}\n", "has the name of a source")]
    [InlineData("steps:\n  - {name: s, from: orders, joinn: {}}\n", "did you mean 'join'")]
    [InlineData("steps:\n  - {name: s, from: orders, join: {with: orders, on: id, how: outer}}\n", "join.how must be one of inner, left, semi, anti")]
    [InlineData("rules: []\nsteps:\n  - {name: s, from: orders}\n", "'rules' belongs inside a step")]
    [InlineData("steps:\n  - {name: s, from: orders, limit: -1}\n", "limit must be a whole number")]
    [InlineData("steps:\n  - name: s\n    derive: {x: \"amount + * 2\"}\n", "/tmp/spec.yaml:4:27: step 's'.derive.x")]
    [InlineData("steps:\n  - name: s\n    filter: amount >\n", "/tmp/spec.yaml:4:21: step 's'.filter")]
    public void Mistakes_in_steps_are_reported_with_file_and_line(string yaml, string message)
    {
        var error = Assert.Throws<PipelineException>(() => SpecReader.Parse("sources: {orders: orders.csv}\n" + yaml, "/tmp/spec.yaml"));
        Assert.Contains(message, error.Message);
        Assert.Matches(@"/tmp/spec\.yaml:\d+:\d+", error.Message);
    }

    [Fact]
    public async Task A_type_error_in_a_derived_column_fails_the_step_naming_it_and_skips_the_rest()
    {
        using var dir = new TempDirectory();
        dir.WriteText("orders.csv", Orders);
        var spec = dir.WriteText("spec.yaml", """
            sources: {orders: orders.csv}
            steps:
              - {name: bad, derive: {x: "amount + amout"}}
              - {name: after, from: bad, sinks: [after.csv]}
            """);

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(spec), RunFolder = dir.File("run") });

        Assert.False(job.Succeeded);
        Assert.Contains("step 'bad'", job.Error!.Message);
        Assert.Contains("spec.yaml:3:", job.Error.Message);
        Assert.Contains("amout", job.Error.Message);
        Assert.Equal(["failed", "skipped"], job.Results.Steps.Select(s => s.Status));
        Assert.False(File.Exists(dir.File("after.csv")));
        Assert.Equal("error", ResultsJson.Read(dir.File("run/results.json")).Status);
    }
}
