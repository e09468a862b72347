using Pipeline.Core.Errors;
using Pipeline.Engine.Optimize;

namespace Pipeline.Hosting.Running.History;

/// <summary>The optimize stage's door: reads the dataset's earlier runs and applies the <see cref="TuningAdvisor"/>'s
/// decision to the run's options before anything is read.</summary>
internal static class RunTuning
{
    /// <summary>Runs of the dataset the advisor reads (newest first).</summary>
    public const int RunsRead = 20;

    /// <summary>The request with its batch size tuned, and the decision; the request unchanged and no decision when
    /// the run keeps no history or the history cannot be read (the run goes on with the options' own policy).</summary>
    public static (SpecRunRequest Request, TuningDecision? Decision) Apply(SpecRunRequest request)
    {
        if (request.IsStep || request.History is not { } history) return (request, null);
        var spec = request.Spec;
        IReadOnlyList<Core.History.RunRecord> runs;
        try
        {
            runs = history.Open().Recent(history.DatasetFor(spec.Name, spec.Source.Path), RunsRead);
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
