using System.Net;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Text.Json;
using Pipeline.Core.Errors;
using Pipeline.Server.Auth;

namespace Pipeline.Server.Tests;

public sealed class TlsTests
{
    [Fact]
    public async Task With_a_certificate_and_key_the_server_speaks_https_on_http1_and_http2()
    {
        var folder = ServedInstance.NewFolder();
        using var certificate = TestCertificate.Create(folder);
        await using var served = await ServedInstance.StartAsync(s => s with { TlsCertificateFile = certificate.CertificateFile, TlsKeyFile = certificate.KeyFile }, folder);
        Assert.Equal("https", served.Server.Address.Scheme);

        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            using var client = new HttpClient(certificate.TrustingHandler()) { BaseAddress = served.Server.Address };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health") { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, response.Version);
        }

        // A whole run over TLS: upload, submit, results.
        using var tls = new HttpClient(certificate.TrustingHandler()) { BaseAddress = served.Server.Address };
        Assert.Equal(HttpStatusCode.Created, (await tls.PostAsync("/datasets/small.csv", new ByteArrayContent(TestData.Csv(10)))).StatusCode);
        using var submitted = await tls.PostAsync("/runs", new StringContent("source: datasets/small.csv\n"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        JsonElement run;
        do
        {
            await Task.Delay(50);
            run = await tls.GetFromJsonAsync<JsonElement>($"/runs/{id}");
        } while (run.GetProperty("status").GetString() is "queued" or "running");
        Assert.Equal("ok", run.GetProperty("status").GetString());
        Assert.Equal(10, run.GetProperty("rows_read").GetInt64());
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_and_a_plain_http_client_get_nothing()
    {
        var folder = ServedInstance.NewFolder();
        using var certificate = TestCertificate.Create(folder);
        await using var served = await ServedInstance.StartAsync(s => s with { TlsCertificateFile = certificate.CertificateFile, TlsKeyFile = certificate.KeyFile }, folder);

        using var untrusting = new HttpClient { BaseAddress = served.Server.Address };
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/health"));
        Assert.IsType<AuthenticationException>(refused.InnerException);

        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{served.Server.Address.Port}"), Timeout = TimeSpan.FromSeconds(10) };
        // Kestrel answers plain HTTP on a TLS port by closing the connection (or with 400 on newer versions): never a 200.
        try
        {
            using var response = await plain.GetAsync("/health");
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
        catch (HttpRequestException) { /* closed: what we expect */ }
    }

    [Fact]
    public async Task A_non_loopback_address_with_tls_but_without_keys_is_still_refused_and_with_keys_starts()
    {
        var folder = ServedInstance.NewFolder();
        using var certificate = TestCertificate.Create(folder);
        ServeSettings Tls(ServeSettings s) => s with { Listen = "0.0.0.0:0", TlsCertificateFile = certificate.CertificateFile, TlsKeyFile = certificate.KeyFile };
        var error = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(Tls, folder));
        Assert.Contains("without API keys", error.Message);

        var keysFile = Path.Combine(folder, "keys.json");
        var key = ApiKeyStore.Open(keysFile, mustExist: false).Add("ci");
        await using var served = await ServedInstance.StartAsync(s => Tls(s) with { ApiKeysFile = keysFile }, folder);
        using var client = new HttpClient(certificate.TrustingHandler()) { BaseAddress = new Uri($"https://127.0.0.1:{served.Server.Address.Port}") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/runs")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/runs")).StatusCode);
    }

    [Fact]
    public async Task Bad_tls_settings_are_refused_at_start_naming_the_option()
    {
        var folder = ServedInstance.NewFolder();
        try
        {
            using var certificate = TestCertificate.Create(folder);
            var onlyCert = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(s => s with { TlsCertificateFile = certificate.CertificateFile }, folder));
            Assert.Contains("--tls-cert needs --tls-key", onlyCert.Message);

            var missing = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(
                s => s with { TlsCertificateFile = certificate.CertificateFile, TlsKeyFile = Path.Combine(folder, "none.pem") }, folder));
            Assert.Contains("--tls-key", missing.Message);
            Assert.Contains("file not found", missing.Message);

            // A key that is not the certificate's.
            var other = Path.Combine(folder, "other");
            Directory.CreateDirectory(other);
            using var second = TestCertificate.Create(other);
            var mismatch = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(
                s => s with { TlsCertificateFile = certificate.CertificateFile, TlsKeyFile = second.KeyFile }, folder));
            Assert.Contains("--tls-cert", mismatch.Message);
            Assert.DoesNotContain("PRIVATE KEY", mismatch.Message);

            // A private key inside the root could be read by a run and served back.
            var inRoot = Path.Combine(folder, "root", "key.pem");
            Directory.CreateDirectory(Path.GetDirectoryName(inRoot)!);
            File.Copy(certificate.KeyFile, inRoot);
            var inside = await Assert.ThrowsAsync<PipelineException>(() => ServedInstance.StartAsync(
                s => s with { TlsCertificateFile = certificate.CertificateFile, TlsKeyFile = inRoot }, folder));
            Assert.Contains("must be outside the serve root", inside.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
