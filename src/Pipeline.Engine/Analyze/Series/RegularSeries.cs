namespace Pipeline.Engine.Analyze.Series;

/// <summary>
/// A series put on a regular grid: the step is the median spacing of the points, missing grid points are filled by
/// linear interpolation (and counted as gaps), so lags can be counted in steps.
/// </summary>
/// <param name="Step">The grid step in ticks.</param>
/// <param name="Start">The first point's time in ticks.</param>
/// <param name="Values">The value at each grid point (interpolated inside gaps).</param>
/// <param name="Observed">Whether each grid point had a value.</param>
/// <param name="Gaps">Stretches with no value, each as its first missing grid index and missing point count.</param>
public sealed record RegularSeries(long Step, long Start, double[] Values, bool[] Observed, IReadOnlyList<(int Index, int Missing)> Gaps)
{
    /// <summary>Share of the spacings between points that equal the median step: near 1 for sampled measurements,
    /// low for event times (orders, logins), where missing steps are not gaps.</summary>
    public double Regularity { get; init; }

    /// <summary>Most grid points made from a series (more means the spacing is too uneven to call it regular).</summary>
    public const int MaxGridPoints = 200_000;

    /// <summary>The series on its median step, or null when there are fewer than 8 points with values or the
    /// spacing is too irregular to make a grid.</summary>
    public static RegularSeries? From(long[] ticks, double[] values)
    {
        var points = new List<(long T, double V)>();
        for (int i = 0; i < ticks.Length; i++)
        {
            if (!double.IsFinite(values[i])) continue;
            // Several values at one instant: keep their mean (a later point at the same time updates it).
            if (points.Count > 0 && points[^1].T == ticks[i])
                points[^1] = (ticks[i], (points[^1].V + values[i]) / 2);
            else points.Add((ticks[i], values[i]));
        }
        if (points.Count < 8) return null;
        var steps = new long[points.Count - 1];
        for (int i = 1; i < points.Count; i++) steps[i - 1] = points[i].T - points[i - 1].T;
        System.Array.Sort(steps);
        long step = steps[steps.Length / 2];
        if (step <= 0) return null;
        long span = points[^1].T - points[0].T;
        if (span / step + 1 > MaxGridPoints) return null;
        int length = (int)(span / step) + 1;
        var grid = new double[length];
        var observed = new bool[length];
        System.Array.Fill(grid, double.NaN);
        foreach (var (t, v) in points)
        {
            int index = (int)Math.Round((double)(t - points[0].T) / step);
            if (index >= length) index = length - 1;
            grid[index] = v;
            observed[index] = true;
        }
        var gaps = new List<(int, int)>();
        int last = 0;
        for (int i = 1; i < length; i++)
        {
            if (!observed[i]) continue;
            if (i - last > 1)
            {
                gaps.Add((last + 1, i - last - 1));
                for (int j = last + 1; j < i; j++) grid[j] = grid[last] + (grid[i] - grid[last]) * (j - last) / (i - last);
            }
            last = i;
        }
        double regular = steps.Count(s => s == step) / (double)steps.Length;
        return new RegularSeries(step, points[0].T, grid, observed, gaps) { Regularity = regular };
    }
}
