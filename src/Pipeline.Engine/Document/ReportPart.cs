using Pipeline.Engine.Analyze.Data;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate;

namespace Pipeline.Engine.Document;

/// <summary>The report in a profiled run with a run folder: its analyzers in the same pass, then insights, the
/// narrative, <c>report.html</c> and <c>dictionary.md</c>, and their sections of the results.</summary>
/// <param name="profile">The run's profile part (the report reads its profile).</param>
/// <param name="title">The report's title (the input's file or folder name).</param>
/// <param name="descriptions">Column descriptions for the dictionary.</param>
/// <param name="defaultChecks">Whether to add the default checks derived from the profile.</param>
/// <param name="rules">The spec's rules, for the rules table.</param>
public sealed class ReportPart(ProfilePart profile, string title, IReadOnlyDictionary<string, string> descriptions, bool defaultChecks,
    RuleSet? rules) : IStagePart
{
    private ReportAnalyzers? _analyzers;

    /// <summary>The run's comparison with earlier runs, when it keeps history (the report's "Compared with earlier
    /// runs" section and the history's insights).</summary>
    public Learn.History.HistoryPart? History { get; init; }

    /// <inheritdoc />
    public ResultsPhase Phase => ResultsPhase.Documents;

    /// <inheritdoc />
    public Task ContributeAsync(RunPlanBuilder plan)
    {
        _analyzers = new ReportAnalyzers();
        foreach (var analyzer in _analyzers.All) plan.AddAnalyzer(AnalyzerSlot.Report, analyzer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run)
    {
        if (!run.Succeeded || profile.Report is not { } report || run.RunFolder is not { } folder) return results;
        return RunReport.Complete(results, report, _analyzers!.Collect(), title, folder, descriptions, defaultChecks, rules, History?.Comparison);
    }
}
