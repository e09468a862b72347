using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Core.Options;
using Pipeline.Engine.Learn;
using Pipeline.IO.Formats;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline suggest INPUT [--out rules.yaml] [--holdout 0.2]</c>: writes suggested rules (to stdout
/// without --out) and, with a held-out fraction, reports how many would fire on the held-out rows.</summary>
internal static class SuggestCommand
{
    public static Command Create(CommonOptions common)
    {
        var inputArg = new Argument<string>("input") { Description = "File, folder or glob." };
        var outOption = new Option<string?>("--out") { Description = "Rules file to write (default: stdout)." };
        var holdoutOption = new Option<double>("--holdout") { Description = "Fraction of rows held out to test the suggestions on (0 = none).", DefaultValueFactory = _ => 0 };
        var runsOption = new Option<int>("--runs") { Description = "Learn from this many recorded runs of the dataset too (0 = this input alone).", DefaultValueFactory = _ => 30 };
        var command = new Command("suggest", "Suggest validation rules from a profile and the dataset's recorded runs; optionally test them on held-out rows.") { inputArg, outOption, holdoutOption, runsOption };
        common.AddHistoryOptions(command);
        common.AddSourceOptions(command);
        common.AddEngineOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                // A connector URI reads through its connector and is named by its password-free description.
                var spec = Hosting.Connectors.Addresses.Source(parse.GetValue(inputArg)!, common.Source(parse));
                var input = spec.Path;
                // The dataset's recorded runs, read only (suggest records nothing): ranges and sets that held over them.
                IReadOnlyList<Core.History.RunRecord>? history = null;
                if (parse.GetValue(runsOption) is > 0 and var runs && common.HistorySettings(parse) is { } settings && File.Exists(settings.Path))
                    history = settings.Open().Recent(settings.DatasetFor(null, input), runs);
                var result = await RuleSuggestion.RunAsync(() => spec.Instance ?? FileFormats.OpenSource(input, spec.Options), input, parse.GetValue(holdoutOption),
                    common.Engine(parse, new PipelineOptions().WithEnvironment()), ct, history);
                if (parse.GetValue(outOption) is { } path) Core.Files.AtomicWrite.WriteText(path, result.Yaml);
                else await Console.Out.WriteAsync(result.Yaml);
                ErrorOutput.Info($"pipeline: {result.Rules.Count} rules suggested from {result.ProfiledRows} rows" +
                    (result.HistoryRuns > 0 ? $" and {result.HistoryRuns} recorded runs of {history![0].Dataset}" : ""));
                if (result.Holdout is { } h)
                {
                    RulesTable.Print(h.Results);
                    ErrorOutput.Info(string.Format(CultureInfo.InvariantCulture,
                        "pipeline: on {0} held-out rows ({1:P0}), {2} of {3} suggested rules would fire", h.Rows, h.Fraction, h.Fired, h.Rules));
                }
                return ExitCodes.Ok;
            }
            catch (Pipeline.Core.Errors.PipelineException error)
            {
                ErrorOutput.Error(error);
                return ExitCodes.For(error);
            }
        });
        return command;
    }
}
