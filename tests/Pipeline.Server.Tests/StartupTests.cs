using System.Net;
using Pipeline.Core.Errors;
using Pipeline.Server.Auth;

namespace Pipeline.Server.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task A_non_loopback_address_without_keys_is_refused()
    {
        var folder = ServedInstance.NewFolder();
        try
        {
            var error = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(s => s with { Listen = "0.0.0.0:0" }, folder));
            Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
            Assert.Contains("without API keys", error.Message);
            Assert.Contains("--api-keys", error.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task A_non_loopback_address_with_only_revoked_keys_is_refused_and_with_a_key_starts()
    {
        var folder = ServedInstance.NewFolder();
        var keysFile = Path.Combine(folder, "keys.json");
        var store = ApiKeyStore.Open(keysFile, mustExist: false);
        store.Add("old");
        store.Revoke("old");
        var error = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(s => s with { Listen = "0.0.0.0:0", ApiKeysFile = keysFile }, folder));
        Assert.Contains("holds no valid key", error.Message);

        var key = store.Add("ci");
        await using var served = await ServedInstance.StartAsync(s => s with { Listen = "0.0.0.0:0", ApiKeysFile = keysFile }, folder);
        // Reach it over loopback: 0.0.0.0 listens on every interface, loopback included.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{served.Server.Address.Port}") };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/datasets")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/datasets")).StatusCode);
    }

    [Fact]
    public async Task A_missing_keys_file_is_refused()
    {
        var folder = ServedInstance.NewFolder();
        try
        {
            var error = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(s => s with { ApiKeysFile = Path.Combine(folder, "none.json") }, folder));
            Assert.Contains("API keys file not found", error.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task A_keys_file_inside_the_root_is_refused()
    {
        var folder = ServedInstance.NewFolder();
        try
        {
            var keysFile = Path.Combine(folder, "root", "keys.json");
            Directory.CreateDirectory(Path.GetDirectoryName(keysFile)!);
            ApiKeyStore.Open(keysFile, mustExist: false).Add("ci");
            var error = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(s => s with { ApiKeysFile = keysFile }, folder));
            Assert.Contains("must be outside the serve root", error.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task The_root_is_created_with_its_folders_and_health_answers_on_loopback()
    {
        await using var served = await ServedInstance.StartAsync();
        Assert.Equal("127.0.0.1", served.Server.Address.Host);
        Assert.NotEqual(0, served.Server.Address.Port);
        foreach (var folder in new[] { "datasets", "specs", "runs" }) Assert.True(Directory.Exists(Path.Combine(served.Root, folder)), folder);
        var health = await served.Client.GetStringAsync("/health");
        Assert.Contains("\"ok\"", health);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080, true)]
    [InlineData("localhost:9000", "127.0.0.1", 9000, true)]
    [InlineData("[::1]:8080", "::1", 8080, true)]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80, false)]
    [InlineData("10.1.2.3:8080", "10.1.2.3", 8080, false)]
    public void Listen_addresses_parse(string text, string address, int port, bool loopback)
    {
        var endpoint = ListenAddress.Parse(text);
        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(loopback, ListenAddress.IsLoopback(endpoint));
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("example.com:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1:80x")]
    public void Bad_listen_addresses_are_refused(string text)
        => Assert.Equal(PipelineErrorKind.InvalidInput, Assert.Throws<PipelineException>(() => ListenAddress.Parse(text)).Kind);
}

public sealed class ConfigurationTests
{
    [Fact]
    public async Task An_appsettings_file_in_the_root_cannot_add_an_endpoint()
    {
        var folder = ServedInstance.NewFolder();
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Directory.CreateDirectory(Path.Combine(folder, "root"));
        await File.WriteAllTextAsync(Path.Combine(folder, "root", "appsettings.json"),
            "{\"Kestrel\": {\"Endpoints\": {\"extra\": {\"Url\": \"http://0.0.0.0:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}}}}");
        await using var served = await ServedInstance.StartAsync(folder: folder);
        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/health"));
        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/health")).StatusCode);
    }
}
