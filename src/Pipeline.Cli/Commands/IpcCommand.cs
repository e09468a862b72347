using System.CommandLine;
using Pipeline.Cli.Terminal;
using Pipeline.Core.Errors;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline ipc --spec SPEC</c>: the Arrow IPC process protocol used by the Python client and by Spark/Ray tasks.
/// Reads an Arrow IPC stream on stdin, runs the spec's stages, writes the output batches as an (uncompressed)
/// Arrow IPC stream on stdout, and the results document, profile, profile state and rejected rows to the files
/// named by options. Stdout carries nothing but Arrow bytes; messages go to stderr.
/// </summary>
internal static class IpcCommand
{
    public static Command Create(CommonOptions common)
    {
        var spec = new Option<string>("--spec") { Description = "The spec (YAML or JSON; see docs/spec.md). Its source is standard input; 'source:' may be left out.", Required = true };
        var results = new Option<string?>("--results") { Description = "Write the results.json document to this file (default: not written; the exit code and stderr tell the outcome)." };
        var profile = new Option<string?>("--profile") { Description = "Profile the output rows and write profile.json to this file." };
        var stateOut = new Option<string?>("--state-out") { Description = "Profile the output rows and write the mergeable profile state to this file (combine partitions with `pipeline merge`)." };
        var quarantine = new Option<string?>("--quarantine") { Description = "Write rejected rows to this file (format from the extension; default: counted, not written)." };
        var runState = new Option<string?>("--state") { Description = "Write the run's mergeable state (rules, counts, and the profile when profiling) to this file; combine tasks with `pipeline merge`." };
        var partitionName = new Option<string?>("--partition-name") { Description = "Names this task's input in the state (merged states are ordered by it and must differ); default: a new unique name." };
        var command = new Command("ipc", "Arrow IPC process protocol: Arrow stream on stdin, the spec's stages, Arrow stream on stdout.")
        {
            spec, results, profile, stateOut, quarantine, common.AllowTruncated, runState, partitionName,
        };
        common.AddEngineOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            var specPath = parse.GetValue(spec)!;
            var parsed = SpecReader.ReadFile(specPath, defaultSource: new SourceSpec("-", new SourceOptions { Format = "arrows" }));
            if (parsed.Source.Path != "-")
                ErrorOutput.Info($"pipeline: ipc: reading standard input; the spec's source {parsed.Source.Path} is not read");
            if (parsed.Sinks.FirstOrDefault(s => s.Path == "-") is not null)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{specPath}: a sink writes to standard output ('-'), which pipeline ipc uses for its output stream");
            var profilePath = parse.GetValue(profile);
            var statePath = parse.GetValue(stateOut);
            var resultsPath = parse.GetValue(results);
            var job = await SpecRunner.RunAsync(new SpecRunRequest
            {
                Spec = parsed with
                {
                    // Columns (a projection) still apply to the stream; the path and format are fixed by the protocol.
                    Source = new SourceSpec("-", parsed.Source.Options with { Format = "arrows", AllowTruncated = parse.GetValue(common.AllowTruncated) }),
                    Sinks = [new SinkSpec("-", new SinkOptions { Format = "arrows" }), .. parsed.Sinks],
                    Options = common.Engine(parse, parsed.Options),
                    Profile = parsed.Profile || profilePath is not null || statePath is not null,
                },
                Command = "ipc",
                RejectsPath = parse.GetValue(quarantine),
                KeepState = parse.GetValue(runState) is not null,
            }, ct);
            if (job.State is { } captured)
                job = job with { State = captured with { File = "stdin:" + (parse.GetValue(partitionName) ?? Guid.NewGuid().ToString("N")) } };
            StateOutput.Write(job, parse.GetValue(runState));

            foreach (var file in new[] { resultsPath, profilePath, statePath })
                if (file is not null) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            var document = job.Results;
            if (job.Profile is { } report && profilePath is not null)
            {
                Profiler.Write(report, profilePath);
                document = document with { Profile = Path.GetFullPath(profilePath) };
            }
            if (job.ProfileState is { } state && statePath is not null) ProfileStateFile.Write(state, statePath);
            if (resultsPath is not null) ResultsJson.Write(document, resultsPath);

            if (job.Error is { } error) { ErrorOutput.Error(error); return ExitCodes.For(error); }
            ErrorOutput.Info($"pipeline: ipc: {document.Status}: {document.Rows.Read} rows read, {document.Rows.Written} written, " +
                             $"{document.Rows.Quarantined} quarantined in {document.DurationSeconds:0.###} s");
            return document.Status == "checks_failed" ? ExitCodes.ChecksFailed : ExitCodes.Ok;
        });
        return command;
    }
}
