using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Server.Tests;

[Collection(MetricsCollection.Name)]
public sealed class QueueAndCancelTests
{
    // A run over a million rows takes seconds here (profile and sort), long enough to be seen running and cancelled
    // mid-way; waiting for "running" first keeps the test independent of how fast the machine is otherwise.
    private const int BigRows = 1_000_000;

    [Fact]
    public async Task Runs_beyond_the_limit_queue_and_cancelled_runs_commit_no_output()
    {
        await using var served = await ServedInstance.StartAsync(s => s with { MaxConcurrentRuns = 1 });
        (await served.UploadAsync("big.csv", TestData.Csv(BigRows))).EnsureSuccessStatusCode();
        (await served.UploadAsync("small.csv", TestData.Csv(10))).EnsureSuccessStatusCode();
        const string bigSpec = "source: datasets/big.csv\nprofile: true\nsort: [\"amount desc\"]\nsinks: [big.parquet]";

        var first = await served.SubmitOkAsync(bigSpec);
        await served.WaitForStatusAsync(first, "running");
        var second = await served.SubmitOkAsync("source: datasets/small.csv\nsinks: [small.csv]");
        var third = await served.SubmitOkAsync("source: datasets/small.csv\nsinks: [small.csv]");

        // One slot: while the first runs, the others wait.
        var secondNow = await served.Client.GetFromJsonAsync<JsonElement>($"/runs/{second}");
        Assert.True(secondNow.GetProperty("status").GetString() == "queued", $"second: {secondNow}");

        // Cancel the queued second, and the first while it runs.
        Assert.Equal(HttpStatusCode.Accepted, (await served.Client.DeleteAsync($"/runs/{second}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await served.Client.DeleteAsync($"/runs/{first}")).StatusCode);

        Assert.Equal("cancelled", (await served.WaitAsync(second)).GetProperty("status").GetString());
        var firstDone = await served.WaitAsync(first);
        Assert.Equal("cancelled", firstDone.GetProperty("status").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "runs", first, "output")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "runs", second, "output")));
        Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync($"/runs/{first}/output/big.parquet")).StatusCode);

        // The slot is free again: the third runs to the end, and started only after the first ended.
        var done = await served.WaitAsync(third);
        Assert.Equal("ok", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("started").GetDateTimeOffset() >= firstDone.GetProperty("finished").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync($"/runs/{third}/output/small.csv")).StatusCode);

        var metrics = await served.Client.GetStringAsync("/metrics");
        Assert.Contains("pipeline_runs_total{otel_scope_name=\"Pipeline.Server\",status=\"cancelled\"} 2", metrics);
    }

    [Fact]
    public async Task Two_runs_run_at_once_when_allowed()
    {
        await using var served = await ServedInstance.StartAsync(s => s with { MaxConcurrentRuns = 2, MemoryLimit = 256L << 20 });
        (await served.UploadAsync("orders.csv", TestData.Csv(2000))).EnsureSuccessStatusCode();
        var ids = new[] { await served.SubmitOkAsync("source: datasets/orders.csv\nsinks: [a.parquet]"), await served.SubmitOkAsync("source: datasets/orders.csv\nsinks: [b.parquet]") };
        foreach (var id in ids)
        {
            var run = await served.WaitAsync(id);
            Assert.Equal("ok", run.GetProperty("status").GetString());
            Assert.Equal(2000, run.GetProperty("rows_read").GetInt64());
        }
    }
}
