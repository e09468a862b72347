using Pipeline.Core.Errors;
using Pipeline.Engine.Optimize;

namespace Pipeline.Hosting.Running.History;

/// <summary>The optimize stage's door: reads the dataset's earlier runs and applies the <see cref="TuningAdvisor"/>'s
/// decision to the run's options before anything is read.</summary>
internal static class RunTuning
{
    /// <summary>Runs of the dataset the advisor reads (newest first).</summary>
    public const int RunsRead = 20;

    /// <summary>The run's view of its dataset's earlier runs, read once for the optimize and the learn stages; null
    /// when the run keeps no history.</summary>
    public static Core.History.EarlierRunsCache? EarlierRuns(SpecRunRequest request)
    {
        if (request.IsStep || request.History is not { } history) return null;
        int limit = Math.Max(RunsRead, Math.Max(history.SeriesLength, history.Baseline.Window));
        return new Core.History.EarlierRunsCache(history.Open(), history.DatasetFor(request.Spec.Name, request.Spec.Source.Path), limit);
    }

    /// <summary>The request with its batch size tuned, and the decision; the request unchanged and no decision when
    /// the run keeps no history or the history cannot be read (the run goes on with the options' own policy).</summary>
    /// <param name="request">The run.</param>
    /// <param name="earlier">The dataset's earlier runs (<see cref="EarlierRuns"/>), or null when the run keeps no history.</param>
    public static (SpecRunRequest Request, TuningDecision? Decision) Apply(SpecRunRequest request, Core.History.EarlierRunsCache? earlier)
    {
        if (request.IsStep || earlier is null) return (request, null);
        var spec = request.Spec;
        IReadOnlyList<Core.History.RunRecord> runs;
        try
        {
            runs = earlier.Earlier.Take(RunsRead).ToList();
        }
        catch (Exception ex) when (ex is PipelineException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return (request, null); // the learn stage reports an unreadable history; tuning just stays out of the way
        }
        var decision = TuningAdvisor.Decide(spec.Options, runs);
        if (!decision.Applied) return (request, decision);
        return (request with { Spec = spec with { Options = spec.Options with { BatchSize = decision.BatchSize } } }, decision);
    }
}
