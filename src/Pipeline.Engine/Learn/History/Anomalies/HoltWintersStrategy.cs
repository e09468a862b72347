namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// <c>holt_winters</c>: additive Holt–Winters (level, trend and a season of <see cref="Season"/> runs, 7 for daily loads
/// with a weekly pattern), its smoothing factors chosen by the smallest one-step-ahead squared error over the history,
/// and the next value expected within <see cref="Deviations"/> standard deviations of those errors around the forecast
/// (Deequ's HoltWinters strategy). Needs two full seasons.
/// </summary>
/// <param name="Season">Runs per season.</param>
/// <param name="Deviations">Standard deviations of the one-step errors allowed either side of the forecast.</param>
public sealed record HoltWintersStrategy(int Season = 7, double Deviations = 3) : IAnomalyStrategy
{
    private static readonly double[] Grid = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <inheritdoc />
    public string Name => "holt_winters";

    /// <inheritdoc />
    public ExpectedRange? Expect(IReadOnlyList<double> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (Season < 2 || history.Count < 2 * Season) return null;
        (double sse, double forecast) best = (double.PositiveInfinity, 0);
        foreach (var alpha in Grid)
            foreach (var beta in Grid)
                foreach (var gamma in Grid)
                {
                    var fit = Fit(history, alpha, beta, gamma);
                    if (fit.Sse < best.sse) best = fit;
                }
        // One-step errors are counted from the second season on (the first initialises the state).
        double sigma = Math.Sqrt(best.sse / Math.Max(1, history.Count - Season));
        return new ExpectedRange(best.forecast - Deviations * sigma, best.forecast + Deviations * sigma);
    }

    private (double Sse, double Forecast) Fit(IReadOnlyList<double> x, double alpha, double beta, double gamma)
    {
        int m = Season;
        double first = 0, second = 0;
        for (int i = 0; i < m; i++) { first += x[i]; second += x[i + m]; }
        first /= m;
        second /= m;
        double level = first, trend = (second - first) / m;
        var season = new double[m];
        for (int i = 0; i < m; i++) season[i] = x[i] - first;
        double sse = 0;
        for (int t = m; t < x.Count; t++)
        {
            double s = season[t % m];
            double error = x[t] - (level + trend + s);
            sse += error * error;
            double previousLevel = level;
            level = alpha * (x[t] - s) + (1 - alpha) * (level + trend);
            trend = beta * (level - previousLevel) + (1 - beta) * trend;
            season[t % m] = gamma * (x[t] - level) + (1 - gamma) * s;
        }
        return (sse, level + trend + season[x.Count % m]);
    }
}
