namespace Pipeline.Core.Operators.Aggregate;

/// <summary>One output column of a group-by: a function over a column.</summary>
/// <param name="Function">What to compute.</param>
/// <param name="Column">Input column; null only for <see cref="AggregateFunction.Count"/> (rows per group).</param>
/// <param name="Name">Output column name; default <c>function_column</c> (or <c>count</c>).</param>
public sealed record AggregateSpec(AggregateFunction Function, string? Column = null, string? Name = null)
{
    /// <summary>The output column's name.</summary>
    public string OutputName => Name ?? (Column is null ? FunctionName(Function) : $"{FunctionName(Function)}_{Column}");

    /// <summary>The spec name of a function (<c>count</c>, <c>sum</c>, <c>min</c>, <c>max</c>, <c>mean</c>, <c>count_distinct</c>).</summary>
    public static string FunctionName(AggregateFunction function) => function switch
    {
        AggregateFunction.Count => "count",
        AggregateFunction.Sum => "sum",
        AggregateFunction.Min => "min",
        AggregateFunction.Max => "max",
        AggregateFunction.Mean => "mean",
        _ => "count_distinct",
    };
}
