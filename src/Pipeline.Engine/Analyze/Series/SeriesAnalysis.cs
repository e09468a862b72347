using Pipeline.Engine.Analyze.Data;

namespace Pipeline.Engine.Analyze.Series;

/// <summary>What the time series of one numeric column shows: its step, repeating pattern, trend, gaps and spikes.</summary>
/// <param name="Column">The numeric column.</param>
/// <param name="TimeColumn">The column it is ordered by.</param>
/// <param name="Grid">The series on its regular grid.</param>
/// <param name="Period">Grid steps per cycle of the repeating pattern, or null.</param>
/// <param name="PeriodAutocorrelation">Autocorrelation at <paramref name="Period"/>.</param>
/// <param name="TrendRSquared">Share of variance explained by a straight line over time.</param>
/// <param name="TrendChangePct">Change of the fitted line from the first to the last point, as a percentage of the mean absolute value.</param>
/// <param name="Spikes">Flagged grid points and their robust z-scores.</param>
public sealed record SeriesAnalysis(string Column, string TimeColumn, RegularSeries Grid, int? Period, double? PeriodAutocorrelation,
    double TrendRSquared, double TrendChangePct, IReadOnlyList<(int Index, double Z)> Spikes)
{
    /// <summary>Analyses every column of a sample (columns that cannot be put on a grid are left out).</summary>
    public static IReadOnlyList<SeriesAnalysis> Of(TimeSeriesSample? sample)
    {
        var found = new List<SeriesAnalysis>();
        if (sample is null) return found;
        for (int c = 0; c < sample.Columns.Count; c++)
        {
            if (RegularSeries.From(sample.Ticks, sample.Values[c]) is not { } grid) continue;
            var season = Seasonality.Find(grid.Values);
            var (slope, _, r2) = Trend.Fit(grid.Values);
            double scale = grid.Values.Average(Math.Abs);
            double change = scale == 0 ? 0 : slope * (grid.Values.Length - 1) / scale * 100;
            var spikes = Pipeline.Engine.Analyze.Series.Spikes.Find(grid.Values, grid.Observed, season?.Lag);
            found.Add(new SeriesAnalysis(sample.Columns[c], sample.TimeColumn, grid, season?.Lag, season?.Autocorrelation, r2, change, spikes));
        }
        return found;
    }
}
