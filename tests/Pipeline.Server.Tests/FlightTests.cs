using System.Net.Http.Json;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Apache.Arrow.Types;
using Grpc.Core;
using Grpc.Net.Client;
using Pipeline.Server.Auth;

namespace Pipeline.Server.Tests;

public sealed class FlightTests
{
    private const int Rows = 1000;

    [Fact]
    public async Task DoPut_then_a_run_then_DoGet_round_trips_the_values_exactly()
    {
        var folder = ServedInstance.NewFolder();
        var keysFile = Path.Combine(folder, "keys.json");
        var key = ApiKeyStore.Open(keysFile, mustExist: false).Add("flight");
        await using var served = await ServedInstance.StartAsync(s => s with { ApiKeysFile = keysFile, FlightListen = "127.0.0.1:0" }, folder);
        served.UseKey(key);
        using var channel = GrpcChannel.ForAddress(served.Server.FlightAddress!);
        var client = new FlightClient(channel);
        var auth = new Metadata { { "Authorization", $"Bearer {key}" } };

        var sent = Orders(Rows);
        await PutAsync(client, "orders.arrow", sent, auth);
        var datasets = await served.Client.GetFromJsonAsync<JsonElement>("/datasets");
        Assert.Contains(datasets.EnumerateArray(), d => d.GetProperty("name").GetString() == "orders.arrow" && d.GetProperty("format").GetString() == "arrow");

        var id = await served.SubmitOkAsync("source: datasets/orders.arrow\nsinks: [out.parquet]\n");
        Assert.Equal("ok", (await served.WaitAsync(id)).GetProperty("status").GetString());

        var received = await GetAsync(client, $"run/{id}/out.parquet", auth);
        AssertSameValues(sent, received);

        var info = await client.GetInfo(FlightDescriptor.CreatePathDescriptor("run", id, "out.parquet"), auth);
        Assert.Equal(Rows, info.TotalRecords);
        Assert.Equal(["id", "amount", "category", "paid"], info.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal($"run/{id}/out.parquet", info.Endpoints.Single().Ticket.Ticket.ToStringUtf8());

        var listed = new List<string>();
        using (var flights = client.ListFlights(null, auth))
            while (await flights.ResponseStream.MoveNext(CancellationToken.None)) listed.Add(string.Join('/', flights.ResponseStream.Current.Descriptor.Paths));
        Assert.Contains("datasets/orders.arrow", listed);
        Assert.Contains($"run/{id}/out.parquet", listed);

        // The uploaded dataset streams back as it was put.
        AssertSameValues(sent, await GetAsync(client, "datasets/orders.arrow", auth));
    }

    [Fact]
    public async Task Flight_needs_the_same_keys_and_refuses_bad_names_and_tickets()
    {
        var folder = ServedInstance.NewFolder();
        var keysFile = Path.Combine(folder, "keys.json");
        var store = ApiKeyStore.Open(keysFile, mustExist: false);
        var key = store.Add("flight");
        var old = store.Add("old");
        store.Revoke("old");
        await using var served = await ServedInstance.StartAsync(s => s with { ApiKeysFile = keysFile, FlightListen = "127.0.0.1:0", MaxUploadBytes = 4096 }, folder);
        using var channel = GrpcChannel.ForAddress(served.Server.FlightAddress!);
        var client = new FlightClient(channel);
        var auth = new Metadata { { "Authorization", $"Bearer {key}" } };

        async Task<StatusCode> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;
        Assert.Equal(StatusCode.Unauthenticated, await CodeOf(() => PutAsync(client, "a.arrow", Orders(3), null)));
        Assert.Equal(StatusCode.PermissionDenied, await CodeOf(() => PutAsync(client, "a.arrow", Orders(3), new Metadata { { "Authorization", $"Bearer {old}" } })));
        Assert.Equal(StatusCode.Unauthenticated, await CodeOf(() => GetAsync(client, "datasets/a.arrow", null)));

        var badPath = await Assert.ThrowsAsync<RpcException>(() => PutAsync(client, "../escape.arrow", Orders(3), auth));
        Assert.Equal(StatusCode.InvalidArgument, badPath.StatusCode);
        Assert.Contains("dataset name '../escape.arrow'", badPath.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, await CodeOf(() => PutAsync(client, "a.arrow", Orders(3), auth, ["runs", "a.arrow"])));
        var tooBig = await Assert.ThrowsAsync<RpcException>(() => PutAsync(client, "big.arrow", Orders(5000), auth));
        Assert.Equal(StatusCode.ResourceExhausted, tooBig.StatusCode);
        Assert.Contains("--max-upload", tooBig.Status.Detail);
        Assert.Equal(StatusCode.NotFound, await CodeOf(() => GetAsync(client, "run/nope/out.csv", auth)));
        Assert.Equal(StatusCode.NotFound, await CodeOf(() => GetAsync(client, "datasets/none.arrow", auth)));
        Assert.Equal(StatusCode.InvalidArgument, await CodeOf(() => GetAsync(client, "datasets/../../keys.json", auth)));
        Assert.Equal(StatusCode.InvalidArgument, await CodeOf(() => GetAsync(client, "datasets/..", auth)));
        // Nothing was stored by the refused uploads.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "datasets")));
    }

    [Fact]
    public async Task An_upload_with_an_array_whose_offsets_leave_its_buffer_is_refused_naming_the_column()
    {
        await using var served = await ServedInstance.StartAsync(s => s with { FlightListen = "127.0.0.1:0" });
        using var channel = GrpcChannel.ForAddress(served.Server.FlightAddress!);
        var client = new FlightClient(channel);
        // One string whose end offset (100) lies far past its 3-byte data buffer.
        var offsets = new ArrowBuffer.Builder<int>().Append(0).Append(100).Build();
        var data = new ArrowBuffer.Builder<byte>().Append((byte)'a').Append((byte)'b').Append((byte)'c').Build();
        var hostile = new StringArray(new ArrayData(StringType.Default, 1, 0, 0, [ArrowBuffer.Empty, offsets, data]));
        var batch = new RecordBatch(new Schema.Builder().Field(f => f.Name("name").DataType(StringType.Default)).Build(), [hostile], 1);
        var error = await Assert.ThrowsAsync<RpcException>(() => PutAsync(client, "hostile.arrow", [batch], null));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("name", error.Status.Detail);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(served.Root, "datasets")));
    }

    [Fact]
    public async Task With_tls_flight_is_served_on_the_main_port_and_big_outputs_come_in_messages_a_default_client_accepts()
    {
        var folder = ServedInstance.NewFolder();
        using var certificate = TestCertificate.Create(folder);
        await using var served = await ServedInstance.StartAsync(s => s with { TlsCertificateFile = certificate.CertificateFile, TlsKeyFile = certificate.KeyFile }, folder);
        Assert.Equal(served.Server.Address, served.Server.FlightAddress);
        // The client keeps gRPC's default 4 MiB receive limit: the server must slice bigger batches.
        using var channel = GrpcChannel.ForAddress(served.Server.FlightAddress!, new GrpcChannelOptions { HttpHandler = certificate.TrustingHandler() });
        var client = new FlightClient(channel);
        var sent = Orders(300_000, batchRows: 100_000);
        await PutAsync(client, "orders.arrow", sent, null);
        var received = await GetAsync(client, "datasets/orders.arrow", null);
        AssertSameValues(sent, received);
    }

    [Fact]
    public async Task A_parquet_output_read_in_batches_bigger_than_a_message_streams_back_whole_in_slices()
    {
        // Regression: the slices of a big batch share its buffers; disposing one freed the Parquet reader's native
        // memory under the next slice (NullReferenceException in the IPC writer, "Exception was thrown by handler").
        await using var served = await ServedInstance.StartAsync(s => s with { FlightListen = "127.0.0.1:0" });
        using var channel = GrpcChannel.ForAddress(served.Server.FlightAddress!);
        var client = new FlightClient(channel);
        var sent = Orders(200_000, batchRows: 50_000, padding: 120);
        await PutAsync(client, "wide.arrow", sent, null);
        var id = await served.SubmitOkAsync("source: datasets/wide.arrow\nsinks: [out.parquet]\n");
        Assert.Equal("ok", (await served.WaitAsync(id)).GetProperty("status").GetString());
        var received = await GetAsync(client, $"run/{id}/out.parquet", null);
        Assert.True(received.Count > 4, $"{received.Count} messages: the batches were expected to be sliced");
        AssertSameValues(sent, received);
    }

    /// <summary>Orders: id (int64), amount (double), category (string, every 7th null), paid (bool).</summary>
    private static List<RecordBatch> Orders(int rows, int batchRows = 400, int padding = 0)
    {
        var batches = new List<RecordBatch>();
        for (int start = 0; start < rows; start += batchRows)
        {
            int n = Math.Min(batchRows, rows - start);
            var id = new Int64Array.Builder();
            var amount = new DoubleArray.Builder();
            var category = new StringArray.Builder();
            var paid = new BooleanArray.Builder();
            for (int i = start; i < start + n; i++)
            {
                id.Append(i);
                amount.Append(i * 0.1 - 3.3);
                if (i % 7 == 0) category.AppendNull(); else category.Append($"c{i % 5}é" + new string('x', padding));
                paid.Append(i % 2 == 0);
            }
            batches.Add(new RecordBatch.Builder().Append("id", false, id.Build()).Append("amount", false, amount.Build())
                .Append("category", true, category.Build()).Append("paid", false, paid.Build()).Build());
        }
        return batches;
    }

    private static async Task PutAsync(FlightClient client, string name, IReadOnlyList<RecordBatch> batches, Metadata? headers, string[]? path = null)
    {
        using var call = client.StartPut(FlightDescriptor.CreatePathDescriptor(path ?? ["datasets", name]), headers);
        try
        {
            foreach (var batch in batches) await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException) { /* the server ended the call early (a refusal): its status comes with the response */ }
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
    }

    private static async Task<List<RecordBatch>> GetAsync(FlightClient client, string ticket, Metadata? headers)
    {
        using var call = client.GetStream(new FlightTicket(ticket), headers);
        var batches = new List<RecordBatch>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) batches.Add(call.ResponseStream.Current);
        return batches;
    }

    private static void AssertSameValues(IReadOnlyList<RecordBatch> expected, IReadOnlyList<RecordBatch> actual)
    {
        var (e, a) = (Flatten(expected), Flatten(actual));
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++) Assert.Equal(e[i], a[i]);
    }

    private static List<string> Flatten(IReadOnlyList<RecordBatch> batches)
    {
        var rows = new List<string>();
        foreach (var batch in batches)
        {
            var id = (Int64Array)batch.Column("id");
            var amount = (DoubleArray)batch.Column("amount");
            var category = (StringArray)batch.Column("category");
            var paid = (BooleanArray)batch.Column("paid");
            for (int i = 0; i < batch.Length; i++)
                rows.Add($"{id.GetValue(i)}|{BitConverter.DoubleToInt64Bits(amount.GetValue(i)!.Value)}|{(category.IsNull(i) ? "<null>" : category.GetString(i))}|{paid.GetValue(i)}");
        }
        return rows;
    }
}
