using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Steps;

public class StepsEdgeCaseTests
{
    private static async Task<SpecRunResult> Run(TempDirectory dir, string spec, string? memory = null)
    {
        var parsed = SpecReader.ReadFile(dir.WriteText("spec.yaml", spec));
        if (memory is not null) parsed = parsed with { Options = parsed.Options with { MemoryLimit = Core.Options.ByteSize.Parse(memory) } };
        return await SpecRunner.RunAsync(new SpecRunRequest { Spec = parsed, RunFolder = dir.File("run") });
    }

    [Fact]
    public async Task Only_spec_sources_are_hashed_for_the_audit_trail_not_the_checkpoints_steps_read()
    {
        using var dir = new TempDirectory();
        dir.WriteText("o.csv", "id,k\n1,a\n2,b\n");
        var job = await Run(dir, """
            sources: {o: o.csv}
            steps:
              - {name: first, from: o, filter: "id > 1"}
              - {name: second, from: first, sinks: [out.csv]}
            """);
        Assert.True(job.Succeeded, job.Error?.ToString());
        var input = Assert.Single(job.Results.Inputs);
        Assert.Equal(Path.GetFullPath(dir.File("o.csv")), input.Path);
        Assert.Equal(64, input.Sha256!.Length);
        var second = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("run/steps/second/results.json")))!;
        var checkpoint = second["inputs"]![0]!;
        Assert.EndsWith("output.arrow", (string)checkpoint["path"]!, StringComparison.Ordinal);
        Assert.Null(checkpoint["sha256"]);
        Assert.True((long)checkpoint["bytes"]! > 0);
    }

    [Fact]
    public async Task Joins_of_every_kind_keep_null_keys_apart_and_count_matches()
    {
        using var dir = new TempDirectory();
        dir.WriteText("o.csv", "id,k\n1,a\n2,b\n3,\n4,z\n");
        dir.WriteText("t.csv", "k,v\na,10\nb,20\nb,21\n,99\n");
        var job = await Run(dir, """
            sources: {o: o.csv, t: t.csv}
            steps:
              - {name: inner, from: o, join: {with: t, on: k, how: inner}, sort: [id, v], sinks: [inner.csv]}
              - {name: left, from: o, join: {with: t, on: k, how: left}, sort: [id, v], sinks: [left.csv]}
              - {name: semi, from: o, join: {with: t, on: k, how: semi}, sinks: [semi.csv]}
              - {name: anti, from: o, join: {with: t, on: k, how: anti}, sinks: [anti.csv]}
            """);
        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Equal(["id,k,v", "1,a,10", "2,b,20", "2,b,21"], File.ReadAllLines(dir.File("inner.csv")));
        Assert.Equal(["id,k,v", "1,a,10", "2,b,20", "2,b,21", "3,,", "4,z,"], File.ReadAllLines(dir.File("left.csv")));
        Assert.Equal(["id,k", "1,a", "2,b"], File.ReadAllLines(dir.File("semi.csv")));
        Assert.Equal(["id,k", "3,", "4,z"], File.ReadAllLines(dir.File("anti.csv")));
        var left = job.Results.Steps.Single(s => s.Name == "left").Join!;
        Assert.Equal((4L, 4L, 2L, 2L, 1L), (left.ProbeRows, left.BuildRows, left.MatchedRows, left.UnmatchedRows, left.UnmatchedBuildRows));
        // Both sources are read by several steps: each is read once.
        Assert.Equal(8, job.Results.Rows.Read);
    }

    [Fact]
    public async Task A_join_and_an_aggregate_past_a_tiny_budget_spill_and_give_the_same_rows()
    {
        using var dir = new TempDirectory();
        var rows = new System.Text.StringBuilder("id,k,x\n");
        for (int i = 0; i < 60_000; i++) rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},k{i % 5000},{i % 97}\n");
        dir.WriteText("big.csv", rows.ToString());
        var table = new System.Text.StringBuilder("k,label\n");
        for (int i = 0; i < 5000; i++) table.Append(System.Globalization.CultureInfo.InvariantCulture, $"k{i},label number {i} with some text to take room\n");
        dir.WriteText("table.csv", table.ToString());
        const string spec = """
            sources: {big: big.csv, table: table.csv}
            steps:
              - name: joined
                from: big
                join: {with: table, on: k, how: left}
                aggregate: {by: [label], measures: {n: "count(*)", total: "sum(x)", p: "quantile(x, 0.5)", ids: "count(distinct id)"}}
                sort: [label]
                sinks: [OUT]
            """;
        var roomy = await Run(dir, spec.Replace("OUT", "roomy.csv"));
        using var tight = new TempDirectory();
        tight.WriteText("big.csv", rows.ToString());
        tight.WriteText("table.csv", table.ToString());
        var small = await Run(tight, spec.Replace("OUT", "tight.csv"), "2MiB");

        Assert.True(roomy.Succeeded, roomy.Error?.ToString());
        Assert.True(small.Succeeded, small.Error?.ToString());
        Assert.True(small.Results.SpilledBytes > 0, "a 2 MiB budget must spill");
        Assert.Equal(File.ReadAllLines(dir.File("roomy.csv")), File.ReadAllLines(tight.File("tight.csv")));
        Assert.Equal(5001, File.ReadAllLines(dir.File("roomy.csv")).Length);
    }

    [Fact]
    public async Task Empty_inputs_a_zero_limit_and_a_global_aggregate_give_what_SQL_gives()
    {
        using var dir = new TempDirectory();
        dir.WriteText("e.csv", "id,x\n");
        dir.WriteText("d.csv", "id,x\n1,5\n2,7\n");
        var job = await Run(dir, """
            sources: {e: {path: e.csv, csv: {types: {id: int64, x: int64}}}, d: d.csv}
            steps:
              - {name: total, from: e, aggregate: {measures: {n: "count(*)", s: "sum(x)"}}, sinks: [total.csv]}
              - {name: none, from: d, limit: 0, sinks: [none.csv]}
              - {name: all, from: d, filter: "x > 100", sinks: [all.csv]}
            """);
        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Equal(["n,s", "0,"], File.ReadAllLines(dir.File("total.csv")));
        Assert.Equal(["id,x"], File.ReadAllLines(dir.File("none.csv")));
        Assert.Equal(["id,x"], File.ReadAllLines(dir.File("all.csv")));
        Assert.Equal(2, job.Results.Steps.Single(s => s.Name == "all").Filtered);
    }

    [Fact]
    public async Task A_union_of_inputs_that_disagree_on_a_type_fails_naming_the_column_and_both_inputs()
    {
        using var dir = new TempDirectory();
        dir.WriteText("a.csv", "id,x\n1,5\n");
        dir.WriteText("b.csv", "id,x\n2,text\n");
        var job = await Run(dir, """
            sources: {a: a.csv, b: b.csv}
            steps:
              - {name: both, from: a, union: [b], sinks: [both.csv]}
            """);
        Assert.False(job.Succeeded);
        Assert.Contains("column 'x'", job.Error!.Message);
        Assert.Contains("'b'", job.Error.Message);
        Assert.False(File.Exists(dir.File("both.csv")));
    }

    [Fact]
    public async Task A_spec_with_steps_refuses_standard_input_instead_of_ignoring_it()
    {
        using var dir = new TempDirectory();
        dir.WriteText("a.csv", "id\n1\n");
        var spec = SpecReader.ReadFile(dir.WriteText("spec.yaml", "sources: {a: a.csv}\nsteps:\n  - {name: s}\n"));
        var job = await SpecRunner.RunAsync(new SpecRunRequest
        {
            Spec = spec, InputSource = IO.Formats.FileFormats.OpenSource(dir.File("a.csv")),
        });
        Assert.False(job.Succeeded);
        Assert.Contains("cannot take standard input", job.Error!.Message);
    }
}
