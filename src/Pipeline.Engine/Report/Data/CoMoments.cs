namespace Pipeline.Engine.Report.Data;

/// <summary>Running co-moments of a pair of numbers (Welford / Pébay), mergeable, for a Pearson correlation.</summary>
internal sealed class CoMoments
{
    private double _meanX, _meanY, _m2X, _m2Y, _cXY;

    /// <summary>Pairs folded.</summary>
    public long Count { get; private set; }

    /// <summary>Folds one pair.</summary>
    public void Add(double x, double y)
    {
        Count++;
        double dx = x - _meanX;
        _meanX += dx / Count;
        double dy = y - _meanY;
        _meanY += dy / Count;
        _m2X += dx * (x - _meanX);
        _m2Y += dy * (y - _meanY);
        _cXY += dx * (y - _meanY);
    }

    /// <summary>Folds another state (exact: the result equals folding both streams into one).</summary>
    public void Merge(CoMoments other)
    {
        if (other.Count == 0) return;
        if (Count == 0)
        {
            (Count, _meanX, _meanY, _m2X, _m2Y, _cXY) = (other.Count, other._meanX, other._meanY, other._m2X, other._m2Y, other._cXY);
            return;
        }
        long n = Count + other.Count;
        double dx = other._meanX - _meanX, dy = other._meanY - _meanY;
        double f = (double)Count * other.Count / n;
        _m2X += other._m2X + dx * dx * f;
        _m2Y += other._m2Y + dy * dy * f;
        _cXY += other._cXY + dx * dy * f;
        _meanX += dx * other.Count / n;
        _meanY += dy * other.Count / n;
        Count = n;
    }

    /// <summary>Pearson's r, or null when fewer than 3 pairs or either side is constant.</summary>
    public double? Pearson => Count < 3 || _m2X <= 0 || _m2Y <= 0 ? null : Math.Clamp(_cXY / Math.Sqrt(_m2X * _m2Y), -1, 1);
}
