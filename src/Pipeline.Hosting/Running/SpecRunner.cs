using System.Diagnostics;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Quarantine;
using Pipeline.Core.Streams;
using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Running;

/// <summary>
/// Runs a spec end to end: opens the source and sinks, runs the plan on the <see cref="BatchRunner"/>, starts over
/// when a reader's sniff proves wrong (<see cref="RestartRequiredException"/>), writes the quarantine and the
/// <c>results.json</c> record. The results are written whether the run succeeds or fails.
/// </summary>
public static class SpecRunner
{
    /// <summary>File name of the results document in a run folder.</summary>
    public const string ResultsFileName = "results.json";

    /// <summary>File name of the rejected rows in a run folder.</summary>
    public const string QuarantineFileName = "quarantine.parquet";

    /// <summary>The version recorded in results.</summary>
    public static string Version => EngineVersion.Current;

    /// <summary>Runs the job. Pipeline failures do not throw: they are in <see cref="SpecRunResult.Error"/> and in the results.</summary>
    public static async Task<SpecRunResult> RunAsync(SpecRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Monitoring: a span per run and per step, and the run's numbers on the Pipeline meter (exported over OTLP for
        // the length of a top-level run when an endpoint is configured).
        using var export = request.IsStep ? null : Telemetry.TelemetryExport.Start(request.Spec.TelemetryEndpoint);
        using var activity = Core.Metrics.PipelineTelemetry.Activities.StartActivity(request.IsStep ? "pipeline.step" : "pipeline.run");
        activity?.SetTag("pipeline.name", request.Spec.Name);
        var result = await RunSpecAsync(request, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("pipeline.status", result.Results.Status);
        activity?.SetTag("pipeline.rows.read", result.Results.Rows.Read);
        activity?.SetTag("pipeline.run_id", result.Results.RunId);
        if (result.Error is not null) activity?.SetStatus(ActivityStatusCode.Error, result.Results.Error?.Message);
        Telemetry.RunTelemetry.Record(result.Results, request.IsStep ? request.Spec.Name : null);
        return result;
    }

    private static async Task<SpecRunResult> RunSpecAsync(SpecRunRequest request, CancellationToken cancellationToken)
    {
        // A spec with steps runs each step as a run of its own (Steps/StepRunner), then records the whole.
        if (request.Spec.Steps.Count > 0) return await Steps.StepRunner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        long t0 = Stopwatch.GetTimestamp();
        // Optimize: settings learned from the dataset's earlier runs, before anything is read.
        // The dataset's earlier runs are read once, here, and serve the learn stage's comparison too.
        var earlierRuns = History.RunTuning.EarlierRuns(request);
        (request, var tuning) = History.RunTuning.Apply(request, earlierRuns);
        var spec = request.Spec;
        // One run per run folder at a time (a second run into the same --out fails clearly instead of mixing files);
        // a run that cannot claim the folder writes nothing into it.
        RunFolderLock? folderLock = null;
        if (request.RunFolder is { } folder)
        {
            try { folderLock = RunFolderLock.Claim(folder); }
            catch (PipelineException ex)
            {
                return new SpecRunResult(BuildResults(request, started, t0, [], null, null, [], [], null, [], ex), null, ex);
            }
        }
        using var heldFolder = folderLock;

        var sourceOptions = spec.Source.Options;
        var restarts = new List<string>();
        BatchOutcome? outcome = null;
        Exception? error = null;
        PipelineContext? context = null;
        string format = sourceOptions.Format ?? "unknown";
        Task<List<InputResult>>? audit = null;
        string? quarantineFile = null;
        var examples = new List<string>();
        List<ISink> sinks = [];
        StageParts? parts = null;
        CompletedRun? completed = null;
        // One id for the run across attempts, so the history's comparison and its record agree.
        var runId = Engine.Learn.History.HistoryRecords.NewRunId();
        try
        {
            var custom = request.InputSource ?? spec.Source.Instance;
            IReadOnlyList<string> inputFiles = [];
            if (custom is not null && (custom.Files.Count == 0 || spec.Source.Instance is not null))
            {
                // An in-code or database source: its description (never a connection string) stands in for the file list.
                format = custom.Format;
                audit = Task.FromResult(new List<InputResult> { new(spec.Source.Path, format, null, null) });
            }
            else
            {
                var files = inputFiles = custom?.Files ?? InputPaths.Expand(spec.Source.Path);
                format = custom?.Format ?? sourceOptions.Format ?? FileFormats.Detect(files[0], forWriting: false).Name;
                // Hash the inputs beside the run: the page cache then serves the reader and the hasher from one read.
                audit = request.AuditInputs
                    ? Task.Run(() => InputAudit.DescribeAsync(files, format, spec.Options, cancellationToken), cancellationToken)
                    : Task.FromResult(files.Select(f => f == "-" ? new InputResult(f, format, null, null) : new InputResult(Path.GetFullPath(f), format, new FileInfo(f).Length, null)).ToList());
            }
            // Before anything is read: no output may overwrite an input, a reference table, another output or the run record.
            OutputCollisions.Require(
                [.. inputFiles, .. spec.Rules?.Rules.Select(r => r.Reference?.Path).OfType<string>() ?? []],
                [.. spec.Sinks.Where(s => s.Instance is null).Select(s => s.Path), .. request.RejectsPath is { } rejects ? [rejects] : System.Array.Empty<string>()],
                request.RunFolder);
            RunPlanBuilder plan;
            for (int attempt = 0; ; attempt++)
            {
                context?.Dispose();
                context = new PipelineContext(spec.Options, cancellationToken, request.Progress,
                    new QuarantineCollector(spec.Options.SpillDirectory ?? request.RunFolder))
                {
                    Sources = FileSourceResolver.Instance,
                };
                try
                {
                    var options = sourceOptions;
                    ISource Open() => custom ?? FileFormats.OpenSource(spec.Source.Path, options);
                    // A step's operations wrap the reader; stages that read the input ahead (cleaning) see them too.
                    ISource OpenWrapped() => request.WrapSource is { } wrap ? wrap(Open()) : Open();
                    var source = OpenWrapped();
                    sinks = [.. spec.Sinks.Select(s => s.Instance ?? FileFormats.CreateSink(s.Path, s.Options)), .. request.ExtraSinks];
                    // Fresh parts per attempt; each stage adds its operators, transforms and analyzers to its slots.
                    parts = StageParts.For(spec, request.IsStep ? null : request.History, runId, earlierRuns);
                    plan = new RunPlanBuilder(context, new PlanInput(request.InputLabel ?? spec.Source.Path, OpenWrapped, started));
                    parts.Validation.KeepState = request.KeepState;
                    foreach (var part in parts.All) await part.ContributeAsync(plan).ConfigureAwait(false);
                    foreach (var transform in request.ShapeTransforms) plan.AddTransform(TransformSlot.Shape, transform);
                    foreach (var transform in request.Transforms) plan.AddTransform(TransformSlot.Host, transform);
                    foreach (var analyzer in request.Analyzers) plan.AddAnalyzer(AnalyzerSlot.Host, analyzer);
                    // A step that renumbers rows before validation: the reader's row → line map does not apply.
                    if (request.InputLabel is not null) context.RowLines.Usable = false;
                    if (plan.Operators.Count > 0)
                    {
                        source = new OperatorSource(source, plan.Operators);
                        // Sort and dedup reorder rows: the reader's row → line map no longer applies downstream.
                        context.RowLines.Usable = false;
                    }
                    // Rules alone (pipeline validate): the validation reads what the rules need (row groups: per row group).
                    bool rulesOnly = parts.Validation.Current is not null && sinks.Count == 0
                        && plan.HasOnly([TransformSlot.Nulls, TransformSlot.Validate], [AnalyzerSlot.Rules]);
                    request.StageObserver?.Flowing(StepName(request), context.Metrics);
                    outcome = rulesOnly
                        ? await parts.Validation.Current!.RunAsync(source, context, parts.Quality.Nulls).ConfigureAwait(false)
                        : await BatchRunner.RunAsync(new BatchPlan(source, plan.Transforms, plan.Analyzers, sinks), context).ConfigureAwait(false);
                    // A stream source hears that its messages are stored only now, after every sink committed.
                    if (custom is IAcknowledgedSource acknowledged) await acknowledged.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (RestartRequiredException restart) when (restart is ISourceCorrection correction && attempt < request.MaxRestarts && custom is null)
                {
                    restarts.Add(restart.Message);
                    sourceOptions = correction.Apply(sourceOptions);
                }
            }
            request.StageObserver?.Flowed(StepName(request), context.Metrics);
            // Rule failures carry the columns as validation saw them (after cleaning), so the quarantine file does too.
            quarantineFile = await WriteQuarantineAsync(context, request, plan.SchemaAt(TransformSlot.Validate, outcome.InputSchema), examples).ConfigureAwait(false);
            completed = new CompletedRun(outcome, context, request.RunFolder);
            foreach (var part in parts.All) await part.FinishAsync(completed).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PipelineException or OperationCanceledException or RestartRequiredException)
        {
            error = ex;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The file system refused (read-only folder, full disk, permissions): an external failure, exit 3.
            error = new PipelineException(PipelineErrorKind.External, $"cannot read or write a file: {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            error = new PipelineException(PipelineErrorKind.Internal, $"unexpected failure: {ex.Message}", ex);
        }

        List<InputResult> inputs = [];
        if (audit is not null)
        {
            try { inputs = await audit.ConfigureAwait(false); }
            catch (Exception ex) when (error is not null || ex is OperationCanceledException) { /* the run already failed; report that error */ }
        }

        var results = BuildResults(request, started, t0, inputs, outcome, context, sinks, restarts, quarantineFile, examples, error) with
        {
            SpilledBytes = context?.SpilledBytes ?? 0,
            Tuning = tuning,
        };
        if (outcome is not null && parts is not null)
        {
            // Each stage writes its section; a later phase may read an earlier one's (cleaning reads rules[]).
            var run = (completed ?? new CompletedRun(outcome, context!, request.RunFolder)) with { Succeeded = error is null };
            foreach (var part in parts.All.OrderBy(p => p.Phase)) results = part.Complete(results, run);
        }
        // A spec without steps is one step; a step's own run is described by the run of its steps instead.
        if (!request.IsStep) results = results with { Steps = [SingleStep(request, results)] };
        if (!request.IsStep)
            results = History.RunHistoryRecorder.Record(request.History, results, parts?.Profile?.Report, request.Spec.Name, request.Spec.Source.Path, parts?.History);
        // Alerts go out last, with everything the run found; a cancelled run still reports its error.
        if (!request.IsStep && spec.Alerts.Count > 0)
            results = await new Alerts.AlertSender().SendAsync(spec.Alerts, results, spec.Name, CancellationToken.None).ConfigureAwait(false);
        if (request.RunFolder is { } runFolder) ResultsJson.Write(results, Path.Combine(runFolder, ResultsFileName));
        var state = request.KeepState && error is null && outcome is not null && parts is not null
            ? RunStateCapture.Capture(request.Spec, request.Command, started, results, outcome, parts.Validation.Current, parts.Quality.Nulls, parts.Profile?.State)
            : null;
        context?.Dispose();
        return new SpecRunResult(results, outcome, error) { Profile = parts?.Profile?.Report, ProfileState = parts?.Profile?.State, State = state };
    }

    private static async Task<string?> WriteQuarantineAsync(PipelineContext context, SpecRunRequest request, Apache.Arrow.Schema inputSchema, List<string> examples)
    {
        if (context.Quarantine.Count == 0) return null;
        var target = request.RunFolder is { } folder ? Path.Combine(folder, QuarantineFileName) : request.RejectsPath;
        using var rows = context.Quarantine.OpenFileReader(inputSchema);
        var ruleExamples = new SortedList<long, string>();
        ISinkWriter? writer = null;
        try
        {
            if (target is not null)
                writer = await FileFormats.CreateSink(target, new SinkOptions()).OpenAsync(rows.Schema, context).ConfigureAwait(false);
            while (await rows.ReadNextRecordBatchAsync(context.CancellationToken).ConfigureAwait(false) is { } batch)
            {
                using (batch)
                {
                    CollectExamples(batch, examples, ruleExamples);
                    if (writer is not null) await writer.WriteAsync(batch, context.CancellationToken).ConfigureAwait(false);
                }
            }
            if (writer is not null) await writer.CommitAsync(context.CancellationToken).ConfigureAwait(false);
            examples.AddRange(ruleExamples.Values.Take(MaxExamples - examples.Count));
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync().ConfigureAwait(false);
        }
        return target is null ? null : Path.GetFullPath(target);
    }

    /// <summary>Keeps the first reader rejects (they arrive in input order) and the lowest-numbered rule failures
    /// (the collector replays them in row order; keeping the lowest does not rely on it), so the examples are the
    /// same at any parallelism.</summary>
    private static void CollectExamples(RecordBatch batch, List<string> examples, SortedList<long, string> ruleExamples)
    {
        var source = (StringArray)batch.Column("_source");
        var line = (Int64Array)batch.Column("_line");
        var row = (Int64Array)batch.Column("_row");
        var reason = (StringArray)batch.Column("_reason");
        for (int i = 0; i < batch.Length; i++)
        {
            if (!row.IsNull(i))
            {
                long r = row.GetValue(i)!.Value;
                if (ruleExamples.Count == MaxExamples && r > ruleExamples.Keys[^1]) continue;
                ruleExamples[r] = $"{source.GetString(i)} row {r}: {reason.GetString(i)}";
                if (ruleExamples.Count > MaxExamples) ruleExamples.RemoveAt(MaxExamples);
            }
            else if (examples.Count < MaxExamples)
                examples.Add(line.IsNull(i) ? $"{source.GetString(i)}: {reason.GetString(i)}" : $"{source.GetString(i)}:{line.GetValue(i)}: {reason.GetString(i)}");
        }
    }

    private const int MaxExamples = 10;

    /// <summary>The step a run belongs to, for observers: a step's own run carries the step's name.</summary>
    private static string? StepName(SpecRunRequest request) => request.IsStep ? request.Spec.Name : null;

    private static RunResults BuildResults(SpecRunRequest request, DateTimeOffset started, long t0, List<InputResult> inputs,
        BatchOutcome? outcome, PipelineContext? context, List<ISink> sinks, List<string> restarts, string? quarantineFile, List<string> examples, Exception? error)
    {
        var options = request.Spec.Options;
        var stages = context?.Metrics.Stages.Select(m => new StageResult(
            m.Name, m.Kind,
            m.Name == BatchRunner.ReadStage && outcome is not null ? outcome.RowsRead : m.RowsIn,
            m.RowsOut, Math.Round(m.Elapsed.TotalSeconds, 6), m.BytesIn, SinkBytes(m, outcome), m.Batches)).ToList() ?? [];
        var outputs = outcome is null ? [] : sinks.Select(sink =>
        {
            var metrics = context!.Metrics.Stages.FirstOrDefault(m => m.Name == $"write:{sink.Target}");
            var path = sink.Target == "-" || sink is Databases.IDatabaseEndpoint || Connectors.Addresses.IsUri(sink.Target) ? sink.Target : Path.GetFullPath(sink.Target);
            return new OutputResult(path, sink.Format, path != "-" && File.Exists(path) ? new FileInfo(path).Length : metrics?.BytesOut ?? 0);
        }).ToList();
        long quarantined = context?.Quarantine.Count ?? 0;
        return new RunResults
        {
            Status = error is not null ? "error" : context?.InputTruncated == true ? "truncated_input" : "ok",
            PipelineVersion = Version,
            Command = request.Command,
            Spec = request.Spec.SpecPath,
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            DurationSeconds = Math.Round(Stopwatch.GetElapsedTime(t0).TotalSeconds, 6),
            Inputs = inputs,
            Outputs = outputs,
            Rows = new RowCounts(outcome?.RowsRead ?? 0, outcome?.RowsWritten ?? 0, quarantined) { Passed = outcome?.RowsWritten ?? 0 },
            Stages = stages,
            Schema = outcome?.OutputSchema.FieldsList.Select(f => new ColumnResult(
                f.Name, TypeNames.Describe(f.DataType), f.IsNullable,
                f.HasMetadata ? f.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value) : null)).ToList(),
            Quarantine = new QuarantineResult(quarantined, quarantineFile,
                context?.Quarantine.CountsByStage ?? new Dictionary<string, long>(), examples),
            Restarts = restarts,
            Warnings = context?.Warnings ?? [],
            Options = new OptionsResult(options.BatchSize, options.MaxDegreeOfParallelism, options.MemoryLimit, options.SpillDirectory,
                options.InferenceSampleRows, options.TypeMismatch == TypeMismatchPolicy.Widen ? "widen" : "quarantine") { InputHash = Core.Options.InputHashPolicyNames.Name(options.InputHash) },
            Error = error is null ? null : new ErrorResult(ErrorKindName(error), error.Message),
        };
    }

    /// <summary>The one step of a spec without <c>steps:</c>: named after the spec (or <c>main</c>), reading its source.</summary>
    private static StepResult SingleStep(SpecRunRequest request, RunResults results)
    {
        var rows = results.Rows;
        return new StepResult(request.Spec.Name ?? "main", [request.Spec.Source.Path], results.Error is null ? "done" : "failed",
            rows.Read, rows.Written, results.DurationSeconds)
        {
            Quarantined = rows.Quarantined,
            Dropped = rows.Dropped,
            Deduplicated = rows.Deduplicated,
            Conserved = results.Error is null ? rows.Read == rows.Written + rows.Quarantined + rows.Dropped + rows.Deduplicated : null,
            Folder = request.RunFolder is { } folder ? Path.GetFullPath(folder) : null,
            Outputs = [.. results.Outputs.Select(o => o.Path)],
            // Its rules are the run's rules[]; not repeated here.
            Error = results.Error?.Message,
        };
    }

    /// <summary>A file sink's size once committed (writers that cannot count their own bytes report 0).</summary>
    private static long SinkBytes(Core.Metrics.StageMetrics stage, BatchOutcome? outcome)
    {
        if (stage.Kind != "sink" || stage.BytesOut > 0 || outcome is null) return stage.BytesOut;
        var target = stage.Name["write:".Length..];
        return target != "-" && File.Exists(target) ? new FileInfo(target).Length : 0;
    }

    /// <summary>The snake_case name of an error's kind as written to results.json.</summary>
    public static string ErrorKindName(Exception error) => error switch
    {
        PipelineException p => p.Kind switch
        {
            PipelineErrorKind.InvalidInput => "invalid_input",
            PipelineErrorKind.Schema => "schema",
            PipelineErrorKind.ResourcesExhausted => "resources_exhausted",
            PipelineErrorKind.External => "external",
            _ => "internal",
        },
        OperationCanceledException => "cancelled",
        RestartRequiredException => "schema",
        _ => "internal",
    };
}
