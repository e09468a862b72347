using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Data;
using Pipeline.Engine.Document.Dictionary;
using Pipeline.Engine.Synthesize.Insights;
using Pipeline.Engine.Synthesize.Narrative;
using Pipeline.Engine.Analyze.Series;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Document.Html;

/// <summary>Everything <c>report.html</c> shows.</summary>
/// <param name="Title">The report's title (spec name or input file name).</param>
/// <param name="Run">The run's results (rules, quarantine, inputs, options, stages), with insights and narrative.</param>
/// <param name="Profile">The profile of the rows that passed.</param>
/// <param name="Data">Null patterns and group correlations.</param>
/// <param name="Series">Analysed time series.</param>
/// <param name="Dictionary">The data dictionary.</param>
public sealed record ReportModel(string Title, RunResults Run, ProfileReport Profile, ReportData Data,
    IReadOnlyList<SeriesAnalysis> Series, IReadOnlyList<DictionaryEntry> Dictionary)
{
    /// <summary>The run's comparison with earlier runs of its dataset, when it keeps history.</summary>
    public Learn.History.HistoryComparison? History { get; init; }

    /// <summary>The ranked insights.</summary>
    public IReadOnlyList<Insight> Insights => Run.Insights;

    /// <summary>The narratives.</summary>
    public RunNarrative Narrative => Run.Narrative ?? new RunNarrative([], [], []);
}
