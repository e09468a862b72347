namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Equal-width bins: <c>counts[i]</c> values in [<c>edges[i]</c>, <c>edges[i+1]</c>).</summary>
/// <param name="Edges">Bin edges (bins + 1 values).</param>
/// <param name="Counts">Values per bin (estimated from the quantile sketch for large columns).</param>
public sealed record HistogramProfile(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);
