using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Pipeline.Core.Execution;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;
using Pipeline.Engine.Steps;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>
/// Runs a spec with <c>steps:</c>: each step in order as one or two runs of <see cref="SpecRunner"/> over its input
/// (a source, or the checkpoint an earlier step wrote), each in its own folder <c>steps/NAME/</c> of the run folder
/// with its own results, quarantine and profile; then writes the run's <c>results.json</c> with <c>steps[]</c> and
/// the totals. A source read by several steps is read once into a checkpoint. A failed step fails the run and the
/// steps after it are skipped.
/// </summary>
internal static class StepRunner
{
    /// <summary>Runs the steps of <paramref name="request"/>'s spec.</summary>
    public static async Task<SpecRunResult> RunAsync(SpecRunRequest request, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        long t0 = Stopwatch.GetTimestamp();
        if (request.InputSource is not null || request.ExtraSinks.Count > 0 || request.Transforms.Count > 0 || request.Analyzers.Count > 0)
        {
            // Standard input, standard output and in-code stages belong to a single-input run; silently ignoring
            // them would run something other than what was asked.
            return Finish(request, started, t0, new StepsProgress(), new PipelineException(PipelineErrorKind.InvalidInput,
                $"{request.Spec.SpecPath}: a spec with steps reads its own sources and writes its own sinks; it cannot take " +
                "standard input, standard output or in-code transforms (use it with 'pipeline run', or a spec without steps here)"));
        }
        string? temporary = request.RunFolder is null ? Directory.CreateTempSubdirectory("pipeline-steps-").FullName : null;
        var runFolder = request.RunFolder ?? temporary!;
        try
        {
            RunFolderLock held;
            try { held = RunFolderLock.Claim(runFolder); }
            catch (PipelineException ex) { return Finish(request, started, t0, new StepsProgress(), ex); }
            using (held)
            {
                var progress = new StepsProgress();
                Exception? error = null;
                try { await RunStepsAsync(request, runFolder, progress, cancellationToken).ConfigureAwait(false); }
                catch (Exception ex) when (ex is PipelineException or OperationCanceledException) { error = ex; }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    error = new PipelineException(PipelineErrorKind.External, $"cannot read or write a file: {ex.Message}", ex);
                }
                error ??= progress.Failure;
                var result = Finish(request, started, t0, progress, error);
                // The whole spec is one run in the history; its steps' profiles stay in their folders.
                result = result with { Results = History.RunHistoryRecorder.Record(request.History, result.Results, null, request.Spec.Name, request.Spec.Source.Path) };
                if (request.Spec.Alerts.Count > 0)
                    result = result with { Results = await new Alerts.AlertSender().SendAsync(request.Spec.Alerts, result.Results, request.Spec.Name, CancellationToken.None).ConfigureAwait(false) };
                if (request.RunFolder is { } folder)
                {
                    if (request.Spec.Report || request.Spec.Profile) result = WriteReport(result, folder, request.Spec);
                    ResultsJson.Write(result.Results, Path.Combine(folder, SpecRunner.ResultsFileName));
                }
                return result;
            }
        }
        finally
        {
            if (temporary is not null) TryDelete(temporary);
        }
    }

    private static async Task RunStepsAsync(SpecRunRequest request, string runFolder, StepsProgress progress, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var readers = spec.Steps.SelectMany(s => s.Inputs.Distinct()).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        var inputs = spec.Sources.ToDictionary(kv => kv.Key, kv => new StepInput(kv.Key, kv.Value, IsSpecSource: true));
        var run = new StepRun(request, runFolder, inputs,
            new ConcurrentDictionary<string, string?>(spec.Sources.ToDictionary(kv => kv.Key, kv => StepFingerprint.OfSource(kv.Value))));

        // A source that several steps read is read once, into a checkpoint the steps then share.
        foreach (var (name, source) in spec.Sources)
        {
            if (readers.GetValueOrDefault(name) < 2) continue;
            var step = new StepSpec(name, spec.SpecPath ?? "spec") { From = [name], Definition = "read once" };
            var outcome = await RunStepAsync(run, step, keep: true, spec.Options, request.Progress, cancellationToken).ConfigureAwait(false);
            if (!outcome.CommitTo(progress)) return;
            run.Fingerprints[name] = run.Fingerprints.GetValueOrDefault(ReadOnceKey(name));
            inputs[name] = new StepInput(name, StepCheckpoints.Source(runFolder, name), IsSpecSource: false);
        }
        // Steps run in waves: a wave holds the steps whose inputs are all done; they run at the same time, each with
        // an equal share of the memory budget, and are recorded in spec order, so results do not depend on timing.
        var wave = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var step in spec.Steps) wave[step.Name] = 1 + step.Inputs.Select(i => wave.GetValueOrDefault(i)).DefaultIfEmpty(0).Max();
        foreach (var group in spec.Steps.GroupBy(s => wave[s.Name]).OrderBy(g => g.Key))
        {
            var steps = group.ToList();
            var options = steps.Count == 1 ? spec.Options : spec.Options with { MemoryLimit = Math.Max(spec.Options.MemoryLimit / steps.Count, 16L << 20) };
            var outcomes = await Task.WhenAll(steps.Select(step => RunStepAsync(run, step,
                readers.GetValueOrDefault(step.Name) > 0 || step.Checkpoint, options, steps.Count == 1 ? request.Progress : null, cancellationToken))).ConfigureAwait(false);
            bool failed = false;
            for (int i = 0; i < steps.Count; i++)
            {
                failed |= !outcomes[i].CommitTo(progress);
                if (readers.GetValueOrDefault(steps[i].Name) > 0 || steps[i].Checkpoint)
                    inputs[steps[i].Name] = new StepInput(steps[i].Name, StepCheckpoints.Source(runFolder, steps[i].Name), IsSpecSource: false);
            }
            if (!failed) continue;
            var failedNames = string.Join(", ", steps.Where((_, i) => !outcomes[i].Succeeded).Select(s => $"'{s.Name}'"));
            foreach (var skipped in spec.Steps.Where(s => wave[s.Name] > group.Key))
                progress.Fail(new StepResult(skipped.Name, [.. skipped.Inputs], "skipped", 0, 0, 0) { Error = $"step {failedNames} failed" }, null);
            return;
        }
    }

    private static string ReadOnceKey(string source) => "\u0001" + source;

    /// <summary>The state steps share within one run.</summary>
    private sealed record StepRun(SpecRunRequest Request, string RunFolder, Dictionary<string, StepInput> Inputs,
        ConcurrentDictionary<string, string?> Fingerprints);

    /// <summary>Runs (or, resuming, reuses) one step with <paramref name="options"/> (its share of the budget).</summary>
    private static async Task<StepOutcome> RunStepAsync(StepRun run, StepSpec step, bool keep, PipelineOptions options,
        IProgressReporter? progressBar, CancellationToken cancellationToken)
    {
        var (request, runFolder, sharedInputs, fingerprints) = run;
        var spec = request.Spec with { Options = options };
        var opened = new StrongBox<long>();
        var inputs = sharedInputs.ToDictionary(kv => kv.Key, kv => kv.Value with { OnRows = rows => Interlocked.Add(ref opened.Value, rows) });
        long t0 = Stopwatch.GetTimestamp();
        var folder = StepCheckpoints.Folder(runFolder, step.Name);
        bool readOnce = step.Definition == "read once" && step.From is [var only] && only == step.Name;
        var parts = StepFingerprint.Parts(step, spec, fingerprints);
        var fingerprint = StepFingerprint.Of(step, spec, fingerprints);
        fingerprints[readOnce ? ReadOnceKey(step.Name) : step.Name] = fingerprint;
        string? note = null;
        if (request.Resume && StepManifest.Read(folder) is { } manifest)
        {
            note = manifest.Mismatch(fingerprint, parts);
            if (note is null)
            {
                return StepOutcome.Done(manifest.Record with { Result = manifest.Record.Result with { Status = "reused" } }, null);
            }
            note = $"recomputed: {note}";
        }
        if (Directory.Exists(folder)) StepManifest.Remove(folder);

        var (input, narrowing, joined) = Projected(step, inputs[step.From[0]], step.Join is { } j ? inputs[j.With] : null, options);
        if (joined is not null) inputs[step.Join!.With] = joined;
        StepOperators ops;
        try { ops = StepOperators.For(step, name => inputs[name], narrowing); }
        catch (PipelineException ex)
        {
            return StepOutcome.Failed(new StepResult(step.Name, [.. step.Inputs], "failed", 0, 0, Seconds(t0)) { Error = $"{step.Location}: {ex.Message}", Note = note }, ex);
        }
        List<SinkSpec> sinks = [.. step.Sinks];
        if (keep) sinks.Add(StepCheckpoints.Sink(runFolder, step.Name));
        bool profile = step.Profile ?? (spec.Profile && step.Sinks.Count > 0);
        bool rowStages = step.Clean is { Count: > 0 } || step.Rules is { IsEmpty: false } || step.Enrich.Count > 0;
        CountedSource? counted = null;
        Func<ISource, ISource> front = s =>
        {
            counted = new CountedSource(s);
            return ops.FromUnion is { } union ? new OperatorSource(counted, [union]) : counted;
        };

        SpecRunResult first, last;
        if (rowStages && ops.Operators.Count > 0)
        {
            // Cleaning and rules run on the runner's workers, which come after a source's operators: the rows that
            // pass them are kept first, and the operators read those.
            const string validated = "validated.arrow";
            first = await SpecRunner.RunAsync(new SpecRunRequest
            {
                Spec = Segment(spec, input.Source, [StepCheckpoints.Sink(runFolder, step.Name, validated)], step, profile: false) with { Rules = step.Rules, Clean = step.Clean, Enrich = step.Enrich },
                Command = request.Command, IsStep = true, StageObserver = request.StageObserver, AuditInputs = input.IsSpecSource, RunFolder = Path.Combine(folder, "rules"), Progress = progressBar,
                WrapSource = s => new TransformedSource(front(s), ops.Shape), InputLabel = Label(step, ops),
            }, cancellationToken).ConfigureAwait(false);
            last = first.Succeeded
                ? await SpecRunner.RunAsync(new SpecRunRequest
                {
                    Spec = Segment(spec, StepCheckpoints.Source(runFolder, step.Name, validated), sinks, step, profile),
                    Command = request.Command, IsStep = true, StageObserver = request.StageObserver, AuditInputs = false, RunFolder = folder,
                    WrapSource = s => new OperatorSource(s, ops.Operators),
                }, cancellationToken).ConfigureAwait(false)
                : first;
            TryDeleteFile(Path.Combine(folder, validated));
        }
        else
        {
            // Row operations run on the runner's workers unless something reads the rows before them: the step's
            // operators (which the runner puts in front of its workers) or cleaning's first pass.
            bool inFront = ops.Operators.Count > 0 || step.Clean is { Count: > 0 };
            first = last = await SpecRunner.RunAsync(new SpecRunRequest
            {
                Spec = Segment(spec, input.Source, sinks, step, profile) with { Rules = step.Rules, Clean = step.Clean, Enrich = step.Enrich },
                Command = request.Command, IsStep = true, StageObserver = request.StageObserver, AuditInputs = input.IsSpecSource, RunFolder = folder, Progress = progressBar,
                ShapeTransforms = inFront ? [] : ops.Shape,
                WrapSource = ops.Operators.Count > 0 ? s => new OperatorSource(new TransformedSource(front(s), ops.Shape), ops.Operators)
                    : inFront ? s => new TransformedSource(front(s), ops.Shape) : front,
                InputLabel = Label(step, ops),
            }, cancellationToken).ConfigureAwait(false);
        }

        var checkpoint = keep ? Path.GetFullPath(StepCheckpoints.Sink(runFolder, step.Name).Path) : null;
        var result = Describe(step, counted?.Rows ?? 0, ops, first, last, checkpoint, folder, t0) with { Note = note };
        if ((first.Error ?? last.Error) is { } error)
        {
            // The run's error names the step, so a message from deep inside an operator still says where it came from.
            if (error is PipelineException pe && !pe.Message.Contains($"step '{step.Name}'", StringComparison.Ordinal))
                error = new PipelineException(pe.Kind, $"step '{step.Name}': {pe.Message}", pe);
            return StepOutcome.Failed(result with { Status = "failed", Error = error.Message }, error);
        }
        var runs = ReferenceEquals(first, last) ? new[] { first } : [first, last];
        var record = new StepRecord(result,
            runs.Select(r => r.Results.Status).FirstOrDefault(st => st != "ok") ?? "ok",
            (input.IsSpecSource ? result.RowsIn : 0) + opened.Value,
            [.. input.IsSpecSource ? first.Results.Inputs : [], .. await AuditOthersAsync(step, inputs, options, cancellationToken).ConfigureAwait(false)],
            [.. last.Results.Outputs.Where(o => o.Path != checkpoint)],
            [.. runs.SelectMany(r => r.Results.Quarantine.Examples)],
            [.. runs.SelectMany(r => r.Results.Warnings)],
            [.. runs.SelectMany(r => r.Results.Restarts)],
            runs.Sum(r => r.Results.SpilledBytes));
        if (fingerprint is not null)
        {
            // Written last: a step is complete for a resumed run only once every file it wrote is in place.
            var files = record.Outputs.Select(o => o.Path).Where(File.Exists).Append(checkpoint).OfType<string>()
                .Select(p => new StepManifestFile(p, new FileInfo(p).Length)).ToList();
            StepManifest.Write(folder, new StepManifest(StepManifest.CurrentVersion, fingerprint, record with { Result = record.Result with { Note = null } }, files) { Parts = parts });
        }
        return StepOutcome.Done(record, last);
    }

    private static StepResult Describe(StepSpec step, long rowsPulled, StepOperators ops, SpecRunResult first, SpecRunResult last, string? checkpoint, string folder, long t0)
    {
        // Rows in: what the step's input produced, plus the rows its reader rejected (they are in the quarantine).
        long rowsIn = rowsPulled + first.Results.Quarantine.ByStage.GetValueOrDefault(Core.Execution.BatchRunner.ReadStage);
        long rowsOut = last.Outcome?.RowsWritten ?? last.Results.Rows.Written;
        long filtered = ops.Filter?.RowsFiltered ?? 0;
        long quarantined = first.Results.Rows.Quarantined + (ReferenceEquals(first, last) ? 0 : last.Results.Rows.Quarantined);
        long dropped = first.Results.Rows.Dropped;
        long deduplicated = ops.Dedup?.RowsRemoved ?? 0;
        bool combines = ops.FromUnion is not null || step.Join is not null || step.Aggregate is not null || step.Union.Count > 0 || step.Limit is not null;
        return new StepResult(step.Name, [.. step.Inputs], "done", rowsIn, rowsOut, Seconds(t0))
        {
            Filtered = filtered,
            Quarantined = quarantined,
            Dropped = dropped,
            Deduplicated = deduplicated,
            Conserved = combines ? null : rowsIn == rowsOut + filtered + quarantined + dropped + deduplicated,
            Join = ops.Join?.Result(),
            Enrich = first.Results.Enrich,
            Folder = Path.GetFullPath(folder),
            Outputs = [.. last.Results.Outputs.Select(o => o.Path).Where(p => checkpoint is null || p != Path.GetFullPath(checkpoint))],
            Rules = first.Results.Rules,
        };
    }

    /// <summary>Sizes and hashes (as <see cref="PipelineOptions.InputHash"/> asks) of the spec sources a step reads besides its main input (a join's table, a union's
    /// inputs), for the run's audit trail.</summary>
    private static async Task<List<InputResult>> AuditOthersAsync(StepSpec step, Dictionary<string, StepInput> inputs, PipelineOptions options, CancellationToken cancellationToken)
    {
        var audited = new List<InputResult>();
        foreach (var name in step.Inputs.Skip(1).Distinct())
        {
            var other = inputs[name];
            if (!other.IsSpecSource || other.Source.Instance is not null || other.Source.Path == "-") continue;
            var files = InputPaths.Expand(other.Source.Path);
            var format = other.Source.Options.Format ?? FileFormats.Detect(files[0], forWriting: false).Name;
            audited.AddRange(await InputAudit.DescribeAsync(files, format, options, cancellationToken).ConfigureAwait(false));
        }
        return audited;
    }

    /// <summary>The input read with only the columns the step needs (<see cref="StepProjection"/>), when that is fewer,
    /// and its grouping-only columns dictionary-encoded where the format keeps them so; what the filter and the join may
    /// leave out (<see cref="StepProjection.Narrow"/>); and the joined table read with only the columns the step needs
    /// (null when unchanged).</summary>
    private static (StepInput Input, StepProjection.Narrowing Narrowing, StepInput? Joined) Projected(StepSpec step, StepInput input, StepInput? joined, PipelineOptions options)
    {
        // Only a step that selects or aggregates can read fewer columns; for the others the schema is not worth a sniff.
        if ((step.Select is null && step.Aggregate is null) || input.Source.Instance is not null || input.Source.Path == "-")
            return (input, StepProjection.Narrowing.None, null);
        try
        {
            using var context = new Core.Execution.PipelineContext(options);
            Apache.Arrow.Schema SchemaOf(StepInput i)
            {
                using var stream = FileFormats.OpenSource(i.Source.Path, i.Source.Options).Open(context);
                return stream.Schema;
            }
            var schema = SchemaOf(input);
            var joinedSchema = joined is null || joined.Source.Instance is not null || joined.Source.Path == "-" ? null : SchemaOf(joined);
            var narrowing = StepProjection.Narrow(step, schema, joinedSchema);
            StepInput? narrowedJoin = narrowing.BuildColumns is { } buildColumns && joined is not null
                ? joined with { Source = joined.Source with { Options = joined.Source.Options with { Columns = buildColumns } } }
                : null;
            if (input.Source.Options.Columns is not null) return (input, narrowing, narrowedJoin);
            var columns = StepProjection.For(step, schema, joinedSchema);
            var dictionary = StepProjection.GroupingOnly(step, schema);
            if (columns is null && dictionary.Count == 0) return (input, narrowing, narrowedJoin);
            return (input with
            {
                Source = input.Source with
                {
                    Options = input.Source.Options with { Columns = columns, DictionaryColumns = dictionary.Count > 0 ? dictionary : null },
                },
            }, narrowing, narrowedJoin);
        }
        catch (PipelineException)
        {
            return (input, StepProjection.Narrowing.None, null); // the step's own run reports what is wrong with its input
        }
    }

    /// <summary>The source rule failures name: the step, when its filter or union renumbers the input's rows.</summary>
    private static string? Label(StepSpec step, StepOperators ops)
        => ops.Filter is not null || ops.FromUnion is not null ? $"step {step.Name} (rows after {(ops.Filter is not null ? "its filter" : "the union")})" : null;

    /// <summary>The spec of one run of a step: its input, its sinks, the run's options and documents.</summary>
    private static PipelineSpec Segment(PipelineSpec spec, SourceSpec source, IReadOnlyList<SinkSpec> sinks, StepSpec step, bool profile)
        => new(source, sinks, spec.Options, spec.SpecPath)
        {
            Name = step.Name,
            Profile = profile,
            Report = profile && spec.Report,
            ColumnDescriptions = spec.ColumnDescriptions,
        };

    private static SpecRunResult Finish(SpecRunRequest request, DateTimeOffset started, long t0, StepsProgress progress, Exception? error)
    {
        var options = request.Spec.Options;
        var steps = progress.Steps;
        var records = progress.Records;
        long quarantined = steps.Sum(s => s.Quarantined);
        var statuses = records.Select(r => r.RunStatus).ToList();
        var results = new RunResults
        {
            Status = error is not null ? "error" : statuses.Contains("checks_failed") ? "checks_failed" : statuses.Contains("truncated_input") ? "truncated_input" : "ok",
            PipelineVersion = SpecRunner.Version,
            Command = request.Command,
            Spec = request.Spec.SpecPath,
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            DurationSeconds = Math.Round(Stopwatch.GetElapsedTime(t0).TotalSeconds, 6),
            Inputs = [.. records.SelectMany(r => r.Inputs).DistinctBy(i => i.Path)],
            Outputs = [.. records.SelectMany(r => r.Outputs).DistinctBy(o => o.Path)],
            Rows = new RowCounts(records.Sum(r => r.SourceRowsRead), steps.Where(s => s.Outputs.Count > 0).Sum(s => s.RowsOut), quarantined)
            {
                Dropped = steps.Sum(s => s.Dropped),
                Deduplicated = steps.Sum(s => s.Deduplicated),
            },
            Stages = [],
            Quarantine = new QuarantineResult(quarantined, null,
                steps.Where(s => s.Quarantined > 0).ToDictionary(s => s.Name, s => s.Quarantined),
                [.. records.SelectMany(r => r.Examples).Take(10)]),
            Restarts = [.. records.SelectMany(r => r.Restarts)],
            Warnings = [.. records.SelectMany(r => r.Warnings)],
            Options = new OptionsResult(options.BatchSize, options.MaxDegreeOfParallelism, options.MemoryLimit, options.SpillDirectory,
                options.InferenceSampleRows, options.TypeMismatch == TypeMismatchPolicy.Widen ? "widen" : "quarantine") { InputHash = Core.Options.InputHashPolicyNames.Name(options.InputHash) },
            Rules = [.. steps.SelectMany(s => s.Rules)],
            Steps = steps,
            SpilledBytes = records.Sum(r => r.SpilledBytes),
            Error = error is null ? null : new ErrorResult(SpecRunner.ErrorKindName(error), error.Message),
        };
        return new SpecRunResult(results, error is null ? progress.Last?.Outcome : null, error);
    }

    /// <summary>The run's <c>report.html</c>: the plan and the steps, linking each step's own report.</summary>
    private static SpecRunResult WriteReport(SpecRunResult result, string folder, PipelineSpec spec)
    {
        var links = result.Results.Steps
            .Where(s => s.Folder is not null && File.Exists(Path.Combine(s.Folder, Engine.Document.Html.HtmlReport.FileName)))
            .ToDictionary(s => s.Name, s => $"steps/{s.Name}/{Engine.Document.Html.HtmlReport.FileName}");
        var title = spec.Name ?? Path.GetFileNameWithoutExtension(spec.SpecPath) ?? "steps";
        var path = Path.Combine(folder, Engine.Document.Html.HtmlReport.FileName);
        Core.Files.AtomicWrite.WriteText(path, Engine.Document.Html.StepsReport.Render(result.Results, title, links));
        return result with { Results = result.Results with { Report = Path.GetFullPath(path) } };
    }

    private static double Seconds(long t0) => Math.Round(Stopwatch.GetElapsedTime(t0).TotalSeconds, 6);

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* a temp folder left behind harms nothing */ }
    }

    private static void TryDeleteFile(string file)
    {
        try { File.Delete(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* an intermediate file left behind harms nothing */ }
    }
}
