using System.Text.Json;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Quality;

namespace Pipeline.Engine.Partitioned;

/// <summary>What <c>pipeline merge</c> makes of a <see cref="RunState"/>: the results.json and profile.json one run
/// over all its partitions would have written.</summary>
/// <param name="Results">The run's results (null when the states are profiles only).</param>
/// <param name="Profile">The profile (null when the runs did not profile).</param>
public sealed record MergedRun(RunResults? Results, ProfileReport? Profile)
{
    /// <summary>
    /// Folds the partitions in file and range order: row counts, per-stage counts and null counts add up; a row rule's
    /// failed rows add up and its examples are the lowest failing rows, numbered in the whole input (each partition's
    /// rows shifted by the rows read before it); a table rule's aggregate states merge (counts and moments exact,
    /// kept quantile values exact up to the state's limit, a KLL sketch past it) and its key sets unite
    /// (<see cref="MergedKeys"/>); schema rules are checked against the schema and history rules wait for the
    /// history, as in one run; the status and the quality score are recomputed from the merged counts. The profile
    /// states merge in partition order (<see cref="TableProfiler.MergePartition"/>).
    /// </summary>
    /// <exception cref="PipelineException">No partition, or a state whose rules do not read back.</exception>
    public static MergedRun Finish(RunState state, string label = "merged state")
    {
        var parts = state.Partitions;
        if (parts.Count == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, "merge needs at least one state");
        var first = parts[0];
        var schema = first.SchemaBytes.Length > 0 ? ProfileStateFile.ReadSchema(first.SchemaBytes) : null;
        var files = parts.Select(p => p.File).Distinct(StringComparer.Ordinal).ToList();

        ProfileReport? profile = null;
        if (first.Profile is not null)
        {
            var merged = ProfileStateFile.FromBytes(first.Profile, $"{label}: the profile of {first.Label}");
            foreach (var p in parts.Skip(1)) merged.MergePartition(ProfileStateFile.FromBytes(p.Profile!, $"{label}: the profile of {p.Label}"));
            profile = merged.Report() with { Input = new ProfileInput(string.Join(",", files), parts.All(p => p.Unit == "order") ? "profile.state" : "merged", null, 0) };
        }
        if (parts.All(p => p.Command == "profile")) return new MergedRun(null, profile);
        return new MergedRun(BuildResults(parts, schema, files), profile);
    }

    private static RunResults BuildResults(IReadOnlyList<PartitionState> parts, Apache.Arrow.Schema? schema, List<string> files)
    {
        var first = parts[0];
        var rules = ReadRules(first);
        var offsets = new long[parts.Count];
        for (int i = 1; i < parts.Count; i++) offsets[i] = offsets[i - 1] + parts[i - 1].Read;
        var started = parts.Min(p => p.StartedAt);

        var outcomes = new List<RuleResult>();
        for (int r = 0; rules is not null && r < rules.Rules.Count; r++)
        {
            var rule = rules.Rules[r];
            var states = parts.Select(p => p.Rules.Count == rules.Rules.Count ? p.Rules[r]
                : throw new PipelineException(PipelineErrorKind.InvalidInput, $"{p.Label}: the state holds {p.Rules.Count} rule states for {rules.Rules.Count} rules")).ToList();
            outcomes.Add(rule.Kind.Scope() switch
            {
                RuleScope.Row => RowOutcome(rule, states, offsets),
                RuleScope.Table => TableOutcome(rule, states, started, schema),
                RuleScope.History => RuleOutcomes.HistoryPending(rule),
                _ => RuleOutcomes.Schema(rule, schema),
            });
        }

        bool failed = outcomes.Any(o => !o.Passed && o.Severity == "error");
        var quarantineFiles = parts.SelectMany(p => p.QuarantineFiles).ToList();
        var byStage = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in parts.SelectMany(p => p.QuarantineByStage)) byStage[k] = byStage.GetValueOrDefault(k) + v;
        var stages = new List<StageResult>();
        foreach (var group in parts.SelectMany(p => p.Stages).GroupBy(s => (s.Name, s.Kind)))
            stages.Add(new StageResult(group.Key.Name, group.Key.Kind, group.Sum(s => s.In), group.Sum(s => s.Out), 0, 0, 0, 0));
        var defaults = new PipelineOptions();
        var results = new RunResults
        {
            Status = failed ? "checks_failed" : parts.Any(p => p.Status == "truncated_input") ? "truncated_input" : "ok",
            PipelineVersion = EngineVersion.Current,
            Command = first.Command,
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            DurationSeconds = 0,
            Inputs = [],
            Outputs = quarantineFiles.Count > 1
                ? [.. quarantineFiles.Select(f => new OutputResult(f, Path.GetExtension(f).TrimStart('.'), File.Exists(f) ? new FileInfo(f).Length : 0))]
                : [],
            Rows = new RowCounts(parts.Sum(p => p.Read), parts.Sum(p => p.Written), parts.Sum(p => p.Quarantined))
            {
                Passed = parts.Sum(p => p.Passed), Dropped = parts.Sum(p => p.Dropped), Deduplicated = parts.Sum(p => p.Deduplicated),
            },
            Stages = stages,
            Schema = schema?.FieldsList.Select(f => new ColumnResult(f.Name, TypeNames.Describe(f.DataType), f.IsNullable, null)).ToList(),
            Quarantine = new QuarantineResult(parts.Sum(p => p.Quarantined), quarantineFiles.Count == 1 ? quarantineFiles[0] : null, byStage, []),
            Restarts = [],
            Options = new OptionsResult(defaults.BatchSize, defaults.MaxDegreeOfParallelism, defaults.MemoryLimit, null, defaults.InferenceSampleRows, "widen"),
            Rules = outcomes,
            Warnings = [$"merged from {parts.Count} partition state{(parts.Count == 1 ? "" : "s")} of {string.Join(", ", files)}"],
        };
        if (parts.Any(p => p.NullRows >= 0) && schema is not null)
        {
            var nulls = new NullCounts();
            foreach (var p in parts.Where(p => p.NullRows >= 0)) nulls.Add(p.NullRows, p.Nulls);
            results = results with { Quality = QualityScore.Compute(results, rules, nulls, schema.FieldsList.Select(f => f.Name).ToList()) };
        }
        return results;
    }

    private static RuleResult RowOutcome(Rule rule, List<RuleState> states, long[] offsets)
    {
        var tally = new RuleTally();
        for (int i = 0; i < states.Count; i++)
        {
            tally.Add(states[i].Failed);
            foreach (var (row, value) in states[i].RowExamples)
                if (tally.Wants(offsets[i] + row)) tally.Offer(offsets[i] + row, value);
        }
        return RuleOutcomes.Row(rule, tally);
    }

    private static RuleResult TableOutcome(Rule rule, List<RuleState> states, DateTimeOffset now, Apache.Arrow.Schema? schema)
    {
        var merged = new TableRuleState();
        foreach (var s in states) if (s.Table is not null) merged.Merge(s.Table);
        var keyTypes = schema is not null && rule.KeyColumns.All(c => schema.GetFieldIndex(c) >= 0)
            ? rule.KeyColumns.Select(c => schema.GetFieldByName(c).DataType).ToList()
            : null;
        using var keys = states.Any(s => s.Keys is not null) ? new MergedKeys(states, rule, keyTypes) : null;
        return RuleOutcomes.Table(rule, merged, keys, states.Select(s => s.ReferenceRows).FirstOrDefault(n => n is not null), now);
    }

    /// <summary>The rules a partition checked, read back from its JSON (null: none).</summary>
    internal static RuleSet? ReadRules(PartitionState p, string? label = null)
    {
        if (p.RulesJson.Length == 0) return null;
        try
        {
            var list = JsonSerializer.Deserialize<List<Rule>>(p.RulesJson, RulesJsonOptions) ?? throw new JsonException("null");
            return new RuleSet(list);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or PipelineException)
        {
            throw PipelineException.InvalidInput(label ?? p.Label, $"corrupt run state: its rules do not read back ({ex.Message})", ex);
        }
    }

    /// <summary>How a state stores its rules (enums by name, so a reordered enum cannot change a rule).</summary>
    internal static JsonSerializerOptions RulesJsonOptions { get; } = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
