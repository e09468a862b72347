using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams.RowGroups;

namespace Pipeline.Engine.Analyze.Profile.Summary;

/// <summary>
/// The summary over files with row groups (Parquet, through <see cref="IRowGroupSource"/>), row group by row group on
/// the run's workers: the columns that are not text are read as Arrow batches, the flat UTF-8 columns from their
/// decoded pages (<see cref="ITextPageReader"/>), so no string and no Arrow string array is built and a
/// dictionary-encoded page's values are hashed and compared once per entry. Each worker folds into its own
/// <see cref="SummaryProfiler"/>; they merge at the end (the same merge as the streaming run's).
/// </summary>
internal static class RowGroupSummaryScan
{
    /// <summary>Rows per text batch and per Arrow batch of the other columns.</summary>
    private const int BatchRows = 65_536;

    private readonly record struct Work(int File, int RowGroup, long Rows, long CompressedBytes);

    /// <summary>Summarizes every row group of <paramref name="source"/>; returns the merged state and the schema.</summary>
    public static async Task<(SummaryProfiler Summary, Schema Schema)> RunAsync(IRowGroupSource source, PipelineContext context)
    {
        var (work, bytes, schema) = Plan(source, context);
        long advanced = 0;
        int dop = Math.Max(1, context.Options.MaxDegreeOfParallelism);
        var locals = new SummaryProfiler[dop];
        // The footers give the row count up front: each worker sketches every stride-th value for the quantiles, so
        // the sketches together see about SummaryColumn.QuantileSampleTarget values per column.
        long totalRows = work.Sum(w => w.Rows);
        int stride = (int)Math.Clamp(totalRows / SummaryColumn.QuantileSampleTarget, 1, int.MaxValue);
        int next = -1;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        Exception? first = null;
        var workers = Enumerable.Range(0, dop).Select(w => Task.Run(() =>
        {
            var local = locals[w] = new SummaryProfiler(schema);
            local.SetQuantileStride(stride);
            IRowGroupFile? open = null;
            int openIndex = -1;
            try
            {
                for (int i = Interlocked.Increment(ref next); i < work.Count; i = Interlocked.Increment(ref next))
                {
                    cts.Token.ThrowIfCancellationRequested();
                    var item = work[i];
                    if (open is null || openIndex != item.File)
                    {
                        open?.Dispose();
                        open = null;
                        open = source.OpenRowGroups(source.Files[item.File], BatchRows, decodeColumnsInParallel: work.Count < dop);
                        openIndex = item.File;
                    }
                    RowGroup(open, item, local, cts.Token);
                    long progress = Math.Clamp(item.CompressedBytes, 0, bytes);
                    Interlocked.Add(ref advanced, progress);
                    context.Progress.Advance(progress);
                }
            }
            catch (Exception ex)
            {
                if (ex is not OperationCanceledException || !cts.IsCancellationRequested) Interlocked.CompareExchange(ref first, ex, null);
                cts.Cancel();
            }
            finally { open?.Dispose(); }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        if (first is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        context.CancellationToken.ThrowIfCancellationRequested();
        // Progress counts the files whole at the end (footers and compressed sizes need not add up to the file).
        if (bytes > advanced) context.Progress.Advance(bytes - advanced);
        var merged = new SummaryProfiler(schema);
        foreach (var local in locals) if (local is not null) merged.Merge(local);
        return (merged, schema);
    }

    private static (List<Work> Work, long Bytes, Schema Schema) Plan(IRowGroupSource source, PipelineContext context)
    {
        var work = new List<Work>();
        Schema? schema = null;
        IRowGroupFile? firstFile = null;
        long total = 0;
        try
        {
            for (int f = 0; f < source.Files.Count; f++)
            {
                var file = source.OpenRowGroups(source.Files[f], BatchRows, decodeColumnsInParallel: false);
                try
                {
                    if (firstFile is null) { firstFile = file; schema = file.Schema; }
                    else file.RequireSameSchema(firstFile);
                    context.Progress.AddTotal(file.FileSize);
                    for (int g = 0; g < file.RowGroupCount; g++)
                    {
                        var (rows, compressed) = file.Sizes(g);
                        work.Add(new Work(f, g, rows, compressed));
                    }
                    total += file.FileSize;
                }
                finally
                {
                    if (!ReferenceEquals(file, firstFile)) file.Dispose();
                }
            }
        }
        finally { firstFile?.Dispose(); }
        return (work, total, schema ?? throw new PipelineException(PipelineErrorKind.InvalidInput, "no input file to summarize"));
    }

    /// <summary>Folds one row group: the other columns in one Arrow read, then each text column from its pages. Every
    /// column must hold the rows the footer declares.</summary>
    private static void RowGroup(IRowGroupFile file, Work item, SummaryProfiler summary, CancellationToken token)
    {
        var fields = file.Schema.FieldsList;
        var text = Enumerable.Range(0, fields.Count).Where(file.IsFlatText).ToArray();
        var other = Enumerable.Range(0, fields.Count).Except(text).ToArray();
        long rows = 0;
        if (other.Length > 0)
        {
            var (_, batches) = file.Read(item.RowGroup, other);
            using (batches)
            {
                while (batches.ReadNextRecordBatchAsync(token).AsTask().GetAwaiter().GetResult() is { } batch)
                {
                    using (batch)
                    {
                        for (int k = 0; k < other.Length; k++) summary.Column(other[k]).Update(batch.Column(k));
                        rows += batch.Length;
                    }
                }
            }
            Require(file, item, other[0], rows);
        }
        foreach (int field in text)
        {
            token.ThrowIfCancellationRequested();
            using var reader = file.ReadText(item.RowGroup, field, BatchRows);
            var column = summary.Column(field);
            long read = 0;
            for (int n = reader.ReadBatch(); n > 0; n = reader.ReadBatch())
            {
                column.UpdateText(reader.Values, n);
                read += n;
            }
            Require(file, item, field, read);
            rows = read;
        }
        summary.AddRows(rows);
    }

    private static void Require(IRowGroupFile file, Work item, int field, long rows)
    {
        if (rows != item.Rows)
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{file.Path}: row group {item.RowGroup}, column '{file.Schema.FieldsList[field].Name}': {rows} rows where the footer declares {item.Rows}");
    }
}
