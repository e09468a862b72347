using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pipeline.Server.Tests;

public sealed class DatasetTests
{
    [Fact]
    public async Task An_upload_is_detected_read_and_listed()
    {
        await using var served = await ServedInstance.StartAsync();
        var csv = TestData.Csv(50);
        using var response = await served.UploadAsync("orders.csv", csv);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var info = JsonDocument.Parse(body).RootElement;
        Assert.Equal("csv", info.GetProperty("format").GetString());
        Assert.Equal(csv.Length, info.GetProperty("bytes").GetInt64());
        Assert.Equal(["id", "amount", "category"], info.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(csv, await File.ReadAllBytesAsync(Path.Combine(served.Root, "datasets", "orders.csv")));

        var list = await served.Client.GetFromJsonAsync<JsonElement>("/datasets");
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal("orders.csv", only.GetProperty("name").GetString());
        Assert.Equal("csv", only.GetProperty("format").GetString());
    }

    [Fact]
    public async Task The_body_is_the_file_whatever_content_type_the_client_labels_it_with()
    {
        await using var served = await ServedInstance.StartAsync();
        foreach (var (type, name) in new[] { ("application/x-www-form-urlencoded", "a.csv"), ("text/csv", "b.csv"), ("application/octet-stream", "c.csv") })
        {
            var content = new ByteArrayContent(TestData.Csv(4));
            content.Headers.ContentType = new(type);
            using var response = await served.Client.PostAsync($"/datasets/{name}", content);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{type}: {response.StatusCode}");
        }
        foreach (var type in new[] { "application/x-www-form-urlencoded", "application/json", "text/plain" })
        {
            using var response = await served.Client.PostAsync("/runs", new StringContent("{\"source\": \"datasets/a.csv\"}", Encoding.UTF8, type));
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{type}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Content_the_readers_cannot_read_is_refused_and_leaves_nothing_behind()
    {
        await using var served = await ServedInstance.StartAsync();
        using var response = await served.UploadAsync("broken.parquet", Encoding.ASCII.GetBytes("PAR1 this is not parquet PAR1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("dataset 'broken.parquet' cannot be read", await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "datasets")));
        using var empty = await served.UploadAsync("empty.csv", []);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "datasets")));
    }

    [Fact]
    public async Task Uploads_over_the_limit_get_413_with_or_without_a_length()
    {
        await using var served = await ServedInstance.StartAsync(s => s with { MaxUploadBytes = 1000 });
        var big = TestData.Csv(200);
        Assert.True(big.Length > 1000);
        using (var response = await served.UploadAsync("big.csv", big))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("--max-upload", await response.Content.ReadAsStringAsync());
        }
        // Chunked (no Content-Length): the limit is enforced while streaming to disk.
        var chunked = new StreamContent(new MemoryStream(big));
        using (var response = await served.Client.PostAsync("/datasets/big.csv", chunked))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "datasets")));
        using var small = await served.UploadAsync("small.csv", TestData.Csv(5));
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("%2e%2e")]
    [InlineData("..%2Fescape.csv")]
    [InlineData("%2e%2e%2fescape.csv")]
    [InlineData(".hidden.csv")]
    [InlineData("a%20b.csv")]
    [InlineData("a%5C..%5Cescape.csv")]
    public async Task Names_that_could_leave_the_datasets_folder_are_refused(string name)
    {
        await using var served = await ServedInstance.StartAsync();
        using var response = await served.UploadAsync(name, TestData.Csv(3));
        Assert.False(response.IsSuccessStatusCode, $"{name}: {response.StatusCode}");
        // Routing may answer 404/405 for a path that normalises away; a name that reaches the endpoint is a 400.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "datasets")));
        Assert.Equal(["root"], Directory.EnumerateFileSystemEntries(served.Folder).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFiles(served.Root));
    }

    [Fact]
    public async Task A_link_out_of_the_root_is_not_listed()
    {
        await using var served = await ServedInstance.StartAsync();
        var outside = Path.Combine(served.Folder, "secret.csv");
        await File.WriteAllBytesAsync(outside, TestData.Csv(3));
        File.CreateSymbolicLink(Path.Combine(served.Root, "datasets", "link.csv"), outside);
        await File.WriteAllBytesAsync(Path.Combine(served.Root, "datasets", "inside.csv"), TestData.Csv(3));
        var list = await served.Client.GetFromJsonAsync<JsonElement>("/datasets");
        Assert.Equal(["inside.csv"], list.EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }
}
