using Pipeline.Core.Execution;
using Pipeline.Hosting.Specs;

namespace Pipeline.Server.Runs;

/// <summary>One submitted run and where it stands. Status moves queued → running → ok / checks_failed / error, or
/// to cancelled from either of the first two. Each change is saved to the run folder's <see cref="RunStateFile"/>.</summary>
internal sealed class ServedRun(string id, string folder, PipelineSpec? spec)
{
    private readonly Lock _gate = new();

    /// <summary>The error of a run that a restart found unfinished.</summary>
    public const string InterruptedError = "the server stopped before this run ended; its outputs were not committed";

    /// <summary>A run of an earlier server process, read back from its folder; it has ended (a run the restart found
    /// queued or running ends as <c>error</c> with <see cref="InterruptedError"/>). Null when the folder holds no state.</summary>
    public static ServedRun? Restore(string folder)
    {
        if (RunStateFile.Read(folder) is not { } state || state.Id != Path.GetFileName(folder)) return null;
        var run = new ServedRun(state.Id, folder, null, state.Submitted)
        {
            Started = state.Started, HistoryRunId = state.HistoryRunId, Dataset = state.Dataset,
        };
        if (state.Finished is null)
            run.Finish("error", InterruptedError, state.RowsRead);
        else
        {
            run.Status = state.Status;
            run.Error = state.Error;
            run.RowsRead = state.RowsRead;
            run.Finished = state.Finished;
            run._ended.TrySetResult();
        }
        return run;
    }

    private ServedRun(string id, string folder, PipelineSpec? spec, DateTimeOffset submitted) : this(id, folder, spec) => Submitted = submitted;

    /// <summary>The run's id (also its folder name under <c>runs/</c>).</summary>
    public string Id { get; } = id;

    /// <summary>The run folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The checked spec; null for a run restored after a restart (it has ended).</summary>
    public PipelineSpec? Spec { get; } = spec;

    /// <summary>The run's id in the run history (<c>results.json</c> <c>run_id</c>), once it ended and was recorded.</summary>
    public string? HistoryRunId { get; private set; }

    /// <summary>The dataset the run history records it under, once it ended.</summary>
    public string? Dataset { get; private set; }

    /// <summary>The run's flows and their stages, as they go.</summary>
    public StageTracker Stages { get; } = new();

    /// <summary>Bytes read against bytes announced.</summary>
    public CountingProgress Progress { get; } = new();

    /// <summary>Cancelled by <c>DELETE /runs/{id}</c> or at shutdown.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset Submitted { get; } = DateTimeOffset.UtcNow;

    /// <summary>The status now.</summary>
    public string Status { get; private set; } = "queued";

    /// <summary>When it started running.</summary>
    public DateTimeOffset? Started { get; private set; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? Finished { get; private set; }

    /// <summary>The error message of a failed run.</summary>
    public string? Error { get; private set; }

    /// <summary>Rows read (known when it ended).</summary>
    public long? RowsRead { get; private set; }

    /// <summary>True once it ended.</summary>
    public bool IsFinished => Finished is not null;

    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the run has ended and its files are written.</summary>
    public Task Completion => _ended.Task;

    /// <summary>Ends a run that is still queued as cancelled; false once it started (or ended).</summary>
    public bool TryCancelQueued()
    {
        lock (_gate)
        {
            if (Status != "queued") return false;
            Status = "cancelled";
            Error = "cancelled while queued";
            RowsRead = 0;
            Finished = DateTimeOffset.UtcNow;
            Save();
        }
        _ended.TrySetResult();
        return true;
    }

    /// <summary>Marks it running, unless it was cancelled while queued.</summary>
    public bool TryStart()
    {
        lock (_gate)
        {
            if (Status != "queued") return false;
            Status = "running";
            Started = DateTimeOffset.UtcNow;
            Save();
            return true;
        }
    }

    /// <summary>Records the end (and the run's id and dataset in the run history, when it was recorded).</summary>
    public void Finish(string status, string? error, long? rowsRead, string? historyRunId = null, string? dataset = null)
    {
        lock (_gate)
        {
            Status = status;
            Error = error;
            RowsRead = rowsRead;
            HistoryRunId = historyRunId ?? HistoryRunId;
            Dataset = dataset ?? Dataset;
            Finished = DateTimeOffset.UtcNow;
            Save();
        }
        _ended.TrySetResult();
    }

    /// <summary>Saves the state now (at submit; each change saves itself).</summary>
    public void Save()
    {
        lock (_gate)
        {
            try { new RunStateFile(Id, Status, Submitted, Started, Finished, RowsRead, Error, HistoryRunId, Dataset).Write(Folder); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The run goes on; only its listing after a restart is lost. Kept in memory for this process.
                SaveError = ex.Message;
            }
        }
    }

    /// <summary>Why the last save failed, if it did.</summary>
    public string? SaveError { get; private set; }
}
