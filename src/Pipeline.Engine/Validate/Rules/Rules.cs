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
    /// <summary>The column exists.</summary>
    public Rule Exists() => Make(RuleKind.ColumnExists);
    /// <summary>The column has a type (family or exact name).</summary>
    public Rule HasType(string type) => Make(RuleKind.ColumnType, text: type);
}
