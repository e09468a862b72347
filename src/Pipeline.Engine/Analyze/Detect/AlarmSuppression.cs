namespace Pipeline.Engine.Analyze.Detect;

/// <summary>
/// Keeps a score only where it rises above every score of the preceding rows in a window, scaling the others down:
/// at any threshold the first row that crosses it is still reported, while the rows that merely keep the alarm up
/// (one event, many rows) are not reported again. Causal: it reads earlier scores only.
/// </summary>
internal sealed class AlarmSuppression
{
    private readonly int _window;
    private readonly double _factor;
    private readonly Queue<double> _recent = new();
    private readonly SortedWindow _max;

    /// <param name="window">Rows an alarm holds later rows down for.</param>
    /// <param name="factor">What a held-down score is multiplied by.</param>
    public AlarmSuppression(int window, double factor)
    {
        _window = window;
        _factor = factor;
        _max = new SortedWindow(window);
    }

    public double Next(double score)
    {
        double previousMax = _max.Count == 0 ? 0 : _max.Quantile(1);
        _max.Add(score);
        return score > previousMax ? score : score * _factor;
    }
}
