using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Files;
using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Detect;
using Pipeline.Engine.Results;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Detecting;

/// <summary>
/// Runs <c>pipeline detect</c>: reads the time, value and group columns of an input, scores each series with the
/// chosen detector (Engine's <c>Analyze/Detect</c>), writes one scores file per value column and <c>results.json</c>
/// with the anomalous episodes.
/// </summary>
public static class DetectRunner
{
    /// <summary>The results document's file name in the output folder.</summary>
    public const string ResultsFileName = "results.json";

    /// <summary>Scores the input and writes the output folder.</summary>
    /// <exception cref="PipelineException">Bad input: a missing column, a time or value that does not parse, malformed rows.</exception>
    public static async Task<DetectionResults> RunAsync(DetectRequest request, PipelineOptions? engine = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        AnomalyDetectorDefinition detector;
        try { detector = AnomalyDetectorRegistry.Find(request.Detector); }
        catch (ArgumentException ex) { throw new PipelineException(PipelineErrorKind.InvalidInput, ex.Message, ex); }
        if (!(request.Threshold is > 0 and <= 1))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"--threshold must be in (0, 1], not {request.Threshold.ToString(CultureInfo.InvariantCulture)}");

        var input = await ReadAsync(request, engine ?? new PipelineOptions(), cancellationToken).ConfigureAwait(false);
        var scored = SeriesDetection.Run(input, detector, request.Threshold);

        Directory.CreateDirectory(request.OutputFolder);
        var series = new List<DetectedSeriesResult>();
        var anomalies = new List<AnomalyEpisodeResult>();
        for (int c = 0; c < input.ValueColumns.Count; c++)
        {
            string column = input.ValueColumns[c];
            var ofColumn = scored.Where(s => s.ValueColumn == column).ToList();
            string file = Path.GetFullPath(Path.Combine(request.OutputFolder, ScoresFile.NameFor(column, input.ValueColumns.Count)));
            ScoresFile.Write(file, input.Times, input.Values(c), SeriesDetection.InInputOrder(ofColumn, input.Rows));
            foreach (var s in ofColumn)
            {
                string? group = input.GroupColumn is null ? null : s.Group;
                series.Add(new DetectedSeriesResult(column, group, s.Rows.Length, file, s.Episodes.Count, s.Scores.Length == 0 ? 0 : s.Scores.Max()));
                foreach (var e in s.Episodes)
                    anomalies.Add(new AnomalyEpisodeResult(column, group, Iso(input.Times[s.Rows[e.StartRow]]), Iso(input.Times[s.Rows[e.EndRow]]),
                        Iso(input.Times[s.Rows[e.PeakRow]]), e.PeakScore, input.Values(c)[s.Rows[e.PeakRow]]));
            }
        }
        var results = new DetectionResults
        {
            Status = "ok",
            PipelineVersion = EngineVersion.Current,
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            DurationSeconds = clock.Elapsed.TotalSeconds,
            Input = request.Input,
            Rows = input.Rows,
            Detector = detector.Name,
            Threshold = request.Threshold,
            TimeColumn = request.TimeColumn,
            GroupColumn = request.GroupColumn,
            Series = series,
            Anomalies = anomalies,
        };
        AtomicWrite.WriteText(Path.Combine(request.OutputFolder, ResultsFileName),
            System.Text.Json.JsonSerializer.Serialize(results, ResultsJson.Options) + "\n");
        return results;
    }

    private static async Task<DetectionInput> ReadAsync(DetectRequest request, PipelineOptions engine, CancellationToken cancellationToken)
    {
        var source = FileFormats.OpenSource(request.Input, request.Source);
        var input = new DetectionInput(request.Input, request.TimeColumn, request.ValueColumns, request.GroupColumn);
        using var context = new PipelineContext(engine, cancellationToken);
        using (var stream = source.Open(context))
        {
            while (await stream.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
                using (batch) input.Add(batch);
        }
        // Scores are per row in input order: a row the reader had to set aside would shift every later one.
        if (context.Quarantine.Count > 0)
            throw PipelineException.InvalidInput(request.Input, $"{context.Quarantine.Count} malformed row(s) could not be read; detect needs every row");
        return input;
    }

    private static string Iso(long ticksSinceEpoch) =>
        DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(ticksSinceEpoch), DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
}
