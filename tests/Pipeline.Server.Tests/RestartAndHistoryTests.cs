using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Server.Tests;

public sealed class RestartAndHistoryTests
{
    private const string ProfiledSpec = "source: datasets/small_2024-03-01.csv\nprofile: true\nsinks: [out.csv]\n";

    [Fact]
    public async Task A_restarted_server_lists_its_runs_and_serves_their_results_and_outputs()
    {
        var served = await ServedInstance.StartAsync();
        try
        {
            await served.UploadAsync("small.csv", TestData.Csv(20));
            var ok = await served.SubmitOkAsync("source: datasets/small.csv\nsinks: [out.csv]\n");
            await served.WaitAsync(ok);
            var results = await served.Client.GetStringAsync($"/runs/{ok}/results");
            var output = await served.Client.GetByteArrayAsync($"/runs/{ok}/output/out.csv");

            // A run the server was executing when it was killed: its state file says running, and no results.
            var killed = "20260101T000000-0badc0de";
            var killedFolder = Path.Combine(served.Root, "runs", killed);
            Directory.CreateDirectory(killedFolder);
            await File.WriteAllTextAsync(Path.Combine(killedFolder, "run.json"),
                $$"""{"id":"{{killed}}","status":"running","submitted":"2026-01-01T00:00:00+00:00","started":"2026-01-01T00:00:01+00:00","finished":null,"rows_read":null,"error":null,"history_run_id":null,"dataset":null}""");
            // A folder the server did not make (no state): not listed.
            Directory.CreateDirectory(Path.Combine(served.Root, "runs", "stray"));

            served = await served.RestartAsync();
            var list = await served.Client.GetFromJsonAsync<JsonElement>("/runs");
            var ids = list.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
            Assert.Equal([ok, killed], ids);

            var run = await served.Client.GetFromJsonAsync<JsonElement>($"/runs/{ok}");
            Assert.Equal("ok", run.GetProperty("status").GetString());
            Assert.Equal(20, run.GetProperty("rows_read").GetInt64());
            Assert.Equal(20, run.GetProperty("results").GetProperty("rows").GetProperty("read").GetInt64());
            Assert.Equal(results, await served.Client.GetStringAsync($"/runs/{ok}/results"));
            Assert.Equal(output, await served.Client.GetByteArrayAsync($"/runs/{ok}/output/out.csv"));
            // It ended: cancelling is a conflict, as before the restart.
            Assert.Equal(HttpStatusCode.Conflict, (await served.Client.DeleteAsync($"/runs/{ok}")).StatusCode);

            var interrupted = await served.Client.GetFromJsonAsync<JsonElement>($"/runs/{killed}");
            Assert.Equal("error", interrupted.GetProperty("status").GetString());
            Assert.Contains("server stopped before this run ended", interrupted.GetProperty("error").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync("/runs/stray")).StatusCode);

            // New runs still work beside the restored ones.
            var again = await served.SubmitOkAsync("source: datasets/small.csv\n");
            Assert.Equal("ok", (await served.WaitAsync(again)).GetProperty("status").GetString());
        }
        finally { await served.DisposeAsync(); }
    }

    [Fact]
    public async Task Served_runs_are_recorded_in_the_history_under_the_dataset_and_listed_with_metrics_and_drift()
    {
        var served = await ServedInstance.StartAsync();
        try
        {
            await served.UploadAsync("small_2024-03-01.csv", TestData.Csv(200));
            var first = await served.SubmitOkAsync(ProfiledSpec);
            await served.WaitAsync(first);
            var second = await served.SubmitOkAsync(ProfiledSpec);
            var secondRun = await served.WaitAsync(second);
            Assert.Equal("small", secondRun.GetProperty("results").GetProperty("dataset").GetString());
            var secondHistoryId = secondRun.GetProperty("results").GetProperty("run_id").GetString();

            // Named as the history names it (the file name without dates), or by the uploaded file's name.
            foreach (var name in new[] { "small", "small_2024-03-01.csv" })
            {
                var history = await served.Client.GetFromJsonAsync<JsonElement>($"/history/{name}");
                Assert.Equal("small", history.GetProperty("dataset").GetString());
                var runs = history.GetProperty("runs").EnumerateArray().ToList();
                Assert.Equal(2, runs.Count);
                Assert.Equal(second, runs[0].GetProperty("served_run").GetString());
                Assert.Equal(first, runs[1].GetProperty("served_run").GetString());
                Assert.Equal(secondHistoryId, runs[0].GetProperty("run_id").GetString());
                Assert.Equal("serve", runs[0].GetProperty("command").GetString());
                Assert.Equal(200, runs[0].GetProperty("rows").GetProperty("read").GetInt64());
                var amount = runs[0].GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "amount");
                Assert.Equal(1.5 * 201 / 2, amount.GetProperty("mean").GetDouble(), 6);
                // The second run was compared with the first: same data, so no drift, but a baseline.
                Assert.Equal(JsonValueKind.Array, runs[0].GetProperty("drift").ValueKind);
                Assert.Empty(runs[0].GetProperty("drift").EnumerateArray());
                Assert.Contains(runs[1].GetProperty("run_id").GetString(),
                    runs[0].GetProperty("baseline").GetProperty("runs").EnumerateArray().Select(r => r.GetString()));
            }

            // After a restart the history still links its runs to the served ones.
            served = await served.RestartAsync();
            var after = await served.Client.GetFromJsonAsync<JsonElement>("/history/small");
            Assert.Equal(second, after.GetProperty("runs")[0].GetProperty("served_run").GetString());
            Assert.Equal(1, (await served.Client.GetFromJsonAsync<JsonElement>("/history/small?limit=1")).GetProperty("runs").GetArrayLength());

            Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync("/history/nothing")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await served.Client.GetAsync("/history/small?limit=0")).StatusCode);
            // A name that reaches the endpoint is checked (400); one that normalises away never gets there (404).
            Assert.Equal(HttpStatusCode.BadRequest, (await served.Client.GetAsync("/history/..%2Fruns")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync("/history/%2e%2e")).StatusCode);
        }
        finally { await served.DisposeAsync(); }
    }

    [Fact]
    public async Task A_spec_may_turn_history_off_and_no_history_records_nothing()
    {
        await using var served = await ServedInstance.StartAsync(s => s with { RecordHistory = false });
        await served.UploadAsync("small.csv", TestData.Csv(5));
        var id = await served.SubmitOkAsync("source: datasets/small.csv\n");
        var run = await served.WaitAsync(id);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("results").GetProperty("run_id").ValueKind);
        Assert.False(File.Exists(Path.Combine(served.Root, "history.duckdb")));
        Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync("/history/small")).StatusCode);

        await using var other = await ServedInstance.StartAsync();
        await other.UploadAsync("small.csv", TestData.Csv(5));
        var off = await other.SubmitOkAsync("source: datasets/small.csv\noptions: {history: false}\n");
        Assert.Equal("ok", (await other.WaitAsync(off)).GetProperty("status").GetString());
        Assert.False(File.Exists(Path.Combine(other.Root, "history.duckdb")));
    }
}
