using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Learn;

/// <summary>How the suggestions did on the held-out rows.</summary>
/// <param name="Fraction">The held-out fraction asked for.</param>
/// <param name="Rows">Held-out rows checked.</param>
/// <param name="Rules">Rules evaluated.</param>
/// <param name="Fired">Rules that failed on the held-out rows (would have fired on new data like it).</param>
/// <param name="Results">Every rule's result on the held-out rows.</param>
public sealed record HoldoutReport(double Fraction, long Rows, int Rules, int Fired, IReadOnlyList<RuleResult> Results);

/// <summary>The outcome of <c>pipeline suggest</c>.</summary>
/// <param name="Rules">The suggestions.</param>
/// <param name="Yaml">The rules file text.</param>
/// <param name="ProfiledRows">Rows the suggestions were learned from.</param>
/// <param name="Holdout">The held-out evaluation, when asked for.</param>
public sealed record SuggestResult(IReadOnlyList<SuggestedRule> Rules, string Yaml, long ProfiledRows, HoldoutReport? Holdout)
{
    /// <summary>Earlier recorded runs the rules were widened over (0: this input alone).</summary>
    public int HistoryRuns { get; init; }
}

/// <summary>
/// <c>pipeline suggest</c>: profiles the input (or, with a held-out fraction, the rows outside a deterministic hash
/// split), suggests rules (<see cref="RuleSuggester"/>), and optionally checks them on the held-out rows, counting how
/// many would fire. Files are read twice when holding out; standard input cannot be.
/// </summary>
public static class RuleSuggestion
{
    /// <summary>Runs the suggestion.</summary>
    /// <param name="open">Opens the input (called twice when holding out).</param>
    /// <param name="path">The input's name in messages and in the rules file's header; <c>-</c> is standard input,
    /// which cannot be read twice.</param>
    /// <param name="holdout">The fraction of rows held out, in [0, 1).</param>
    /// <param name="engine">Engine settings.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="history">Earlier runs of the dataset (newest first) the rules must also hold over; null or empty for
    /// rules from this input alone.</param>
    public static async Task<SuggestResult> RunAsync(Func<ISource> open, string path, double holdout, PipelineOptions engine, CancellationToken cancellationToken = default,
        IReadOnlyList<Core.History.RunRecord>? history = null)
    {
        if (holdout is < 0 or >= 1) throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, $"--holdout must be in [0, 1), not {holdout}");
        if (holdout > 0 && path == "-")
            throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, "--holdout reads the input twice; standard input cannot be: write it to a file first");
        var training = holdout > 0 ? new HoldoutSource(open(), holdout, heldOut: false) : open();
        // The row sample beside the profile gives the cross-column rules (sums, orders, conditional constants, mappings).
        var sampler = new Analyze.Sampling.TableSampleAnalyzer();
        var (profile, _) = await Profiler.ProfileWithStateAsync(training, path, null, engine, cancellationToken, [sampler]).ConfigureAwait(false);
        IReadOnlyList<SuggestedRule> suggestions = [.. RuleSuggester.Suggest(profile), .. CrossColumnSuggestions(sampler.Result(), profile)];
        int learned = history?.Count(r => r.Columns.Count > 0) ?? 0;
        if (learned > 0) suggestions = History.HistorySuggestions.Widen(suggestions, History.HistoryColumns.From(profile), history!);
        var over = learned > 0 ? $" and the last {learned} recorded runs of {history![0].Dataset}" : "";
        var yaml = RulesYaml.Write(suggestions, $"Rules suggested by pipeline suggest from {Path.GetFileName(path)} ({profile.RowCount} rows profiled{(holdout > 0 ? $", {holdout:P0} held out" : "")}){over}.\nReview before use: they describe the data seen, not what it should be.");
        HoldoutReport? report = null;
        if (holdout > 0 && suggestions.Count > 0)
        {
            // The file's own parse must accept what we wrote: evaluate the rules as read back, not as built.
            var rules = Validate.Parsing.RulesReader.Parse(yaml, "suggested rules");
            using var context = new PipelineContext(engine, cancellationToken);
            var validation = new Validation(rules, path, DateTimeOffset.UtcNow, context);
            await validation.PrepareAsync(context).ConfigureAwait(false);
            var outcome = await BatchRunner.RunAsync(new BatchPlan(new HoldoutSource(open(), holdout, heldOut: true),
                [validation.Transform], [validation.Analyzer], []), context).ConfigureAwait(false);
            var results = validation.Results(outcome.InputSchema);
            report = new HoldoutReport(holdout, outcome.RowsRead, results.Count, results.Count(r => !r.Passed), results);
        }
        return new SuggestResult(suggestions, yaml, profile.RowCount, report) { HistoryRuns = learned };
    }

    /// <summary>The cross-column rules that hold in the sampled rows, each with its support.</summary>
    private static IEnumerable<SuggestedRule> CrossColumnSuggestions(Analyze.Sampling.TableSample sample, ProfileReport profile)
        => Analyze.Relations.ColumnRelations.Find(sample, profile).Select(r => new SuggestedRule(r.Rule,
            $"{r.Statement}: holds in all {r.Support} {(sample.IsComplete ? "rows" : "sampled rows")} where it applies"));
}
