using Apache.Arrow;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate.Evaluation.Keys;
using Pipeline.Engine.Validate.Kinds;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>Turns tallies, analyzer states and the input schema into <see cref="RuleResult"/>s, in declaration order;
/// table and schema rules are judged by their kinds.</summary>
internal static class RuleOutcomes
{
    public static RuleResult Row(Rule rule, RuleTally tally)
        => Make(rule, "row", rule.EffectiveAction.ToString().ToLowerInvariant(), tally.Failed == 0, tally.Failed, null,
            tally.Failed == 0 ? null : $"{tally.Failed} {(tally.Failed == 1 ? "row" : "rows")} failed", tally.Examples);

    /// <summary>A table rule's result. <paramref name="counter"/> is its key counter (uniqueness rules),
    /// <paramref name="referenceRows"/> the other table's row count (<c>row_count_equals</c>).</summary>
    public static RuleResult Table(Rule rule, TableRuleState s, IDistinctKeyCounter? counter = null, long? referenceRows = null, DateTimeOffset? now = null)
    {
        var kind = RuleKindRegistry.Table(rule.Kind);
        var (distinct, duplicates) = counter?.Finish() ?? (0, 0);
        var (ok, observed, what) = kind.Judge(rule, new TableFacts(s, distinct, duplicates, referenceRows, now ?? DateTimeOffset.UtcNow));
        long failedRows = kind.FailsRows ? (long)observed!.Value : 0;
        var examples = counter is not null && kind.FailsRows ? counter.Examples.Select(v => new RuleExample(null, v)).ToList() : [];
        if (counter is { Spilled: true } && !ok) what += " (keys spilled to disk; examples are those found before the spill)";
        return Make(rule, "table", null, ok, failedRows, observed, ok ? null : what, examples);
    }

    public static RuleResult Schema(Rule rule, Schema? schema)
    {
        var (passed, message) = RuleKindRegistry.Schema(rule.Kind).Check(rule, schema);
        return Make(rule, "schema", null, passed, 0, null, message, []);
    }

    /// <summary>A history rule before (or without) the history: failed, saying what it needs.</summary>
    public static RuleResult HistoryPending(Rule rule)
        => Make(rule, "history", null, false, 0, null, "needs the run history (--history PATH or options.history; history is off here, or could not be read)", []);

    /// <summary>A history rule judged against the history.</summary>
    public static RuleResult History(Rule rule, Learn.History.HistoryComparison history)
    {
        var (passed, observed, message) = RuleKindRegistry.History(rule.Kind).Check(rule, history);
        return Make(rule, "history", null, passed, 0, observed, message, []);
    }

    private static RuleResult Make(Rule rule, string scope, string? action, bool passed, long failed, double? observed, string? message, IReadOnlyList<RuleExample> examples)
        => new(rule.Name, rule.Kind.YamlName(), rule.Column, rule.Severity == RuleSeverity.Error ? "error" : "warn", scope, action,
            passed, failed, observed, message, examples);
}
