namespace Pipeline.Engine.Analyze.Detect;

/// <summary>
/// The period of a series found online: every <c>every</c> rows the autocorrelation of the last <c>history</c> values
/// is computed for lags up to a third of them, and the lag of its highest local peak is kept when that correlation is
/// strong enough. Until then (and for series without one) <see cref="Period"/> is 0. Only rows already seen are used.
/// </summary>
internal sealed class OnlinePeriod
{
    private readonly double[] _ring;
    private readonly int _every;
    private readonly double _minCorrelation;
    private int _count;

    public OnlinePeriod(int history, int every, double minCorrelation)
    {
        _ring = new double[history];
        _every = every;
        _minCorrelation = minCorrelation;
    }

    /// <summary>The current period in rows, or 0.</summary>
    public int Period { get; private set; }

    /// <summary>The value <paramref name="lag"/> rows back (1 = the previous row); NaN when not kept.</summary>
    public double Back(int lag) => lag <= 0 || lag > Math.Min(_count, _ring.Length) ? double.NaN : _ring[(_count - lag) % _ring.Length];

    public void Add(double value)
    {
        _ring[_count % _ring.Length] = value;
        _count++;
        if (_count % _every == 0 && _count >= 3 * MinLag) Period = Estimate();
    }

    private const int MinLag = 4;

    private int Estimate()
    {
        int n = Math.Min(_count, _ring.Length);
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Back(n - i);
        double mean = x.Average();
        double variance = 0;
        for (int i = 0; i < n; i++) { x[i] -= mean; variance += x[i] * x[i]; }
        if (variance <= 0) return 0;
        int maxLag = n / 3;
        var acf = new double[maxLag + 2];
        for (int lag = 1; lag <= maxLag + 1 && lag < n; lag++)
        {
            double sum = 0;
            for (int i = lag; i < n; i++) sum += x[i] * x[i - lag];
            acf[lag] = sum / variance;
        }
        int best = 0;
        for (int lag = MinLag; lag <= maxLag; lag++)
            if (acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1] && acf[lag] > _minCorrelation && (best == 0 || acf[lag] > acf[best])) best = lag;
        return best;
    }
}
