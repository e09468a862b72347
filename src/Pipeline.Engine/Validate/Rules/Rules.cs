namespace Pipeline.Engine.Validate;

/// <summary>
/// Fluent construction of the same <see cref="Rule"/> objects the YAML produces, e.g.
/// <c>Rules.For("amount").GreaterThan(0)</c>, <c>Rules.Expression("shipped_after_ordered", "shipped_at &gt;= ordered_at")</c>.
/// Default names are <c>COLUMN_KIND</c>; change them with <see cref="Rule.Named"/>.
/// </summary>
public static class Rules
{
    /// <summary>Starts rules on a column.</summary>
    public static ColumnRules For(string column) => new(column);

    /// <summary>A row rule from a boolean expression over columns.</summary>
    public static Rule Expression(string name, string expression) => new() { Name = name, Kind = RuleKind.Expression, Text = expression };

    /// <summary>A row rule: where <paramref name="when"/> holds, <paramref name="then"/> must hold too.</summary>
    public static Rule Conditional(string name, string when, string then) => new() { Name = name, Kind = RuleKind.Conditional, Filter = when, Text = then };

    /// <summary>A table rule: the combination of <paramref name="columns"/> never repeats (rows with a null key column skipped).</summary>
    public static Rule UniqueTogether(params string[] columns) => new() { Name = string.Join("_", columns) + "_unique_together", Kind = RuleKind.UniqueTogether, Columns = columns };

    /// <summary>A table rule: <paramref name="columns"/> are never null and their combination never repeats.</summary>
    public static Rule PrimaryKey(params string[] columns) => new() { Name = string.Join("_", columns) + "_primary_key", Kind = RuleKind.PrimaryKey, Columns = columns };

    /// <summary>A table rule: the row count equals another table's.</summary>
    public static Rule RowCountEquals(string path, string? format = null, string name = "row_count_equals")
        => new() { Name = name, Kind = RuleKind.RowCountEquals, Reference = new RuleReference(path, null, format) };

    /// <summary>A schema rule: exactly these columns, in any order.</summary>
    public static Rule ColumnsMatchSet(params string[] columns) => new() { Name = "columns_match_set", Kind = RuleKind.ColumnsMatchSet, Columns = columns };

    /// <summary>A schema rule: exactly these columns, in this order.</summary>
    public static Rule ColumnsMatchList(params string[] columns) => new() { Name = "columns_match_list", Kind = RuleKind.ColumnsMatchList, Columns = columns };

    /// <summary>A schema rule: no column outside <paramref name="allowed"/>.</summary>
    public static Rule NoUnexpectedColumns(params string[] allowed) => new() { Name = "no_unexpected_columns", Kind = RuleKind.NoUnexpectedColumns, Columns = allowed };

    /// <summary>A history rule: <paramref name="column"/>'s distribution moved from the baseline run by at most these
    /// limits (<c>psi_at_most</c>, <c>ks_at_most</c>, <c>js_at_most</c>, <c>chi_square_v_at_most</c>,
    /// <c>null_fraction_change_at_most</c>, <c>distinct_change_at_most</c>).</summary>
    public static Rule Drift(string column, params (string Limit, double Value)[] limits)
        => new() { Name = $"{column}_drift", Kind = RuleKind.Drift, Column = column,
            Values = [.. limits.Select(l => $"{l.Limit}={l.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}")] };

    /// <summary>A history rule: <paramref name="metric"/> (<c>row_count</c>, or a column's <c>null_fraction</c> or
    /// <c>mean</c>) within what <paramref name="strategy"/> expects from earlier runs.</summary>
    public static Rule Anomaly(string metric, string? column, string strategy, params (string Parameter, double Value)[] parameters)
        => new() { Name = $"{metric}_anomaly", Kind = RuleKind.Anomaly, Column = column,
            Values = [$"metric={metric}", $"strategy={strategy}", .. parameters.Select(p => $"{p.Parameter}={p.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}")] };

    /// <summary>A history rule: no column added, removed or retyped since the baseline run.</summary>
    public static Rule SchemaUnchanged() => new() { Name = "schema_unchanged", Kind = RuleKind.SchemaUnchanged };

    /// <summary>A table rule on the row count (inclusive).</summary>
    public static Rule RowCountBetween(long low, long high, string name = "row_count_between")
        => new() { Name = name, Kind = RuleKind.RowCountBetween, Low = low, High = high };
}

/// <summary>Rule factories for one column (see <see cref="Rules.For"/>).</summary>
/// <param name="Column">The column the rules check.</param>
public sealed record ColumnRules(string Column)
{
    private Rule Make(RuleKind kind, double? low = null, double? high = null, IReadOnlyList<string>? values = null, string? text = null, bool exclusive = false)
        => new() { Name = $"{Column}_{kind.YamlName()}", Kind = kind, Column = Column, Low = low, High = high, Values = values, Text = text, Exclusive = exclusive };

    /// <summary>Not null.</summary>
    public Rule NotNull() => Make(RuleKind.NotNull);
    /// <summary>&gt; bound.</summary>
    public Rule GreaterThan(double bound) => Make(RuleKind.GreaterThan, bound);
    /// <summary>&gt;= bound.</summary>
    public Rule GreaterOrEqual(double bound) => Make(RuleKind.GreaterOrEqual, bound);
    /// <summary>&lt; bound.</summary>
    public Rule LessThan(double bound) => Make(RuleKind.LessThan, bound);
    /// <summary>&lt;= bound.</summary>
    public Rule LessOrEqual(double bound) => Make(RuleKind.LessOrEqual, bound);
    /// <summary>Within [low, high] (strict when <paramref name="exclusive"/>).</summary>
    public Rule Between(double low, double high, bool exclusive = false) => Make(RuleKind.Between, low, high, exclusive: exclusive);
    /// <summary>One of the values.</summary>
    public Rule InSet(params string[] values) => Make(RuleKind.InSet, values: values);
    /// <summary>None of the values.</summary>
    public Rule NotInSet(params string[] values) => Make(RuleKind.NotInSet, values: values);
    /// <summary>Matches a .NET regular expression.</summary>
    public Rule Regex(string pattern) => Make(RuleKind.Regex, text: pattern);
    /// <summary>Text length within [low, high].</summary>
    public Rule LengthBetween(int low, int high) => Make(RuleKind.LengthBetween, low, high);
    /// <summary>&gt;= 0.</summary>
    public Rule NonNegative() => Make(RuleKind.NonNegative);
    /// <summary>&gt; 0.</summary>
    public Rule Positive() => Make(RuleKind.Positive);
    /// <summary>Not after the run's start time.</summary>
    public Rule NotFuture() => Make(RuleKind.NotFuture);
    /// <summary>Has a shape: <c>email</c>, <c>url</c>, <c>uuid</c>, <c>ip</c> or <c>phone</c>.</summary>
    public Rule Shape(string shape) => Make(RuleKind.Shape, text: shape);
    /// <summary>No value occurs twice.</summary>
    public Rule Unique() => Make(RuleKind.Unique);
    /// <summary>Non-null fraction at least <paramref name="fraction"/>.</summary>
    public Rule CompletenessAtLeast(double fraction) => Make(RuleKind.CompletenessAtLeast, fraction);
    /// <summary>Null fraction at most <paramref name="fraction"/>.</summary>
    public Rule NullFractionAtMost(double fraction) => Make(RuleKind.NullFractionAtMost, fraction);
    /// <summary>Minimum within [low, high].</summary>
    public Rule MinBetween(double low, double high) => Make(RuleKind.MinBetween, low, high);
    /// <summary>Maximum within [low, high].</summary>
    public Rule MaxBetween(double low, double high) => Make(RuleKind.MaxBetween, low, high);
    /// <summary>Mean within [low, high].</summary>
    public Rule MeanBetween(double low, double high) => Make(RuleKind.MeanBetween, low, high);
    /// <summary>Sum within [low, high].</summary>
    public Rule SumBetween(double low, double high) => Make(RuleKind.SumBetween, low, high);
    /// <summary>Sample standard deviation within [low, high].</summary>
    public Rule StddevBetween(double low, double high) => Make(RuleKind.StddevBetween, low, high);
    /// <summary>Quantile <paramref name="q"/> (approximate, KLL) within [low, high].</summary>
    public Rule QuantileBetween(double q, double low, double high) => Make(RuleKind.QuantileBetween, low, high) with { Quantile = q };
    /// <summary>Distinct non-null values within [low, high].</summary>
    public Rule DistinctCountBetween(long low, long high) => Make(RuleKind.DistinctCountBetween, low, high);
    /// <summary>Distinct / non-null rows within [low, high].</summary>
    public Rule UniqueRatioBetween(double low, double high) => Make(RuleKind.UniqueRatioBetween, low, high);
    /// <summary>Text parses with a strftime-style format.</summary>
    public Rule Format(string strftime) => Make(RuleKind.Format, text: strftime);
    /// <summary>Equals an arithmetic expression within <paramref name="tolerance"/>.</summary>
    public Rule EqualsExpression(string expression, double tolerance = 0) => Make(RuleKind.ColumnEquals, text: expression) with { Tolerance = tolerance };
    /// <summary>Every value exists in <paramref name="referenceColumn"/> of the table at <paramref name="path"/>.</summary>
    public Rule ExistsIn(string path, string referenceColumn, string? format = null) => Make(RuleKind.ExistsIn) with { Reference = new RuleReference(path, referenceColumn, format) };
    /// <summary>The latest date/timestamp is at most <paramref name="age"/> before the run started.</summary>
    public Rule FreshWithin(TimeSpan age) => Make(RuleKind.FreshWithin, age.TotalSeconds, text: Parsing.Durations.Format(age));
    /// <summary>The column exists.</summary>
    public Rule Exists() => Make(RuleKind.ColumnExists);
    /// <summary>The column has a type (family or exact name).</summary>
    public Rule HasType(string type) => Make(RuleKind.ColumnType, text: type);
}
