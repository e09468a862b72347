using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.IO.Formats;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline profile INPUT</c>: one streaming pass, <c>profile.json</c>, <c>report.html</c> and <c>dictionary.md</c>
/// in the output folder, a summary on stdout.</summary>
internal static class ProfileCommand
{
    public static Command Create(CommonOptions common)
    {
        var input = new Argument<string>("input") { Description = "Input file, folder, glob, or - for standard input." };
        var outOption = new Option<string?>("--out") { Description = "Folder for profile.json (default: runs/profile-<input name>-<UTC time>)." };
        var sample = new Option<long?>("--sample") { Description = "Profile only the first N rows (a quick look); default: all rows." };
        var top = new Option<int?>("--top") { Description = "Top values per column (default 10)." };
        var state = new Option<bool>("--state") { Description = "Also write profile.state, the mergeable state for `pipeline merge` (8 bytes per distinct row)." };
        var stateFile = new Option<string?>("--state-file") { Description = "Write the mergeable state as a run state to this file, with the partition it read (--row-groups, --byte-range): what `pipeline merge` and pipeline.dask combine." };
        var command = new Command("profile", "Profile every column in one pass: statistics, quantiles, top values, correlations, duplicates, alerts.") { input, outOption, sample, top, state, stateFile };
        common.AddSourceOptions(command);
        common.AddEngineOptions(command);
        common.AddHistoryOptions(command);
        common.AddPartitionOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            // A connector URI reads through its connector and is named by its password-free description.
            var argument = parse.GetValue(input)!;
            var spec = Hosting.Connectors.Addresses.Source(argument, common.Source(parse));
            var path = spec.Path;
            var engine = common.Engine(parse, new PipelineOptions().WithEnvironment());
            ISource source = spec.Instance ?? FileFormats.OpenSource(path, spec.Options);
            if (parse.GetValue(sample) is { } n)
            {
                if (n < 1) throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, "--sample must be at least 1");
                source = new RowLimitSource(source, n);
            }
            var options = new ProfileOptions();
            if (parse.GetValue(top) is { } k) options = options with { TopValues = Math.Clamp(k, 1, 1000) };
            var folder = parse.GetValue(outOption) ?? Path.Combine("runs",
                $"profile-{(spec.Instance is null ? Path.GetFileNameWithoutExtension(path.TrimEnd('/', '*')) : Core.Connectors.ConnectorAddress.SchemeOf(argument))}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

            var started = DateTimeOffset.UtcNow;
            var reportAnalyzers = new Engine.Analyze.Data.ReportAnalyzers();
            var (report, profileState) = await Profiler.ProfileWithStateAsync(source, path, options, engine, ct, reportAnalyzers.All);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, Profiler.FileName);
            Profiler.Write(report, file);
            if (parse.GetValue(state)) ProfileStateFile.Write(profileState, Path.Combine(folder, ProfileStateFile.FileName));
            if (parse.GetValue(stateFile) is { } stateOut)
            {
                var (rangeFile, unit, start, end) = Hosting.Running.RunStateCapture.Range(path, common.Partition(parse));
                Engine.Partitioned.RunStateFile.Write(new Engine.Partitioned.RunState([
                    Engine.Partitioned.PartitionCapture.ForProfile(rangeFile, unit, start, end, started, profileState)]), stateOut);
            }
            ProfileSummary.Print(report, Console.Out);
            var results = Engine.Document.RunReport.Complete(Engine.Document.RunReport.ForProfile(report, started, engine), report, reportAnalyzers.Collect(),
                Path.GetFileName(path.TrimEnd('/', '*')), folder);
            results = Hosting.Running.History.RunHistoryRecorder.Record(common.HistorySettings(parse), results, report, null, path);
            HistoryOutput.Print(results);
            ErrorOutput.Info($"pipeline: profile written to {Path.GetFullPath(file)}");
            ErrorOutput.Info($"pipeline: report {results.Report}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
