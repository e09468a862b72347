namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>Where a strategy expects a metric's next value: from <see cref="Lower"/> to <see cref="Upper"/>, both included.</summary>
/// <param name="Lower">The smallest expected value (may be negative infinity: no lower bound).</param>
/// <param name="Upper">The largest expected value (may be positive infinity).</param>
public readonly record struct ExpectedRange(double Lower, double Upper)
{
    /// <summary>True when <paramref name="value"/> is in the range.</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>Half the width (infinite when a side is open).</summary>
    public double HalfWidth => (Upper - Lower) / 2;

    /// <summary>This range widened symmetrically around its centre to a half-width of at least <paramref name="floor"/>.</summary>
    public ExpectedRange AtLeast(double floor)
    {
        if (!(HalfWidth < floor)) return this;
        double centre = (Lower + Upper) / 2;
        return new(centre - floor, centre + floor);
    }
}
