using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipeline.Hosting.Running;
using Pipeline.Server.Http;
using Pipeline.Server.Storage;

namespace Pipeline.Server.Runs;

/// <summary>The run endpoints: submit, list, status, results, report, files, cancel.</summary>
internal static class RunEndpoints
{
    /// <summary>The largest spec body accepted.</summary>
    public const int MaxSpecBytes = 1 << 20;

    /// <summary>Maps the run endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/runs", SubmitAsync).WithName("SubmitRun")
            // Any content type: the body is read as spec text (see the upload endpoint on Accepts<> metadata).
            .WithSummary("Submit a run: the body is a spec (YAML or JSON; relative paths resolve inside the serve root)");
        app.MapGet("/runs", (RunManager runs) => Results.Ok(runs.List().Select(r => RunView.Of(r, withResults: false))))
            .WithName("ListRuns").WithSummary("List the runs of this server process, newest first");
        app.MapGet("/runs/{id}", (string id, RunManager runs) =>
                runs.Find(id) is { } run ? Results.Ok(RunView.Of(run, withResults: true)) : UnknownRun(id))
            .WithName("GetRun").WithSummary("A run's status and progress, and its results.json once it ended");
        app.MapGet("/runs/{id}/results", (string id, RunManager runs, ServeRoot root) => RunFile(runs, root, id, SpecRunner.ResultsFileName, "application/json"))
            .WithName("GetRunResults").WithSummary("The run's results.json");
        app.MapGet("/runs/{id}/report", (string id, RunManager runs, ServeRoot root) => RunFile(runs, root, id, "report.html", "text/html; charset=utf-8"))
            .WithName("GetRunReport").WithSummary("The run's report.html (when the spec asked for a profile or report)");
        app.MapGet("/runs/{id}/files/{name}", (string id, string name, RunManager runs, ServeRoot root) => RunFile(runs, root, id, name, null))
            .WithName("GetRunFile").WithSummary("A file of the run folder: results.json, quarantine.parquet, profile.json, dictionary.md, report.html");
        app.MapGet("/runs/{id}/output/{name}", (string id, string name, RunManager runs, ServeRoot root) =>
                RunFile(runs, root, id, name, null, ServedSpec.OutputFolder))
            .WithName("GetRunOutput").WithSummary("A file the run's sinks wrote");
        app.MapDelete("/runs/{id}", (string id, RunManager runs) =>
            {
                if (runs.Find(id) is not { } run) return UnknownRun(id);
                return runs.Cancel(run)
                    ? Results.Accepted($"/runs/{id}", RunView.Of(run, withResults: false))
                    : Problems.Conflict($"run '{id}' already ended ({run.Status})");
            })
            .WithName("CancelRun").WithSummary("Cancel a queued or running run: it stops and commits no output");
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, RunManager runs, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxSpecBytes) return Problems.TooLarge($"a spec may be at most {MaxSpecBytes} bytes");
        using var reader = new StreamReader(context.Request.Body, System.Text.Encoding.UTF8);
        var buffer = new char[MaxSpecBytes + 1];
        int length = 0, read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0) length += read;
        if (length > MaxSpecBytes) return Problems.TooLarge($"a spec may be at most {MaxSpecBytes} bytes");
        try
        {
            var run = runs.Submit(new string(buffer, 0, length));
            return Results.Created($"/runs/{run.Id}", RunView.Of(run, withResults: false));
        }
        catch (ServedSpecException ex) { return Problems.BadRequest(ex.Message); }
        catch (ServerStoppingException ex) { return Problems.Make(StatusCodes.Status503ServiceUnavailable, "Service unavailable", ex.Message); }
    }

    private static IResult RunFile(RunManager runs, ServeRoot root, string id, string name, string? contentType, string? subfolder = null)
    {
        if (runs.Find(id) is not { } run) return UnknownRun(id);
        if (!SafeNames.IsValid(name)) return Problems.BadRequest($"file name '{name}': must be {SafeNames.Rule}");
        var folder = subfolder is null ? run.Folder : Path.Combine(run.Folder, subfolder);
        var path = Path.Combine(folder, name);
        // Files appear only when committed (written under a temporary name, then renamed), so an existing file is whole.
        if (File.Exists(path) && !root.Contains(path)) return Problems.NotFound($"run '{id}' has no file '{name}' inside the serve root");
        if (!File.Exists(path)) return Problems.NotFound(run.IsFinished
            ? $"run '{id}' has no file '{name}'"
            : $"run '{id}' is {run.Status}: '{name}' is not written yet");
        return Results.File(path, contentType ?? ContentTypeOf(name), enableRangeProcessing: true);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".html" => "text/html; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        ".csv" => "text/csv",
        ".jsonl" => "application/x-ndjson",
        ".parquet" => "application/vnd.apache.parquet",
        ".arrow" or ".arrows" => "application/vnd.apache.arrow.file",
        _ => "application/octet-stream",
    };

    private static IResult UnknownRun(string id) => Problems.NotFound($"no run '{id}'");
}
