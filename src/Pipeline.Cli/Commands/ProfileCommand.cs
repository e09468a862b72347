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
        var level = new Option<string>("--level")
        {
            Description = "How much to compute: summary (what DuckDB's SUMMARIZE gives: fastest), standard (every column statistic, no duplicate rows or column pairs), full (everything; the default).",
            DefaultValueFactory = _ => "full",
        };
        level.AcceptOnlyFromAmong("summary", "standard", "full");
        var state = new Option<bool>("--state") { Description = "Also write profile.state, the mergeable state for `pipeline merge` (8 bytes per distinct row)." };
        var stateFile = new Option<string?>("--state-file") { Description = "Write the mergeable state as a run state to this file, with the partition it read (--row-groups, --byte-range): what `pipeline merge` and pipeline.dask combine." };
        var command = new Command("profile", "Profile every column in one pass: statistics, quantiles, top values, correlations, duplicates, alerts.") { input, outOption, sample, top, level, state, stateFile };
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
            var profileLevel = ProfileLevels.Parse(parse.GetValue(level) ?? "full");
            if (profileLevel != ProfileLevel.Full && (parse.GetValue(state) || parse.GetValue(stateFile) is not null))
                throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, "--state and --state-file need --level full (the mergeable state is the full profile's)");
            var sourceOptions = spec.Options;
            // Below the full level nothing reads text values one by one: a Parquet column stored with a small
            // dictionary comes as an Arrow dictionary, so its values are hashed and compared once per entry.
            if (profileLevel != ProfileLevel.Full) sourceOptions = sourceOptions with { DictionaryColumns = [SourceOptions.AllTextColumns] };
            ISource source = spec.Instance ?? FileFormats.OpenSource(path, sourceOptions);
            if (parse.GetValue(sample) is { } n)
            {
                if (n < 1) throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, "--sample must be at least 1");
                source = new RowLimitSource(source, n);
            }
            var options = new ProfileOptions { Level = profileLevel };
            if (parse.GetValue(top) is { } k) options = options with { TopValues = Math.Clamp(k, 1, 1000) };
            var folder = parse.GetValue(outOption) ?? Path.Combine("runs",
                $"profile-{(spec.Instance is null ? Path.GetFileNameWithoutExtension(path.TrimEnd('/', '*')) : Core.Connectors.ConnectorAddress.SchemeOf(argument))}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

            var started = DateTimeOffset.UtcNow;
            if (profileLevel == ProfileLevel.Summary)
            {
                // The summary writes profile.json and the terminal table only: no report, no history.
                var summary = await Profiler.SummarizeAsync(source, path, engine, ct);
                Directory.CreateDirectory(folder);
                var summaryFile = Path.Combine(folder, Profiler.FileName);
                Profiler.Write(summary, summaryFile);
                ProfileSummary.Print(summary, Console.Out);
                ErrorOutput.Info($"pipeline: profile written to {Path.GetFullPath(summaryFile)}");
                return ExitCodes.Ok;
            }
            var reportAnalyzers = new Engine.Analyze.Data.ReportAnalyzers();
            // The report's own analyzers (series, concentration, groups) run at the full level only.
            var (report, profileState) = await Profiler.ProfileWithStateAsync(source, path, options, engine, ct,
                profileLevel == ProfileLevel.Full ? reportAnalyzers.All : []);
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
