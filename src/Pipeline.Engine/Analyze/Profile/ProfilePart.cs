using Pipeline.Core.Streams;
using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>The spec's <c>profile: true</c> in a run: the profiler over the rows that passed (what the sinks see),
/// within the memory budget, <c>profile.json</c> in the run folder and its path in the results.</summary>
public sealed class ProfilePart : IStagePart
{
    private IAnalyzer? _profiler;
    private string? _file;

    /// <summary>The profile, once the run finished.</summary>
    public ProfileReport? Report { get; private set; }

    /// <summary>The mergeable state behind <see cref="Report"/>.</summary>
    public TableProfiler? State { get; private set; }

    /// <inheritdoc />
    public Task ContributeAsync(RunPlanBuilder plan)
    {
        _profiler = Profiler.CreateAnalyzer(new ProfileOptions().WithinBudget(plan.Context.Options));
        plan.AddAnalyzer(AnalyzerSlot.Profile, _profiler);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task FinishAsync(CompletedRun run)
    {
        State = Profiler.StateOf(_profiler!, run.Outcome.OutputSchema);
        Report = State.Report();
        if (run.RunFolder is { } folder)
        {
            _file = Path.GetFullPath(Path.Combine(folder, Profiler.FileName));
            Profiler.Write(Report, _file);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run) => results with { Profile = _file };
}
