using Pipeline.Core.History;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// A column's distribution function estimated from its stored quantiles: piecewise linear through (min, 0),
/// (p01, 0.01) ... (p99, 0.99), (max, 1), right-continuous where quantiles tie (a value many rows share).
/// </summary>
internal sealed class QuantileCdf
{
    private readonly double[] _values;
    private readonly double[] _levels;

    private QuantileCdf(double[] values, double[] levels) => (_values, _levels) = (values, levels);

    /// <summary>The estimate for a numeric column with its seven quantiles; null otherwise.</summary>
    public static QuantileCdf? Of(ColumnMetrics column)
    {
        if (column.Quantiles.Count != ColumnMetrics.QuantileLevels.Count) return null;
        double min = Parse(column.Min) is { } lo ? Math.Min(lo, column.Quantiles[0]) : column.Quantiles[0];
        double max = Parse(column.Max) is { } hi ? Math.Max(hi, column.Quantiles[^1]) : column.Quantiles[^1];
        return new QuantileCdf([min, .. column.Quantiles, max], [0, .. ColumnMetrics.QuantileLevels, 1]);
    }

    /// <summary>Every point the function bends at (min, the quantiles, max).</summary>
    public IReadOnlyList<double> Knots => _values;

    /// <summary>The stored quantiles, the cut points of a baseline's bins.</summary>
    public IEnumerable<double> CutPoints => _values[1..^1];

    /// <summary>Estimated fraction of values at or below <paramref name="x"/>.</summary>
    public double At(double x)
    {
        if (x < _values[0]) return 0;
        if (x >= _values[^1]) return 1;
        // The last point at or below x (past every tie), then a straight line to the next.
        int j = 0;
        while (j + 1 < _values.Length && _values[j + 1] <= x) j++;
        double span = _values[j + 1] - _values[j];
        return _levels[j] + (_levels[j + 1] - _levels[j]) * (x - _values[j]) / span;
    }

    private static double? Parse(string? text)
        => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
