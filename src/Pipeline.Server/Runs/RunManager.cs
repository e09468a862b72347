using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Running.History;
using Pipeline.Server.Metrics;
using Pipeline.Server.Storage;

namespace Pipeline.Server.Runs;

/// <summary>
/// Accepts runs and executes them through <see cref="SpecRunner"/>, the same door as <c>pipeline run</c>: one queue
/// (first come, first run) served by <c>--max-concurrent-runs</c> workers. Each run gets an equal share of the
/// memory budget, so the runs together stay within it.
/// </summary>
internal sealed class RunManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServedRun> _runs = new(StringComparer.Ordinal);
    private readonly Channel<ServedRun> _queue = Channel.CreateUnbounded<ServedRun>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task[] _workers;
    private readonly ServeRoot _root;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<RunManager> _log;
    private readonly long? _memoryShare;
    private readonly string? _history;
    private int _disposed;
    private int _stopping;

    /// <summary>Creates the manager and starts its workers.</summary>
    public RunManager(ServeRoot root, ServeSettings settings, ServerMetrics metrics, ILogger<RunManager> log)
    {
        _root = root;
        _metrics = metrics;
        _log = log;
        _memoryShare = settings.MemoryLimit is { } budget ? budget / settings.MaxConcurrentRuns : null;
        _history = settings.RecordHistory ? root.History : null;
        foreach (var run in Restore(root)) _runs[run.Id] = run;
        _workers = Enumerable.Range(0, settings.MaxConcurrentRuns).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    /// <summary>Checks <paramref name="specText"/> and queues its run.</summary>
    /// <exception cref="ServedSpecException">The spec is invalid or reaches outside the root.</exception>
    public ServedRun Submit(string specText)
    {
        if (IsStopping) throw new ServerStoppingException();
        var id = NewId();
        var folder = Path.Combine(_root.Runs, id);
        var spec = ServedSpec.Prepare(_root, id, specText, folder, _memoryShare);
        Directory.CreateDirectory(Path.Combine(folder, ServedSpec.OutputFolder));
        var run = new ServedRun(id, folder, spec);
        run.Save();
        _runs[id] = run;
        _metrics.Accepted();
        _log.LogInformation("run {RunId} queued", id);
        if (!_queue.Writer.TryWrite(run))
        {
            // The server is shutting down.
            run.TryCancelQueued();
            _metrics.Finished("cancelled", 0, 0);
        }
        return run;
    }

    /// <summary>The run with id <paramref name="id"/>, or null.</summary>
    public ServedRun? Find(string id) => _runs.GetValueOrDefault(id);

    /// <summary>The runs of earlier server processes over this root, read back from their folders.</summary>
    private IEnumerable<ServedRun> Restore(ServeRoot root)
    {
        foreach (var folder in Directory.EnumerateDirectories(root.Runs))
        {
            // Only folders the server made (a valid name inside the root, links resolved).
            if (root.Child(root.Runs, Path.GetFileName(folder)) is null) continue;
            var run = ServedRun.Restore(folder);
            if (run is null) continue;
            if (run.Error == ServedRun.InterruptedError) _log.LogWarning("run {RunId} was unfinished when the server stopped; marked error", run.Id);
            yield return run;
        }
    }

    /// <summary>All runs over this root (of this server process and, read back from their folders, of earlier ones), newest first.</summary>
    public IReadOnlyList<ServedRun> List() => _runs.Values.OrderByDescending(r => r.Submitted).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToList();

    /// <summary>Stops a run: a queued one ends as cancelled at once, a running one is asked to stop (its sinks then
    /// commit nothing). False when it had already ended.</summary>
    public bool Cancel(ServedRun run)
    {
        if (run.TryCancelQueued())
        {
            _metrics.Finished("cancelled", 0, 0);
            _log.LogInformation("run {RunId} cancelled while queued", run.Id);
            return true;
        }
        if (run.IsFinished) return false;
        run.Cancellation.Cancel();
        return true;
    }

    private async Task WorkAsync()
    {
        await foreach (var run in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            if (run.TryStart()) await ExecuteAsync(run).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(ServedRun run)
    {
        var token = run.Cancellation.Token;
        var spec = run.Spec ?? throw new InvalidOperationException($"run {run.Id} has no spec: it was restored, not submitted");
        _log.LogInformation("run {RunId} started", run.Id);
        try
        {
            var result = await SpecRunner.RunAsync(new SpecRunRequest
            {
                Spec = spec, Command = "serve", RunFolder = run.Folder, Progress = run.Progress, History = HistoryFor(spec),
                StageObserver = run.Stages,
            }, token).ConfigureAwait(false);
            // A cancelled run may end as an error of the reader it interrupted: the cancellation is what happened.
            var status = token.IsCancellationRequested ? "cancelled" : result.Results.Status;
            run.Finish(status, status == "cancelled" ? "cancelled" : result.Error?.Message, result.Results.Rows.Read, result.Results.RunId, result.Results.Dataset);
            _metrics.Finished(status, result.Results.Rows.Read, result.Results.DurationSeconds);
            _log.LogInformation("run {RunId} {Status}: {Rows} rows read", run.Id, status, result.Results.Rows.Read);
        }
        catch (Exception ex)
        {
            // SpecRunner reports pipeline failures in its result; anything thrown here is a bug or the file system.
            var status = token.IsCancellationRequested ? "cancelled" : "error";
            run.Finish(status, ex.Message, null);
            _metrics.Finished(status, 0, 0);
            _log.LogError(ex, "run {RunId} failed", run.Id);
        }
    }

    /// <summary>Where a served run is recorded: the spec's <c>options.history</c> (checked to be inside the root) or
    /// <c>history: false</c>, else the root's history file (none with <c>--no-history</c>). The dataset is named as
    /// for <c>pipeline run</c>: the spec's <c>name:</c>, else the input's file name without extensions and dates.</summary>
    private HistorySettings? HistoryFor(Hosting.Specs.PipelineSpec spec) => spec.History switch
    {
        HistoryLocation.Off => null,
        { } path => new HistorySettings(path),
        null => _history is null ? null : new HistorySettings(_history),
    };

    /// <summary>A sortable, unguessable id: UTC time and 8 random hex digits.</summary>
    private static string NewId()
        => DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>True once shutdown began: new runs are refused.</summary>
    public bool IsStopping => _queue.Reader.Completion.IsCompleted || Volatile.Read(ref _stopping) != 0;

    /// <summary>Graceful shutdown: takes no new runs, cancels the queued ones, lets the running ones finish within
    /// <paramref name="grace"/>, then cancels those still going (their sinks commit nothing) and waits for them.</summary>
    public async Task DrainAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0) return;
        _queue.Writer.TryComplete();
        foreach (var run in _runs.Values) if (run.TryCancelQueued()) _metrics.Finished("cancelled", 0, 0);
        var running = Task.WhenAll(_runs.Values.Select(r => r.Completion));
        if (await Task.WhenAny(running, Task.Delay(grace)).ConfigureAwait(false) != running)
        {
            _log.LogWarning("cancelling the runs still going after the shutdown grace of {Seconds} s", grace.TotalSeconds);
            foreach (var run in _runs.Values) Cancel(run);
        }
        try { await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false); }
        catch (TimeoutException) { _log.LogWarning("runs still stopping 30 s after they were cancelled"); }
    }

    /// <summary>Cancels every run that has not ended and waits for them to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await DrainAsync(TimeSpan.Zero).ConfigureAwait(false);
        foreach (var run in _runs.Values) if (run.IsFinished) run.Cancellation.Dispose();
    }
}
