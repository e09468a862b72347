using System.Collections.Concurrent;
using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Metrics;
using Pipeline.Core.Streams;
using Pipeline.Engine.Validate.Quality;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Core.Streams.RowGroups;

namespace Pipeline.Engine.Validate.Scan;

/// <summary>
/// Checks rules over files with row groups (Parquet, through <see cref="IRowGroupSource"/>) row group by row group, decoding only what the rules need, for runs where the
/// rules are the only consumer of the rows (<c>pipeline validate</c>). Per row group:
/// <list type="number">
/// <item>rules the footer proves (see <see cref="StatisticsProof"/>) are settled without their columns;</item>
/// <item>rules that remove failing rows (quarantine, drop) are checked first on their own columns; if one fails a
/// row, the row group is read whole and goes through the ordinary validation transform, so the quarantine gets whole
/// rows with every failed rule;</item>
/// <item>otherwise only the columns of the remaining (keeping) rules, the table rules and the null counts are read.</item>
/// </list>
/// Row groups are spread over the run's workers. Counts, examples (the lowest failing rows) and the quarantine are
/// the same as the streaming run's. A column no rule needs becomes no array, but its pages are still read, checksum-
/// verified, decompressed and decoded, and must hold the declared rows.
/// </summary>
internal sealed class RowGroupRuleScan
{
    private readonly IReadOnlyList<Rule> _rowRules;
    private readonly IReadOnlyList<Rule> _tableRules;
    private readonly ValidationTransform _transform;
    private readonly TableRuleAnalyzer _analyzer;
    private readonly NullCounts? _nullCounts;
    private readonly DateTimeOffset _now;
    private readonly Func<ReferenceData> _references;
    private readonly ConcurrentDictionary<string, ValidationTransform> _keepingTransforms = new();
    private readonly ConcurrentDictionary<string, RowCheck[]> _removingChecks = new();

    public RowGroupRuleScan(IReadOnlyList<Rule> rowRules, IReadOnlyList<Rule> tableRules, ValidationTransform transform,
        TableRuleAnalyzer analyzer, NullCounts? nullCounts, DateTimeOffset now, Func<ReferenceData> references)
    {
        _rowRules = rowRules; _tableRules = tableRules; _transform = transform; _analyzer = analyzer;
        _nullCounts = nullCounts; _now = now; _references = references;
    }

    /// <summary>One row group to check: its file, its index there, its first row in the whole input, its rows.</summary>
    private readonly record struct Work(int File, int RowGroup, long FirstRow, long Rows, long CompressedBytes);

    /// <summary>What the whole scan knows once the files are opened: the schema, each rule's fields, and the checks
    /// compiled against the whole schema (for the footer proofs).</summary>
    private sealed record Layout(Schema Schema, bool Projectable, int[][] RuleFields, int[] TableFields, RowCheck[] Checks);

    private sealed class Stages(PipelineContext context)
    {
        public readonly StageMetrics Read = context.Metrics.Stage(BatchRunner.ReadStage, "source");
        public readonly StageMetrics Nulls = context.Metrics.Stage("quality:nulls", "transform");
        public readonly StageMetrics Validate = context.Metrics.Stage(ValidationTransform.StageName, "transform");
        public readonly StageMetrics Rules = context.Metrics.Stage("rules", "analyzer");
    }

    public async Task<BatchOutcome> RunAsync(IRowGroupSource source, PipelineContext context)
    {
        var files = source.Files;
        var stages = new Stages(context);
        long t0 = Stopwatch.GetTimestamp();
        var (work, layout, fileSizes) = Plan(source, context);
        stages.Read.AddElapsed(Stopwatch.GetTimestamp() - t0);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        int dop = Math.Max(1, context.Options.MaxDegreeOfParallelism);
        int next = -1;
        long rowsRead = 0, rowsPassed = 0, advanced = 0;
        var locals = new TableRuleAnalyzer[dop];
        Exception? first = null;
        var workers = Enumerable.Range(0, dop).Select(w => Task.Run(() =>
        {
            var local = locals[w] = (TableRuleAnalyzer)_analyzer.CreateEmpty();
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
                        open = source.OpenRowGroups(files[item.File], ScanBatchRows(context), decodeColumnsInParallel: work.Count < dop);
                        openIndex = item.File;
                    }
                    var (read, passed) = CheckRowGroup(open, item, layout, local, context, stages, cts.Token);
                    Interlocked.Add(ref rowsRead, read);
                    Interlocked.Add(ref rowsPassed, passed);
                    long progress = Math.Clamp(item.CompressedBytes, 0, fileSizes[item.File]);
                    Interlocked.Add(ref advanced, progress);
                    context.Progress.Advance(progress);
                }
            }
            catch (Exception ex)
            {
                if (ex is not OperationCanceledException || !cts.IsCancellationRequested)
                    Interlocked.CompareExchange(ref first, Wrap(ex), null);
                cts.Cancel();
            }
            finally { open?.Dispose(); }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        if (first is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        context.CancellationToken.ThrowIfCancellationRequested();

        // Progress counts each file whole at the end (footers and the compressed sizes need not add up to the file).
        long total = fileSizes.Sum();
        if (total > advanced) context.Progress.Advance(total - advanced);
        foreach (var local in locals) _analyzer.Merge(local);
        stages.Read.SetBytes(bytesIn: context.InputBytesRead);
        return new BatchOutcome(layout.Schema, layout.Schema, rowsRead, rowsPassed, context.Quarantine.Count, [_analyzer]);
    }

    /// <summary>Rows per batch: at most 8,192, so the per-batch arrays the rules allocate (a double per row for
    /// an expression's column, a flag per row for a mask) stay under the large-object threshold and are recycled by
    /// the young generation instead of being faulted in fresh for every batch. Nothing leaves the scan, so the
    /// batch size is not visible outside it.</summary>
    private static int ScanBatchRows(PipelineContext context) => Math.Min(context.Options.BatchSize, 8192);

    private static Exception Wrap(Exception ex) => ex is PipelineException or OperationCanceledException
        ? ex : new PipelineException(PipelineErrorKind.Internal, $"stage '{ValidationTransform.StageName}' failed: {ex.Message}", ex);

    /// <summary>Reads every file's footer: the row groups in input order, the schema (the same in every file) and the
    /// fields each rule reads. Compiling the rules here stops a misspelt column before any row is read.</summary>
    private (List<Work> Work, Layout Layout, long[] FileSizes) Plan(IRowGroupSource source, PipelineContext context)
    {
        var files = source.Files;
        var work = new List<Work>();
        var sizes = new long[files.Count];
        Schema? schema = null;
        IRowGroupFile? firstFile = null;
        long row = 0;
        try
        {
            for (int f = 0; f < files.Count; f++)
            {
                var file = source.OpenRowGroups(files[f], context.Options.BatchSize, decodeColumnsInParallel: false);
                try
                {
                    if (firstFile is null) { firstFile = file; schema = file.Schema; }
                    else file.RequireSameSchema(firstFile);
                    sizes[f] = file.FileSize;
                    context.Progress.AddTotal(file.FileSize);
                    for (int g = 0; g < file.RowGroupCount; g++)
                    {
                        var (rows, compressed) = file.Sizes(g);
                        work.Add(new Work(f, g, row, rows, compressed));
                        row += Math.Max(0, rows);
                    }
                }
                finally
                {
                    if (!ReferenceEquals(file, firstFile)) file.Dispose();
                }
            }
        }
        finally { firstFile?.Dispose(); }

        _transform.OutputSchema(schema!);
        var names = schema!.FieldsList.Select(x => x.Name).ToList();
        bool projectable = names.Distinct(StringComparer.Ordinal).Count() == names.Count;
        int[] FieldsOf(Rule r) => RuleColumns.Of(r).Select(c => schema.GetFieldIndex(c)).Where(i => i >= 0).Distinct().Order().ToArray();
        var refs = _references();
        var layout = new Layout(schema, projectable,
            _rowRules.Select(FieldsOf).ToArray(),
            _tableRules.SelectMany(FieldsOf).Distinct().Order().ToArray(),
            _rowRules.Select(r => RowCheck.Compile(r, schema, _now, refs)).ToArray());
        return (work, layout, sizes);
    }

    /// <summary>Checks one row group; returns its rows read and the rows that passed (were neither quarantined nor dropped).</summary>
    private (long Read, long Passed) CheckRowGroup(IRowGroupFile file, Work item, Layout layout, TableRuleAnalyzer analyzer,
        PipelineContext context, Stages stages, CancellationToken token)
    {
        if (!layout.Projectable) return Whole(file, item, layout, analyzer, context, stages, token);
        var facts = new ColumnChunkFacts?[layout.Schema.FieldsList.Count];
        ColumnChunkFacts Facts(int field) => facts[field] ??= file.Facts(item.RowGroup, field);

        var removing = new List<int>();
        var keeping = new List<int>();
        for (int r = 0; r < _rowRules.Count; r++)
        {
            int own = _rowRules[r].Column is { } column ? layout.Schema.GetFieldIndex(column) : -1;
            if (own >= 0 && StatisticsProof.PassesEveryRow(layout.Checks[r], layout.Schema.FieldsList[own].DataType, Facts(own))) continue;
            (_rowRules[r].EffectiveAction == RuleAction.Keep ? keeping : removing).Add(r);
        }
        if (removing.Count > 0 && AnyFails(file, item, layout, removing, context, stages, token))
            return Whole(file, item, layout, analyzer, context, stages, token);
        // Columns the removing rules read were decoded whole just now.
        var decoded = removing.SelectMany(r => layout.RuleFields[r]).ToHashSet();

        var onPages = TextColumnsOnPages(file, layout, keeping);
        keeping.RemoveAll(r => onPages.Values.Any(rules => rules.Contains(r)));
        var needed = new SortedSet<int>(layout.TableFields);
        foreach (int r in keeping) needed.UnionWith(layout.RuleFields[r]);
        if (_nullCounts is not null)
            for (int f = 0; f < layout.Schema.FieldsList.Count; f++)
                if (!onPages.ContainsKey(f) && Facts(f).NullCount is null) needed.Add(f);
        foreach (var (field, rules) in onPages) CheckOnPages(file, item, layout, field, rules, context, stages, token);
        // The columns nobody reads are still verified (checksums, decompression, decoded levels and values, row count)
        // without building arrays, so a corrupt file does not pass because its damage sits in a column no rule names. Their null counts come
        // from the footer (read columns are counted from their batches, page-checked ones from their levels).
        for (int f = 0; f < layout.Schema.FieldsList.Count; f++)
        {
            if (needed.Contains(f) || onPages.ContainsKey(f)) continue;
            if (!decoded.Contains(f))
            {
                long t = Stopwatch.GetTimestamp();
                file.VerifyColumn(item.RowGroup, f, item.Rows);
                stages.Read.AddElapsed(Stopwatch.GetTimestamp() - t);
            }
            if (_nullCounts is not null && Facts(f).NullCount is long nulls && nulls > 0)
                _nullCounts.AddNulls(layout.Schema.FieldsList[f].Name, nulls);
        }
        var transform = keeping.Count == 0 ? null : KeepingTransform(keeping, needed);
        long rows = 0;
        foreach (var batch in Batches(file, item, layout, needed.ToArray(), context, stages, token))
        {
            using (batch)
            {
                Feed(batch, item.FirstRow + rows, transform, analyzer, context, stages);
                rows += batch.Length;
            }
        }
        return (rows, rows);
    }

    /// <summary>The text columns whose every keeping rule can be checked on the page values (and that nothing else
    /// reads): field → its rules.</summary>
    private static Dictionary<int, List<int>> TextColumnsOnPages(IRowGroupFile file, Layout layout, List<int> keeping)
    {
        var byField = new Dictionary<int, List<int>>();
        var refused = new HashSet<int>(layout.TableFields);
        foreach (int r in keeping)
        {
            var fields = layout.RuleFields[r];
            if (fields.Length == 1 && PageTextChecks.Handles(layout.Checks[r]) && file.IsFlatText(fields[0]))
            {
                if (!byField.TryGetValue(fields[0], out var rules)) byField[fields[0]] = rules = [];
                rules.Add(r);
            }
            else refused.UnionWith(fields);
        }
        foreach (int f in refused) byField.Remove(f);
        return byField;
    }

    /// <summary>Checks one text column's rules on its pages; its nulls go to the null counts.</summary>
    private void CheckOnPages(IRowGroupFile file, Work item, Layout layout, int field, List<int> rules, PipelineContext context,
        Stages stages, CancellationToken token)
    {
        long t = Stopwatch.GetTimestamp();
        // 4,096 views (64 KiB) per read: a page holds at most some tens of thousands of rows anyway, and the buffers
        // stay in the young generation.
        using var reader = file.ReadText(item.RowGroup, field, Math.Min(context.Options.BatchSize, 4096));
        var (rows, nulls) = PageTextChecks.Run(reader, item.FirstRow, rules.Select(r => layout.Checks[r]).ToList(),
            rules.Select(r => _transform.Tallies[r]).ToList(), token);
        if (rows < item.Rows)
            throw PipelineException.InvalidInput(file.Path,
                $"row group {item.RowGroup} declares {item.Rows} rows but column '{layout.Schema.FieldsList[field].Name}' holds only {rows} (corrupt or truncated column chunk)");
        _nullCounts?.AddNulls(layout.Schema.FieldsList[field].Name, nulls);
        stages.Validate.AddElapsed(Stopwatch.GetTimestamp() - t);
    }

    /// <summary>The ordinary path for a row group: every column, the whole validation transform (quarantine included).</summary>
    private (long Read, long Passed) Whole(IRowGroupFile file, Work item, Layout layout, TableRuleAnalyzer analyzer,
        PipelineContext context, Stages stages, CancellationToken token)
    {
        long rows = 0, passed = 0;
        var all = Enumerable.Range(0, layout.Schema.FieldsList.Count).ToArray();
        foreach (var batch in Batches(file, item, layout, all, context, stages, token))
        {
            int n = batch.Length;
            // The output is the input or slices of it that keep the buffers alive themselves (as in the runner).
            using (var output = Feed(batch, item.FirstRow + rows, _transform, analyzer, context, stages))
            {
                passed += output.Length;
            }
            rows += n;
        }
        return (rows, passed);
    }

    /// <summary>Null counts, then the rules, then the table rules on what passed; returns what passed.</summary>
    private RecordBatch Feed(RecordBatch batch, long firstRow, ValidationTransform? transform, TableRuleAnalyzer analyzer,
        PipelineContext context, Stages stages)
    {
        long t = Stopwatch.GetTimestamp();
        _nullCounts?.Apply(batch, context);
        stages.Nulls.Add(batch.Length, batch.Length, Stopwatch.GetTimestamp() - t);
        t = Stopwatch.GetTimestamp();
        var output = transform is null ? batch : transform.Apply(batch, firstRow, context);
        stages.Validate.Add(batch.Length, output.Length, Stopwatch.GetTimestamp() - t);
        t = Stopwatch.GetTimestamp();
        analyzer.Update(output);
        stages.Rules.Add(output.Length, output.Length, Stopwatch.GetTimestamp() - t);
        return output;
    }

    /// <summary>Whether any of the removing rules fails a row of the row group (reading only their columns).</summary>
    private bool AnyFails(IRowGroupFile file, Work item, Layout layout, List<int> removing, PipelineContext context, Stages stages,
        CancellationToken token)
    {
        var fields = removing.SelectMany(r => layout.RuleFields[r]).Distinct().Order().ToArray();
        string key = string.Join(",", removing) + "|" + string.Join(",", fields);
        RowCheck[]? checks = null;
        foreach (var batch in Batches(file, item, layout, fields, context, stages, token, countRows: false))
        {
            using (batch)
            {
                long t = Stopwatch.GetTimestamp();
                var refs = _references();
                checks ??= _removingChecks.GetOrAdd(key, _ => removing.Select(r => RowCheck.Compile(_rowRules[r], batch.Schema, _now, refs)).ToArray());
                var columns = new Expressions.BatchColumns(batch);
                var fails = new bool[batch.Length];
                bool failed = checks.Any(c => c.Evaluate(columns, fails) > 0);
                stages.Validate.AddElapsed(Stopwatch.GetTimestamp() - t);
                if (failed) return true;
            }
        }
        return false;
    }

    /// <summary>A validation transform over some keeping rules, counting into the main transform's tallies: one per
    /// rule set and projected layout, since a transform keeps the checks of one layout (row groups can need different
    /// columns, for example where one footer lacks a null count).</summary>
    private ValidationTransform KeepingTransform(List<int> rules, IEnumerable<int> fields) => _keepingTransforms.GetOrAdd(
        string.Join(",", rules) + "|" + string.Join(",", fields),
        _ => new ValidationTransform(rules.Select(r => _rowRules[r]).ToList(), [], "", _now, _references, rules.Select(r => _transform.Tallies[r]).ToList()));

    /// <summary>The row group's batches holding <paramref name="fields"/>; with no fields, batches of no columns that
    /// only carry the row count. Fewer rows than the footer declares is an error (missing column data). With
    /// <paramref name="countRows"/> false the rows are not counted by the read stage (a pass over rows read again).</summary>
    private static IEnumerable<RecordBatch> Batches(IRowGroupFile file, Work item, Layout layout, int[] fields, PipelineContext context,
        Stages stages, CancellationToken token, bool countRows = true)
    {
        if (fields.Length == 0)
        {
            var empty = new Schema([], layout.Schema.Metadata);
            for (long done = 0; done < item.Rows; done += context.Options.BatchSize)
            {
                int length = (int)Math.Min(context.Options.BatchSize, item.Rows - done);
                // The read stage counts these rows as it counts decoded ones (results.json's stages).
                if (countRows) stages.Read.Add(0, length, 0);
                yield return new RecordBatch(empty, [], length);
            }
            yield break;
        }
        file.RequireFits(item.RowGroup, fields, context.Options);
        long t = Stopwatch.GetTimestamp();
        var (schema, stream) = file.Read(item.RowGroup, fields);
        long rows = 0;
        using (stream)
        {
            stages.Read.AddElapsed(Stopwatch.GetTimestamp() - t);
            while (true)
            {
                token.ThrowIfCancellationRequested();
                t = Stopwatch.GetTimestamp();
                var batch = NextBatch(file.Path, stream, token);
                if (batch is null) break;
                if (batch.ColumnCount != fields.Length)
                {
                    batch.Dispose();
                    throw PipelineException.InvalidInput(file.Path, $"row group {item.RowGroup} returned {batch.ColumnCount} columns, expected {fields.Length}");
                }
                var shaped = new RecordBatch(schema, Enumerable.Range(0, batch.ColumnCount).Select(batch.Column).ToList(), batch.Length);
                if (countRows) stages.Read.Add(0, shaped.Length, Stopwatch.GetTimestamp() - t);
                else stages.Read.AddElapsed(Stopwatch.GetTimestamp() - t);
                rows += shaped.Length;
                yield return shaped;
            }
        }
        if (rows < item.Rows)
            throw PipelineException.InvalidInput(file.Path,
                $"row group {item.RowGroup} declares {item.Rows} rows but its columns hold only {rows} (corrupt or truncated column chunks)");
    }

    private static RecordBatch? NextBatch(string path, IArrowArrayStream stream, CancellationToken token)
    {
        try
        {
            return stream.ReadNextRecordBatchAsync(token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not PipelineException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw PipelineException.InvalidInput(path, $"not a valid or supported Parquet file: {ex.Message}", ex);
        }
    }
}
