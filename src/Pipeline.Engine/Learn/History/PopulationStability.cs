using Pipeline.Core.History;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// The population stability index of a numeric column against a baseline run, from stored quantiles alone: the bins are
/// cut at the baseline's p01 ... p99 (so each holds a known share of the baseline), and each run's share of a bin is
/// read off its own quantile-based distribution function. PSI = Σ (a − e) ln(a / e).
/// </summary>
public static class PopulationStability
{
    // A bin one run leaves empty would make ln(a/e) infinite; shares are floored at this.
    private const double Floor = 1e-4;

    /// <summary>The index and the number of bins used; null when either column lacks quantiles.</summary>
    public static (double Psi, int Bins)? Compute(ColumnMetrics baseline, ColumnMetrics current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (QuantileCdf.Of(baseline) is not { } expected || QuantileCdf.Of(current) is not { } actual) return null;
        // Tied cut points (a value shared by many rows) make one bin of the tie.
        var cuts = expected.CutPoints.Distinct().ToList();
        double psi = 0, e0 = 0, a0 = 0;
        for (int i = 0; i <= cuts.Count; i++)
        {
            double e1 = i < cuts.Count ? expected.At(cuts[i]) : 1, a1 = i < cuts.Count ? actual.At(cuts[i]) : 1;
            double e = Math.Max(e1 - e0, Floor), a = Math.Max(a1 - a0, Floor);
            psi += (a - e) * Math.Log(a / e);
            (e0, a0) = (e1, a1);
        }
        return (psi, cuts.Count + 1);
    }
}
