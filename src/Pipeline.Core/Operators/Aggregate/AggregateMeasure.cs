namespace Pipeline.Core.Operators.Aggregate;

/// <summary>One output column of a <see cref="HashAggregateOperator"/>: a function over an input column.</summary>
/// <param name="Name">Output column name.</param>
/// <param name="Function">What to compute.</param>
/// <param name="Column">Input column; ignored by <see cref="MeasureFunction.CountRows"/>, required by every other function.</param>
/// <param name="Quantile">The quantile of <see cref="MeasureFunction.Quantile"/>, in [0, 1].</param>
/// <param name="Separator">The separator of <see cref="MeasureFunction.StringAgg"/>.</param>
public sealed record AggregateMeasure(string Name, MeasureFunction Function, string? Column = null, double Quantile = 0.5, string Separator = ",");
