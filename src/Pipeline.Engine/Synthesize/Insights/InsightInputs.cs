using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Data;
using Pipeline.Engine.Analyze.Series;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Everything the insight checks look at: the profile, the report analyzers' data, rule results and the
/// quarantine counts of the run.</summary>
public sealed class InsightInputs
{
    /// <summary>Inputs for the insight checks.</summary>
    public InsightInputs(ProfileReport profile, ReportData data, IReadOnlyList<RuleResult>? rules = null, QuarantineResult? quarantine = null, long rowsRead = 0)
    {
        Profile = profile;
        Data = data;
        Rules = rules ?? [];
        Quarantine = quarantine;
        RowsRead = Math.Max(rowsRead, profile.RowCount);
        // A row number or key that grows with time is not a measurement: its series is left out.
        var keys = profile.Columns.Where(c => c.SemanticType == "id" || (c.UniquePct >= 99.9 && c.Type.StartsWith("int", StringComparison.Ordinal)))
            .Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        Series = SeriesAnalysis.Of(data.Series).Where(s => !keys.Contains(s.Column)).ToList();
        IdColumns = keys;
    }

    /// <summary>Identifier columns (semantic type id, or integers unique in 99.9% of rows): they number rows, they do not
    /// measure anything, so no correlation or series is reported on them.</summary>
    public IReadOnlySet<string> IdColumns { get; }

    /// <summary>The profile of the rows that passed.</summary>
    public ProfileReport Profile { get; }
    /// <summary>Group correlations, null patterns and the time series.</summary>
    public ReportData Data { get; }
    /// <summary>Rule outcomes (the spec's rules and the default checks).</summary>
    public IReadOnlyList<RuleResult> Rules { get; }
    /// <summary>Rows quarantined, when the report is for a run.</summary>
    public QuarantineResult? Quarantine { get; }
    /// <summary>Rows read (at least the rows profiled).</summary>
    public long RowsRead { get; }
    /// <summary>The time series of each numeric column, analysed.</summary>
    public IReadOnlyList<SeriesAnalysis> Series { get; }
}
