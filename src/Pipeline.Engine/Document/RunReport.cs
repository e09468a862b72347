using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Test;
using Pipeline.Engine.Analyze.Data;
using Pipeline.Engine.Document.Dictionary;
using Pipeline.Engine.Document.Html;
using Pipeline.Engine.Synthesize.Insights;
using Pipeline.Engine.Synthesize.Narrative;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Document;

/// <summary>
/// Turns a finished run into its report: adds the default checks (when asked), the ranked insights and the narratives
/// to the results, and writes <c>dictionary.md</c> and <c>report.html</c> into the run folder.
/// </summary>
public static class RunReport
{
    /// <summary>The results with <c>insights</c>, <c>narrative</c> and <c>report</c> filled (and the default checks
    /// appended to <c>rules</c> when <paramref name="defaultChecks"/>); the files are written to <paramref name="folder"/>.</summary>
    public static RunResults Complete(RunResults results, ProfileReport profile, ReportData data, string title, string folder,
        IReadOnlyDictionary<string, string>? descriptions = null, bool defaultChecks = false, Validate.RuleSet? rules = null,
        Learn.History.HistoryComparison? history = null)
    {
        if (defaultChecks) results = results with { Rules = [.. results.Rules, .. DefaultChecks.Evaluate(profile, data.Nulls)] };
        var inputs = new InsightInputs(profile, data, results.Rules, results.Quarantine, results.Rows.Read);
        var insights = InsightEngine.Add(InsightEngine.Find(inputs), HistoryInsights.Find(results));
        var htmlPath = Path.GetFullPath(Path.Combine(folder, HtmlReport.FileName));
        results = results with { Insights = insights, Report = htmlPath };
        results = results with { Narrative = NarrativeWriter.Write(results, insights) };
        var ruleTexts = rules?.Rules.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => string.Join(" ", g.SelectMany(r => new[] { r.Text, r.Filter }).OfType<string>()));
        var dictionary = DataDictionary.Build(profile, descriptions, results.Rules, ruleTexts);
        Directory.CreateDirectory(folder);
        WriteAtomically(Path.Combine(folder, DataDictionary.FileName), DataDictionary.Markdown(title, dictionary));
        WriteAtomically(htmlPath, HtmlReport.Render(new ReportModel(title, results, profile, data, inputs.Series, dictionary) { History = history }));
        return results;
    }

    /// <summary>A results record for a report made from a profile alone (<c>pipeline profile</c>): the profile's input
    /// and row count, no rules or quarantine.</summary>
    public static RunResults ForProfile(ProfileReport profile, DateTimeOffset started, Core.Options.PipelineOptions options)
        => new()
        {
            Status = "ok",
            PipelineVersion = EngineVersion.Current,
            Command = "profile",
            StartedAt = started,
            FinishedAt = started.AddSeconds(profile.Input?.Seconds ?? 0),
            DurationSeconds = profile.Input?.Seconds ?? 0,
            Inputs = profile.Input is { } i ? [new InputResult(i.Path, i.Format, i.Bytes, null)] : [],
            Outputs = [],
            Rows = new RowCounts(profile.RowCount, profile.RowCount, 0) { Passed = profile.RowCount },
            Stages = [],
            Schema = profile.Columns.Select(c => new ColumnResult(c.Name, c.Type, true, null)).ToList(),
            Quarantine = new QuarantineResult(0, null, new Dictionary<string, long>(), []),
            Restarts = [],
            Options = new OptionsResult(options.BatchSize, options.MaxDegreeOfParallelism, options.MemoryLimit, options.SpillDirectory,
                options.InferenceSampleRows, options.TypeMismatch == Core.Options.TypeMismatchPolicy.Widen ? "widen" : "quarantine") { InputHash = Core.Options.InputHashPolicyNames.Name(options.InputHash) },
        };

    private static void WriteAtomically(string path, string text) => Core.Files.AtomicWrite.WriteText(path, text);
}
