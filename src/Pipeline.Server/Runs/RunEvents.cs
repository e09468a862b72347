using System.Runtime.CompilerServices;

namespace Pipeline.Server.Runs;

/// <summary>One message of <c>GET /runs/{id}/events</c>.</summary>
/// <param name="Seq">1, 2, 3, ... in the order sent.</param>
/// <param name="Type"><c>status</c> (the status changed), <c>progress</c> (more input read) or <c>end</c> (the last
/// message: the run ended).</param>
/// <param name="Status">The run's status at that moment.</param>
/// <param name="Progress">Bytes read against the inputs' size.</param>
/// <param name="RowsRead">Rows read, in the <c>end</c> message.</param>
/// <param name="Error">The error of a failed run, in the <c>end</c> message.</param>
internal sealed record RunEvent(long Seq, string Type, string Status, RunProgress Progress, long? RowsRead, string? Error);

/// <summary>Watches a run and yields an event whenever its status or progress changes, ending with one <c>end</c>
/// event once it ended. The engine reports byte progress and the run its status; stage-by-stage events need a hook
/// in SpecRunner that does not exist yet.</summary>
internal static class RunEvents
{
    /// <summary>How often the run is looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>The events of <paramref name="run"/> from now until it ends (or <paramref name="cancellationToken"/>).</summary>
    public static async IAsyncEnumerable<RunEvent> WatchAsync(ServedRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long seq = 0;
        string? lastStatus = null;
        long lastBytes = -1;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read "ended" before the view: a run that ends in between is reported by the next round, complete.
            bool ended = run.IsFinished;
            var view = RunView.Of(run, withResults: false);
            if (ended)
            {
                yield return new RunEvent(++seq, "end", view.Status, view.Progress, view.RowsRead, view.Error);
                yield break;
            }
            if (view.Status != lastStatus)
                yield return new RunEvent(++seq, "status", view.Status, view.Progress, null, null);
            else if (view.Progress.BytesRead != lastBytes)
                yield return new RunEvent(++seq, "progress", view.Status, view.Progress, null, null);
            lastStatus = view.Status;
            lastBytes = view.Progress.BytesRead;
            try { await Task.WhenAny(run.Completion, Task.Delay(Interval, cancellationToken)).ConfigureAwait(false); }
            catch (OperationCanceledException) { yield break; }
        }
    }
}
