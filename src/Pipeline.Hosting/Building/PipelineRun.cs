using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;

namespace Pipeline.Hosting.Building;

/// <summary>
/// A pipeline running in the background whose output batches the host pulls (<see cref="DataPipeline.Stream"/>):
/// <code>
/// await using var run = pipeline.Stream();
/// await foreach (var batch in run.Batches) using (batch) Consume(batch);
/// var results = await run.ResultsAsync();
/// </code>
/// At most the requested number of batches wait for the host; while they wait the run pauses (backpressure).
/// The host owns every batch it receives and must dispose it. Read <see cref="Batches"/> (or
/// <see cref="OpenStreamAsync"/>) once, from one consumer. Stopping early (leaving the loop, disposing the run)
/// cancels the run.
/// </summary>
public sealed class PipelineRun : IAsyncDisposable
{
    private readonly BatchChannelSink _sink;
    private readonly CancellationTokenSource _cancel;
    private int _reading;

    internal PipelineRun(BatchChannelSink sink, CancellationTokenSource cancel, Func<Task<SpecRunResult>> start)
    {
        _sink = sink;
        _cancel = cancel;
        Job = Task.Run(async () =>
        {
            SpecRunResult? job = null;
            try
            {
                job = await start().ConfigureAwait(false);
                return job;
            }
            finally
            {
                _sink.Close(job?.Error ?? (job is null ? new OperationCanceledException("the run did not start") : null));
            }
        });
    }

    /// <summary>The whole run's outcome, available when the run has ended. A failed run is in
    /// <see cref="SpecRunResult.Error"/>; the task itself faults only when the run could not start (invalid options). Includes the profile and its mergeable state when <see cref="DataPipeline.Profile"/> was asked for.</summary>
    public Task<SpecRunResult> Job { get; }

    /// <summary>The output schema, once the run has opened its outputs.</summary>
    /// <exception cref="Core.Errors.PipelineException">The run failed before producing output.</exception>
    public Task<Schema> SchemaAsync() => _sink.Schema;

    /// <summary>
    /// The output batches in input order, each owned by the caller. Ends when the run has ended; throws the run's
    /// <see cref="Core.Errors.PipelineException"/> if it failed (after the batches produced before the failure).
    /// </summary>
    public IAsyncEnumerable<RecordBatch> Batches => ReadAllAsync();

    /// <summary>The output as an <see cref="IArrowArrayStream"/> (e.g. to export through the Arrow C stream
    /// interface or write as IPC). Waits until the output schema is known.</summary>
    public async Task<IArrowArrayStream> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        var schema = await _sink.Schema.WaitAsync(cancellationToken).ConfigureAwait(false);
        return BatchStream.From(schema, ReadAllAsync(cancellationToken));
    }

    /// <summary>Waits for the end of the run and returns its results.</summary>
    /// <exception cref="Core.Errors.PipelineException">The run failed.</exception>
    public async Task<RunResults> ResultsAsync()
    {
        var job = await Job.ConfigureAwait(false);
        if (job.Error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
        return job.Results;
    }

    private async IAsyncEnumerable<RecordBatch> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
            throw new InvalidOperationException("the output batches of a run can be read once");
        bool finished = false;
        try
        {
            while (await _sink.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_sink.Reader.TryRead(out var item))
                {
                    _sink.Taken(item.Bytes);
                    yield return item.Batch;
                }
            }
            finished = true;
        }
        finally
        {
            // The host stopped reading before the end: nobody will take the rest, so stop producing it.
            if (!finished) await _cancel.CancelAsync().ConfigureAwait(false);
        }
        var job = await Job.ConfigureAwait(false);
        if (job.Error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>Cancels the run if it is still going, disposes the batches nobody took, and waits for the end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Job.IsCompleted) await _cancel.CancelAsync().ConfigureAwait(false);
        // Keep draining while the run winds down: a writer blocked on a full channel must be able to finish.
        while (!Job.IsCompleted)
        {
            while (_sink.Reader.TryRead(out var item)) item.Batch.Dispose();
            var more = _sink.Reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(Job, more).ConfigureAwait(false);
            if (more.IsCompleted && !more.Result) break; // the channel is closed: nothing more can arrive
        }
        await Job.ConfigureAwait(false);
        while (_sink.Reader.TryRead(out var item)) item.Batch.Dispose();
        _cancel.Dispose();
    }
}
