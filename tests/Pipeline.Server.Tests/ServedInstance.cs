using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pipeline.Server.Tests;

/// <summary>A real <see cref="PipelineServer"/> (Kestrel on 127.0.0.1, a free port) over a fresh temp root, with an
/// HttpClient pointed at it. Disposing stops the server and deletes the folder.</summary>
internal sealed class ServedInstance : IAsyncDisposable
{
    private ServeSettings _settings = new();
    private bool _handedOver;

    private ServedInstance(PipelineServer server, string folder)
    {
        Server = server;
        Folder = folder;
        Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public PipelineServer Server { get; }
    public string Folder { get; }
    public string Root => Server.Root;
    public HttpClient Client { get; }

    public static async Task<ServedInstance> StartAsync(Func<ServeSettings, ServeSettings>? configure = null, string? folder = null)
    {
        folder ??= NewFolder();
        // No shutdown grace unless a test asks: disposal then cancels what still runs instead of waiting for it.
        var settings = new ServeSettings { Listen = "127.0.0.1:0", Root = Path.Combine(folder, "root"), MaxConcurrentRuns = 2, ShutdownTimeout = TimeSpan.Zero };
        if (configure is not null) settings = configure(settings);
        return new ServedInstance(await PipelineServer.StartAsync(settings, Environment.GetEnvironmentVariable("SERVE_TEST_LOG") is null ? null : ServeLogging.ToStandardError), folder) { _settings = settings };
    }

    /// <summary>Stops this server and starts a new one with the same settings over the same root (its folder is
    /// handed to the new instance, not deleted).</summary>
    public async Task<ServedInstance> RestartAsync()
    {
        _handedOver = true;
        Client.Dispose();
        await Server.DisposeAsync();
        return new ServedInstance(await PipelineServer.StartAsync(_settings), Folder) { _settings = _settings };
    }

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pipeline-serve-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void UseKey(string? key)
        => Client.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);

    public async Task<HttpResponseMessage> UploadAsync(string name, byte[] content)
        => await Client.PostAsync($"/datasets/{name}", new ByteArrayContent(content));

    public async Task<HttpResponseMessage> SubmitAsync(string spec)
        => await Client.PostAsync("/runs", new StringContent(spec, Encoding.UTF8, "application/yaml"));

    /// <summary>Submits a spec that must be accepted and returns the run id.</summary>
    public async Task<string> SubmitOkAsync(string spec)
    {
        using var response = await SubmitAsync(spec);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls <c>GET /runs/{id}</c> until the run ended; returns its JSON.</summary>
    public async Task<JsonElement> WaitAsync(string id, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var run = await Client.GetFromJsonAsync<JsonElement>($"/runs/{id}");
            var status = run.GetProperty("status").GetString();
            if (status is not ("queued" or "running")) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {id} still {status} after {timeoutSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until the run has <paramref name="status"/>; fails when it ends with another.</summary>
    public async Task WaitForStatusAsync(string id, string status, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var now = (await Client.GetFromJsonAsync<JsonElement>($"/runs/{id}")).GetProperty("status").GetString();
            if (now == status) return;
            Assert.True(now is "queued" or "running", $"run {id} is {now}, waiting for {status}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {id} still {now} after {timeoutSeconds} s");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_handedOver) return;
        Client.Dispose();
        await Server.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
