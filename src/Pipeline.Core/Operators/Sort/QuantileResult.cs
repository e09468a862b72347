namespace Pipeline.Core.Operators.Sort;

/// <summary>The answer of <see cref="ExactQuantiles"/>.</summary>
/// <param name="Column">The column.</param>
/// <param name="Count">Values ranked: non-null, non-NaN.</param>
/// <param name="Probabilities">The probabilities asked for, in order.</param>
/// <param name="Values">The quantile at each probability (null when the column has no value).</param>
/// <param name="SpilledRuns">Sorted runs spilled (0 when the values fit in memory).</param>
public sealed record QuantileResult(string Column, long Count, IReadOnlyList<double> Probabilities, IReadOnlyList<double?> Values, int SpilledRuns);
