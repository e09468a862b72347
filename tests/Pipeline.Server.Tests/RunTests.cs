using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;

namespace Pipeline.Server.Tests;

public sealed class RunTests
{
    private const string OrdersSpec = """
        name: orders
        source: datasets/orders.csv
        profile: true
        rules:
          - {name: amount_positive, column: amount, greater_than: 0}
        sinks:
          - orders.parquet
        """;

    [Fact]
    public async Task A_run_goes_through_the_same_door_as_pipeline_run_and_serves_results_report_and_outputs()
    {
        await using var served = await ServedInstance.StartAsync();
        (await served.UploadAsync("orders.csv", TestData.Csv(200))).EnsureSuccessStatusCode();

        using var submitted = await served.SubmitAsync(OrdersSpec);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/runs/{id}", submitted.Headers.Location?.ToString());

        var run = await served.WaitAsync(id);
        Assert.Equal("ok", run.GetProperty("status").GetString());
        Assert.Equal(200, run.GetProperty("rows_read").GetInt64());
        Assert.Equal(1.0, run.GetProperty("progress").GetProperty("fraction").GetDouble());
        var embedded = run.GetProperty("results");
        Assert.Equal(200, embedded.GetProperty("rows").GetProperty("read").GetInt64());
        Assert.Equal("serve", embedded.GetProperty("command").GetString());

        var results = await served.Client.GetFromJsonAsync<JsonElement>($"/runs/{id}/results");
        Assert.Equal(200, results.GetProperty("rows").GetProperty("written").GetInt64());
        Assert.Equal("ok", results.GetProperty("status").GetString());

        using var report = await served.Client.GetAsync($"/runs/{id}/report");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await report.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The sink's output, fetched over HTTP, holds the values exactly.
        var parquet = await served.Client.GetByteArrayAsync($"/runs/{id}/output/orders.parquet");
        var local = Path.Combine(served.Folder, "fetched.parquet");
        await File.WriteAllBytesAsync(local, parquet);
        var (rows, idSum, amountSum) = Totals(local);
        Assert.Equal(200, rows);
        Assert.Equal(200 * 201 / 2, idSum);
        Assert.Equal(1.5 * 200 * 201 / 2, amountSum, 6);

        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync($"/runs/{id}/files/profile.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync($"/runs/{id}/output/nothing.csv")).StatusCode);
        Assert.True(File.Exists(Path.Combine(served.Root, "specs", id + ".yaml")));

        var list = await served.Client.GetFromJsonAsync<JsonElement>("/runs");
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());
        // A finished run cannot be cancelled.
        Assert.Equal(HttpStatusCode.Conflict, (await served.Client.DeleteAsync($"/runs/{id}")).StatusCode);
    }

    [Fact]
    public async Task Failed_checks_and_unreadable_input_are_reported_as_such()
    {
        await using var served = await ServedInstance.StartAsync();
        (await served.UploadAsync("orders.csv", TestData.Csv(20))).EnsureSuccessStatusCode();
        var id = await served.SubmitOkAsync("""
            source: datasets/orders.csv
            rules:
              - {name: small, column: amount, less_than: 10}
            """);
        var run = await served.WaitAsync(id);
        Assert.Equal("checks_failed", run.GetProperty("status").GetString());
        var rules = run.GetProperty("results").GetProperty("rules");
        Assert.Contains(rules.EnumerateArray(), r => r.GetProperty("name").GetString() == "small");
    }

    [Theory]
    [InlineData("source: ../outside.csv", "source: ")]
    [InlineData("source: /etc/hostname", "source: ")]
    [InlineData("source: {path: datasets/../../outside.csv}", "source: ")]
    [InlineData("source: datasets/orders.csv\nsinks: [../escape.csv]", "sinks[0]: ")]
    [InlineData("source: datasets/orders.csv\nsinks: [/tmp/escape.csv]", "sinks[0]: ")]
    [InlineData("source: datasets/orders.csv\nsinks: [{duckdb: {database: /tmp/x.duckdb, table: t}}]", "sinks[0]: database sinks are not served")]
    [InlineData("source: {sql: \"select * from read_csv('/etc/passwd')\"}", "source: database sources are not served")]
    [InlineData("source: datasets/orders.csv\noptions: {spill_dir: /tmp/spill}", "options.spill_dir: ")]
    [InlineData("source: datasets/orders.csv\nrules:\n  - {name: ref, column: id, exists_in: {path: /etc/hostname, column: x}}", "rules.ref: ")]
    [InlineData("source: datasets/link.csv", "leads outside the serve root")]
    [InlineData("source: datasets/*.csv", "leads outside the serve root")]
    [InlineData("source: datasets/missing.csv", "source: ")]
    [InlineData("source: \"-\"", "standard input is not served")]
    [InlineData("", "empty")]
    [InlineData("source: datasets/orders.csv\nsinkz: [a.csv]", "did you mean")]
    public async Task Specs_that_reach_outside_the_root_or_are_wrong_get_400_naming_the_key(string spec, string expected)
    {
        await using var served = await ServedInstance.StartAsync();
        (await served.UploadAsync("orders.csv", TestData.Csv(5))).EnsureSuccessStatusCode();
        var outside = Path.Combine(served.Folder, "outside.csv");
        await File.WriteAllBytesAsync(outside, TestData.Csv(5));
        File.CreateSymbolicLink(Path.Combine(served.Root, "datasets", "link.csv"), outside);

        using var response = await served.SubmitAsync(spec);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "runs")));
        Assert.False(File.Exists("/tmp/escape.csv") && File.GetLastWriteTimeUtc("/tmp/escape.csv") > DateTime.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Unknown_runs_and_bad_file_names_are_404_and_400()
    {
        await using var served = await ServedInstance.StartAsync();
        foreach (var path in new[] { "/runs/nope", "/runs/nope/results", "/runs/nope/report", "/runs/nope/output/a.csv", "/runs/nope/files/a.csv" })
        {
            using var response = await served.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("no run 'nope'", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await served.Client.DeleteAsync("/runs/nope")).StatusCode);

        (await served.UploadAsync("orders.csv", TestData.Csv(5))).EnsureSuccessStatusCode();
        var id = await served.SubmitOkAsync("source: datasets/orders.csv");
        await served.WaitAsync(id);
        foreach (var name in new[] { "..%2F..%2Fdatasets%2Forders.csv", "%2e%2e%2f%2e%2e%2fdatasets%2forders.csv", ".lock" })
        {
            using var response = await served.Client.GetAsync($"/runs/{id}/files/{name}");
            Assert.False(response.IsSuccessStatusCode, name);
            Assert.DoesNotContain("id,amount", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await served.Client.GetAsync($"/runs/{id}/files/a..b")).StatusCode);
    }

    /// <summary>Rows, sum of id and sum of amount, read back with the engine's own readers.</summary>
    internal static (long Rows, long IdSum, double AmountSum) Totals(string path)
    {
        var source = FileFormats.OpenSource(path);
        using var context = new PipelineContext(new PipelineOptions(), CancellationToken.None);
        using var stream = source.Open(context);
        long rows = 0, ids = 0;
        double amounts = 0;
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            using (batch)
            {
                rows += batch.Length;
                var id = (Apache.Arrow.Int64Array)batch.Column("id");
                var amount = (Apache.Arrow.DoubleArray)batch.Column("amount");
                for (int i = 0; i < batch.Length; i++) { ids += id.GetValue(i) ?? 0; amounts += amount.GetValue(i) ?? 0; }
            }
        }
        return (rows, ids, amounts);
    }
}
