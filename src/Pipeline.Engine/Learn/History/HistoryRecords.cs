using Pipeline.Core.History;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Learn.History;

/// <summary>Builds the history's record of a run from its results (and its profile, when it profiled).</summary>
public static class HistoryRecords
{
    /// <summary>A new run id: a version 7 GUID, so ids sort by time as well as being unique.</summary>
    public static string NewRunId() => Guid.CreateVersion7().ToString("N");

    /// <summary>The record of a run.</summary>
    /// <param name="results">The run's results (status, times, inputs, row counts).</param>
    /// <param name="profile">The profile of the rows the run wrote, or null when it did not profile.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="dataset">The dataset it belongs to.</param>
    public static RunRecord From(RunResults results, ProfileReport? profile, string runId, string dataset)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new RunRecord
        {
            RunId = runId,
            Dataset = dataset,
            Command = results.Command,
            Status = results.Status,
            StartedAt = results.StartedAt,
            FinishedAt = results.FinishedAt,
            DurationSeconds = results.DurationSeconds,
            RowsRead = results.Rows.Read,
            RowsWritten = results.Rows.Written,
            RowsQuarantined = results.Rows.Quarantined,
            BatchSize = results.Options.BatchSize,
            Parallelism = results.Options.Parallelism,
            MemoryLimitBytes = results.Options.MemoryLimitBytes,
            SpilledBytes = results.SpilledBytes,
            Inputs = [.. results.Inputs.Select(i => new RunInputRecord(i.Path, i.Bytes, i.Sha256) { Fingerprint = i.Fingerprint })],
            Columns = profile is null ? [] : HistoryColumns.From(profile),
        };
    }
}
