using System.Diagnostics;
using System.Threading.Channels;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Execution;

/// <summary>
/// Runs a <see cref="BatchPlan"/>: one reader task pulls batches from the source, <c>MaxDegreeOfParallelism</c> workers
/// apply the transforms and feed their own analyzer states, and one writer task hands the results to every sink in
/// input order. At most <c>2 × parallelism + 2</c> batches are in flight, so memory stays bounded. The first error
/// cancels the rest and is rethrown; sinks are committed only when everything succeeded.
/// </summary>
public static class BatchRunner
{
    /// <summary>Stage name of the source in metrics and <c>results.json</c>.</summary>
    public const string ReadStage = "read";

    /// <summary>Runs the plan to completion.</summary>
    /// <exception cref="PipelineException">A stage failed; the message names the stage and the cause.</exception>
    /// <exception cref="OperationCanceledException">The context's token was cancelled.</exception>
    public static async Task<BatchOutcome> RunAsync(BatchPlan plan, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(context);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var token = cts.Token;
        var failure = new FirstFailure(cts);

        var readMetrics = context.Metrics.Stage(ReadStage, "source");
        var transformMetrics = plan.Transforms.Select(t => context.Metrics.Stage(t.Name, "transform")).ToArray();
        var analyzerMetrics = plan.Analyzers.Select(a => context.Metrics.Stage(a.Name, "analyzer")).ToArray();

        long start = Stopwatch.GetTimestamp();
        using IArrowArrayStream input = plan.Source.Open(context);
        readMetrics.AddElapsed(Stopwatch.GetTimestamp() - start);
        var inputSchema = input.Schema;
        var outputSchema = plan.Transforms.Aggregate(inputSchema, (s, t) => t.OutputSchema(s));

        var writers = new List<(ISinkWriter Writer, Metrics.StageMetrics Metrics)>();
        try
        {
            foreach (var sink in plan.Sinks)
                writers.Add((await sink.OpenAsync(outputSchema, context).ConfigureAwait(false),
                             context.Metrics.Stage($"write:{sink.Target}", "sink")));

            int dop = Math.Max(1, context.Options.MaxDegreeOfParallelism);
            var inFlight = new SemaphoreSlim(2 * dop + 2);
            var work = Channel.CreateBounded<(long Seq, long FirstRow, RecordBatch Batch)>(new BoundedChannelOptions(dop * 2) { SingleWriter = true });
            var done = Channel.CreateUnbounded<(long Seq, RecordBatch? Batch)>(new UnboundedChannelOptions { SingleReader = true });
            var localStates = Enumerable.Range(0, dop).Select(_ => plan.Analyzers.Select(a => a.CreateEmpty()).ToArray()).ToArray();
            long rowsRead = 0, rowsWritten = 0;

            var reader = Task.Run(async () =>
            {
                try
                {
                    long seq = 0;
                    while (true)
                    {
                        await inFlight.WaitAsync(token).ConfigureAwait(false);
                        long t0 = Stopwatch.GetTimestamp();
                        var batch = await input.ReadNextRecordBatchAsync(token).ConfigureAwait(false);
                        if (batch is null) break;
                        readMetrics.Add(0, batch.Length, Stopwatch.GetTimestamp() - t0);
                        long firstRow = rowsRead;
                        rowsRead += batch.Length;
                        await work.Writer.WriteAsync((seq++, firstRow, batch), token).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) { failure.Record(ex, ReadStage); }
                finally { work.Writer.TryComplete(); }
            }, CancellationToken.None);

            var workers = Enumerable.Range(0, dop).Select(w => Task.Run(async () =>
            {
                try
                {
                    await foreach (var (seq, firstRow, batch) in work.Reader.ReadAllAsync(token).ConfigureAwait(false))
                    {
                        var current = batch;
                        try
                        {
                            for (int i = 0; i < plan.Transforms.Count; i++)
                            {
                                long t0 = Stopwatch.GetTimestamp();
                                int rowsIn = current.Length;
                                var transform = plan.Transforms[i];
                                current = RunStage(transform.Name, () => transform is IPositionedBatchTransform positioned
                                    ? positioned.Apply(current, firstRow, context)
                                    : transform.Apply(current, context));
                                transformMetrics[i].Add(rowsIn, current.Length, Stopwatch.GetTimestamp() - t0);
                            }
                            for (int i = 0; i < localStates[w].Length; i++)
                            {
                                long t0 = Stopwatch.GetTimestamp();
                                var state = localStates[w][i];
                                RunStage(plan.Analyzers[i].Name, () =>
                                {
                                    if (state is IOrderedAnalyzer ordered) ordered.Update(current, seq);
                                    else state.Update(current);
                                    return current;
                                });
                                analyzerMetrics[i].Add(current.Length, current.Length, Stopwatch.GetTimestamp() - t0);
                            }
                        }
                        catch
                        {
                            current.Dispose();
                            throw;
                        }
                        await done.Writer.WriteAsync((seq, current), token).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) { failure.Record(ex, "transform"); }
            }, CancellationToken.None)).ToArray();

            var allWorkersDone = Task.WhenAll(workers).ContinueWith(_ => done.Writer.TryComplete(), TaskScheduler.Default);

            var writer = Task.Run(async () =>
            {
                var pending = new Dictionary<long, RecordBatch?>();
                long next = 0;
                try
                {
                    await foreach (var (seq, batch) in done.Reader.ReadAllAsync(token).ConfigureAwait(false))
                    {
                        pending[seq] = batch;
                        while (pending.Remove(next, out var ready))
                        {
                            next++;
                            if (ready is null) { inFlight.Release(); continue; }
                            using (ready)
                            {
                                foreach (var (sinkWriter, metrics) in writers)
                                {
                                    long t0 = Stopwatch.GetTimestamp();
                                    await sinkWriter.WriteAsync(ready, token).ConfigureAwait(false);
                                    metrics.Add(ready.Length, ready.Length, Stopwatch.GetTimestamp() - t0);
                                }
                                rowsWritten += ready.Length;
                            }
                            inFlight.Release();
                        }
                    }
                }
                catch (Exception ex) { failure.Record(ex, "write"); }
                finally
                {
                    foreach (var b in pending.Values) b?.Dispose();
                }
            }, CancellationToken.None);

            await Task.WhenAll(reader, allWorkersDone, writer).ConfigureAwait(false);
            // Drain whatever the workers produced after a failure so no batch leaks.
            while (done.Reader.TryRead(out var leftover)) leftover.Batch?.Dispose();
            while (work.Reader.TryRead(out var unread)) unread.Batch.Dispose();
            failure.ThrowIfAny(context.CancellationToken);

            foreach (var (sinkWriter, metrics) in writers)
            {
                long t0 = Stopwatch.GetTimestamp();
                await sinkWriter.CommitAsync(token).ConfigureAwait(false);
                metrics.AddElapsed(Stopwatch.GetTimestamp() - t0);
                metrics.SetBytes(bytesOut: sinkWriter.BytesWritten);
            }

            var merged = plan.Analyzers.ToArray();
            foreach (var local in localStates)
                for (int i = 0; i < merged.Length; i++) merged[i].Merge(local[i]);

            readMetrics.SetBytes(bytesIn: context.InputBytesRead);
            long rejectedWhileReading = context.Quarantine.CountsByStage.GetValueOrDefault(ReadStage);
            return new BatchOutcome(inputSchema, outputSchema, rowsRead + rejectedWhileReading, rowsWritten,
                context.Quarantine.Count, merged);
        }
        finally
        {
            foreach (var (sinkWriter, _) in writers) await sinkWriter.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static RecordBatch RunStage(string stage, Func<RecordBatch> body)
    {
        try { return body(); }
        catch (PipelineException) { throw; }
        catch (RestartRequiredException) { throw; }
        catch (OperationCanceledException) { throw; }
        catch (Exception ex) { throw new PipelineException(PipelineErrorKind.Internal, $"stage '{stage}' failed: {ex.Message}", ex); }
    }

    /// <summary>Keeps the first real error (not the cancellations it causes) and cancels the run.</summary>
    private sealed class FirstFailure(CancellationTokenSource cts)
    {
        private Exception? _first;

        public void Record(Exception ex, string stage)
        {
            if (ex is OperationCanceledException && cts.IsCancellationRequested) { return; }
            if (ex is not PipelineException and not OperationCanceledException and not RestartRequiredException)
                ex = new PipelineException(PipelineErrorKind.Internal, $"stage '{stage}' failed: {ex.Message}", ex);
            Interlocked.CompareExchange(ref _first, ex, null);
            cts.Cancel();
        }

        public void ThrowIfAny(CancellationToken outer)
        {
            if (_first is { } ex) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex).Throw();
            outer.ThrowIfCancellationRequested();
        }
    }
}
