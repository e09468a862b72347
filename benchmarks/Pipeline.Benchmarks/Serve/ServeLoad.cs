using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Grpc.Net.Client;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;

namespace Pipeline.Benchmarks.Serve;

/// <summary>
/// <c>serve-load PIPELINE_EXE PARQUET [SECONDS]</c> (issue 16): starts <c>pipeline serve</c> as its own process on
/// loopback, uploads the Parquet file, runs it into a Parquet output, then measures (1) <c>GET /runs/{id}</c> under 16
/// concurrent clients for SECONDS, two rounds, with errors and the server's RSS after each, and (2) Flight DoGet of the
/// run's output against reading the same file locally with Pipeline's Parquet reader. Both sides share this machine's
/// cores, so the client's work is in the numbers.
/// </summary>
public static class ServeLoad
{
    private const int Concurrency = 16;

    /// <summary>Runs the measurement and prints a table.</summary>
    public static async Task<int> RunAsync(string exe, string parquet, int seconds, TextWriter output)
    {
        var root = Directory.CreateTempSubdirectory("pipeline-serve-load-").FullName;
        int http = FreePort(), flight = FreePort();
        using var server = Process.Start(new ProcessStartInfo(exe,
            ["serve", "--root", root, "--listen", $"127.0.0.1:{http}", "--flight-listen", $"127.0.0.1:{flight}", "--max-upload", "4GiB", "--no-history"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); while (log.Count > 40) log.TryDequeue(out string? _); } };
        server.OutputDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency })
            { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromMinutes(10) };
            await WaitHealthyAsync(client).ConfigureAwait(false);

            long bytes = new FileInfo(parquet).Length;
            var upload = Stopwatch.StartNew();
            await using (var file = File.OpenRead(parquet))
            using (var put = await client.PostAsync("/datasets/bench.parquet", new StreamContent(file)).ConfigureAwait(false))
                put.EnsureSuccessStatusCode();
            upload.Stop();
            output.WriteLine($"upload      {bytes / 1e6:F0} MB in {upload.Elapsed.TotalSeconds:F2} s = {bytes / 1e6 / upload.Elapsed.TotalSeconds:F0} MB/s");

            var run = Stopwatch.StartNew();
            using var submitted = await client.PostAsync("/runs", new StringContent("source: datasets/bench.parquet\nsinks: [out.parquet]\n")).ConfigureAwait(false);
            submitted.EnsureSuccessStatusCode();
            var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false)).GetProperty("id").GetString()!;
            string status;
            while ((status = (await client.GetFromJsonAsync<JsonElement>($"/runs/{id}").ConfigureAwait(false)).GetProperty("status").GetString()!) is "queued" or "running")
                await Task.Delay(100).ConfigureAwait(false);
            output.WriteLine($"run         {status} in {run.Elapsed.TotalSeconds:F2} s");
            if (status != "ok") return 1;

            for (int round = 1; round <= 2; round++)
            {
                var (requests, errors, p50, p99) = await LoadAsync(client, $"/runs/{id}", TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"GET /runs/{{id}} round {round}: {requests / (double)seconds:F0} req/s ({requests} in {seconds} s, {Concurrency} concurrent), {errors} errors, p50 {p50:F2} ms, p99 {p99:F2} ms, server RSS {Rss(server.Id) / 1e6:F0} MB"));
            }

            var local = await ReadLocallyAsync(Path.Combine(root, "runs", id, "output", "out.parquet")).ConfigureAwait(false);
            var remote = await DoGetAsync($"http://127.0.0.1:{flight}", $"run/{id}/out.parquet").ConfigureAwait(false);
            output.WriteLine(Line("local read ", local));
            output.WriteLine(Line("Flight DoGet", remote));
            output.WriteLine($"DoGet / local: {local.Seconds / remote.Seconds:F2}×");
            return local.Rows == remote.Rows ? 0 : 1;
        }
        catch (Exception ex) when (ex is Grpc.Core.RpcException or HttpRequestException)
        {
            output.WriteLine($"failed: {ex.Message}; the server's last log lines:");
            foreach (var line in log.Where(l => l.Contains("\"Error\"", StringComparison.Ordinal))) output.WriteLine("  " + line.Replace("\\n", "\n", StringComparison.Ordinal));
            return 1;
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync().ConfigureAwait(false);
            Directory.Delete(root, recursive: true);
        }
    }

    private readonly record struct Transfer(long Rows, long Bytes, double Seconds);

    private static string Line(string what, Transfer t)
        => string.Create(CultureInfo.InvariantCulture, $"{what}  {t.Rows:N0} rows, {t.Bytes / 1e6:F0} MB of Arrow buffers in {t.Seconds:F2} s = {t.Bytes / 1e6 / t.Seconds:F0} MB/s");

    private static async Task<(long Requests, long Errors, double P50, double P99)> LoadAsync(HttpClient client, string path, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[Concurrency];
        long errors = 0;
        var workers = Enumerable.Range(0, Concurrency).Select(async w =>
        {
            var mine = latencies[w] = [];
            while (Stopwatch.GetTimestamp() < until)
            {
                long t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(path).ConfigureAwait(false);
                    await response.Content.CopyToAsync(Stream.Null).ConfigureAwait(false);
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref errors); }
                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length, errors, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    private static async Task<Transfer> ReadLocallyAsync(string parquet)
    {
        var watch = Stopwatch.StartNew();
        using var context = new PipelineContext();
        using var stream = FileFormats.OpenSource(parquet).Open(context);
        long rows = 0, bytes = 0;
        while (await stream.ReadNextRecordBatchAsync().ConfigureAwait(false) is { } batch)
            using (batch) { rows += batch.Length; bytes += BufferBytes(batch); }
        return new Transfer(rows, bytes, watch.Elapsed.TotalSeconds);
    }

    private static async Task<Transfer> DoGetAsync(string address, string ticket)
    {
        var watch = Stopwatch.StartNew();
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            HttpHandler = new SocketsHttpHandler { InitialHttp2StreamWindowSize = WindowBytes() },
        });
        var client = new FlightClient(channel);
        using var call = client.GetStream(new FlightTicket(ticket));
        long rows = 0, bytes = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
            using (var batch = call.ResponseStream.Current) { rows += batch.Length; bytes += BufferBytes(batch); }
        return new Transfer(rows, bytes, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The client's HTTP/2 receive window (<c>PIPELINE_BENCH_H2_WINDOW</c> bytes; .NET's default 64 KiB, which
    /// grows dynamically, otherwise).</summary>
    private static int WindowBytes()
        => int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_BENCH_H2_WINDOW"), CultureInfo.InvariantCulture, out int w) ? w : 65_535;

    private static long BufferBytes(RecordBatch batch)
        => batch.Arrays.Sum(a => a.Data.Buffers.Sum(b => (long)b.Length) + (a.Data.Dictionary?.Buffers.Sum(b => (long)b.Length) ?? 0));

    private static async Task WaitHealthyAsync(HttpClient client)
    {
        for (int i = 0; i < 300; i++)
        {
            try { if ((await client.GetAsync("/health").ConfigureAwait(false)).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new InvalidOperationException("pipeline serve did not answer /health within 30 s");
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
