using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.Engine.Validate;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Building;

/// <summary>
/// The fluent .NET entry point, over the same engine the CLI uses:
/// <c>await DataPipeline.From("in.csv").Validate(rules).Profile().To("out.parquet").RunAsync()</c>.
/// Inputs are files (<see cref="Source"/>), the host's own batches or Arrow streams, or any <see cref="ISource"/>;
/// outputs are files (<see cref="Sink"/>), any <see cref="ISink"/>, or batches pulled by the host
/// (<see cref="Stream"/>). Each method returns a new, immutable builder; one built on an in-memory input can run once.
/// </summary>
public sealed record DataPipeline
{
    private DataPipeline(DataSource input) => Input = input;

    /// <summary>The input.</summary>
    public DataSource Input { get; private init; }

    /// <summary>The outputs, in order.</summary>
    public IReadOnlyList<DataSink> Outputs { get; private init; } = [];

    /// <summary>Per-batch transforms, in order.</summary>
    public IReadOnlyList<IBatchTransform> Transforms { get; private init; } = [];

    /// <summary>Analyzers fed with the output batches.</summary>
    public IReadOnlyList<IAnalyzer> Analyzers { get; private init; } = [];

    /// <summary>Validation rules, evaluated before the transforms (see <see cref="Validate(Rule[])"/>).</summary>
    public RuleSet? Rules { get; private init; }

    /// <summary>Whether the rows reaching the outputs are profiled (see <see cref="Profile"/>).</summary>
    public bool Profiled { get; private init; }

    /// <summary>Engine settings (defaults, then <c>PIPELINE_*</c> environment variables).</summary>
    public PipelineOptions Options { get; private init; } = new PipelineOptions().WithEnvironment();

    /// <summary>The step operations added so far (derive, filter, join, aggregate, ...), as spec steps.</summary>
    private StepChain Chain { get; init; } = StepChain.Empty;

    /// <summary>Run folder for <c>results.json</c>, <c>quarantine.parquet</c> and <c>profile.json</c>; null writes none.</summary>
    public string? RunFolder { get; private init; }

    /// <summary>Starts a pipeline reading a file, folder, glob or <c>-</c> (standard input).</summary>
    public static DataPipeline From(string path, SourceOptions? options = null) => new(Source.File(path, options));

    /// <summary>Starts a pipeline reading <paramref name="input"/> (see <see cref="Source"/>).</summary>
    public static DataPipeline From(DataSource input) => new(input ?? throw new ArgumentNullException(nameof(input)));

    /// <summary>Starts a pipeline reading any <see cref="ISource"/> (the extension point for other systems).</summary>
    public static DataPipeline From(ISource source) => new(Source.From(source));

    /// <summary>Starts a pipeline reading an Arrow stream the host has; the run takes ownership of it and its batches.</summary>
    public static DataPipeline From(IArrowArrayStream stream) => new(Source.Stream(stream));

    /// <summary>Starts a pipeline reading the host's batches, pulled as the run has room (the run takes ownership of
    /// each). <paramref name="schema"/> null takes the schema from the first batch.</summary>
    public static DataPipeline From(IAsyncEnumerable<RecordBatch> batches, Schema? schema = null) => new(Source.Batches(batches, schema));

    /// <summary>Adds an output file (format from the extension unless <paramref name="options"/> names one).</summary>
    public DataPipeline To(string path, SinkOptions? options = null) => To(Sink.File(path, options));

    /// <summary>Adds an output (see <see cref="Sink"/>).</summary>
    public DataPipeline To(DataSink output) => this with { Outputs = [.. Outputs, output ?? throw new ArgumentNullException(nameof(output))] };

    /// <summary>Adds any <see cref="ISink"/> as an output (the extension point for other systems).</summary>
    public DataPipeline To(ISink sink) => To(Sink.From(sink));

    /// <summary>Adds validation rules, e.g. <c>.Validate(Rules.For("amount").GreaterThan(0))</c>; results are in
    /// <see cref="RunResults.Rules"/>, failing rows of error rules are quarantined, and a failed error rule makes the
    /// status <c>checks_failed</c>.</summary>
    public DataPipeline Validate(params Rule[] rules) => this with { Rules = new RuleSet([.. Rules?.Rules ?? [], .. rules]) };

    /// <summary>Adds a rule set (e.g. read with <see cref="Engine.Validate.Parsing.RulesReader.ReadFile"/>).</summary>
    public DataPipeline Validate(RuleSet rules) => Validate([.. rules.Rules]);

    /// <summary>Profiles the rows that reach the outputs (those that passed validation): the report and its mergeable
    /// state are in <see cref="SpecRunResult.Profile"/> and <see cref="SpecRunResult.ProfileState"/>
    /// (<see cref="ExecuteAsync"/>, <see cref="PipelineRun.Job"/>), and <c>profile.json</c> is written to the run folder.</summary>
    public DataPipeline Profile() => this with { Profiled = true };

    /// <summary>Adds a per-batch transform.</summary>
    public DataPipeline Transform(IBatchTransform transform) => this with { Transforms = [.. Transforms, transform] };

    /// <summary>Adds an analyzer; its merged state is in <see cref="SpecRunResult.Outcome"/>.</summary>
    public DataPipeline Analyze(IAnalyzer analyzer) => this with { Analyzers = [.. Analyzers, analyzer] };

    /// <summary>Keeps the named columns, in this order (a step's <c>select:</c>).</summary>
    public DataPipeline Select(params string[] columns)
        => this with { Chain = Chain.With(StepChain.Rank.Select, s => s with { Select = columns }) };

    /// <summary>Renames columns (a step's <c>rename:</c>), old name → new name.</summary>
    public DataPipeline Rename(IReadOnlyDictionary<string, string> names)
        => this with { Chain = Chain.With(StepChain.Rank.Rename, s => s with { Rename = names }) };

    /// <summary>Converts columns (a step's <c>cast:</c>), column → type as in <c>cast(x as type)</c>.</summary>
    public DataPipeline Cast(IReadOnlyDictionary<string, string> types)
        => this with { Chain = Chain.With(StepChain.Rank.Cast, s => s with { Cast = types }) };

    /// <summary>Adds (or replaces) a column computed by an expression with DuckDB's functions (a step's <c>derive:</c>).</summary>
    public DataPipeline Derive(string column, string expression)
        => this with { Chain = Chain.With(StepChain.Rank.Derive, s => s with { Derive = [.. s.Derive, new DerivedColumn(column, expression, null)] }) };

    /// <summary>Keeps the rows for which <paramref name="condition"/> is true (a step's <c>filter:</c>).</summary>
    public DataPipeline Filter(string condition)
        => this with { Chain = Chain.With(StepChain.Rank.Filter, s => s with { Filter = new DerivedColumn("filter", condition, null) }) };

    /// <summary>Joins another input (a step's <c>join:</c>): <paramref name="keys"/> pairs this pipeline's column with
    /// the other's; <paramref name="how"/> is <c>inner</c>, <c>left</c>, <c>semi</c> or <c>anti</c>.</summary>
    public DataPipeline Join(DataSource with, IReadOnlyList<(string Column, string OtherColumn)> keys, string how = "inner")
    {
        ArgumentNullException.ThrowIfNull(with);
        if (how is not ("inner" or "left" or "semi" or "anti")) throw new ArgumentException("how must be inner, left, semi or anti", nameof(how));
        var (chain, name) = Chain.WithInput(with);
        return this with { Chain = chain.With(StepChain.Rank.Join, s => s with { Join = new JoinSpec(name, keys, how) }) };
    }

    /// <summary>Groups by <paramref name="by"/> and computes measures written as DuckDB calls, e.g.
    /// <c>("revenue", "sum(amount)")</c> (a step's <c>aggregate:</c>).</summary>
    public DataPipeline Aggregate(IReadOnlyList<string> by, params (string Name, string Measure)[] measures)
        => this with { Chain = Chain.With(StepChain.Rank.Aggregate, s => s with
        {
            Aggregate = new AggregateStepSpec(by, [.. measures.Select(m => new DerivedColumn(m.Name, m.Measure, null))]),
        }) };

    /// <summary>Appends another input's rows, matching columns by name (a step's <c>union:</c>).</summary>
    public DataPipeline Union(DataSource other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var (chain, name) = Chain.WithInput(other);
        return this with { Chain = chain.With(StepChain.Rank.Union, s => s with { Union = [.. s.Union, name] }) };
    }

    /// <summary>Sorts by keys written as in a spec (<c>"revenue desc"</c>, <c>"id asc nulls first"</c>).</summary>
    public DataPipeline Sort(params string[] keys)
        => this with { Chain = Chain.With(StepChain.Rank.Sort, s => s with { Sort = StepChain.SortKeys(keys) }) };

    /// <summary>Keeps the first <paramref name="rows"/> rows (after the sort).</summary>
    public DataPipeline Limit(long rows)
        => this with { Chain = Chain.With(StepChain.Rank.Limit, s => s with { Limit = rows >= 0 ? rows : throw new ArgumentOutOfRangeException(nameof(rows)) }) };

    /// <summary>Changes engine settings.</summary>
    public DataPipeline WithOptions(Func<PipelineOptions, PipelineOptions> change) => this with { Options = change(Options) };

    /// <summary>Writes a run folder (<c>results.json</c>, <c>quarantine.parquet</c>, <c>profile.json</c>) to <paramref name="folder"/>.</summary>
    public DataPipeline WithRunFolder(string folder) => this with { RunFolder = folder };

    /// <summary>Runs the pipeline and returns its results.</summary>
    /// <exception cref="PipelineException">The run failed; the message names the file, row or column.</exception>
    public async Task<RunResults> RunAsync(CancellationToken cancellationToken = default)
    {
        var job = await ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (job.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        return job.Results;
    }

    /// <summary>Runs the pipeline and returns everything it produced: the results, the merged analyzers, and the
    /// profile with its mergeable state. Does not throw for a failed run: the failure is in <see cref="SpecRunResult.Error"/>.</summary>
    public Task<SpecRunResult> ExecuteAsync(CancellationToken cancellationToken = default) => ExecuteWithSinksAsync([], cancellationToken);

    /// <summary>
    /// Starts the pipeline in the background and returns a <see cref="PipelineRun"/> whose output batches the host
    /// pulls (in addition to any outputs added with <c>To</c>). At most <paramref name="bufferedBatches"/> batches wait
    /// for the host; while they wait, the run pauses.
    /// </summary>
    /// <remarks>Batches handed to the host cannot be taken back, so a reader cannot start over with corrected settings:
    /// a CSV type sniff proven wrong fails the run (give the column types, or quarantine mismatches).</remarks>
    /// <param name="bufferedBatches">How many output batches may wait for the host (at least 1). Default 2.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public PipelineRun Stream(int bufferedBatches = 2, CancellationToken cancellationToken = default)
    {
        var sink = new BatchChannelSink(bufferedBatches);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return new PipelineRun(sink, cancel, () => ExecuteWithSinksAsync([sink], cancel.Token));
    }

    private async Task<SpecRunResult> ExecuteWithSinksAsync(IReadOnlyList<ISink> extraSinks, CancellationToken cancellationToken)
    {
        var source = Input.Custom;
        if (source is HostBatchesSource batches)
        {
            try { await batches.PrepareAsync(cancellationToken).ConfigureAwait(false); }
            catch (Exception ex) when (ex is PipelineException or OperationCanceledException) { source = new FailedSource(batches, ex); }
        }
        if (Chain.Steps.Count > 0) return await RunStepsAsync(source, extraSinks, cancellationToken).ConfigureAwait(false);
        return await SpecRunner.RunAsync(new SpecRunRequest
        {
            Spec = new PipelineSpec(Input.Spec, [.. Outputs.Where(o => o.Spec is not null).Select(o => o.Spec!)], Options.Validate())
            {
                Rules = Rules,
                Profile = Profiled,
            },
            Command = "api",
            RunFolder = RunFolder,
            Transforms = Transforms,
            Analyzers = Analyzers,
            InputSource = source,
            ExtraSinks = [.. Outputs.Where(o => o.Custom is not null).Select(o => o.Custom!), .. extraSinks],
            // Batches already handed to the host cannot be taken back, so a reader cannot start over once it streams
            // to the host: a CSV type sniff proven wrong fails the run (name the types, or use type_mismatch: quarantine).
            MaxRestarts = extraSinks.Count > 0 ? 0 : 3,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A pipeline with step operations runs as a spec with steps: rules check the first step's rows, the
    /// outputs and the profile take the last step's.</summary>
    private async Task<SpecRunResult> RunStepsAsync(ISource? source, IReadOnlyList<ISink> extraSinks, CancellationToken cancellationToken)
    {
        if (Transforms.Count > 0 || Analyzers.Count > 0)
            throw new PipelineException(PipelineErrorKind.InvalidInput, "custom transforms and analyzers cannot be combined with step operations (derive, filter, join, aggregate, ...) yet");
        var sources = new Dictionary<string, SourceSpec>
        {
            [StepChain.InputName] = source is null ? Input.Spec : Input.Spec with { Instance = source },
        };
        foreach (var (name, input) in Chain.Inputs) sources[name] = input.Custom is { } custom ? input.Spec with { Instance = custom } : input.Spec;
        var steps = Chain.Steps.ToList();
        steps[0] = steps[0] with { Rules = Rules };
        steps[^1] = steps[^1] with
        {
            Profile = Profiled,
            Sinks = [.. Outputs.Select(o => o.Spec ?? new SinkSpec(o.Custom!.Target, new SinkOptions()) { Instance = o.Custom }),
                .. extraSinks.Select(sink => new SinkSpec(sink.Target, new SinkOptions()) { Instance = sink })],
        };
        return await SpecRunner.RunAsync(new SpecRunRequest
        {
            Spec = new PipelineSpec(sources[StepChain.InputName], [], Options.Validate()) { Sources = sources, Steps = steps, Profile = Profiled },
            Command = "api",
            RunFolder = RunFolder,
        }, cancellationToken).ConfigureAwait(false);
    }
}
