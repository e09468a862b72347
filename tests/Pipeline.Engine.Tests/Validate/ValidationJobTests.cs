using System.Globalization;
using System.Text;
using Apache.Arrow;
using Pipeline.Core.Options;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Validate;

public class ValidationJobTests
{
    /// <summary>An orders CSV with known bad rows: amount &lt;= 0 every 97th row, missing customer every 113th,
    /// missing region every 300th, unknown status every 211th, bad email every 250th, shipped before ordered every
    /// 150th, and order 499 repeated at row 500.</summary>
    internal static string WriteOrders(TempDirectory dir, int rows = 1000)
    {
        var sb = new StringBuilder("order_id,customer_id,region,status,email,amount,ordered_at,shipped_at\n");
        string[] statuses = ["new", "paid", "shipped"];
        for (int i = 0; i < rows; i++)
        {
            var amount = i % 97 == 0 ? "-5" : (1 + i % 50 * 1.5).ToString(CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{(i == 500 ? 499 : i)},{(i % 113 == 0 ? "" : (i % 40).ToString(CultureInfo.InvariantCulture))},");
            sb.Append(CultureInfo.InvariantCulture, $"{(i % 300 == 0 ? "" : "eu")},{(i % 211 == 0 ? "lost" : statuses[i % 3])},");
            sb.Append(CultureInfo.InvariantCulture, $"{(i % 250 == 0 ? "nobody" : $"u{i}@example.com")},{amount},");
            sb.Append(CultureInfo.InvariantCulture, $"2024-03-10 10:00:00,{(i % 150 == 0 ? "2024-03-09 10:00:00" : "2024-03-11 10:00:00")}\n");
        }
        return dir.WriteText("orders.csv", sb.ToString());
    }

    private static async Task<(RunResults Results, string Folder)> Run(TempDirectory dir, string input, RuleSet rules, int parallelism = 2, int batchSize = 65536, string name = "run")
    {
        var spec = new PipelineSpec(new SourceSpec(input, new SourceOptions()), [],
            new PipelineOptions { MaxDegreeOfParallelism = parallelism, BatchSize = batchSize }) { Rules = rules };
        var folder = dir.File(name);
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = folder, Command = "validate" });
        Assert.True(job.Succeeded, job.Error?.ToString());
        return (job.Results, folder);
    }

    [Fact]
    public async Task TheIssueYamlOnGeneratedOrders()
    {
        using var dir = new TempDirectory();
        var input = WriteOrders(dir);
        var (r, folder) = await Run(dir, input, RulesReader.Parse(RulesReaderTests.IssueYaml, "rules.yaml"));

        Assert.Equal("checks_failed", r.Status);
        var byName = r.Rules.ToDictionary(x => x.Name);
        Assert.Equal(Enumerable.Range(0, 1000).Count(i => i % 97 == 0), byName["amount_positive"].FailedRows);
        Assert.Equal([0, 97, 194, 291, 388], byName["amount_positive"].Examples.Select(e => e.Row!.Value));
        Assert.Equal("-5", byName["amount_positive"].Examples[0].Value);
        Assert.Equal(Enumerable.Range(0, 1000).Count(i => i % 113 == 0), byName["customer_known"].FailedRows);
        Assert.Equal(4, byName["region_known"].FailedRows);
        Assert.Equal("warn", byName["region_known"].Severity);
        Assert.Equal(Enumerable.Range(0, 1000).Count(i => i % 211 == 0), byName["status_valid"].FailedRows);
        Assert.Equal(4, byName["email_shape"].FailedRows);
        Assert.Equal(7, byName["shipped_after_ordered"].FailedRows);
        // Order 499 appears at rows 499 and 500; neither is quarantined (499 % 97, 113, 211, 150 != 0), so one duplicate.
        Assert.Equal(1, byName["order_id_unique"].FailedRows);
        Assert.Equal("499", Assert.Single(byName["order_id_unique"].Examples).Value);
        Assert.True(byName["enough_rows"].Passed);

        // Each quarantined row once, however many rules it failed (row 0 fails six of them).
        var bad = Enumerable.Range(0, 1000).Where(i => i % 97 == 0 || i % 113 == 0 || i % 211 == 0 || i % 150 == 0).ToList();
        Assert.Equal(bad.Count, r.Rows.Quarantined);
        Assert.Equal(1000, r.Rows.Read);
        Assert.Equal(r.Rows.Read, r.Rows.Passed + r.Rows.Quarantined + r.Rows.Dropped);
        Assert.Equal(1000 - bad.Count, byName["enough_rows"].Observed);

        var (schema, batches) = BatchReading.ReadAll(FileFormats.OpenSource(Path.Combine(folder, SpecRunner.QuarantineFileName), new SourceOptions()));
        Assert.Equal(["order_id", "customer_id", "region", "status", "email", "amount", "ordered_at", "shipped_at",
            "_stage", "_source", "_row", "_line", "_rule", "_reason", "_record"], schema.FieldsList.Select(f => f.Name));
        Assert.All(schema.FieldsList, f => Assert.True(f.IsNullable || f.Name is "_stage" or "_source" or "_reason"));
        var rows = new Dictionary<long, (string Rule, string Reason, string? Amount)>();
        foreach (var b in batches)
            for (int i = 0; i < b.Length; i++)
                rows.Add(((Int64Array)b.Column("_row")).GetValue(i)!.Value,
                    (((StringArray)b.Column("_rule")).GetString(i), ((StringArray)b.Column("_reason")).GetString(i), BatchReading.Display(b.Column("amount"), i)));
        Assert.Equal(bad.Select(i => (long)i).Order(), rows.Keys.Order());
        Assert.Equal("amount_positive,customer_known,region_known,status_valid,email_shape,shipped_after_ordered", rows[0].Rule);
        Assert.Contains("amount_positive: amount = -5, expected > 0", rows[0].Reason);
        Assert.Contains("customer_known: customer_id is null", rows[0].Reason);
        Assert.Equal("-5", rows[0].Amount);
    }

    [Fact]
    public async Task ConservationAndDeterminismAtAnyParallelismAndBatchSize()
    {
        using var dir = new TempDirectory();
        var input = WriteOrders(dir, 700);
        var rules = RulesReader.Parse(RulesReaderTests.IssueYaml + "\n  - {name: drop_small, column: amount, less_than: 2, on_fail: drop}\n", "r.yaml");
        string? first = null;
        List<long>? firstQuarantine = null;
        foreach (var p in new[] { 1, 2, 4 })
            foreach (var b in new[] { 1, 7, 1000 })
            {
                var (r, folder) = await Run(dir, input, rules, p, b, $"run-{p}-{b}");
                // quarantine.parquet lists its rows in input order whatever order the workers finished in.
                var (_, quarantined) = BatchReading.ReadAll(FileFormats.OpenSource(Path.Combine(folder, SpecRunner.QuarantineFileName), new SourceOptions()));
                var order = quarantined.SelectMany(q => Enumerable.Range(0, q.Length).Select(i => ((Int64Array)q.Column("_row")).GetValue(i)!.Value)).ToList();
                Assert.Equal(order.Order(), order);
                firstQuarantine ??= order;
                Assert.Equal(firstQuarantine, order);
                Assert.Equal(700, r.Rows.Read);
                Assert.True(r.Rows.Dropped > 0);
                Assert.Equal(r.Rows.Read, r.Rows.Passed + r.Rows.Quarantined + r.Rows.Dropped);
                var json = System.Text.Json.JsonSerializer.Serialize(new { r.Rules, r.Rows, r.Status, QuarantineRows = r.Quarantine.Rows, r.Quarantine.ByStage, r.Quarantine.Examples }, ResultsJson.Options);
                first ??= json;
                Assert.Equal(first, json);
            }
    }

    [Fact]
    public async Task AMisspeltColumnStopsTheRunWithASuggestion()
    {
        using var dir = new TempDirectory();
        var input = WriteOrders(dir, 10);
        var spec = new PipelineSpec(new SourceSpec(input, new SourceOptions()), [], new PipelineOptions())
            { Rules = RulesReader.Parse("- {column: amout, greater_than: 0}", "r.yaml") };
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec });
        Assert.False(job.Succeeded);
        Assert.Contains("r.yaml:1:3: rule 'amout_greater_than': unknown column 'amout' (did you mean 'amount'?)", job.Error!.Message);
    }

    [Theory]
    [InlineData("- {column: status, mean_between: [0, 1]}", "'mean_between' needs a number column, but 'status' is utf8")]
    [InlineData("- {column: amount, greater_than: 0, filter: \"stauts = 'paid'\"}", "filter \"stauts = 'paid'\": unknown column 'stauts' (did you mean 'status'?) at character 1")]
    [InlineData("- {expression: \"shipped_at > 'soon'\"}", "could not convert 'soon' to TIMESTAMP")]
    [InlineData("- {column: email, positive: true}", "'positive' needs a number column, but column 'email' is text")]
    public async Task RulesThatDoNotFitTheSchemaStopTheRun(string yaml, string message)
    {
        using var dir = new TempDirectory();
        var spec = new PipelineSpec(new SourceSpec(WriteOrders(dir, 10), new SourceOptions()), [], new PipelineOptions())
            { Rules = RulesReader.Parse(yaml, "r.yaml") };
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec });
        Assert.False(job.Succeeded);
        Assert.Contains(message, job.Error!.Message);
    }

    [Fact]
    public async Task NoRulesMeansNoRulesAndPassedEqualsWritten()
    {
        using var dir = new TempDirectory();
        var (r, _) = await Run(dir, WriteOrders(dir, 10), new RuleSet([]));
        Assert.Empty(r.Rules);
        Assert.Equal("ok", r.Status);
        Assert.Equal(10, r.Rows.Passed);
    }
}
