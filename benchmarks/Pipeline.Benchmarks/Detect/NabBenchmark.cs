using System.Diagnostics;
using System.Globalization;
using Pipeline.Engine.Analyze.Detect;
using Pipeline.Nab;

namespace Pipeline.Benchmarks.Detect;

/// <summary>
/// <c>nab NAB_ROOT [DETECTOR ...]</c>: runs each named detector (all registered ones by default) over every labelled
/// series of a NAB folder and scores it with NAB's scorer under the three profiles, beside NAB's published outputs
/// found in <c>NAB_ROOT/results/</c> (scored the same way).
/// </summary>
public static class NabBenchmark
{
    /// <summary>Runs the benchmark and prints one Markdown row per detector.</summary>
    public static int Run(string nabRoot, IReadOnlyList<string> detectors, TextWriter output)
    {
        var labels = NabLabels.Load(Path.Combine(nabRoot, "labels", "combined_windows.json"));
        var series = labels.Series.Select(name => NabSeries.Load(nabRoot, name)).ToList();
        output.WriteLine($"NAB: {series.Count} series, {labels.WindowCount} windows, {series.Sum(s => s.Values.Length):N0} rows");
        output.WriteLine("| detector | standard | reward_low_FP_rate | reward_low_FN_rate | seconds |");
        output.WriteLine("|---|---|---|---|---|");
        var resultsRoot = Path.Combine(nabRoot, "results");
        if (Directory.Exists(resultsRoot))
            foreach (var published in Directory.GetDirectories(resultsRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                var scores = series.Select(s => NabSeries.LoadScores(nabRoot, published!, s.Name)).ToList();
                Print(output, $"{published} (NAB's published output)", NabScorer.ScoreAll(labels, series, scores), double.NaN);
            }
        var names = detectors.Count > 0 ? detectors : AnomalyDetectorRegistry.All.Select(d => d.Name).ToList();
        foreach (var name in names)
        {
            var definition = AnomalyDetectorRegistry.Find(name);
            var clock = Stopwatch.StartNew();
            var scores = series.Select(s => SeriesScoring.Score(definition, s.Timestamps.Select(t => t.Ticks).ToArray(), s.Values)).ToList();
            double seconds = clock.Elapsed.TotalSeconds;
            Print(output, $"Pipeline `{name}`", NabScorer.ScoreAll(labels, series, scores), seconds);
        }
        return 0;
    }

    private static void Print(TextWriter output, string label, IReadOnlyList<NabResult> results, double seconds)
    {
        string Cell(NabResult r) => r.Normalized.ToString("F2", CultureInfo.InvariantCulture);
        string time = double.IsNaN(seconds) ? "" : seconds.ToString("F1", CultureInfo.InvariantCulture);
        output.WriteLine($"| {label} | {string.Join(" | ", results.Select(Cell))} | {time} |");
    }
}
