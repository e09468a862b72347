using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Detect;
using Pipeline.Hosting.Detecting;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline detect FILE --time COL --value COL [--group COL] --out DIR</c>: anomaly scores per row and the
/// anomalous episodes (docs/detect.md).</summary>
internal static class DetectCommand
{
    public static Command Create(CommonOptions common)
    {
        var input = new Argument<string>("input") { Description = "Input file, folder or glob." };
        var time = new Option<string>("--time") { Description = "The time column.", Required = true };
        var value = new Option<string[]>("--value")
        {
            Description = "Value column(s) to score (comma-separated or repeated); several write scores_<col>.csv each.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var group = new Option<string?>("--group") { Description = "A column whose values split the rows into separate series (one detector each)." };
        var outOption = new Option<string>("--out") { Description = "Output folder for scores.csv and results.json.", Required = true };
        var detector = new Option<string>("--detector")
        {
            Description = $"The detector: {string.Join(", ", AnomalyDetectorRegistry.All.Select(d => d.Name))} (default {AnomalyDetectorRegistry.DefaultName}).",
            DefaultValueFactory = _ => AnomalyDetectorRegistry.DefaultName,
        };
        var threshold = new Option<double>("--threshold")
        {
            Description = $"Score from which rows form an anomalous episode in results.json (default {AnomalyEpisodes.DefaultThreshold.ToString(CultureInfo.InvariantCulture)}).",
            DefaultValueFactory = _ => AnomalyEpisodes.DefaultThreshold,
        };
        var command = new Command("detect", "Score every row of a time series for anomalies (causal: a row's score uses only the rows up to it).")
        {
            input, time, value, group, outOption, detector, threshold,
        };
        common.AddSourceOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            var request = new DetectRequest
            {
                Input = parse.GetValue(input)!,
                TimeColumn = parse.GetValue(time)!,
                ValueColumns = parse.GetValue(value)!.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                GroupColumn = parse.GetValue(group),
                OutputFolder = parse.GetValue(outOption)!,
                Detector = parse.GetValue(detector)!,
                Threshold = parse.GetValue(threshold),
                Source = common.Source(parse),
            };
            var results = await DetectRunner.RunAsync(request, new PipelineOptions().WithEnvironment(), ct);
            foreach (var s in results.Series)
                ErrorOutput.Info($"pipeline: {s.ValueColumn}{(s.Group is null ? "" : $" [{s.Group}]")}: {s.Rows} rows, {s.Episodes} anomalous episode(s), max score {s.MaxScore.ToString("0.###", CultureInfo.InvariantCulture)}");
            ErrorOutput.Info($"pipeline: scores and results.json written to {Path.GetFullPath(request.OutputFolder)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
