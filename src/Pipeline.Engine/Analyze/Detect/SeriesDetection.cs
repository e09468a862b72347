namespace Pipeline.Engine.Analyze.Detect;

/// <summary>One scored series: a value column within one group, its rows' positions in the input, scores and episodes.</summary>
/// <param name="ValueColumn">The value column.</param>
/// <param name="Group">The group key ("" without a group column).</param>
/// <param name="Rows">Input row indexes of the series, in input order.</param>
/// <param name="Scores">The score of each of those rows.</param>
/// <param name="Episodes">Episodes, with row numbers within the series.</param>
public sealed record ScoredSeries(string ValueColumn, string Group, int[] Rows, double[] Scores, IReadOnlyList<AnomalyEpisode> Episodes);

/// <summary>
/// Scores every value column of a <see cref="DetectionInput"/>: the rows of each group form their own series (in
/// input order) with a fresh detector, so one group's rows never change another's scores.
/// </summary>
public static class SeriesDetection
{
    /// <summary>Scores every (value column, group) series; groups in order of first appearance.</summary>
    public static IReadOnlyList<ScoredSeries> Run(DetectionInput input, AnomalyDetectorDefinition detector, double threshold)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(detector);
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int row = 0; row < input.Rows; row++)
        {
            if (!groups.TryGetValue(input.Groups[row], out var rows))
            {
                groups[input.Groups[row]] = rows = [];
                order.Add(input.Groups[row]);
            }
            rows.Add(row);
        }
        var result = new List<ScoredSeries>();
        for (int c = 0; c < input.ValueColumns.Count; c++)
        {
            var values = input.Values(c);
            foreach (var group in order)
            {
                var rows = groups[group].ToArray();
                var times = rows.Select(r => input.Times[r]).ToArray();
                var series = rows.Select(r => values[r]).ToArray();
                var scores = SeriesScoring.Score(detector, times, series);
                result.Add(new ScoredSeries(input.ValueColumns[c], group, rows, scores, AnomalyEpisodes.Find(scores, threshold)));
            }
        }
        return result;
    }

    /// <summary>Every row's score in input order for one value column (the groups' scores put back in place).</summary>
    public static double[] InInputOrder(IEnumerable<ScoredSeries> seriesOfColumn, int rows)
    {
        ArgumentNullException.ThrowIfNull(seriesOfColumn);
        var scores = new double[rows];
        foreach (var s in seriesOfColumn)
            for (int i = 0; i < s.Rows.Length; i++) scores[s.Rows[i]] = s.Scores[i];
        return scores;
    }
}
