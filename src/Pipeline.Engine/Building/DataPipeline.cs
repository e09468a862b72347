using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;
using Pipeline.Engine.Running;
using Pipeline.Engine.Specs;
using Pipeline.Engine.Validate;
using Pipeline.IO.Formats;

namespace Pipeline.Engine.Building;

/// <summary>
/// The fluent .NET entry point, over the same engine the CLI uses:
/// <c>await DataPipeline.From("in.csv").To("out.parquet").RunAsync()</c>. Each method returns a new, immutable builder.
/// </summary>
public sealed record DataPipeline
{
    private DataPipeline(SourceSpec source) => Source = source;

    /// <summary>The input.</summary>
    public SourceSpec Source { get; private init; }

    /// <summary>The outputs, in order.</summary>
    public IReadOnlyList<SinkSpec> Sinks { get; private init; } = [];

    /// <summary>Per-batch transforms, in order.</summary>
    public IReadOnlyList<IBatchTransform> Transforms { get; private init; } = [];

    /// <summary>Analyzers fed with the output batches.</summary>
    public IReadOnlyList<IAnalyzer> Analyzers { get; private init; } = [];

    /// <summary>Validation rules, evaluated before the transforms (see <see cref="Validate(Rule[])"/>).</summary>
    public RuleSet? Rules { get; private init; }

    /// <summary>Engine settings (defaults, then <c>PIPELINE_*</c> environment variables).</summary>
    public PipelineOptions Options { get; private init; } = new PipelineOptions().WithEnvironment();

    /// <summary>Run folder for <c>results.json</c> and <c>quarantine.parquet</c>; null writes none.</summary>
    public string? RunFolder { get; private init; }

    /// <summary>Starts a pipeline reading a file, folder, glob or <c>-</c> (standard input).</summary>
    public static DataPipeline From(string path, SourceOptions? options = null) => new(new SourceSpec(path, options ?? new SourceOptions()));

    /// <summary>Adds an output file (format from the extension unless <paramref name="options"/> names one).</summary>
    public DataPipeline To(string path, SinkOptions? options = null) => this with { Sinks = [.. Sinks, new SinkSpec(path, options ?? new SinkOptions())] };

    /// <summary>Adds validation rules, e.g. <c>.Validate(Rules.For("amount").GreaterThan(0))</c>; results are in
    /// <see cref="RunResults.Rules"/> and a failed error rule makes the status <c>checks_failed</c>.</summary>
    public DataPipeline Validate(params Rule[] rules) => this with { Rules = new RuleSet([.. Rules?.Rules ?? [], .. rules]) };

    /// <summary>Adds a rule set (e.g. read with <see cref="Validate.Parsing.RulesReader.ReadFile"/>).</summary>
    public DataPipeline Validate(RuleSet rules) => Validate([.. rules.Rules]);

    /// <summary>Adds a per-batch transform.</summary>
    public DataPipeline Transform(IBatchTransform transform) => this with { Transforms = [.. Transforms, transform] };

    /// <summary>Adds an analyzer; its merged state is in <see cref="JobResult.Outcome"/>.</summary>
    public DataPipeline Analyze(IAnalyzer analyzer) => this with { Analyzers = [.. Analyzers, analyzer] };

    /// <summary>Changes engine settings.</summary>
    public DataPipeline WithOptions(Func<PipelineOptions, PipelineOptions> change) => this with { Options = change(Options) };

    /// <summary>Writes a run folder (<c>results.json</c>, <c>quarantine.parquet</c>) to <paramref name="folder"/>.</summary>
    public DataPipeline WithRunFolder(string folder) => this with { RunFolder = folder };

    /// <summary>Runs the pipeline and returns its results.</summary>
    /// <exception cref="PipelineException">The run failed; the message names the file, row or column.</exception>
    public async Task<RunResults> RunAsync(CancellationToken cancellationToken = default)
    {
        var job = await PipelineJob.RunAsync(new JobRequest
        {
            Spec = new PipelineSpec(Source, Sinks, Options.Validate()) { Rules = Rules },
            Command = "api",
            RunFolder = RunFolder,
            Transforms = Transforms,
            Analyzers = Analyzers,
        }, cancellationToken).ConfigureAwait(false);
        if (job.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        return job.Results;
    }
}
