namespace Pipeline.Engine.Analyze.Detect;

/// <summary>
/// The last <c>capacity</c> values in arrival order and in sorted order, for exact rolling medians and quantiles
/// (insert and remove are a binary search and a block move: fine for windows of a few thousand).
/// </summary>
internal sealed class SortedWindow
{
    private readonly Queue<double> _arrival;
    private readonly List<double> _sorted;
    private readonly int _capacity;

    public SortedWindow(int capacity)
    {
        _capacity = capacity;
        _arrival = new Queue<double>(capacity);
        _sorted = new List<double>(capacity);
    }

    public int Count => _sorted.Count;

    public void Add(double value)
    {
        if (_arrival.Count == _capacity)
        {
            double old = _arrival.Dequeue();
            _sorted.RemoveAt(Find(old));
        }
        _arrival.Enqueue(value);
        int at = _sorted.BinarySearch(value);
        _sorted.Insert(at < 0 ? ~at : at, value);
    }

    /// <summary>The q-quantile (0..1) by linear interpolation; NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (_sorted.Count == 0) return double.NaN;
        double pos = q * (_sorted.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, _sorted.Count - 1);
        return _sorted[lo] + (pos - lo) * (_sorted[hi] - _sorted[lo]);
    }

    /// <summary>The median absolute deviation from <paramref name="center"/>: the median of |x − center|, found by a
    /// merge walk outwards from the center over the sorted values (no allocation).</summary>
    public double MedianAbsoluteDeviation(double center)
    {
        int n = _sorted.Count;
        if (n == 0) return double.NaN;
        int right = _sorted.BinarySearch(center);
        if (right < 0) right = ~right;
        int left = right - 1;
        // The deviations come out in increasing order: the median is the middle one (the mean of the two middle ones).
        int lower = (n - 1) / 2, upper = n / 2;
        double atLower = 0, last = 0;
        for (int k = 0; k <= upper; k++)
        {
            double dl = left >= 0 ? center - _sorted[left] : double.PositiveInfinity;
            double dr = right < n ? _sorted[right] - center : double.PositiveInfinity;
            if (dl <= dr) { last = dl; left--; } else { last = dr; right++; }
            if (k == lower) atLower = last;
        }
        return (atLower + last) / 2;
    }

    private int Find(double value)
    {
        int at = _sorted.BinarySearch(value);
        return at >= 0 ? at : throw new InvalidOperationException("value left the window without being in it");
    }
}
