using System.Text.Json;
using Pipeline.Hosting.Running;

namespace Pipeline.Server.Runs;

/// <summary>What <c>GET /runs/{id}</c> returns: the status, the progress, and results.json once the run ended.</summary>
internal sealed record RunView(
    string Id, string Status, DateTimeOffset Submitted, DateTimeOffset? Started, DateTimeOffset? Finished,
    RunProgress Progress, long? RowsRead, string? Error, JsonElement? Results)
{
    /// <summary>The view of <paramref name="run"/>; <paramref name="withResults"/> embeds results.json when written.</summary>
    public static RunView Of(ServedRun run, bool withResults)
    {
        JsonElement? results = null;
        var file = Path.Combine(run.Folder, SpecRunner.ResultsFileName);
        if (withResults && run.IsFinished && File.Exists(file))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            results = doc.RootElement.Clone();
        }
        long total = run.Progress.Total, done = run.Progress.Done;
        double? fraction = run.IsFinished && run.Status is "ok" or "checks_failed" ? 1.0
            : total > 0 ? Math.Min(1.0, (double)done / total) : null;
        return new RunView(run.Id, run.Status, run.Submitted, run.Started, run.Finished, new RunProgress(done, total, fraction),
            run.RowsRead ?? run.Stages.RowsRead, run.Error, results);
    }
}

/// <summary>Bytes of input read so far against the inputs' total size.</summary>
/// <param name="BytesRead">Bytes read so far.</param>
/// <param name="BytesTotal">The inputs' total size (0 until the run opened them).</param>
/// <param name="Fraction">Read / total, 1 when the run completed; null while unknown.</param>
internal sealed record RunProgress(long BytesRead, long BytesTotal, double? Fraction);
