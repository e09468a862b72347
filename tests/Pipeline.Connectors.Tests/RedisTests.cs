using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Hosting.Building;
using Pipeline.Hosting.Connectors;
using Pipeline.TestSupport;
using StackExchange.Redis;

namespace Pipeline.Connectors.Tests;

/// <summary>redis:// keys and redis-stream:// consumer groups against a real Redis.</summary>
[Collection("redis")]
public sealed class RedisTests(RedisServer server)
{
    private static Core.Streams.ISource Source(string uri) => Addresses.Source(uri, new IO.Formats.SourceOptions()).Instance!;

    private static Dictionary<string, Dictionary<string, string?>> Rows(List<RecordBatch> batches, string keyColumn)
    {
        var rows = new Dictionary<string, Dictionary<string, string?>>();
        foreach (var batch in batches)
        {
            for (int r = 0; r < batch.Length; r++)
            {
                var row = new Dictionary<string, string?>();
                for (int c = 0; c < batch.ColumnCount; c++) row[batch.Schema.FieldsList[c].Name] = ((StringArray)batch.Column(c)).GetString(r);
                rows[row[keyColumn]!] = row;
            }
            batch.Dispose();
        }
        return rows;
    }

    [Fact]
    public void Hashes_become_rows_with_one_column_per_field()
    {
        var p = "h" + Guid.NewGuid().ToString("N")[..6];
        server.Db.HashSet($"{p}:1", [new("name", "Zoë ✓"), new("age", "41")]);
        server.Db.HashSet($"{p}:2", [new("name", "Bo")]);
        server.Db.StringSet($"{p}x", "not matched");
        var (schema, batches) = BatchReading.ReadAll(Source(server.Uri("redis", $"keys={p}:*&type=hash")));
        Assert.Equal(["key", "name", "age"], schema.FieldsList.Select(f => f.Name));
        var rows = Rows(batches, "key");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Zoë ✓", rows[$"{p}:1"]["name"]);
        Assert.Equal("41", rows[$"{p}:1"]["age"]);
        Assert.Null(rows[$"{p}:2"]["age"]);
    }

    [Fact]
    public void Strings_and_json_values_become_rows()
    {
        var p = "s" + Guid.NewGuid().ToString("N")[..6];
        server.Db.StringSet($"{p}:a", "{\"id\": 1, \"tags\": [\"x\"], \"name\": \"ä\", \"gone\": null}");
        server.Db.StringSet($"{p}:b", "{\"id\": 2}");
        var json = Rows(BatchReading.ReadAll(Source(server.Uri("redis", $"keys={p}:*&type=json"))).Batches, "key");
        Assert.Equal("1", json[$"{p}:a"]["id"]);
        Assert.Equal("[\"x\"]", json[$"{p}:a"]["tags"]);
        Assert.Equal("ä", json[$"{p}:a"]["name"]);
        Assert.Null(json[$"{p}:b"]["name"]);
        var text = Rows(BatchReading.ReadAll(Source(server.Uri("redis", $"keys={p}:*&type=string"))).Batches, "key");
        Assert.StartsWith("{\"id\": 2", text[$"{p}:b"]["value"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_outside_the_sampled_columns_fails_instead_of_being_dropped()
    {
        var p = "f" + Guid.NewGuid().ToString("N")[..6];
        // Whichever key SCAN returns first, a later one has a field it lacks.
        for (int i = 0; i < 20; i++) server.Db.HashSet($"{p}:{i}", [new("a", i), new($"surprise{i}", "x")]);
        var ex = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(Source(server.Uri("redis", $"keys={p}:*&sample=1&count=1"))));
        Assert.Contains("surprise", ex.Message, StringComparison.Ordinal);
        // With the columns listed, only they are read.
        var rows = Rows(BatchReading.ReadAll(Source(server.Uri("redis", $"keys={p}:*&fields=a"))).Batches, "key");
        Assert.Equal(20, rows.Count);
    }

    [Fact]
    public void Large_values_and_empty_results()
    {
        var p = "l" + Guid.NewGuid().ToString("N")[..6];
        server.Db.StringSet($"{p}:big", new string('é', 2_000_000));
        var rows = Rows(BatchReading.ReadAll(Source(server.Uri("redis", $"keys={p}:*&type=string"))).Batches, "key");
        Assert.Equal(2_000_000, rows[$"{p}:big"]["value"]!.Length);
        var (schema, batches) = BatchReading.ReadAll(Source(server.Uri("redis", "keys=nothing-matches-this-*&type=string")));
        Assert.Equal(["key", "value"], schema.FieldsList.Select(f => f.Name));
        Assert.Empty(batches);
    }

    [Fact]
    public void Many_keys_are_scanned_in_pages_in_bounded_batches()
    {
        var p = "m" + Guid.NewGuid().ToString("N")[..6];
        var batch = server.Db.CreateBatch();
        var tasks = Enumerable.Range(0, 50_000).Select(i => batch.HashSetAsync($"{p}:{i}", [new("n", i)])).ToArray();
        batch.Execute();
        Task.WaitAll(tasks);
        using var context = new PipelineContext(new PipelineOptions { BatchSize = 4096 });
        var (_, batches) = BatchReading.ReadAll(Source(server.Uri("redis", $"keys={p}:*&count=500")), context);
        Assert.All(batches, b => Assert.True(b.Length <= 4096));
        var rows = Rows(batches, "key");
        Assert.Equal(50_000, rows.Count);
        Assert.Equal(Enumerable.Range(0, 50_000).Sum(i => (long)i), rows.Values.Sum(r => long.Parse(r["n"]!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void An_unreachable_server_is_a_clear_error_without_the_password()
    {
        var ex = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(Source("redis://u:verysecret42@127.0.0.1:1/0?keys=a*")));
        Assert.Equal(PipelineErrorKind.External, ex.Kind);
        Assert.Contains("redis://u@127.0.0.1:1/0", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("verysecret42", ex.Message, StringComparison.Ordinal);
    }

    private void AddMessages(string stream, int count, int start = 0)
    {
        var batch = server.Db.CreateBatch();
        var tasks = Enumerable.Range(start, count).Select(i => batch.StreamAddAsync(stream, [new("n", i), new("text", $"évent {i}")])).ToArray();
        batch.Execute();
        Task.WaitAll(tasks);
    }

    [Fact]
    public async Task A_stream_run_acknowledges_only_after_its_output_commits()
    {
        var stream = "st" + Guid.NewGuid().ToString("N")[..6];
        AddMessages(stream, 2500);
        using var dir = new TempDirectory();
        var uri = server.Uri("redis-stream", $"stream={stream}&group=g1&count=700");
        var results = await DataPipeline.From(uri).To(dir.File("out.parquet")).RunAsync();
        Assert.Null(results.Error);
        Assert.Equal(2500, results.Rows.Written);
        Assert.Equal(0, server.Db.StreamPending(stream, "g1").PendingMessageCount);

        // New messages only, on the next run; nothing read twice.
        AddMessages(stream, 300, 2500);
        var again = await DataPipeline.From(uri).To(dir.File("out2.parquet")).RunAsync();
        Assert.Equal(300, again.Rows.Written);
        var (_, batches) = BatchReading.ReadAll(IO.Formats.FileFormats.OpenSource(dir.File("out2.parquet"), new IO.Formats.SourceOptions()));
        var ns = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r => ((StringArray)b.Column("n")).GetString(r))).ToList();
        Assert.Equal(Enumerable.Range(2500, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ns);
    }

    [Fact]
    public async Task A_failed_run_leaves_its_messages_pending_and_the_next_run_reads_them_again()
    {
        var stream = "sf" + Guid.NewGuid().ToString("N")[..6];
        AddMessages(stream, 1000);
        using var dir = new TempDirectory();
        var uri = server.Uri("redis-stream", $"stream={stream}&group=g&count=100");
        // The sink cannot be written (its folder is a file): the run fails after reading, so nothing is acknowledged.
        File.WriteAllText(dir.File("blocked"), "");
        await Assert.ThrowsAsync<PipelineException>(() => DataPipeline.From(uri).To(Path.Combine(dir.File("blocked"), "out.parquet")).RunAsync());
        Assert.True(server.Db.StreamPending(stream, "g").PendingMessageCount > 0);

        var retried = await DataPipeline.From(uri).To(dir.File("out.parquet")).RunAsync();
        Assert.Null(retried.Error);
        Assert.Equal(1000, retried.Rows.Written);
        Assert.Equal(0, server.Db.StreamPending(stream, "g").PendingMessageCount);
    }

    [Fact]
    public async Task Max_messages_bounds_a_run_and_the_rest_comes_next_time()
    {
        var stream = "sm" + Guid.NewGuid().ToString("N")[..6];
        AddMessages(stream, 1000);
        using var dir = new TempDirectory();
        var first = await DataPipeline.From(server.Uri("redis-stream", $"stream={stream}&group=g&max_messages=600&count=250")).To(dir.File("a.parquet")).RunAsync();
        Assert.Equal(600, first.Rows.Written);
        var second = await DataPipeline.From(server.Uri("redis-stream", $"stream={stream}&group=g")).To(dir.File("b.parquet")).RunAsync();
        Assert.Equal(400, second.Rows.Written);
        Assert.Equal(0, server.Db.StreamPending(stream, "g").PendingMessageCount);
    }

    [Fact]
    public async Task Describing_a_stream_does_not_move_its_group()
    {
        var stream = "sd" + Guid.NewGuid().ToString("N")[..6];
        AddMessages(stream, 10);
        var address = Core.Connectors.ConnectorAddress.Parse(server.Uri("redis-stream", $"stream={stream}&group=g"));
        var facts = await Addresses.Registry.For(address).DescribeAsync(address, CancellationToken.None);
        Assert.Equal(["id", "n", "text"], facts.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(10, facts.EstimatedRows);
        Assert.DoesNotContain(server.Db.StreamGroupInfo(stream), g => g.Name == "g");
    }

    private void KillPipelineClients()
    {
        var admin = server.Connection.GetServers()[0];
        foreach (var client in admin.ClientList().Where(c => c.Name == "pipeline")) admin.ClientKill(client.Id);
        Thread.Sleep(500);
    }

    [Fact]
    public void A_killed_connection_mid_stream_read_is_a_clear_error_and_nothing_is_acknowledged()
    {
        var stream = "sk" + Guid.NewGuid().ToString("N")[..6];
        AddMessages(stream, 5000);
        var source = (Core.Streams.IAcknowledgedSource)Source(server.Uri("redis-stream", $"stream={stream}&group=g&count=200"));
        using var context = new PipelineContext(new PipelineOptions { BatchSize = 200 });
        var stream1 = source.Open(context);
        using (stream1.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult()) { }
        KillPipelineClients();
        var ex = Assert.Throws<PipelineException>(() =>
        {
            while (stream1.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } b) b.Dispose();
        });
        stream1.Dispose();
        Assert.Equal(PipelineErrorKind.External, ex.Kind);
        Assert.Contains($"redis-stream://{server.Host}:{server.Port}/0", ex.Message, StringComparison.Ordinal);
        Assert.True(server.Db.StreamPending(stream, "g").PendingMessageCount > 0);
    }

    [Fact]
    public void A_killed_connection_mid_scan_is_a_clear_error()
    {
        var p = "k" + Guid.NewGuid().ToString("N")[..6];
        var batch = server.Db.CreateBatch();
        var tasks = Enumerable.Range(0, 5000).Select(i => batch.StringSetAsync($"{p}:{i}", i)).ToArray();
        batch.Execute();
        Task.WaitAll(tasks);
        using var context = new PipelineContext(new PipelineOptions { BatchSize = 100 });
        using var stream = Source(server.Uri("redis", $"keys={p}:*&type=string&count=100&sample=100")).Open(context);
        using (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult()) { }
        KillPipelineClients();
        var ex = Assert.Throws<PipelineException>(() =>
        {
            while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } b) b.Dispose();
        });
        Assert.Equal(PipelineErrorKind.External, ex.Kind);
        Assert.Contains($"redis://{server.Host}:{server.Port}/0", ex.Message, StringComparison.Ordinal);
    }
}
