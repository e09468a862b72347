using Pipeline.Core.Options;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>The newer rule kinds written in YAML and run as a job on the generated orders.</summary>
public class MoreRulesJobTests
{
    private const string Yaml = """
        rules:
          - {name: known_customer, column: customer_id, exists_in: {path: customers.csv, column: id}}
          - {name: shipped_has_date, when: "status = 'shipped'", then: "shipped_at is not null", severity: warn}
          - {name: ordered_format, column: ordered_text, format: '%Y-%m-%d'}
          - {name: total_adds_up, column: total, column_equals: "amount + 1", tolerance: 0.001}
          - {name: pk, primary_key: [order_id, status]}
          - {name: statuses, column: status, distinct_count_between: [2, 3]}
          - {name: amount_median, column: amount, quantile: 0.5, quantile_between: [10, 60]}
          - {name: amount_sd, column: amount, stddev_between: [1, 100]}
          - {name: amount_sum, column: amount, sum_between: [0, 1e9]}
          - {name: ratio, column: order_id, unique_ratio_between: [0.99, 1]}
          - {name: fresh, column: ordered_at, fresh_within: 1d}
          - {name: same_rows, row_count_equals: {path: customers.csv}}
          - {name: layout, no_unexpected_columns: [order_id, customer_id, status, amount, total, ordered_at, ordered_text, shipped_at]}
        """;

    [Fact]
    public async Task NewKindsFromYamlAreDeterministicAtAnyParallelism()
    {
        using var dir = new TempDirectory();
        var sb = new System.Text.StringBuilder("order_id,customer_id,status,amount,total,ordered_at,ordered_text,shipped_at\n");
        for (int i = 0; i < 2000; i++)
        {
            string status = i % 3 == 0 ? "shipped" : "new";
            string shipped = status == "shipped" && i % 7 != 0 ? "2024-03-11 10:00:00" : "";
            double amount = 1 + i % 100;
            double total = i % 101 == 0 ? amount + 5 : amount + 1;
            sb.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{(i == 1500 ? 1499 : i)},{i % 60},{status},{amount},{total},2024-03-10 10:00:00,{(i % 400 == 0 ? "10/03/2024" : "2024-03-10")},{shipped}\n");
        }
        var input = dir.WriteText("orders.csv", sb.ToString());
        dir.WriteText("customers.csv", "id\n" + string.Join("\n", Enumerable.Range(0, 50)) + "\n");
        var rulesPath = dir.WriteText("rules.yaml", Yaml);
        var rules = RulesReader.ReadFile(rulesPath);

        string? first = null;
        foreach (var (dop, batch) in new[] { (1, 65536), (2, 100), (2, 777) })
        {
            var spec = new PipelineSpec(new SourceSpec(input, new SourceOptions()), [],
                new PipelineOptions { MaxDegreeOfParallelism = dop, BatchSize = batch }) { Rules = rules };
            var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File($"run{dop}-{batch}"), Command = "validate" });
            Assert.True(job.Succeeded, job.Error?.ToString());
            var r = job.Results.Rules.ToDictionary(x => x.Name);
            // customer_id 50..59 are unknown: 10 of every 60 rows.
            int unknown = Enumerable.Range(0, 2000).Count(i => i % 60 >= 50);
            Assert.Equal(unknown, r["known_customer"].FailedRows);
            Assert.Equal(Enumerable.Range(0, 2000).Count(i => i % 3 == 0 && i % 7 == 0), r["shipped_has_date"].FailedRows);
            Assert.Equal(5, r["ordered_format"].FailedRows);
            Assert.Equal(Enumerable.Range(0, 2000).Count(i => i % 101 == 0), r["total_adds_up"].FailedRows);
            Assert.True(r["statuses"].Passed);
            Assert.True(r["amount_median"].Passed, r["amount_median"].Message);
            Assert.True(r["amount_sd"].Passed);
            Assert.False(r["fresh"].Passed);
            Assert.False(r["same_rows"].Passed);
            Assert.True(r["layout"].Passed);
            Assert.Equal(job.Results.Rows.Read, job.Results.Rows.Passed + job.Results.Rows.Quarantined + job.Results.Rows.Dropped);
            // The freshness age depends on when each run started; everything else must not move.
            var text = System.Text.Json.JsonSerializer.Serialize(job.Results.Rules.Where(x => x.Name != "fresh"));
            first ??= text;
            Assert.Equal(first, text);
        }
    }

    [Theory]
    [InlineData("- {column: a, quantile_between: [1, 2]}", "needs 'quantile: q'")]
    [InlineData("- {then: \"a > 1\"}", "'then' needs 'when")]
    [InlineData("- {column: a, format: '%Q'}", "unknown directive '%Q'")]
    [InlineData("- {column: a, fresh_within: soon}", "is not a duration")]
    [InlineData("- {column: a, exists_in: {path: x.csv}}", "needs 'column:'")]
    [InlineData("- {column: a, primary_key: [a]}", "its value is the list of key columns")]
    [InlineData("- {column: a, between: [1, 2], tolerance: 1}", "'tolerance' only applies")]
    [InlineData("- {column: a, not_null: true, filter: \"a > 1\", when: \"a > 2\"}", "the same condition")]
    public void BadNewRulesPointAtTheLine(string yaml, string message)
    {
        var error = Assert.Throws<Pipeline.Core.Errors.PipelineException>(() => RulesReader.Parse(yaml, "r.yaml"));
        Assert.Contains("r.yaml:1:", error.Message);
        Assert.Contains(message, error.Message);
    }
}
