using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Plan;

/// <summary>
/// The parts of one run attempt, gathered from the stages: operators in front of the source (dedup, sort),
/// transforms in their <see cref="TransformSlot"/>s, analyzers in their <see cref="AnalyzerSlot"/>s. Every door (the
/// CLI's commands, specs, the .NET API) builds its run here, so each stage is wired once. A fresh builder per attempt
/// (a source may ask to start over with corrected settings).
/// </summary>
public sealed class RunPlanBuilder
{
    private readonly List<IOperator> _operators = [];
    private readonly List<(TransformSlot Slot, IBatchTransform Transform)> _transforms = [];
    private readonly List<(AnalyzerSlot Slot, IAnalyzer Analyzer)> _analyzers = [];

    /// <summary>Creates a builder for one attempt.</summary>
    public RunPlanBuilder(PipelineContext context, PlanInput input)
    {
        Context = context;
        Input = input;
    }

    /// <summary>The attempt's context.</summary>
    public PipelineContext Context { get; }

    /// <summary>The input the plan reads.</summary>
    public PlanInput Input { get; }

    /// <summary>Puts an operator in front of the transforms (in the order added).</summary>
    public void AddOperator(IOperator op) => _operators.Add(op);

    /// <summary>Adds a transform to its slot (after those already there).</summary>
    public void AddTransform(TransformSlot slot, IBatchTransform transform) => _transforms.Add((slot, transform));

    /// <summary>Adds an analyzer to its slot (after those already there).</summary>
    public void AddAnalyzer(AnalyzerSlot slot, IAnalyzer analyzer) => _analyzers.Add((slot, analyzer));

    /// <summary>Rules that earlier stages derive for validation (cleaning's outlier rules), checked with the spec's.</summary>
    public List<Validate.Rule> DerivedRules { get; } = [];

    /// <summary>The operators, in order.</summary>
    public IReadOnlyList<IOperator> Operators => _operators;

    /// <summary>The transforms in slot order (stable within a slot).</summary>
    public IReadOnlyList<IBatchTransform> Transforms => [.. _transforms.OrderBy(t => t.Slot).Select(t => t.Transform)];

    /// <summary>The analyzers in slot order (stable within a slot).</summary>
    public IReadOnlyList<IAnalyzer> Analyzers => [.. _analyzers.OrderBy(a => a.Slot).Select(a => a.Analyzer)];

    /// <summary>Whether only transforms and analyzers of these slots were added and no operator.</summary>
    public bool HasOnly(IReadOnlyCollection<TransformSlot> transforms, IReadOnlyCollection<AnalyzerSlot> analyzers)
        => _operators.Count == 0 && _transforms.All(t => transforms.Contains(t.Slot)) && _analyzers.All(a => analyzers.Contains(a.Slot));

    /// <summary>The schema rows have when they reach <paramref name="slot"/> (the input after the earlier slots'
    /// transforms): what the rows quarantined there hold.</summary>
    public Schema SchemaAt(TransformSlot slot, Schema input)
    {
        var schema = input;
        foreach (var (s, transform) in _transforms.OrderBy(t => t.Slot))
            if (s < slot) schema = transform.OutputSchema(schema);
        return schema;
    }
}

/// <summary>What a plan reads.</summary>
/// <param name="Path">The input's name in records and messages (a path, glob, <c>-</c>, or a description).</param>
/// <param name="Open">Opens the input again, for stages that need a first pass (cleaning statistics); it may throw
/// for an input that cannot be read twice (standard input, host batches).</param>
/// <param name="StartedAt">When the run started (the "now" of freshness rules).</param>
public sealed record PlanInput(string Path, Func<ISource> Open, DateTimeOffset StartedAt);
