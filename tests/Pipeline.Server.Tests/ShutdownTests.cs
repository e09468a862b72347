using System.Net;
using System.Text.Json;

namespace Pipeline.Server.Tests;

public sealed class ShutdownTests
{
    private const string BigSpec = "source: datasets/big.csv\nprofile: true\nsort: [\"amount desc\"]\nsinks: [big.parquet]";

    [Fact]
    public async Task At_shutdown_a_running_run_finishes_within_the_grace_queued_runs_are_cancelled_and_new_ones_refused()
    {
        await using var served = await ServedInstance.StartAsync(s => s with { MaxConcurrentRuns = 1, ShutdownTimeout = TimeSpan.FromSeconds(60) });
        (await served.UploadAsync("big.csv", TestData.Csv(1_000_000))).EnsureSuccessStatusCode();
        var running = await served.SubmitOkAsync(BigSpec);
        await served.WaitForStatusAsync(running, "running");
        var queued = await served.SubmitOkAsync("source: datasets/big.csv\nsinks: [queued.csv]");

        var stopping = served.Server.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted, "the stop waits for the running run");
        // Kestrel stops accepting connections first; a request on a connection still open gets 503, or finds the
        // connection closed by the stopping server: either way the run is not taken.
        try
        {
            using var refused = await served.SubmitAsync("source: datasets/big.csv");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }
        catch (HttpRequestException) { /* refused at connect, or the connection closed or reset by the stopping server */ }
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));

        var runs = Path.Combine(served.Root, "runs");
        using var results = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runs, running, "results.json")));
        Assert.Equal("ok", results.RootElement.GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(runs, running, "output", "big.parquet")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(runs, queued, "output")));
        Assert.False(File.Exists(Path.Combine(runs, queued, "results.json")));
    }

    [Fact]
    public async Task Past_the_grace_a_running_run_is_cancelled_and_commits_no_output()
    {
        await using var served = await ServedInstance.StartAsync(s => s with { ShutdownTimeout = TimeSpan.Zero });
        (await served.UploadAsync("big.csv", TestData.Csv(1_000_000))).EnsureSuccessStatusCode();
        var id = await served.SubmitOkAsync(BigSpec);
        await served.WaitForStatusAsync(id, "running");
        await served.Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "runs", id, "output")));
    }
}
