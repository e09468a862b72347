using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pipeline.Server.Http;

namespace Pipeline.Server.Runs;

/// <summary><c>GET /runs/{id}/events</c>: a WebSocket that receives one JSON text message per <see cref="RunEvent"/>
/// until the run ends, then a normal close; without a WebSocket upgrade, the same events as Server-Sent Events.</summary>
internal static class RunEventEndpoints
{
    /// <summary>Maps the endpoint (the WebSocket middleware must be in the pipeline).</summary>
    public static void Map(IEndpointRouteBuilder app)
        => app.MapGet("/runs/{id}/events", StreamAsync).WithName("RunEvents")
            .WithSummary("The run's status and progress events until it ends: a WebSocket (JSON text messages) or Server-Sent Events");

    private static async Task<IResult> StreamAsync(string id, HttpContext context, RunManager runs, IOptions<JsonOptions> json)
    {
        if (runs.Find(id) is not { } run) return Problems.NotFound($"no run '{id}'");
        var options = json.Value.SerializerOptions;
        var cancel = context.RequestAborted;
        if (context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                await foreach (var e in RunEvents.WatchAsync(run, cancel))
                    await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(e, options), WebSocketMessageType.Text, endOfMessage: true, cancel);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "run ended", cancel);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException) { /* the client went away */ }
            return Results.Empty;
        }
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            await foreach (var e in RunEvents.WatchAsync(run, cancel))
            {
                await context.Response.WriteAsync($"event: {e.Type}\ndata: {JsonSerializer.Serialize(e, options)}\n\n", Encoding.UTF8, cancel);
                await context.Response.Body.FlushAsync(cancel);
            }
        }
        catch (OperationCanceledException) { /* the client went away */ }
        return Results.Empty;
    }
}
