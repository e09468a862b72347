using Pipeline.Core.Operators.Sort;
using Pipeline.Engine.Clean;
using Pipeline.Engine.Validate;

namespace Pipeline.Hosting.Specs;

/// <summary>
/// One step of a spec's <c>steps:</c> (see <c>docs/spec.md</c>). Operations apply in a fixed order, whatever order
/// the YAML lists them in: select/rename/cast, derive, filter, clean, rules, enrich, dedup, join, aggregate, union, sort,
/// limit, profile, sinks.
/// </summary>
/// <param name="Name">The step's name (unique among steps and sources).</param>
/// <param name="Location">Where the step is written (<c>FILE:LINE:COLUMN</c>), for messages.</param>
public sealed record StepSpec(string Name, string Location)
{
    /// <summary>The sources or earlier steps read; several mean their union by column name.</summary>
    public IReadOnlyList<string> From { get; init; } = [];

    /// <summary>Columns kept, in order; null keeps all.</summary>
    public IReadOnlyList<string>? Select { get; init; }

    /// <summary>Old name → new name.</summary>
    public IReadOnlyDictionary<string, string> Rename { get; init; } = new Dictionary<string, string>();

    /// <summary>Column → type.</summary>
    public IReadOnlyDictionary<string, string> Cast { get; init; } = new Dictionary<string, string>();

    /// <summary>Derived columns in order: name, expression and where the expression is written.</summary>
    public IReadOnlyList<DerivedColumn> Derive { get; init; } = [];

    /// <summary>The filter condition and where it is written; null keeps every row.</summary>
    public DerivedColumn? Filter { get; init; }

    /// <summary>Per-column cleaning.</summary>
    public IReadOnlyList<ColumnCleaning>? Clean { get; init; }

    /// <summary>Validation rules (rows failing an error rule go to the step's quarantine).</summary>
    public RuleSet? Rules { get; init; }

    /// <summary>Enrichments (<c>enrich:</c>), after the rules.</summary>
    public IReadOnlyList<Engine.Enrich.EnrichmentSpec> Enrich { get; init; } = [];

    /// <summary>Duplicate removal.</summary>
    public DedupSpec? Dedup { get; init; }

    /// <summary>The join with another source or step.</summary>
    public JoinSpec? Join { get; init; }

    /// <summary>The group-by.</summary>
    public AggregateStepSpec? Aggregate { get; init; }

    /// <summary>Other sources or steps appended by column name.</summary>
    public IReadOnlyList<string> Union { get; init; } = [];

    /// <summary>Sort keys.</summary>
    public IReadOnlyList<SortKey> Sort { get; init; } = [];

    /// <summary>Rows kept after the sort; null keeps all.</summary>
    public long? Limit { get; init; }

    /// <summary>Profile the step's output (<c>profile.json</c> and the report in the step's folder).</summary>
    public bool? Profile { get; init; }

    /// <summary>Keep the step's output as a checkpoint even when no later step reads it (<c>checkpoint: true</c>).</summary>
    public bool Checkpoint { get; init; }

    /// <summary>The step's outputs.</summary>
    public IReadOnlyList<SinkSpec> Sinks { get; init; } = [];

    /// <summary>The step as written (its YAML), which a resumed run compares with the step's manifest; null for a
    /// step built in code, which a resumed run always recomputes.</summary>
    public string? Definition { get; init; }

    /// <summary>Every name the step reads: <see cref="From"/>, the join's table and the union's inputs.</summary>
    public IEnumerable<string> Inputs => [.. From, .. Join is { } join ? [join.With] : Array.Empty<string>(), .. Union];

    /// <summary>Whether the step has an operation that needs all its input before it emits (or combines inputs).</summary>
    public bool HasOperators => Dedup is not null || Join is not null || Aggregate is not null || Union.Count > 0 || Sort.Count > 0 || Limit is not null;
}

/// <summary>A named expression of a step and where it is written.</summary>
/// <param name="Name">The column name (for a filter, <c>filter</c>).</param>
/// <param name="Expression">The expression text.</param>
/// <param name="Location"><c>FILE:LINE:COLUMN</c> of the expression; null when built in code.</param>
public sealed record DerivedColumn(string Name, string Expression, string? Location);

/// <summary><c>join: {with: NAME, on: {left: right}, how: inner|left|semi|anti}</c>.</summary>
/// <param name="With">The source or step joined.</param>
/// <param name="Keys">Pairs of (this step's column, the joined table's column).</param>
/// <param name="How">The join kind's name.</param>
public sealed record JoinSpec(string With, IReadOnlyList<(string Probe, string Build)> Keys, string How);

/// <summary><c>aggregate: {by: [..], measures: {name: "fn(x)"}}</c>.</summary>
/// <param name="By">Group columns (none: one row for the whole input).</param>
/// <param name="Measures">Output column name, measure text and where it is written.</param>
public sealed record AggregateStepSpec(IReadOnlyList<string> By, IReadOnlyList<DerivedColumn> Measures);
