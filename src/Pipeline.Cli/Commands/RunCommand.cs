using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline run SPEC.yaml</c> runs a spec; <c>pipeline run DATA</c> (a file, folder or glob that is not
/// <c>.yaml</c>/<c>.yml</c>) runs the default pipeline: profile, default checks, insights and report.</summary>
internal static class RunCommand
{
    public static Command Create(CommonOptions common)
    {
        var specArg = new Argument<string>("spec-or-data") { Description = "A pipeline spec (.yaml/.yml; see docs/spec.md), or a data file, folder or glob for the default pipeline." };
        var outOption = new Option<string?>("--out") { Description = "Run folder (default: runs/<spec or data name>-<UTC time> in the current folder)." };
        var resumeOption = new Option<bool>("--resume") { Description = "Reuse the steps an earlier (killed or failed) run into the same --out completed, where the spec, settings and inputs they depend on are unchanged." };
        var command = new Command("run", "Run a pipeline spec (read, check, write outputs, results.json), or the default pipeline over a data file: profile, checks, insights, report.html.") { specArg, outOption, resumeOption };
        common.AddEngineOptions(command);
        common.AddHistoryOptions(command);
        common.AddPartitionOptions(command);
        command.Options.Add(common.State);
        command.SetAction(async (parse, ct) =>
        {
            var specPath = parse.GetValue(specArg)!;
            var spec = DefaultSpec.IsSpecPath(specPath)
                ? SpecReader.ReadFile(specPath)
                : DefaultSpec.For(specPath, new Core.Options.PipelineOptions().WithEnvironment());
            spec = spec with { Options = common.Engine(parse, spec.Options) };
            if (common.Partition(parse) is { } partition) spec = spec with { Source = spec.Source with { Options = spec.Source.Options with { Partition = partition } } };
            bool resume = parse.GetValue(resumeOption);
            if (resume && parse.GetValue(outOption) is null)
            {
                ErrorOutput.Error(new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput, "--resume needs --out: the run folder of the run to resume"));
                return ExitCodes.BadInput;
            }
            var folder = parse.GetValue(outOption) ?? Path.Combine("runs",
                $"{(Hosting.Connectors.Addresses.IsUri(specPath) ? Core.Connectors.ConnectorAddress.SchemeOf(specPath) : Path.GetFileNameWithoutExtension(specPath.TrimEnd('/', '*')))}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

            await using var progress = ProgressDisplay.Start("run");
            var job = await SpecRunner.RunAsync(new SpecRunRequest
            {
                Spec = spec, RunFolder = folder, Progress = progress, Resume = resume, History = common.HistorySettings(parse, spec.History, spec.Baseline),
                KeepState = parse.GetValue(common.State) is not null,
            }, ct);
            StateOutput.Write(job, parse.GetValue(common.State));
            var results = job.Results;
            ErrorOutput.Info($"pipeline: run folder {Path.GetFullPath(folder)}");
            if (job.Error is { } error) { ErrorOutput.Error(error); return ExitCodes.For(error); }
            ErrorOutput.Info($"pipeline: {results.Status}: {results.Rows.Read} rows read, {results.Rows.Written} written, " +
                             $"{results.Rows.Quarantined} quarantined" +
                             (results.Rows.Deduplicated > 0 ? $", {results.Rows.Deduplicated} duplicates removed" : "") +
                             $" in {results.DurationSeconds:0.###} s");
            foreach (var example in results.Quarantine.Examples.Take(5)) ErrorOutput.Info("  " + example);
            foreach (var step in results.Steps)
                ErrorOutput.Info($"  step {step.Name}: {step.Status}, {step.RowsIn} rows in, {step.RowsOut} out" + (step.Note is { } note ? $" ({note})" : ""));
            if (results.Rules.Count > 0) RulesTable.Print(results.Rules);
            HistoryOutput.Print(results);
            if (results.Report is { } report) ErrorOutput.Info($"pipeline: report {report}");
            return results.Status == "checks_failed" ? ExitCodes.ChecksFailed : ExitCodes.Ok;
        });
        return command;
    }
}
