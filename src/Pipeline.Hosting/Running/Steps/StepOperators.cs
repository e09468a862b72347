using Pipeline.Core.Operators.Dedup;
using Pipeline.Core.Operators.Sort;
using Pipeline.Core.Streams;
using Pipeline.Engine.Steps;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>The operations of a step, built from its spec: the row operations (per batch) and the operators
/// (dedup, join, aggregate, union, sort, limit) in the documented order.</summary>
internal sealed class StepOperators
{
    private StepOperators(IOperator? fromUnion, IReadOnlyList<IBatchTransform> shape, IReadOnlyList<IOperator> operators, FilterTransform? filter, DedupOperator? dedup, JoinStep? join)
    {
        FromUnion = fromUnion;
        Shape = shape;
        Operators = operators;
        Filter = filter;
        Dedup = dedup;
        Join = join;
    }

    /// <summary>With several names in <c>from:</c>: their union, before any other operation.</summary>
    public IOperator? FromUnion { get; }

    /// <summary>select/rename/cast, derive, filter.</summary>
    public IReadOnlyList<IBatchTransform> Shape { get; }

    /// <summary>dedup, join, aggregate, union, sort, limit.</summary>
    public IReadOnlyList<IOperator> Operators { get; }

    /// <summary>The filter, for its count.</summary>
    public FilterTransform? Filter { get; }

    /// <summary>The dedup, for its count.</summary>
    public DedupOperator? Dedup { get; }

    /// <summary>The join, for its statistics.</summary>
    public JoinStep? Join { get; }

    /// <summary>Builds the operations of <paramref name="step"/>; <paramref name="inputs"/> opens the names it reads;
    /// <paramref name="narrowing"/> says which columns the filter and the join may leave out.</summary>
    public static StepOperators For(StepSpec step, Func<string, StepInput> inputs, StepProjection.Narrowing? narrowing = null)
    {
        narrowing ??= StepProjection.Narrowing.None;
        var shape = new List<IBatchTransform>();
        if (step.Select is not null || step.Rename.Count > 0 || step.Cast.Count > 0)
            shape.Add(new ProjectTransform(step.Name, step.Select, step.Rename, step.Cast));
        if (step.Derive.Count > 0)
            shape.Add(new DeriveTransform(step.Name, [.. step.Derive.Select(d => (d.Name, d.Expression, d.Location))]));
        FilterTransform? filter = step.Filter is { } f ? new FilterTransform(step.Name, f.Expression, f.Location, narrowing.AfterFilter) : null;
        if (filter is not null) shape.Add(filter);

        var operators = new List<IOperator>();
        DedupOperator? dedup = step.Dedup is { } d ? new DedupOperator(d.Columns, d.Keep) : null;
        if (dedup is not null) operators.Add(dedup);
        JoinStep? join = step.Join is { } j ? JoinStep.Create(step.Name, j, inputs(j.With), narrowing.ProbeOutput) : null;
        if (join is not null) operators.Add(join.Operator);
        if (step.Aggregate is { } aggregate) operators.Add(new StepAggregateOperator(step.Name, aggregate.By, [.. aggregate.Measures.Select(m => (m.Name, m.Expression))]));
        if (step.Union.Count > 0) operators.Add(Union(step.Name, step.Union, inputs));
        if (step.Sort.Count > 0) operators.Add(new SortOperator(step.Sort));
        if (step.Limit is { } limit) operators.Add(new LimitOperator(limit));
        var fromUnion = step.From.Count > 1 ? Union(step.Name, step.From.Skip(1), inputs) : null;
        return new StepOperators(fromUnion, shape, operators, filter, dedup, join);
    }

    private static UnionOperator Union(string step, IEnumerable<string> names, Func<string, StepInput> inputs)
        => new(step, [.. names.Select(inputs).Select(i => (i.Name, (Func<Core.Execution.PipelineContext, Apache.Arrow.Ipc.IArrowArrayStream>)(c => i.Open().Open(c))))]);
}
