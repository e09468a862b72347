using Pipeline.Core.Execution;
using Pipeline.Hosting.Specs;

namespace Pipeline.Server.Runs;

/// <summary>One submitted run and where it stands. Status moves queued → running → ok / checks_failed / error, or
/// to cancelled from either of the first two.</summary>
internal sealed class ServedRun(string id, string folder, PipelineSpec spec)
{
    private readonly Lock _gate = new();

    /// <summary>The run's id (also its folder name under <c>runs/</c>).</summary>
    public string Id { get; } = id;

    /// <summary>The run folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The checked spec.</summary>
    public PipelineSpec Spec { get; } = spec;

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
            return true;
        }
    }

    /// <summary>Records the end.</summary>
    public void Finish(string status, string? error, long? rowsRead)
    {
        lock (_gate)
        {
            Status = status;
            Error = error;
            RowsRead = rowsRead;
            Finished = DateTimeOffset.UtcNow;
        }
        _ended.TrySetResult();
    }
}
