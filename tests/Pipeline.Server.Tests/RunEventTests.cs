using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Pipeline.Server.Tests;

public sealed class RunEventTests
{
    [Fact]
    public async Task A_websocket_receives_status_and_progress_in_order_and_ends_with_the_final_status()
    {
        await using var served = await ServedInstance.StartAsync(s => s with { MaxConcurrentRuns = 1 });
        (await served.UploadAsync("big.csv", TestData.Csv(1_000_000))).EnsureSuccessStatusCode();
        var id = await served.SubmitOkAsync("source: datasets/big.csv\nprofile: true\noptions: {batch_size: 4096}");

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{served.Server.Address.Port}/runs/{id}/events"), CancellationToken.None);
        var events = new List<JsonElement>();
        var buffer = new byte[1 << 16];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
                message.Write(buffer, 0, received.Count);
            } while (!received.EndOfMessage);
            if (received.MessageType == WebSocketMessageType.Close) break;
            events.Add(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
        }
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        var last = events[^1];
        Assert.Equal("end", last.GetProperty("type").GetString());
        Assert.Equal("ok", last.GetProperty("status").GetString());
        Assert.Equal(1_000_000, last.GetProperty("rows_read").GetInt64());
        Assert.Single(events, e => e.GetProperty("type").GetString() == "end");
        var bytes = events.Select(e => e.GetProperty("progress").GetProperty("bytes_read").GetInt64()).ToList();
        Assert.Equal(bytes.Order(), bytes);
        Assert.Contains(events, e => e.GetProperty("status").GetString() == "running");

        // Stage events: each stage starts before it finishes, all finish before the end, with the run's final rows.
        var started = StageEvents(events, "stage_started");
        var finished = StageEvents(events, "stage_finished");
        Assert.Contains("read", started.Keys);
        Assert.Contains("profile", started.Keys);
        Assert.Equal(started.Keys.Order(), finished.Keys.Order());
        foreach (var (stage, at) in finished) Assert.True(started[stage].Seq < at.Seq, $"{stage} finished before it started");
        Assert.Equal(1_000_000, finished["read"].Stage.GetProperty("rows_in").GetInt64());
        Assert.Equal(1_000_000, finished["profile"].Stage.GetProperty("rows_in").GetInt64());
        Assert.Equal("analyzer", finished["profile"].Stage.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, finished["read"].Stage.GetProperty("step").ValueKind);
        // Progress events carry the rows read so far, never more than the total and never going back.
        var rows = events.Where(e => e.GetProperty("type").GetString() == "progress" && e.GetProperty("rows_read").ValueKind == JsonValueKind.Number)
            .Select(e => e.GetProperty("rows_read").GetInt64()).ToList();
        Assert.Equal(rows.Order(), rows);
        Assert.All(rows, r => Assert.InRange(r, 0, 1_000_000));
    }

    [Fact]
    public async Task Each_step_reports_its_own_stages_named_by_step()
    {
        await using var served = await ServedInstance.StartAsync();
        (await served.UploadAsync("a.csv", TestData.Csv(50))).EnsureSuccessStatusCode();
        var id = await served.SubmitOkAsync("""
            sources: {a: datasets/a.csv}
            steps:
              - {name: all, from: a, sinks: [all.csv]}
              - {name: big, from: a, filter: "amount > 30", sinks: [big.csv]}
            """);
        using var response = await served.Client.GetAsync($"/runs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();
        var events = text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement.Clone()).ToList();
        Assert.Equal("ok", events[^1].GetProperty("status").GetString());
        var finished = events.Where(e => e.GetProperty("type").GetString() == "stage_finished").Select(e => e.GetProperty("stage")).ToList();
        var sinks = finished.Where(s => s.GetProperty("kind").GetString() == "sink")
            .ToDictionary(s => s.GetProperty("step").GetString()!, s => s.GetProperty("rows_in").GetInt64());
        // amount = id × 1.5 > 30 for ids 21..50.
        Assert.Equal(50, sinks["all"]);
        Assert.Equal(30, sinks["big"]);
    }

    private static Dictionary<string, (long Seq, JsonElement Stage)> StageEvents(List<JsonElement> events, string type)
        => events.Where(e => e.GetProperty("type").GetString() == type)
            .ToDictionary(e => e.GetProperty("stage").GetProperty("name").GetString()!, e => (e.GetProperty("seq").GetInt64(), e.GetProperty("stage")));

    [Fact]
    public async Task Without_a_websocket_the_events_come_as_server_sent_events_and_unknown_runs_are_404()
    {
        await using var served = await ServedInstance.StartAsync();
        (await served.UploadAsync("orders.csv", TestData.Csv(100))).EnsureSuccessStatusCode();
        var id = await served.SubmitOkAsync("source: datasets/orders.csv");
        using var response = await served.Client.GetAsync($"/runs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var data = text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement).ToList();
        Assert.Equal("end", data[^1].GetProperty("type").GetString());
        Assert.Equal("ok", data[^1].GetProperty("status").GetString());
        Assert.Contains("event: end\n", text);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync("/runs/nope/events")).StatusCode);
    }
}
