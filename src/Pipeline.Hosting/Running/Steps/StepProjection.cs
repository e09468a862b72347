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
    /// <summary>What <see cref="Narrow"/> found a step may leave out; null members leave nothing out.</summary>
    /// <param name="AfterFilter">The columns the filter keeps.</param>
    /// <param name="BuildColumns">The joined table's columns to read.</param>
    /// <param name="ProbeOutput">The input columns the join outputs.</param>
    public sealed record Narrowing(IReadOnlySet<string>? AfterFilter, IReadOnlyList<string>? BuildColumns, IReadOnlySet<string>? ProbeOutput)
    {
        /// <summary>Nothing left out.</summary>
        public static Narrowing None { get; } = new(null, null, null);
    }

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
        if (Referenced(step, aggregate, input, joined) is not var (needed, derived)) return null;
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
        if (Referenced(step, aggregate, input, null) is not var (referenced, derived)) return [];
        var names = input.FieldsList.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return [.. aggregate.By.Distinct(StringComparer.Ordinal).Where(c => names.Contains(c) && !referenced.Contains(c) && !derived.Contains(c))];
    }

    /// <summary>The input columns the step's derive, filter and measures refer to, and the columns derive adds;
    /// null when an expression does not bind (the step reports that itself when it runs). Measures are bound against
    /// the columns after the join when <paramref name="joined"/> is given (a measure may use the joined table's).</summary>
    private static (HashSet<string> Referenced, HashSet<string> Derived)? Referenced(StepSpec step, AggregateStepSpec aggregate, Schema input, Schema? joined)
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
            if (step.Join is { } join && joined is not null) schema = AfterJoin(join, schema, joined, null);
            needed.UnionWith(MeasureColumns(aggregate, schema));
        }
        catch (Exception ex) when (ex is ExpressionException or Core.Errors.PipelineException)
        {
            return null;
        }
        return (needed, derived);
    }

    /// <summary>The columns the measures read, bound against <paramref name="schema"/> (what the aggregate sees).</summary>
    private static HashSet<string> MeasureColumns(AggregateStepSpec aggregate, Schema schema)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < aggregate.Measures.Count; i++)
        {
            var measure = MeasureText.Parse(aggregate.Measures[i].Name, aggregate.Measures[i].Expression, "__projection");
            if (measure.Expression is { } text) columns.UnionWith(ScalarExpression.Bind(text, schema).Columns);
            else if (measure.Measure.Column is { } column) columns.Add(column);
        }
        return columns;
    }

    private static Schema AfterJoin(JoinSpec join, Schema probe, Schema joined, IReadOnlySet<string>? probeOutput)
        => Core.Operators.Join.HashJoinOperator.OutputSchema(probe, joined, join.Keys, JoinStep.Kind(join.How), join.With, probeOutput);

    /// <summary>
    /// What a step that ends in an aggregate can leave out after its row operations, so that nothing is copied that
    /// no later operation reads: the columns its filter keeps (what dedup, the join and the aggregate read, and input
    /// columns whose names the joined table shares, which decide its columns' suffixes), the joined table's columns to
    /// read (its keys and what the aggregate reads of it) and the input columns the join outputs (what the aggregate
    /// reads: the probe key usually not). Each is null when nothing can be left out, and all are for a step that
    /// carries its rows on (no aggregate), checks them (rules, cleaning), renames, casts, selects or unions.
    /// </summary>
    /// <param name="step">The step.</param>
    /// <param name="input">Its input's schema (as the file has it: names decide, not the projection).</param>
    /// <param name="joined">The joined table's schema, when the step joins one that is a file.</param>
    public static Narrowing Narrow(StepSpec step, Schema input, Schema? joined)
    {
        if (step.Aggregate is not { } aggregate || step.Select is not null || step.Clean is { Count: > 0 } || step.Rules is { IsEmpty: false }
            || step.From.Count > 1 || step.Union.Count > 0 || step.Rename.Count > 0 || step.Cast.Count > 0
            || step.Dedup is { Columns.Count: 0 } || (step.Join is not null && joined is null))
            return Narrowing.None;
        try
        {
            var schema = input;
            foreach (var column in step.Derive)
                schema = new DeriveTransform(step.Name, [(column.Name, column.Expression, null)]).OutputSchema(schema);
            var afterRows = schema.FieldsList.Select(f => f.Name).ToList();
            var afterJoin = step.Join is { } join ? AfterJoin(join, schema, joined!, null) : schema;
            // What the operators after the row operations read, named as they see the columns.
            var read = MeasureColumns(aggregate, afterJoin);
            read.UnionWith(aggregate.By);
            if (step.Dedup is { } dedup) read.UnionWith(dedup.Columns);

            var keep = afterRows.Where(read.Contains).ToHashSet(StringComparer.Ordinal);
            IReadOnlySet<string>? probeOutput = null;
            IReadOnlyList<string>? buildColumns = null;
            if (step.Join is { } j)
            {
                probeOutput = keep.Count < afterRows.Count ? new HashSet<string>(keep, StringComparer.Ordinal) : null;
                keep.UnionWith(j.Keys.Select(k => k.Probe));
                var joinedNames = joined!.FieldsList.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
                keep.UnionWith(afterRows.Where(joinedNames.Contains));
                buildColumns = BuildColumns(j, schema, joined!, afterJoin, read);
            }
            return new Narrowing(keep.Count < afterRows.Count ? keep : null, buildColumns, probeOutput);
        }
        catch (Exception ex) when (ex is ExpressionException or Core.Errors.PipelineException)
        {
            return Narrowing.None; // the step reports a real mistake itself when it runs
        }
    }

    /// <summary>The joined table's columns the step needs (its keys and the payload columns read after the join), in
    /// its order; null for all of them, or when leaving some out would change a kept column's name.</summary>
    private static List<string>? BuildColumns(JoinSpec join, Schema probe, Schema joined, Schema afterJoin, HashSet<string> read)
    {
        var keys = join.Keys.Select(k => k.Build).ToHashSet(StringComparer.Ordinal);
        if (JoinStep.Kind(join.How) is not (Core.Operators.Join.JoinKind.Inner or Core.Operators.Join.JoinKind.Left))
            return keys.Count < joined.FieldsList.Count ? [.. joined.FieldsList.Select(f => f.Name).Where(keys.Contains)] : null;
        // Payload columns come after the probe columns, in the joined table's order, keys left out.
        var payload = joined.FieldsList.Select(f => f.Name).Where(n => !keys.Contains(n)).ToList();
        int first = afterJoin.FieldsList.Count - payload.Count;
        var kept = new List<string>();
        var outputNames = new List<string>();
        for (int i = 0; i < payload.Count; i++)
        {
            var outputName = afterJoin.FieldsList[first + i].Name;
            if (!read.Contains(outputName)) continue;
            kept.Add(payload[i]);
            outputNames.Add(outputName);
        }
        if (kept.Count == payload.Count) return null;
        var columns = joined.FieldsList.Select(f => f.Name).Where(n => keys.Contains(n) || kept.Contains(n)).ToList();
        // A suffix counts the columns taken before it: check the kept ones keep their names without the others.
        var narrowed = AfterJoin(join, probe, Select(joined, columns), null);
        var narrowedNames = narrowed.FieldsList.Skip(narrowed.FieldsList.Count - kept.Count).Select(f => f.Name);
        return narrowedNames.SequenceEqual(outputNames) ? columns : null;
    }

    private static Schema Select(Schema schema, IReadOnlyList<string> names)
    {
        var builder = new Schema.Builder();
        foreach (var field in schema.FieldsList.Where(f => names.Contains(f.Name))) builder.Field(field);
        return builder.Build();
    }

    private static List<string> Order(IEnumerable<string> columns, List<string> names)
    {
        var set = columns.ToHashSet(StringComparer.Ordinal);
        return [.. names.Where(set.Contains)];
    }
}
