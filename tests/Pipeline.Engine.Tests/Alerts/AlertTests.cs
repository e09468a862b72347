using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Alerts;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;

namespace Pipeline.Engine.Tests.Alerts;

/// <summary>Alert webhooks against a real local HTTP receiver: what is posted and when, retries with backoff, a
/// receiver that is down, and secrets kept out of the results.</summary>
public sealed class AlertTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipeline-alerts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A receiver on a free loopback port that answers each request with the next status of a script (then 200).</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Queue<int> _script;
        public ConcurrentQueue<(string Path, string? Authorization, string Body)> Requests { get; } = new();
        public int Port { get; }

        public Receiver(params int[] script)
        {
            _script = new Queue<int>(script);
            Port = FreePort();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
                using var reader = new StreamReader(context.Request.InputStream);
                Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], await reader.ReadToEndAsync()));
                lock (_script) context.Response.StatusCode = _script.Count > 0 ? _script.Dequeue() : 200;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task<RunResults> Run(string alerts, bool failingRule = true)
    {
        var data = Path.Combine(_dir, "orders.csv");
        await File.WriteAllTextAsync(data, "id,amount\n1,10\n2,-5\n3,7\n");
        var spec = Path.Combine(_dir, "spec.yaml");
        var rule = failingRule ? "rules: [{name: amount_positive, column: amount, greater_than: 0}]" : "rules: [{name: has_id, column: id, not_null: true}]";
        await File.WriteAllTextAsync(spec, $"name: orders\nsource: {data}\n{rule}\nalerts:\n{alerts}\n");
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(spec), RunFolder = Path.Combine(_dir, "run") });
        return job.Results;
    }

    [Fact]
    public async Task A_failed_check_posts_the_findings_and_a_passing_run_posts_nothing()
    {
        using var receiver = new Receiver();
        var results = await Run($"  - {{on: [checks_failed], post: \"http://127.0.0.1:{receiver.Port}/hook\"}}");
        Assert.Equal("checks_failed", results.Status);
        var sent = Assert.Single(results.Alerts);
        Assert.Equal(($"http://127.0.0.1:{receiver.Port}", "sent", 1), (sent.Target, sent.Status, sent.Attempts));
        var (path, _, body) = Assert.Single(receiver.Requests);
        Assert.Equal("/hook", path);
        var json = JsonNode.Parse(body)!;
        Assert.Equal("checks_failed", (string?)json["status"]);
        Assert.Equal(["checks_failed"], json["events"]!.AsArray().Select(e => (string)e!));
        Assert.Equal(["amount_positive"], json["failed_rules"]!.AsArray().Select(e => (string)e!));
        Assert.Equal(1, (long)json["rows"]!["quarantined"]!);
        Assert.Equal(["sent"], JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "run", "results.json")))!["alerts"]!.AsArray().Select(a => (string)a!["status"]!));

        var passing = await Run($"  - {{on: [checks_failed], post: \"http://127.0.0.1:{receiver.Port}/hook\"}}", failingRule: false);
        Assert.Equal("ok", passing.Status);
        Assert.Empty(passing.Alerts);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_slack_gets_one_line_of_text()
    {
        using var receiver = new Receiver(503, 500);
        var results = await Run($"  - {{post: \"http://127.0.0.1:{receiver.Port}/slack\", format: slack}}");
        var sent = Assert.Single(results.Alerts);
        Assert.Equal(("sent", 3), (sent.Status, sent.Attempts));
        Assert.Equal(3, receiver.Requests.Count);
        var text = (string)JsonNode.Parse(receiver.Requests.Last().Body)!["text"]!;
        Assert.StartsWith("Pipeline orders: run checks_failed: ", text);
        Assert.Contains("checks failed: amount_positive", text);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        using var receiver = new Receiver(404);
        var sent = Assert.Single((await Run($"  - {{post: \"http://127.0.0.1:{receiver.Port}/gone\"}}")).Alerts);
        Assert.Equal(("failed", 1), (sent.Status, sent.Attempts));
        Assert.Contains("404", sent.Error);
    }

    [Fact]
    public async Task A_receiver_that_is_down_fails_the_alert_not_the_run_and_within_its_bound()
    {
        var port = FreePort();
        var clock = Stopwatch.StartNew();
        var results = await Run($"  - {{post: \"http://127.0.0.1:{port}/hook\"}}");
        Assert.Equal("checks_failed", results.Status);
        var failed = Assert.Single(results.Alerts);
        Assert.Equal(("failed", 4), (failed.Status, failed.Attempts));
        // Three retries at about 0.5, 1 and 2 s (with jitter): bounded well under half a minute.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 30);
    }

    [Fact]
    public async Task Secrets_from_the_environment_reach_the_receiver_and_never_the_results()
    {
        using var receiver = new Receiver(401, 401);
        Environment.SetEnvironmentVariable("PIPELINE_TEST_HOOK_TOKEN", "s3cr3t-token");
        Environment.SetEnvironmentVariable("PIPELINE_TEST_HOOK_PATH", "T000/B000/XXXX");
        try
        {
            var results = await Run($"  - {{post: \"http://127.0.0.1:{receiver.Port}/services/${{PIPELINE_TEST_HOOK_PATH}}\", headers: {{Authorization: \"Bearer ${{PIPELINE_TEST_HOOK_TOKEN}}\"}}}}");
            var (path, authorization, _) = Assert.Single(receiver.Requests);
            Assert.Equal("/services/T000/B000/XXXX", path);
            Assert.Equal("Bearer s3cr3t-token", authorization);
            var json = File.ReadAllText(Path.Combine(_dir, "run", "results.json"));
            Assert.DoesNotContain("s3cr3t-token", json);
            Assert.DoesNotContain("T000/B000/XXXX", json);
            Assert.Equal("failed", results.Alerts[0].Status);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PIPELINE_TEST_HOOK_TOKEN", null);
            Environment.SetEnvironmentVariable("PIPELINE_TEST_HOOK_PATH", null);
        }
    }

    [Fact]
    public void Unknown_events_and_missing_urls_are_refused_when_the_spec_is_read()
    {
        var spec = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(spec, "source: x.csv\nalerts:\n  - {on: [drfit], post: \"http://127.0.0.1/x\"}\n");
        Assert.Contains("unknown event 'drfit'", Assert.ThrowsAny<Exception>(() => SpecReader.ReadFile(spec)).Message);
        File.WriteAllText(spec, "source: x.csv\nalerts:\n  - {on: [error]}\n");
        Assert.Contains("needs 'post:'", Assert.ThrowsAny<Exception>(() => SpecReader.ReadFile(spec)).Message);
        File.WriteAllText(spec, "source: x.csv\nalerts:\n  - {post: \"ftp://host/x\"}\n");
        Assert.Contains("http:// or https:// URL", Assert.ThrowsAny<Exception>(() => SpecReader.ReadFile(spec)).Message);
    }
}
