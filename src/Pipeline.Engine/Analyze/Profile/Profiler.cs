using System.Diagnostics;
using System.Text.Json;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Profiles a source in one streaming pass on all cores: <c>await Profiler.ProfileAsync(source)</c> (files: <c>FileProfiler</c> in Pipeline.Hosting).
/// The schema of the result is documented in <c>docs/profile-schema.md</c>.
/// </summary>
public static class Profiler
{
    /// <summary>File name of the profile in a run folder.</summary>
    public const string FileName = "profile.json";

    /// <summary>Profiles any source.</summary>
    public static async Task<ProfileReport> ProfileAsync(ISource source, string? label = null, ProfileOptions? options = null,
        PipelineOptions? engine = null, CancellationToken cancellationToken = default)
        => (await ProfileWithStateAsync(source, label, options, engine, cancellationToken).ConfigureAwait(false)).Report;

    /// <summary>Profiles a source and also returns the mergeable state (for <see cref="ProfileStateFile"/>).
    /// <paramref name="companions"/> are further analyzers run in the same pass (the report's); they hold their merged
    /// state afterwards.</summary>
    public static async Task<(ProfileReport Report, TableProfiler State)> ProfileWithStateAsync(ISource source, string? label = null,
        ProfileOptions? options = null, PipelineOptions? engine = null, CancellationToken cancellationToken = default,
        IReadOnlyList<IAnalyzer>? companions = null)
    {
        long t0 = Stopwatch.GetTimestamp();
        var engineOptions = engine ?? new PipelineOptions().WithEnvironment();
        using var context = new PipelineContext(engineOptions, cancellationToken);
        // The duplicate count's row hashes stay within the budget (ProfileOptions.WithinBudget); past it the one-pass
        // count is an estimate and an exact, spilling second pass replaces it below.
        options = (options ?? new ProfileOptions()).WithinBudget(engineOptions);
        var profiler = new LazySchemaProfiler(options);
        var outcome = await BatchRunner.RunAsync(new BatchPlan(source, [], [profiler, .. companions ?? []], []), context).ConfigureAwait(false);
        var state = ((LazySchemaProfiler)outcome.Analyzers[0]).State(outcome.InputSchema);
        var report = state.Report();
        if (options.Level == ProfileLevel.Full && !report.DuplicateRowCountExact && source.Files.Count > 0 && !source.Files.Contains("-"))
        {
            // Too many distinct rows to hold: count them exactly with the spilling operator in a second pass.
            // The first pass's batches and per-worker states are garbage now; collecting (and decommitting) them
            // before the second pass keeps the peak resident set at one pass's, not both passes' together.
            Core.Memory.HeapRelease.Collect();
            using var second = new PipelineContext(engineOptions, cancellationToken);
            using var stream = source.Open(second);
            var exact = await Core.Operators.ExactDistinctRows.CountAsync(stream, second, "profile_duplicates").ConfigureAwait(false);
            report = WithExactDuplicates(report, exact.DuplicateRows);
        }
        long bytes = source.Files.Where(f => f != "-" && File.Exists(f)).Sum(f => new FileInfo(f).Length);
        return (report with
        {
            Input = new ProfileInput(label ?? string.Join(",", source.Files), source.Format, source.Files.Count == 0 ? null : bytes,
                Math.Round(Stopwatch.GetElapsedTime(t0).TotalSeconds, 6)),
        }, state);
    }

    /// <summary>The <see cref="ProfileLevel.Summary"/> profile of a source in one pass on all cores: per column what
    /// DuckDB's <c>SUMMARIZE</c> gives (see <see cref="Summary.SummaryProfiler"/>).</summary>
    public static async Task<ProfileReport> SummarizeAsync(ISource source, string? label = null, PipelineOptions? engine = null,
        CancellationToken cancellationToken = default)
    {
        long t0 = Stopwatch.GetTimestamp();
        using var context = new PipelineContext(engine ?? new PipelineOptions().WithEnvironment(), cancellationToken);
        ProfileReport report;
        if (source is Core.Streams.RowGroups.IRowGroupSource { CanReadRowGroups: true } groups)
        {
            // Row group by row group, text from its pages: no Arrow string array is built.
            var (summary, schema) = await Summary.RowGroupSummaryScan.RunAsync(groups, context).ConfigureAwait(false);
            report = summary.Report(schema);
        }
        else
        {
            var outcome = await BatchRunner.RunAsync(new BatchPlan(source, [], [new Summary.SummaryProfiler()], []), context).ConfigureAwait(false);
            report = ((Summary.SummaryProfiler)outcome.Analyzers[0]).Report(outcome.InputSchema);
        }
        long bytes = source.Files.Where(f => f != "-" && File.Exists(f)).Sum(f => new FileInfo(f).Length);
        return report with
        {
            Input = new ProfileInput(label ?? string.Join(",", source.Files), source.Format, source.Files.Count == 0 ? null : bytes,
                Math.Round(Stopwatch.GetElapsedTime(t0).TotalSeconds, 6)),
        };
    }

    /// <summary>
    /// The report with the exact duplicate count, and the duplicates alert rebuilt from it (the first pass built that
    /// alert from its estimate). The alert is the first of the list whenever there are rows, as in
    /// <see cref="ProfileAlerts.For"/>, so the report equals a one-pass exact one.
    /// </summary>
    private static ProfileReport WithExactDuplicates(ProfileReport report, long duplicates)
    {
        var updated = report with { DuplicateRowCount = duplicates, DuplicateRowCountExact = true };
        var alerts = report.Alerts.Where(a => a.Type != "duplicates").ToList();
        alerts.InsertRange(0, ProfileAlerts.For(updated with { Columns = [] }, new Dictionary<string, List<List<string>>>()).Where(a => a.Type == "duplicates"));
        return updated with { Alerts = alerts };
    }

    /// <summary>Merges the states of partitions profiled separately (same schema) into one profile: exact for counts,
    /// moments, correlations and duplicates; within the stated error for sketches.</summary>
    /// <exception cref="Core.Errors.PipelineException">A state is missing or corrupt, or the schemas differ.</exception>
    public static ProfileReport Merge(IReadOnlyList<string> statePaths, ProfileOptions? options = null)
    {
        if (statePaths.Count == 0) throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, "merge needs at least one profile state");
        var merged = ProfileStateFile.Read(statePaths[0], options);
        foreach (var path in statePaths.Skip(1))
        {
            var next = ProfileStateFile.Read(path, options);
            var expected = TypeNames.Describe(merged.Schema);
            var actual = TypeNames.Describe(next.Schema);
            if (!expected.SequenceEqual(actual))
                throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.Schema,
                    $"{path}: schema differs from {statePaths[0]} ({string.Join(", ", actual)} vs {string.Join(", ", expected)})");
            merged.MergePartition(next);
        }
        return merged.Report() with { Input = new ProfileInput(string.Join(",", statePaths), "profile.state", null, 0) };
    }

    /// <summary>An analyzer that profiles whatever batches a run gives it (a stage of <c>pipeline run</c>).</summary>
    public static IAnalyzer CreateAnalyzer(ProfileOptions? options = null) => new LazySchemaProfiler(options ?? new ProfileOptions());

    /// <summary>The profile held by an analyzer from <see cref="CreateAnalyzer"/> after the run merged it.</summary>
    public static ProfileReport ReportOf(IAnalyzer analyzer, Apache.Arrow.Schema schema)
        => ((LazySchemaProfiler)analyzer).State(schema).Report();

    /// <summary>The mergeable state held by an analyzer from <see cref="CreateAnalyzer"/> after the run merged it
    /// (for <see cref="ProfileStateFile.Write"/>).</summary>
    public static TableProfiler StateOf(IAnalyzer analyzer, Apache.Arrow.Schema schema)
        => ((LazySchemaProfiler)analyzer).State(schema);

    /// <summary>Writes a profile as JSON (snake_case, indented), atomically.</summary>
    public static void Write(ProfileReport report, string path)
    {
        Core.Files.AtomicWrite.WriteText(path, JsonSerializer.Serialize(report, ResultsJson.Options) + "\n");
    }

    /// <summary>Reads a profile written by <see cref="Write"/>.</summary>
    public static ProfileReport Read(string path)
        => JsonSerializer.Deserialize<ProfileReport>(File.ReadAllText(path), ResultsJson.Options)
           ?? throw new InvalidDataException($"{path}: empty profile");

    /// <summary>
    /// The runner creates analyzers before it knows the schema; this wrapper creates the real
    /// <see cref="TableProfiler"/> from the first batch it sees.
    /// </summary>
    private sealed class LazySchemaProfiler(ProfileOptions options) : IOrderedAnalyzer
    {
        private TableProfiler? _inner;

        public string Name => "profile";

        public IAnalyzer CreateEmpty() => new LazySchemaProfiler(options);

        public void Update(Apache.Arrow.RecordBatch batch) => (_inner ??= new TableProfiler(batch.Schema, options)).Update(batch);

        public void Update(Apache.Arrow.RecordBatch batch, long sequence) => (_inner ??= new TableProfiler(batch.Schema, options)).Update(batch, sequence);

        public void Merge(IAnalyzer other)
        {
            var o = ((LazySchemaProfiler)other)._inner;
            if (o is null) return;
            if (_inner is null) _inner = o;
            else _inner.Merge(o);
        }

        public TableProfiler State(Apache.Arrow.Schema schema) => _inner ?? new TableProfiler(schema, options);
    }
}
