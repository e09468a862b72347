using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Server;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;
using Pipeline.Kernels.Arrays;
using Pipeline.Server.Datasets;
using Pipeline.Server.Runs;
using Pipeline.Server.Storage;

namespace Pipeline.Server.Flight;

/// <summary>
/// Arrow Flight on the server's Kestrel (gRPC): <c>DoPut</c> uploads a dataset (descriptor path
/// <c>["datasets", NAME]</c>), <c>DoGet</c> streams a dataset or a run's output or quarantine (ticket
/// <c>run/ID/OUTPUT</c>), <c>ListFlights</c> lists them and <c>GetFlightInfo</c> gives a schema and row count. Keys,
/// rate limits and the root's path checks are the REST endpoints': the requests pass the same middleware.
/// </summary>
internal sealed class PipelineFlightServer(ServeRoot root, DatasetStore datasets, RunManager runs, ILogger<PipelineFlightServer> log) : FlightServer
{
    /// <summary>The largest record batch message sent by DoGet, in bytes of Arrow buffers: gRPC clients refuse
    /// messages over 4 MiB unless told otherwise, so bigger batches are sent in slices.</summary>
    public const long MaxMessageBytes = 3L << 20;

    /// <inheritdoc />
    public override async Task DoPut(FlightServerRecordBatchStreamReader requestStream, IAsyncStreamWriter<FlightPutResult> responseStream, ServerCallContext context)
    {
        FlightDescriptor descriptor;
        try { descriptor = await Decoded(async () => await requestStream.FlightDescriptor); }
        catch (InvalidDataException ex) { throw new RpcException(new Status(StatusCode.InvalidArgument, $"DoPut: {ex.Message}")); }
        var parts = descriptor.Type == FlightDescriptorType.Path ? descriptor.Paths.ToList() : [];
        if (parts is not ["datasets", var name])
            throw new RpcException(new Status(StatusCode.InvalidArgument, "DoPut: the descriptor must be the path [\"datasets\", NAME]"));
        var cancel = context.CancellationToken;
        try
        {
            var info = await datasets.StoreAsync(name, temp => WriteAsync(requestStream, temp, name, datasets.MaxUploadBytes, cancel), cancel);
            log.LogInformation("dataset {Dataset} stored from Flight ({Bytes} bytes)", name, info.Bytes);
            await responseStream.WriteAsync(new FlightPutResult(JsonSerializer.Serialize(new { name = info.Name, format = info.Format, bytes = info.Bytes })));
        }
        catch (UploadTooLargeException ex) { throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message)); }
        catch (PipelineException ex) when (ex.IsUserError) { throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message)); }
        catch (InvalidDataException ex) { throw new RpcException(new Status(StatusCode.InvalidArgument, $"dataset '{name}': {ex.Message}")); }
    }

    /// <summary>Apache.Arrow.Flight decoding a client's message: headers passed <see cref="FlightMessageCheck"/>, but the
    /// decoder may still refuse what it reads (an unknown type id, a union mode, a damaged descriptor) with whatever
    /// exception it throws; that is bad input from the client, so it becomes an <see cref="InvalidDataException"/>
    /// (INVALID_ARGUMENT), not a server error.</summary>
    private static async Task<T> Decoded<T>(Func<Task<T>> decode)
    {
        try { return await decode(); }
        catch (Exception ex) when (ex is not (OperationCanceledException or RpcException or InvalidDataException or OutOfMemoryException))
        {
            throw new InvalidDataException($"the Arrow data could not be decoded ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    /// <summary>Writes the uploaded batches through the sink the name's extension calls for (Arrow IPC, Parquet,
    /// CSV, JSON lines), each batch validated first like the batches of an Arrow IPC file.</summary>
    private static async Task WriteAsync(FlightServerRecordBatchStreamReader batches, string path, string name, long limit, CancellationToken cancel)
    {
        var schema = await Decoded(async () => await batches.Schema);
        using var context = new PipelineContext(new PipelineOptions(), cancel);
        ISink sink;
        try { sink = FileFormats.CreateSink(path, new SinkOptions()); }
        catch (PipelineException ex)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"dataset '{name}': {ex.Message.Replace(path, name, StringComparison.Ordinal)} (name it NAME.arrow, .parquet, .csv or .jsonl)");
        }
        await using var writer = await sink.OpenAsync(schema, context);
        long bytes = 0;
        while (await Decoded(() => batches.MoveNext(cancel)))
        {
            using var batch = batches.Current;
            // Untrusted arrays: checked against their buffers before any writer reads a value.
            ArrayValidation.Validate(batch);
            bytes += BatchBytes(batch);
            if (bytes > limit) throw new UploadTooLargeException(limit);
            await writer.WriteAsync(batch, cancel);
        }
        await writer.CommitAsync(cancel);
    }

    /// <inheritdoc />
    public override async Task DoGet(FlightTicket ticket, FlightServerRecordBatchStreamWriter responseStream, ServerCallContext context)
    {
        var path = Require(FlightTargets.Parts(ticket.Ticket.ToStringUtf8()));
        var cancel = context.CancellationToken;
        using var pipeline = new PipelineContext(new PipelineOptions(), cancel);
        using var stream = Open(path, pipeline);
        await responseStream.SetupStream(stream.Schema);
        while (await stream.ReadNextRecordBatchAsync(cancel) is { } batch)
        {
            using (batch)
            {
                long bytes = BatchBytes(batch);
                int rows = bytes <= MaxMessageBytes || batch.Length <= 1 ? batch.Length : (int)Math.Max(1, batch.Length * MaxMessageBytes / bytes);
                for (int offset = 0; offset < batch.Length; offset += rows)
                {
                    if (offset == 0 && rows == batch.Length) await responseStream.WriteAsync(batch);
                    // A slice shares the batch's buffers: disposing it would free them under the next slice (the
                    // batch, disposed after its last slice, owns them).
                    else await responseStream.WriteAsync(batch.Slice(offset, Math.Min(rows, batch.Length - offset)));
                }
            }
        }
    }

    /// <inheritdoc />
    public override async Task<FlightInfo> GetFlightInfo(FlightDescriptor request, ServerCallContext context)
    {
        var parts = request.Type == FlightDescriptorType.Path ? request.Paths.ToList() : [];
        return await InfoAsync(parts, Require(parts), context.CancellationToken);
    }

    /// <inheritdoc />
    public override async Task<Schema> GetSchema(FlightDescriptor request, ServerCallContext context)
    {
        var parts = request.Type == FlightDescriptorType.Path ? request.Paths.ToList() : [];
        using var pipeline = new PipelineContext(new PipelineOptions(), context.CancellationToken);
        using var stream = Open(Require(parts), pipeline);
        return await Task.FromResult(stream.Schema);
    }

    /// <inheritdoc />
    public override async Task ListFlights(FlightCriteria request, IAsyncStreamWriter<FlightInfo> responseStream, ServerCallContext context)
    {
        var cancel = context.CancellationToken;
        var targets = datasets.List().Select(d => (IReadOnlyList<string>)["datasets", d.Name]).ToList();
        foreach (var run in runs.List().Where(r => r.IsFinished))
        {
            var output = Path.Combine(run.Folder, ServedSpec.OutputFolder);
            if (Directory.Exists(output))
                targets.AddRange(Directory.EnumerateFiles(output).Select(Path.GetFileName).Where(n => SafeNames.IsValid(n!)).Order(StringComparer.Ordinal)
                    .Select(n => (IReadOnlyList<string>)["run", run.Id, n!]));
            if (File.Exists(Path.Combine(run.Folder, Hosting.Running.SpecRunner.QuarantineFileName))) targets.Add(["run", run.Id, FlightTargets.Quarantine]);
        }
        foreach (var parts in targets)
        {
            if (FlightTargets.Resolve(parts, root, runs).Path is not { } path) continue;
            FlightInfo info;
            // A file the readers cannot read (an upload replaced meanwhile, an output format without a reader) is left out.
            try { info = await InfoAsync(parts, path, cancel, countRows: false); }
            catch (RpcException) { continue; }
            await responseStream.WriteAsync(info);
        }
    }

    /// <summary>The file's schema, its size and (when <paramref name="countRows"/>) its rows, counted by reading it.</summary>
    private async Task<FlightInfo> InfoAsync(IReadOnlyList<string> parts, string path, CancellationToken cancel, bool countRows = true)
    {
        using var pipeline = new PipelineContext(new PipelineOptions(), cancel);
        using var stream = Open(path, pipeline);
        long rows = -1;
        if (countRows)
        {
            rows = 0;
            while (await stream.ReadNextRecordBatchAsync(cancel) is { } batch)
                using (batch) rows += batch.Length;
        }
        var ticket = new FlightTicket(string.Join('/', parts));
        return new FlightInfo(stream.Schema, FlightDescriptor.CreatePathDescriptor([.. parts]), [new FlightEndpoint(ticket, [])], rows, new FileInfo(path).Length);
    }

    private string Require(IReadOnlyList<string> parts)
    {
        var (path, error) = FlightTargets.Resolve(parts, root, runs);
        return path ?? throw new RpcException(new Status(error!.StartsWith("no ", StringComparison.Ordinal) || error.Contains(" has no ", StringComparison.Ordinal)
            ? StatusCode.NotFound : StatusCode.InvalidArgument, error));
    }

    /// <summary>Opens a file with the reader its format calls for; an unreadable one is an error naming it by its root-relative path.</summary>
    private Apache.Arrow.Ipc.IArrowArrayStream Open(string path, PipelineContext context)
    {
        try { return FileFormats.OpenSource(path).Open(context); }
        catch (Exception ex) when (ex is PipelineException or InvalidDataException or IOException)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"{Path.GetRelativePath(root.Path, path)} cannot be read as Arrow: {ex.Message.Replace(root.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)}"));
        }
    }

    private static long BatchBytes(RecordBatch batch)
    {
        long total = 0;
        foreach (var column in batch.Arrays) total += ArrayBytes(column.Data);
        return total;
    }

    private static long ArrayBytes(ArrayData data)
    {
        long total = 0;
        // Arrow leaves Buffers and Children null on arrays that have none.
        foreach (var buffer in data.Buffers ?? []) total += buffer.Length;
        foreach (var child in data.Children ?? []) total += ArrayBytes(child);
        if (data.Dictionary is { } dictionary) total += ArrayBytes(dictionary);
        return total;
    }
}
