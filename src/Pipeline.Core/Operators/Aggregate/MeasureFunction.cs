namespace Pipeline.Core.Operators.Aggregate;

/// <summary>What a measure of a <see cref="HashAggregateOperator"/> computes per group (DuckDB's semantics; every
/// function ignores NULL inputs, and a group without a non-null input gives NULL, or 0 for the counts).</summary>
public enum MeasureFunction
{
    /// <summary>Rows in the group, nulls included (<c>count(*)</c>); int64. Takes no column.</summary>
    CountRows,

    /// <summary>Non-null values of the column (<c>count(x)</c>); int64.</summary>
    Count,

    /// <summary>Exact number of distinct non-null values (<c>count(DISTINCT x)</c>; NaN counts once, -0 equals 0); int64.</summary>
    CountDistinct,

    /// <summary>Sum: int64 for integers (an overflow is an error), float64 for floats, decimal(38, s) for decimals.</summary>
    Sum,

    /// <summary>Mean; float64.</summary>
    Avg,

    /// <summary>Smallest value, of the input type (strings by their UTF-8 bytes; NaN is the largest float).</summary>
    Min,

    /// <summary>Largest value, of the input type (strings by their UTF-8 bytes; NaN is the largest float).</summary>
    Max,

    /// <summary>Sample standard deviation (<c>stddev_samp</c>); float64, NULL below two values.</summary>
    StdDev,

    /// <summary>Sample variance (<c>var_samp</c>); float64, NULL below two values.</summary>
    Variance,

    /// <summary>Exact discrete quantile (<c>quantile_disc</c>): a value of the group, of the input type.</summary>
    Quantile,

    /// <summary>Interpolated median (<c>quantile_cont(x, 0.5)</c>) of a numeric column; float64.</summary>
    Median,

    /// <summary>Most frequent value, of the input type; ties go to the value seen first.</summary>
    Mode,

    /// <summary>First non-null value in input order, of the input type.</summary>
    First,

    /// <summary>Last non-null value in input order, of the input type.</summary>
    Last,

    /// <summary>Some non-null value (the first), of the input type.</summary>
    AnyValue,

    /// <summary>The non-null strings joined with the separator, in input order; string.</summary>
    StringAgg,
}
