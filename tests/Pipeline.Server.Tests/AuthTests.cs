using System.Net;
using System.Text;
using Pipeline.Server.Auth;

namespace Pipeline.Server.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Every_endpoint_but_health_needs_a_valid_key_and_a_revoked_key_gets_403()
    {
        var folder = ServedInstance.NewFolder();
        var keysFile = Path.Combine(folder, "keys.json");
        var store = ApiKeyStore.Open(keysFile, mustExist: false);
        var key = store.Add("ci");
        await using var served = await ServedInstance.StartAsync(s => s with { ApiKeysFile = keysFile }, folder);

        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/health")).StatusCode);
        foreach (var (method, path) in new[] { ("GET", "/datasets"), ("POST", "/datasets/a.csv"), ("GET", "/runs"), ("POST", "/runs"),
                     ("GET", "/runs/x"), ("DELETE", "/runs/x"), ("GET", "/metrics"), ("GET", "/openapi.json"), ("POST", "/graphql"), ("GET", "/graphql/schema") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("x") : null };
            using var response = await served.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        // A wrong secret under a real key id, a malformed key and another scheme are all 401, with no key echoed.
        var wrongSecret = IdPart(key) + "_" + new string('A', 43);
        foreach (var header in new[] { "Bearer " + wrongSecret, "Bearer nonsense", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("a:b")) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/datasets");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await served.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.DoesNotContain(wrongSecret, await response.Content.ReadAsStringAsync());
        }

        served.UseKey(key);
        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/metrics")).StatusCode);

        // Keys revoked or added while the server runs take effect on the next request.
        store.Revoke("ci");
        using (var revoked = await served.Client.GetAsync("/datasets"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
            var body = await revoked.Content.ReadAsStringAsync();
            Assert.Contains("'ci' was revoked", body);
            Assert.DoesNotContain(key, body);
        }
        var second = store.Add("ci2");
        served.UseKey(second);
        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/datasets")).StatusCode);
    }

    [Fact]
    public void The_keys_file_holds_salted_hashes_never_a_key()
    {
        var folder = ServedInstance.NewFolder();
        try
        {
            var file = Path.Combine(folder, "keys.json");
            var store = ApiKeyStore.Open(file, mustExist: false);
            var a = store.Add("a");
            var b = store.Add("b");
            Assert.NotEqual(a, b);
            var text = File.ReadAllText(file);
            foreach (var key in new[] { a, b })
            {
                Assert.StartsWith("pk_", key);
                Assert.DoesNotContain(key[(IdPart(key).Length + 1)..], text);
            }
            Assert.Equal((KeyCheck.Valid, "a"), store.Check(a));
            Assert.Equal((KeyCheck.Unknown, (string?)null), store.Check(a + "x"));
            Assert.Equal((KeyCheck.Unknown, (string?)null), store.Check("pk__"));
            Assert.Equal(2, store.ActiveCount);
            // The same secret under another key's id does not pass: each key has its own salt and id.
            Assert.Equal(KeyCheck.Unknown, store.Check(IdPart(b) + a[IdPart(a).Length..]).Result);
            Assert.Throws<Core.Errors.PipelineException>(() => store.Add("a"));
            Assert.Throws<Core.Errors.PipelineException>(() => store.Add("../x"));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Without_a_keys_file_loopback_requests_need_no_key()
    {
        await using var served = await ServedInstance.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/datasets")).StatusCode);
    }

    /// <summary><c>pk_ID</c> of a key <c>pk_ID_SECRET</c> (the secret, base64url, may itself hold '_').</summary>
    private static string IdPart(string key) => key[..key.IndexOf('_', 3)];
}

public sealed class RateLimitTests
{
    [Fact]
    public async Task Each_key_has_its_own_budget_over_it_429_with_retry_after_and_health_is_never_limited()
    {
        var folder = ServedInstance.NewFolder();
        var keysFile = Path.Combine(folder, "keys.json");
        var store = ApiKeyStore.Open(keysFile, mustExist: false);
        var a = store.Add("a");
        var b = store.Add("b");
        await using var served = await ServedInstance.StartAsync(s => s with { ApiKeysFile = keysFile, RateLimitPerMinute = 3 }, folder);
        served.UseKey(a);
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/datasets")).StatusCode);
        using (var limited = await served.Client.GetAsync("/datasets"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(limited.Headers.RetryAfter);
            var body = await limited.Content.ReadAsStringAsync();
            Assert.Contains("more than 3 requests a minute", body);
            Assert.DoesNotContain(a, body);
        }
        for (int i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/health")).StatusCode);
        served.UseKey(b);
        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/datasets")).StatusCode);
    }
}
