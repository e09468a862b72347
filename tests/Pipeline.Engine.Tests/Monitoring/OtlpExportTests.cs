using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;

namespace Pipeline.Engine.Tests.Monitoring;

/// <summary>The run's metrics and spans exported over OTLP/HTTP to a real local receiver, as a collector would get them.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipeline-otlp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_run_sends_its_metrics_and_a_span_per_step_to_the_configured_collector()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new ConcurrentQueue<(string Path, string ContentType, byte[] Body)>();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        await File.WriteAllTextAsync(Path.Combine(_dir, "orders.csv"), "id,amount\n1,10\n2,-5\n3,7\n");
        var spec = Path.Combine(_dir, "spec.yaml");
        await File.WriteAllTextAsync(spec, """
            name: orders_by_sign
            sources: {orders: orders.csv}
            steps:
              - {name: positive, from: orders, filter: "amount > 0", rules: [{name: small, column: amount, less_than: 8}]}
              - {name: counted, from: positive, aggregate: {by: [], measures: {n: "count(*)"}}}
            options: {telemetry: {otlp_endpoint: "http://127.0.0.1:PORT"}}
            """.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = SpecReader.ReadFile(spec), RunFolder = Path.Combine(_dir, "run") });
        Assert.Equal("checks_failed", job.Results.Status);

        // The providers flush when the run ends: both signals are there by now.
        var metrics = received.Where(r => r.Path == "/v1/metrics").ToList();
        var traces = received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(metrics);
        Assert.NotEmpty(traces);
        Assert.All(received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        string metricText = Encoding.UTF8.GetString([.. metrics.SelectMany(m => m.Body)]);
        foreach (var name in new[] { "pipeline.runs.finished", "pipeline.rows", "pipeline.duration", "pipeline.rule.failures", "pipeline.quarantined" })
            Assert.Contains(name, metricText);
        // Tags: the step's name and the failed rule.
        Assert.Contains("positive", metricText);
        Assert.Contains("small", metricText);
        string traceText = Encoding.UTF8.GetString([.. traces.SelectMany(t => t.Body)]);
        Assert.Contains("pipeline.run", traceText);
        Assert.Contains("pipeline.step", traceText);
        Assert.Contains("orders_by_sign", traceText);
    }

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_refused_when_the_spec_is_read()
    {
        var spec = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(spec, "source: x.csv\noptions: {telemetry: {otlp_endpoint: \"collector:4318\"}}\n");
        Assert.Contains("otlp_endpoint", Assert.ThrowsAny<Exception>(() => SpecReader.ReadFile(spec)).Message);
    }
}
