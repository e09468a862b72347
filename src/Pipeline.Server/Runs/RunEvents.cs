using System.Runtime.CompilerServices;

namespace Pipeline.Server.Runs;

/// <summary>One message of <c>GET /runs/{id}/events</c>.</summary>
/// <param name="Seq">1, 2, 3, ... in the order sent.</param>
/// <param name="Type"><c>status</c> (the status changed), <c>progress</c> (more input read), <c>stage_started</c>
/// (a stage got its first batch), <c>stage_finished</c> (all rows went through it; final counts) or <c>end</c> (the
/// last message: the run ended).</param>
/// <param name="Status">The run's status at that moment.</param>
/// <param name="Progress">Bytes read against the inputs' size.</param>
/// <param name="RowsRead">Rows read so far (by the flow going on, in <c>progress</c>), or in all (in <c>end</c>).</param>
/// <param name="Error">The error of a failed run, in the <c>end</c> message.</param>
/// <param name="Stage">The stage of a <c>stage_started</c> or <c>stage_finished</c> event.</param>
internal sealed record RunEvent(long Seq, string Type, string Status, RunProgress Progress, long? RowsRead, string? Error, StageView? Stage = null);

/// <summary>Watches a run and yields an event whenever its status, progress or a stage changes, ending with one
/// <c>end</c> event once it ended. Every stage that started is reported finished before <c>end</c> when its flow
/// completed; a failed or cancelled flow's stages get no <c>stage_finished</c> (the <c>end</c> says why).</summary>
internal static class RunEvents
{
    /// <summary>How often the run is looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>The events of <paramref name="run"/> from now until it ends (or <paramref name="cancellationToken"/>).
    /// A watcher that connects late first gets the stage events it missed.</summary>
    public static async IAsyncEnumerable<RunEvent> WatchAsync(ServedRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long seq = 0;
        string? lastStatus = null;
        long lastBytes = -1;
        var started = new HashSet<(int Flow, string Stage)>();
        var finished = new HashSet<(int Flow, string Stage)>();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read "ended" before the view and the stages: a run that ends in between is reported by the next round, complete.
            bool ended = run.IsFinished;
            var view = RunView.Of(run, withResults: false);
            if (view.Status != lastStatus && !ended)
                yield return new RunEvent(++seq, "status", view.Status, view.Progress, null, null);
            else if (view.Progress.BytesRead != lastBytes && !ended)
                yield return new RunEvent(++seq, "progress", view.Status, view.Progress, view.RowsRead, null);
            lastStatus = view.Status;
            lastBytes = view.Progress.BytesRead;

            var flows = run.Stages.Flows;
            for (int f = 0; f < flows.Count; f++)
            {
                // Read "done" before the counters: once done, the counters read after it are final.
                bool done = flows[f].Done;
                foreach (var stage in flows[f].Stages.Stages)
                {
                    var key = (f, stage.Name);
                    if ((stage.Batches > 0 || done) && started.Add(key))
                        yield return new RunEvent(++seq, "stage_started", view.Status, view.Progress, null, null, StageView.Of(stage, flows[f].Step));
                    if (done && finished.Add(key))
                        yield return new RunEvent(++seq, "stage_finished", view.Status, view.Progress, null, null, StageView.Of(stage, flows[f].Step));
                }
            }

            if (ended)
            {
                yield return new RunEvent(++seq, "end", view.Status, view.Progress, view.RowsRead, view.Error);
                yield break;
            }
            try { await Task.WhenAny(run.Completion, Task.Delay(Interval, cancellationToken)).ConfigureAwait(false); }
            catch (OperationCanceledException) { yield break; }
        }
    }
}
