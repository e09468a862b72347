using System.Text.Json;
using Pipeline.Core.Execution;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Quality;

namespace Pipeline.Engine.Partitioned;

/// <summary>Takes a finished run's mergeable state (<c>--state FILE</c>) from its results and its stages' state.</summary>
public static class PartitionCapture
{
    /// <summary>The state of a run over <paramref name="file"/> (its range: <paramref name="unit"/>, <paramref name="start"/>,
    /// <paramref name="end"/>). <paramref name="validation"/> must have kept its state (<see cref="ValidationPart.KeepState"/>).</summary>
    public static PartitionState Capture(string file, string unit, long start, long end, string command, DateTimeOffset started,
        RunResults results, BatchOutcome outcome, Validation? validation, NullCounts? nulls, TableProfiler? profile)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(outcome);
        var rules = validation?.Rules.Rules ?? [];
        return new PartitionState
        {
            File = file, Unit = unit, Start = start, End = end, Command = command, StartedAt = started,
            Status = results.Status,
            SchemaBytes = ProfileStateFile.SchemaBytes(outcome.InputSchema),
            RulesJson = rules.Count == 0 ? "" : JsonSerializer.Serialize(rules.Select(r => r with { Location = null }).ToList(), MergedRun.RulesJsonOptions),
            Read = results.Rows.Read, Written = results.Rows.Written, Passed = results.Rows.Passed, Quarantined = results.Rows.Quarantined,
            Dropped = results.Rows.Dropped, Deduplicated = results.Rows.Deduplicated,
            QuarantineByStage = results.Quarantine.ByStage,
            QuarantineFiles = results.Quarantine.File is { } q ? [Path.GetFullPath(q)] : [],
            Stages = [.. results.Stages.Select(s => (s.Name, s.Kind, s.RowsIn, s.RowsOut))],
            NullRows = nulls?.Rows ?? -1,
            Nulls = nulls?.Nulls ?? new Dictionary<string, long>(),
            Rules = validation?.CaptureStates() ?? [],
            Profile = profile is null ? null : ProfileStateFile.ToBytes(profile),
        };
    }

    /// <summary>The state of <c>pipeline profile</c> over a file range: its row count and profile state.</summary>
    public static PartitionState ForProfile(string file, string unit, long start, long end, DateTimeOffset started, TableProfiler profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new PartitionState
        {
            File = file, Unit = unit, Start = start, End = end, Command = "profile", StartedAt = started, Status = "ok",
            SchemaBytes = ProfileStateFile.SchemaBytes(profile.Schema),
            Read = profile.Rows, Written = profile.Rows, Passed = profile.Rows,
            Profile = ProfileStateFile.ToBytes(profile),
        };
    }
}
