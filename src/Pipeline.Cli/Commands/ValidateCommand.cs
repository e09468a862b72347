using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Core.Options;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.Engine.Validate.Parsing;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline validate INPUT --rules RULES.yaml</c>: checks rules, writes a run folder, exits 1 when an
/// error-severity rule fails.</summary>
internal static class ValidateCommand
{
    public static Command Create(CommonOptions common)
    {
        var inputArg = new Argument<string>("input") { Description = "File, folder, glob or - (stdin)." };
        var rulesOption = new Option<string>("--rules") { Description = "Rules file (YAML); see docs/spec.md.", Required = true };
        var outOption = new Option<string?>("--out") { Description = "Run folder (default: runs/validate-<UTC time>)." };
        var command = new Command("validate", "Check data against rules: results.json, quarantine.parquet, a rules table; exit 1 when an error rule fails.")
            { inputArg, rulesOption, outOption };
        common.AddSourceOptions(command);
        common.AddEngineOptions(command);
        common.AddHistoryOptions(command);
        common.AddPartitionOptions(command);
        command.Options.Add(common.State);
        command.SetAction(async (parse, ct) =>
        {
            var rules = RulesReader.ReadFile(parse.GetValue(rulesOption)!);
            var spec = new PipelineSpec(Hosting.Connectors.Addresses.Source(parse.GetValue(inputArg)!, common.Source(parse)), [],
                common.Engine(parse, new PipelineOptions().WithEnvironment())) { Rules = rules };
            var folder = parse.GetValue(outOption) ?? Path.Combine("runs",
                $"validate-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = folder, Command = "validate", History = common.HistorySettings(parse, spec.History, spec.Baseline), KeepState = parse.GetValue(common.State) is not null }, ct);
            StateOutput.Write(job, parse.GetValue(common.State));
            ErrorOutput.Info($"pipeline: run folder {Path.GetFullPath(folder)}");
            if (job.Error is { } error) { ErrorOutput.Error(error); return ExitCodes.For(error); }
            var r = job.Results;
            RulesTable.Print(r.Rules);
            HistoryOutput.Print(r);
            ErrorOutput.Info($"pipeline: {r.Status}: {r.Rows.Read} rows read = {r.Rows.Passed} passed + {r.Rows.Quarantined} quarantined + {r.Rows.Dropped} dropped");
            return r.Status == "checks_failed" ? ExitCodes.ChecksFailed : ExitCodes.Ok;
        });
        return command;
    }
}
