using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate;

namespace Pipeline.Engine.Clean;

/// <summary>
/// One run's cleaning (the spec's <c>clean:</c>). Cleaning runs <b>before</b> validation, so rules check cleaned
/// values (a null token made null fails <c>not_null</c>; a parsed date can be range-checked). It never removes rows
/// itself: <c>outliers: {action: quarantine}</c> becomes a generated row rule <c>COLUMN_outliers</c>
/// (<c>between</c> the fences) that validation applies, so quarantined rows are counted in <c>rows.quarantined</c>
/// and conservation holds. Steps that need statistics make a first pass over the input (<see cref="PrepareAsync"/>);
/// standard input cannot be read twice, so those steps refuse it with a clear error.
/// </summary>
public sealed class Cleaning
{
    private readonly IReadOnlyList<ColumnCleaning> _columns;
    private Dictionary<string, ColumnStatistics>? _statistics;
    private CleaningTransform? _transform;

    /// <summary>Prepares the cleaning of <paramref name="columns"/>.</summary>
    public Cleaning(IReadOnlyList<ColumnCleaning> columns) => _columns = columns;

    /// <summary>Whether a statistics pass is needed.</summary>
    public bool NeedsStatistics => _columns.Any(c => c.NeedsStatistics);

    /// <summary>Runs the statistics pass when needed. <paramref name="openSource"/> opens the input again; it is not
    /// called when no step needs statistics. <paramref name="sourcePath"/> <c>-</c> (stdin) with such steps is an error.</summary>
    public async Task PrepareAsync(string sourcePath, Func<ISource> openSource, PipelineContext runContext)
    {
        if (NeedsStatistics && sourcePath == "-")
        {
            var names = string.Join(", ", _columns.Where(c => c.NeedsStatistics).Select(c => c.Column));
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"clean: columns {names} need statistics from a first pass over the input (outliers, mean/median/mode/fill imputation, near-duplicate merging or format detection), and standard input cannot be read twice; write it to a file first, or give parse formats and constant imputation");
        }
        if (!NeedsStatistics)
        {
            _statistics = await CleaningStatistics.ComputeAsync(_columns, null, runContext).ConfigureAwait(false);
            return;
        }
        // A context of its own: the first pass must not count rows or quarantine malformed lines twice.
        using var passContext = new PipelineContext(runContext.Options, runContext.CancellationToken, memoryPool: runContext.MemoryPool)
        {
            Sources = runContext.Sources,
        };
        using var stream = openSource().Open(passContext);
        _statistics = await CleaningStatistics.ComputeAsync(_columns, stream, passContext).ConfigureAwait(false);
    }

    /// <summary>Sets the statistics directly (tests, embedding with statistics computed elsewhere).</summary>
    internal void UseStatistics(Dictionary<string, ColumnStatistics> statistics) => _statistics = statistics;

    /// <summary>The cleaning transform (after <see cref="PrepareAsync"/>); place it before validation.</summary>
    public IBatchTransform Transform => _transform ??= new CleaningTransform(_columns,
        _statistics ?? throw new InvalidOperationException("call PrepareAsync before the run"));

    /// <summary>The generated row rules of <c>outliers: {action: quarantine}</c> (after <see cref="PrepareAsync"/>).</summary>
    public IReadOnlyList<Rule> GeneratedRules => _columns
        .Where(c => c.Outliers is { Action: OutlierAction.Quarantine } && _statistics![c.Column].Fences is not null)
        .Select(c =>
        {
            var (lo, hi) = _statistics![c.Column].Fences!.Value;
            return new Rule
            {
                Name = c.Column + "_outliers", Kind = RuleKind.Between, Column = c.Column, Low = lo, High = hi,
                Location = c.Location, OnFail = RuleAction.Quarantine,
            };
        }).ToList();

    /// <summary>The <c>cleaning[]</c> entries, in spec order.</summary>
    public IReadOnlyList<CleaningResult> Results(IReadOnlyList<RuleResult> rules)
    {
        if (_transform is null) return [];
        var cleaners = _transform.Cleaners.ToDictionary(c => c.Spec.Column);
        return _columns.Where(c => _transform.Totals.ContainsKey(c.Column)).Select(c =>
        {
            var (changes, before, after) = _transform.Totals[c.Column];
            var steps = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int s = 0; s < changes.Length; s++)
                if (Configured(c, ColumnCleaner.StepNames[s])) steps[ColumnCleaner.StepNames[s]] = changes[s];
            if (rules.FirstOrDefault(r => r.Name == c.Column + "_outliers" && r.Kind == "between") is { } q) steps["outliers_quarantined"] = q.FailedRows;
            var stats = _statistics![c.Column];
            var cleaner = cleaners.GetValueOrDefault(c.Column);
            return new CleaningResult(c.Column, steps, stats.Facts.Count == 0 ? null : stats.Facts, c.Parse is null ? null : stats.ParseFormat,
                before.ToResult(), after.ToResult(), new[] { cleaner?.FlagColumn, cleaner?.IndicatorColumn }.OfType<string>().ToList());
        }).ToList();
    }

    private static bool Configured(ColumnCleaning c, string step) => step switch
    {
        "null_tokens" => c.NullTokens is not null,
        "trim" => c.Trim,
        "collapse_whitespace" => c.CollapseWhitespace,
        "nfc" => c.Nfc,
        "case" => c.Case is not null,
        "map" => c.Map is not null,
        "merge_near_duplicates" => c.MergeNearDuplicates,
        "parse" or "unparseable" => c.Parse is not null,
        "outliers" => c.Outliers is not null,
        _ => c.Impute is not null,
    };
}
