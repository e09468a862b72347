using Apache.Arrow;
using Pipeline.Engine.Expressions;
using Pipeline.Engine.Steps;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>
/// Which columns of its input a step needs, so a columnar reader (Parquet, Arrow) reads only those: the selected
/// columns when the step starts with <c>select:</c>; for a step that ends in an aggregate, the columns its
/// expressions, dedup, join keys and measures refer to. Any step whose output carries input columns through (no
/// select, no aggregate), or whose rules, cleaning or union need the whole row, reads everything.
/// </summary>
internal static class StepProjection
{
    /// <summary>The input columns <paramref name="step"/> needs, in input order; null for all of them.</summary>
    /// <param name="step">The step.</param>
    /// <param name="input">Its input's schema.</param>
    /// <param name="joined">The schema of the table it joins, when it joins.</param>
    public static IReadOnlyList<string>? For(StepSpec step, Schema input, Schema? joined)
    {
        var names = input.FieldsList.Select(f => f.Name).ToList();
        if (step.Select is { } select) return select.All(names.Contains) && select.Count < names.Count ? Order(select, names) : null;
        if (step.Aggregate is not { } aggregate || step.Clean is { Count: > 0 } || step.Rules is { IsEmpty: false }
            || step.From.Count > 1 || step.Union.Count > 0 || step.Rename.Count > 0 || step.Cast.Count > 0
            || step.Dedup is { Columns.Count: 0 })
            return null;
        if (Referenced(step, aggregate, input) is not var (needed, derived)) return null;
        needed.UnionWith(aggregate.By);
        if (step.Dedup is { } dedup) needed.UnionWith(dedup.Columns);
        if (step.Join is { } join)
        {
            needed.UnionWith(join.Keys.Select(k => k.Probe));
            // An input column the joined table also has decides whether the table's column gets a suffix: keep it,
            // so the names after the join are the same as without the projection.
            if (joined is null) return null;
            needed.UnionWith(joined.FieldsList.Select(f => f.Name).Where(names.Contains));
        }
        needed.ExceptWith(derived);
        // A name no input column has comes from the join's table; the step reports a real mistake itself.
        var projection = Order(needed.Where(names.Contains), names);
        return projection.Count < names.Count ? projection : null;
    }

    /// <summary>
    /// The grouping columns of <paramref name="step"/> that it reads from its input and uses for nothing but grouping
    /// (no expression, measure, dedup or join refers to them), so the reader may hand them over dictionary-encoded
    /// (<see cref="IO.Formats.SourceOptions.DictionaryColumns"/>): the filter picks their indices and the aggregate
    /// hashes each distinct value once per batch instead of every row. Empty when the step does anything else with
    /// its rows first (select, rename, cast, rules, cleaning, dedup, join, union).
    /// </summary>
    public static IReadOnlyList<string> GroupingOnly(StepSpec step, Schema input)
    {
        if (step.Aggregate is not { } aggregate || step.Select is not null || step.Rename.Count > 0 || step.Cast.Count > 0
            || step.Clean is { Count: > 0 } || step.Rules is { IsEmpty: false } || step.Dedup is not null || step.Join is not null
            || step.From.Count > 1 || step.Union.Count > 0)
            return [];
        if (Referenced(step, aggregate, input) is not var (referenced, derived)) return [];
        var names = input.FieldsList.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return [.. aggregate.By.Distinct(StringComparer.Ordinal).Where(c => names.Contains(c) && !referenced.Contains(c) && !derived.Contains(c))];
    }

    /// <summary>The input columns the step's derive, filter and measures refer to, and the columns derive adds;
    /// null when an expression does not bind (the step reports that itself when it runs).</summary>
    private static (HashSet<string> Referenced, HashSet<string> Derived)? Referenced(StepSpec step, AggregateStepSpec aggregate, Schema input)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var derived = new HashSet<string>(StringComparer.Ordinal);
        var schema = input;
        try
        {
            foreach (var column in step.Derive)
            {
                var expression = ScalarExpression.Bind(column.Expression, schema);
                needed.UnionWith(expression.Columns.Where(c => !derived.Contains(c)));
                derived.Add(column.Name);
                schema = new DeriveTransform(step.Name, [(column.Name, column.Expression, null)]).OutputSchema(schema);
            }
            if (step.Filter is { } filter) needed.UnionWith(ScalarExpression.Bind(filter.Expression, schema).Columns.Where(c => !derived.Contains(c)));
            for (int i = 0; i < aggregate.Measures.Count; i++)
            {
                var measure = MeasureText.Parse(aggregate.Measures[i].Name, aggregate.Measures[i].Expression, "__projection");
                if (measure.Expression is { } text) needed.UnionWith(ReferencedBy(text, schema));
                else if (measure.Measure.Column is { } column) needed.Add(column);
            }
        }
        catch (Exception ex) when (ex is ExpressionException or Core.Errors.PipelineException)
        {
            return null;
        }
        return (needed, derived);
    }

    private static IEnumerable<string> ReferencedBy(string text, Schema schema)
    {
        try { return ScalarExpression.Bind(text, schema).Columns; }
        catch (ExpressionException) { return []; }
    }

    private static List<string> Order(IEnumerable<string> columns, List<string> names)
    {
        var set = columns.ToHashSet(StringComparer.Ordinal);
        return [.. names.Where(set.Contains)];
    }
}
