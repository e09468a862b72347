namespace Pipeline.Engine.Validate;

/// <summary>Every rule kind. The YAML key is the snake_case name (<see cref="RuleKinds.YamlName"/>).</summary>
public enum RuleKind
{
    /// <summary>Row: the value is not null.</summary>
    NotNull,
    /// <summary>Row: value &gt; bound.</summary>
    GreaterThan,
    /// <summary>Row: value &gt;= bound.</summary>
    GreaterOrEqual,
    /// <summary>Row: value &lt; bound.</summary>
    LessThan,
    /// <summary>Row: value &lt;= bound.</summary>
    LessOrEqual,
    /// <summary>Row: lo &lt;= value &lt;= hi (strict with <c>exclusive</c>).</summary>
    Between,
    /// <summary>Row: value is one of a set.</summary>
    InSet,
    /// <summary>Row: value is none of a set.</summary>
    NotInSet,
    /// <summary>Row: text matches a .NET regular expression.</summary>
    Regex,
    /// <summary>Row: text length within [lo, hi].</summary>
    LengthBetween,
    /// <summary>Row: value &gt;= 0.</summary>
    NonNegative,
    /// <summary>Row: value &gt; 0.</summary>
    Positive,
    /// <summary>Row: date/timestamp not after the time the run started.</summary>
    NotFuture,
    /// <summary>Row: text has a known shape (email, url, uuid, ip, phone).</summary>
    Shape,
    /// <summary>Row: a boolean expression over columns holds.</summary>
    Expression,
    /// <summary>Row: text parses with a strftime-style format (<c>%Y-%m-%d</c>).</summary>
    Format,
    /// <summary>Row: the column equals an arithmetic expression within a tolerance (<c>total = subtotal + tax ± 0.01</c>).</summary>
    ColumnEquals,
    /// <summary>Row: where the <c>when:</c> condition holds, the <c>then:</c> condition holds too (YAML key <c>then</c>).</summary>
    Conditional,
    /// <summary>Row: the value exists in a column of another table (referential integrity).</summary>
    ExistsIn,
    /// <summary>Table: the row count is within [lo, hi].</summary>
    RowCountBetween,
    /// <summary>Table: no value of the column occurs twice (nulls ignored).</summary>
    Unique,
    /// <summary>Table: the non-null fraction is at least x.</summary>
    CompletenessAtLeast,
    /// <summary>Table: the null fraction is at most x.</summary>
    NullFractionAtMost,
    /// <summary>Table: the minimum is within [lo, hi].</summary>
    MinBetween,
    /// <summary>Table: the maximum is within [lo, hi].</summary>
    MaxBetween,
    /// <summary>Table: the mean is within [lo, hi].</summary>
    MeanBetween,
    /// <summary>Table: the sum is within [lo, hi].</summary>
    SumBetween,
    /// <summary>Table: the sample standard deviation is within [lo, hi].</summary>
    StddevBetween,
    /// <summary>Table: a quantile (<c>quantile: q</c>, from a KLL sketch) is within [lo, hi].</summary>
    QuantileBetween,
    /// <summary>Table: the number of distinct non-null values is within [lo, hi].</summary>
    DistinctCountBetween,
    /// <summary>Table: distinct non-null values / non-null rows is within [lo, hi].</summary>
    UniqueRatioBetween,
    /// <summary>Table: no combination of the key columns occurs twice (rows with a null key column are skipped).</summary>
    UniqueTogether,
    /// <summary>Table: the key columns are never null and their combination never occurs twice.</summary>
    PrimaryKey,
    /// <summary>Table: the latest date/timestamp is no older than a duration before the run started.</summary>
    FreshWithin,
    /// <summary>Table: the row count equals another table's.</summary>
    RowCountEquals,
    /// <summary>Schema: the column exists.</summary>
    ColumnExists,
    /// <summary>Schema: the column has a type (a family such as <c>integer</c> or an exact name such as <c>int64</c>).</summary>
    ColumnType,
    /// <summary>Schema: the input has exactly these columns, in any order.</summary>
    ColumnsMatchSet,
    /// <summary>Schema: the input has exactly these columns, in this order.</summary>
    ColumnsMatchList,
    /// <summary>Schema: the input has no column outside this list.</summary>
    NoUnexpectedColumns,
    /// <summary>History: a column's distribution moved from the baseline run by at most these limits.</summary>
    Drift,
    /// <summary>History: a metric (row count, a column's null fraction or mean) within what a strategy expects from earlier runs.</summary>
    Anomaly,
    /// <summary>History: no column added, removed or retyped since the baseline run.</summary>
    SchemaUnchanged,
}

/// <summary>Where a rule kind is evaluated.</summary>
public enum RuleScope
{
    /// <summary>Per row, in the validation transform.</summary>
    Row,
    /// <summary>Over the whole table, in a mergeable analyzer.</summary>
    Table,
    /// <summary>Against the input schema.</summary>
    Schema,
    /// <summary>Against the run history, after the run (needs the history).</summary>
    History,
}

/// <summary>Names and scopes of <see cref="RuleKind"/>s, as their definitions in <see cref="Kinds.RuleKindRegistry"/> say.</summary>
public static class RuleKinds
{
    /// <summary>The YAML key of a kind (<c>greater_than</c>; <c>then</c> for <see cref="RuleKind.Conditional"/>).</summary>
    public static string YamlName(this RuleKind kind) => Kinds.RuleKindRegistry.Of(kind).YamlKey;

    /// <summary>Every YAML key of a rule kind.</summary>
    public static IReadOnlyList<string> AllYamlNames => Kinds.RuleKindRegistry.YamlKeys;

    /// <summary>Looks a kind up by YAML key.</summary>
    public static RuleKind? FromYamlName(string name) => Kinds.RuleKindRegistry.Find(name)?.Kind;

    /// <summary>Where the kind is evaluated.</summary>
    public static RuleScope Scope(this RuleKind kind) => Kinds.RuleKindRegistry.Of(kind).Scope;

    /// <summary>Whether the kind needs <c>column:</c>.</summary>
    public static bool NeedsColumn(this RuleKind kind) => Kinds.RuleKindRegistry.Of(kind).NeedsColumn;
}
