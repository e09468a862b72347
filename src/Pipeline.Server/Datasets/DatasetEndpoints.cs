using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Pipeline.Core.Errors;
using Pipeline.Server.Http;

namespace Pipeline.Server.Datasets;

/// <summary><c>POST /datasets/{name}</c> (the request body is the file) and <c>GET /datasets</c>.</summary>
internal static class DatasetEndpoints
{
    /// <summary>Maps the dataset endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/datasets/{name}", UploadAsync)
            // No Accepts<> metadata: it would make routing answer 415 to a client that labels the raw body otherwise
            // (curl --data-binary sends application/x-www-form-urlencoded); the body is read as bytes whatever its label.
            .WithName("UploadDataset").WithSummary("Upload a dataset (the raw file as the body: CSV, JSON lines, Parquet, Arrow IPC)");
        app.MapGet("/datasets", (DatasetStore store) => Results.Ok(store.List()))
            .WithName("ListDatasets").WithSummary("List the datasets");
    }

    private static async Task<IResult> UploadAsync(string name, HttpContext context, DatasetStore store, CancellationToken cancellationToken)
    {
        // The store counts the exact limit while streaming. Kestrel's own limit sits 1 MiB above it: a body a little
        // over the limit is then drained after the 413, so the client reads the answer (a connection closed with
        // unread data is reset, and the reset can destroy the response); a far bigger body is cut off.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = store.MaxUploadBytes + (1 << 20);
        if (context.Request.ContentLength > store.MaxUploadBytes)
            return Problems.TooLarge($"the upload ({context.Request.ContentLength} bytes) is larger than the limit of {store.MaxUploadBytes} bytes (--max-upload)");
        try
        {
            var info = await store.UploadAsync(name, context.Request.Body, cancellationToken);
            return Results.Created($"/datasets/{info.Name}", info);
        }
        catch (UploadTooLargeException ex) { return Problems.TooLarge(ex.Message); }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge($"the upload is larger than the limit of {store.MaxUploadBytes} bytes (--max-upload)");
        }
        catch (PipelineException ex) when (ex.IsUserError) { return Problems.BadRequest(ex.Message); }
    }
}
