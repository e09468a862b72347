using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Server.Tests;

[Collection(MetricsCollection.Name)]
public sealed class MetricsAndOpenApiTests
{
    [Fact]
    public async Task Metrics_count_runs_by_status_rows_and_seconds_in_prometheus_text()
    {
        await using var served = await ServedInstance.StartAsync();
        (await served.UploadAsync("orders.csv", TestData.Csv(120))).EnsureSuccessStatusCode();
        await served.WaitAsync(await served.SubmitOkAsync("source: datasets/orders.csv"));
        await served.WaitAsync(await served.SubmitOkAsync("source: datasets/orders.csv\nrules: [{name: small, column: amount, less_than: 1}]"));

        using var response = await served.Client.GetAsync("/metrics");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE pipeline_runs_total counter", text);
        Assert.Contains("pipeline_runs_total{otel_scope_name=\"Pipeline.Server\",status=\"ok\"} 1", text);
        Assert.Contains("pipeline_runs_total{otel_scope_name=\"Pipeline.Server\",status=\"checks_failed\"} 1", text);
        Assert.Contains("pipeline_rows_read_total{otel_scope_name=\"Pipeline.Server\"} 240", text);
        Assert.Contains("pipeline_run_duration_seconds_count{otel_scope_name=\"Pipeline.Server\",status=\"ok\"} 1", text);
        Assert.Contains("pipeline_run_duration_seconds_bucket{otel_scope_name=\"Pipeline.Server\",status=\"ok\",le=\"2.5\"}", text);
        // Nothing is queued or running any more.
        Assert.Contains("pipeline_runs_active{otel_scope_name=\"Pipeline.Server\"} 0", text);
        // The runs' own meter: rows per stage and rule failures, as results.json counts them.
        Assert.Contains("pipeline_rows_total{otel_scope_name=\"Pipeline\"", text);
        Assert.Contains("pipeline_rule_failures_total{otel_scope_name=\"Pipeline\"", text);
        // HTTP request and connection metrics come from ASP.NET Core's and Kestrel's own meters.
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("kestrel_", text);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_endpoints()
    {
        await using var served = await ServedInstance.StartAsync();
        var doc = await served.Client.GetFromJsonAsync<JsonElement>("/openapi.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in new[] { "/health", "/datasets", "/datasets/{name}", "/runs", "/runs/{id}", "/runs/{id}/results",
                     "/runs/{id}/report", "/runs/{id}/files/{name}", "/runs/{id}/output/{name}" })
            Assert.Contains(path, paths);
        Assert.True(doc.GetProperty("paths").GetProperty("/runs/{id}").TryGetProperty("delete", out _));
    }
}
