using System.Diagnostics;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Quarantine;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Running;

/// <summary>
/// Runs a spec end to end: opens the source and sinks, runs the plan on the <see cref="PipelineRunner"/>, starts over
/// when a reader's sniff proves wrong (<see cref="RestartRequiredException"/>), writes the quarantine and the
/// <c>results.json</c> record. The results are written whether the run succeeds or fails.
/// </summary>
public static class PipelineJob
{
    /// <summary>File name of the results document in a run folder.</summary>
    public const string ResultsFileName = "results.json";

    /// <summary>File name of the rejected rows in a run folder.</summary>
    public const string QuarantineFileName = "quarantine.parquet";

    /// <summary>The version recorded in results.</summary>
    public static string Version => EngineVersion.Current;

    /// <summary>Runs the job. Pipeline failures do not throw: they are in <see cref="JobResult.Error"/> and in the results.</summary>
    public static async Task<JobResult> RunAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        long t0 = Stopwatch.GetTimestamp();
        var spec = request.Spec;
        if (request.RunFolder is { } folder) Directory.CreateDirectory(folder);

        var sourceOptions = spec.Source.Options;
        var restarts = new List<string>();
        RunOutcome? outcome = null;
        Exception? error = null;
        PipelineContext? context = null;
        string format = sourceOptions.Format ?? "unknown";
        Task<List<InputResult>>? audit = null;
        string? quarantineFile = null;
        var examples = new List<string>();
        List<ISink> sinks = [];
        Engine.Validate.Validation? validation = null;
        Engine.Clean.Cleaning? cleaning = null;
        Engine.Validate.Quality.NullCounts? nullCounts = null;
        IAnalyzer? profiler = null;
        string? profileFile = null;
        Core.Operators.Dedup.DedupOperator? dedup = null;
        Engine.Analyze.Profile.TableProfiler? profileState = null;
        Engine.Analyze.Profile.ProfileReport? profileReport = null;
        Engine.Analyze.Data.ReportAnalyzers? reportAnalyzers = null;
        try
        {
            var custom = request.InputSource ?? spec.Source.Instance;
            if (custom is not null && (custom.Files.Count == 0 || spec.Source.Instance is not null))
            {
                // An in-code or database source: its description (never a connection string) stands in for the file list.
                format = custom.Format;
                audit = Task.FromResult(new List<InputResult> { new(spec.Source.Path, format, null, null) });
            }
            else
            {
                var files = custom?.Files ?? InputPaths.Expand(spec.Source.Path);
                format = custom?.Format ?? sourceOptions.Format ?? FileFormats.Detect(files[0], forWriting: false).Name;
                // Hash the inputs beside the run: the page cache then serves the reader and the hasher from one read.
                audit = Task.Run(() => InputAudit.DescribeAsync(files, format, cancellationToken), cancellationToken);
            }
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
                    var source = custom ?? FileFormats.OpenSource(spec.Source.Path, sourceOptions);
                    (source, dedup) = WithOperators(source, spec);
                    sinks = [.. spec.Sinks.Select(s => s.Instance ?? FileFormats.CreateSink(s.Path, s.Options)), .. request.ExtraSinks];
                    // Validation goes first so its row indices are the input's; a fresh one per attempt.
                    IReadOnlyList<IBatchTransform> transforms = request.Transforms;
                    IReadOnlyList<IAnalyzer> analyzers = request.Analyzers;
                    // Cleaning goes before validation (rules see cleaned values) and keeps every row, so both see input positions.
                    cleaning = spec.Clean is { Count: > 0 } clean ? new Engine.Clean.Cleaning(clean) : null;
                    var ruleSet = spec.Rules;
                    if (cleaning is not null)
                    {
                        var options = sourceOptions;
                        await cleaning.PrepareAsync(spec.Source.Path, () => custom ?? FileFormats.OpenSource(spec.Source.Path, options), context).ConfigureAwait(false);
                        if (cleaning.GeneratedRules.Count > 0) ruleSet = new Engine.Validate.RuleSet([.. spec.Rules?.Rules ?? [], .. cleaning.GeneratedRules]);
                    }
                    validation = ruleSet is { IsEmpty: false } rules ? new Engine.Validate.Validation(rules, spec.Source.Path, started, context) : null;
                    nullCounts = validation is not null || cleaning is not null ? new Engine.Validate.Quality.NullCounts() : null;
                    if (nullCounts is not null) transforms = [nullCounts, .. transforms];
                    if (validation is not null)
                    {
                        await validation.PrepareAsync(context).ConfigureAwait(false);
                        transforms = [transforms[0], validation.Transform, .. transforms.Skip(1)];
                        analyzers = [.. analyzers, validation.Analyzer];
                    }
                    if (cleaning is not null) transforms = [cleaning.Transform, .. transforms];
                    // The profile sees what the sinks see: the rows that passed validation.
                    profiler = spec.Profile ? Engine.Analyze.Profile.Profiler.CreateAnalyzer(new Engine.Analyze.Profile.ProfileOptions().WithinBudget(spec.Options)) : null;
                    if (profiler is not null) analyzers = [.. analyzers, profiler];
                    // The report's own analyzers (group correlations, null patterns, time series) run in the same pass.
                    reportAnalyzers = spec.Report && profiler is not null ? new Engine.Analyze.Data.ReportAnalyzers() : null;
                    if (reportAnalyzers is not null) analyzers = [.. analyzers, .. reportAnalyzers.All];
                    // Rules alone (pipeline validate): the validation reads what the rules need (Parquet: per row group).
                    bool rulesOnly = validation is not null && cleaning is null && dedup is null && spec.Sort.Count == 0 && sinks.Count == 0
                        && profiler is null && request.Transforms.Count == 0 && request.Analyzers.Count == 0;
                    outcome = rulesOnly
                        ? await validation!.RunAsync(source, context, nullCounts).ConfigureAwait(false)
                        : await PipelineRunner.RunAsync(new RunPlan(source, transforms, analyzers, sinks), context).ConfigureAwait(false);
                    break;
                }
                catch (RestartRequiredException restart) when (restart is ISourceCorrection correction && attempt < request.MaxRestarts && custom is null)
                {
                    restarts.Add(restart.Message);
                    sourceOptions = correction.Apply(sourceOptions);
                }
            }
            // Rule failures carry the cleaned columns (validation runs after cleaning), so the quarantine file does too.
            var quarantineSchema = cleaning is null ? outcome.InputSchema : cleaning.Transform.OutputSchema(outcome.InputSchema);
            quarantineFile = await WriteQuarantineAsync(context, request, quarantineSchema, examples).ConfigureAwait(false);
            if (profiler is not null)
            {
                profileState = Engine.Analyze.Profile.Profiler.StateOf(profiler, outcome.OutputSchema);
                profileReport = profileState.Report();
            }
            if (profileReport is not null && request.RunFolder is { } profileFolder)
            {
                profileFile = Path.GetFullPath(Path.Combine(profileFolder, Engine.Analyze.Profile.Profiler.FileName));
                Engine.Analyze.Profile.Profiler.Write(profileReport, profileFile);
            }
        }
        catch (Exception ex) when (ex is PipelineException or OperationCanceledException or RestartRequiredException)
        {
            error = ex;
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
            Profile = profileFile,
            SpilledBytes = context?.SpilledBytes ?? 0,
        };
        if (validation is not null && outcome is not null)
        {
            var rules = validation.Results(outcome.InputSchema);
            bool failed = rules.Any(r => !r.Passed && r.Severity == "error");
            results = results with
            {
                Rules = rules,
                Status = results.Status == "ok" && failed ? "checks_failed" : results.Status,
                Rows = results.Rows with { Dropped = validation.RowsDropped },
            };
        }
        if (dedup is not null && outcome is not null)
            results = results with { Rows = results.Rows with { Read = results.Rows.Read + dedup.RowsRemoved, Deduplicated = dedup.RowsRemoved } };
        if (cleaning is not null && outcome is not null) results = results with { Cleaning = cleaning.Results(results.Rules) };
        if (outcome is not null && (validation is not null || cleaning is not null))
            results = results with
            {
                Quality = Engine.Validate.Quality.QualityScore.Compute(results, validation?.Rules, nullCounts!, outcome.InputSchema.FieldsList.Select(f => f.Name).ToList()),
            };
        if (reportAnalyzers is not null && profileReport is not null && request.RunFolder is { } reportFolder && error is null)
            results = Engine.Document.RunReport.Complete(results, profileReport, reportAnalyzers.Collect(), ReportTitle(spec), reportFolder,
                spec.ColumnDescriptions, spec.DefaultChecks, spec.Rules);
        if (request.RunFolder is { } runFolder) ResultsJson.Write(results, Path.Combine(runFolder, ResultsFileName));
        context?.Dispose();
        return new JobResult(results, outcome, error) { Profile = profileReport, ProfileState = profileState };
    }

    /// <summary>Puts the spec's dedup and sort in front of the source (a fresh dedup per attempt, so its count is this attempt's).</summary>
    private static (ISource Source, Core.Operators.Dedup.DedupOperator? Dedup) WithOperators(ISource source, Specs.PipelineSpec spec)
    {
        var operators = new List<IOperator>();
        var dedup = spec.Dedup is { } d ? new Core.Operators.Dedup.DedupOperator(d.Columns, d.Keep) : null;
        if (dedup is not null) operators.Add(dedup);
        if (spec.Sort.Count > 0) operators.Add(new Core.Operators.Sort.SortOperator(spec.Sort));
        return (operators.Count == 0 ? source : new OperatorSource(source, operators), dedup);
    }

    /// <summary>The report's title: the input's file or folder name.</summary>
    private static string ReportTitle(Specs.PipelineSpec spec) => Path.GetFileName(spec.Source.Path.TrimEnd('/', '\\', '*'));

    private static async Task<string?> WriteQuarantineAsync(PipelineContext context, JobRequest request, Apache.Arrow.Schema inputSchema, List<string> examples)
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

    private static RunResults BuildResults(JobRequest request, DateTimeOffset started, long t0, List<InputResult> inputs,
        RunOutcome? outcome, PipelineContext? context, List<ISink> sinks, List<string> restarts, string? quarantineFile, List<string> examples, Exception? error)
    {
        var options = request.Spec.Options;
        var stages = context?.Metrics.Stages.Select(m => new StageResult(
            m.Name, m.Kind,
            m.Name == PipelineRunner.ReadStage && outcome is not null ? outcome.RowsRead : m.RowsIn,
            m.RowsOut, Math.Round(m.Elapsed.TotalSeconds, 6), m.BytesIn, SinkBytes(m, outcome), m.Batches)).ToList() ?? [];
        var outputs = outcome is null ? [] : sinks.Select(sink =>
        {
            var metrics = context!.Metrics.Stages.FirstOrDefault(m => m.Name == $"write:{sink.Target}");
            var path = sink.Target == "-" || sink is Databases.IDatabaseEndpoint ? sink.Target : Path.GetFullPath(sink.Target);
            return new OutputResult(path, sink.Format, path != "-" && File.Exists(path) ? new FileInfo(path).Length : metrics?.BytesOut ?? 0);
        }).ToList();
        long quarantined = context?.Quarantine.Count ?? 0;
        return new RunResults
        {
            Status = error is null ? "ok" : "error",
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
            Options = new OptionsResult(options.BatchSize, options.MaxDegreeOfParallelism, options.MemoryLimit, options.SpillDirectory,
                options.InferenceSampleRows, options.TypeMismatch == TypeMismatchPolicy.Widen ? "widen" : "quarantine"),
            Error = error is null ? null : new ErrorResult(ErrorKindName(error), error.Message),
        };
    }

    /// <summary>A file sink's size once committed (writers that cannot count their own bytes report 0).</summary>
    private static long SinkBytes(Core.Metrics.StageMetrics stage, RunOutcome? outcome)
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
