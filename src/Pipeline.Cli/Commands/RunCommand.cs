using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Engine.Running;
using Pipeline.Engine.Specs;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline run SPEC.yaml</c>: runs a spec and writes a run folder.</summary>
internal static class RunCommand
{
    public static Command Create(CommonOptions common)
    {
        var specArg = new Argument<string>("spec") { Description = "The pipeline spec (YAML); see docs/spec.md." };
        var outOption = new Option<string?>("--out") { Description = "Run folder (default: runs/<spec name>-<UTC time> in the current folder)." };
        var command = new Command("run", "Run a pipeline spec: read, quarantine bad rows, write outputs, record results.json.") { specArg, outOption };
        common.AddEngineOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            var specPath = parse.GetValue(specArg)!;
            var spec = SpecReader.ReadFile(specPath);
            spec = spec with { Options = common.Engine(parse, spec.Options) };
            var folder = parse.GetValue(outOption) ?? Path.Combine("runs",
                $"{Path.GetFileNameWithoutExtension(specPath)}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

            await using var progress = ProgressDisplay.Start("run");
            var job = await PipelineJob.RunAsync(new JobRequest { Spec = spec, RunFolder = folder, Progress = progress }, ct);
            var results = job.Results;
            ErrorOutput.Info($"pipeline: run folder {Path.GetFullPath(folder)}");
            if (job.Error is { } error) { ErrorOutput.Error(error); return ExitCodes.For(error); }
            ErrorOutput.Info($"pipeline: {results.Status}: {results.Rows.Read} rows read, {results.Rows.Written} written, " +
                             $"{results.Rows.Quarantined} quarantined" +
                             (results.Rows.Deduplicated > 0 ? $", {results.Rows.Deduplicated} duplicates removed" : "") +
                             $" in {results.DurationSeconds:0.###} s");
            foreach (var example in results.Quarantine.Examples.Take(5)) ErrorOutput.Info("  " + example);
            if (results.Rules.Count > 0) RulesTable.Print(results.Rules);
            return results.Status == "checks_failed" ? ExitCodes.ChecksFailed : ExitCodes.Ok;
        });
        return command;
    }
}
