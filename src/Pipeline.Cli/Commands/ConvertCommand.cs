using System.CommandLine;
using Pipeline.Cli.Terminal;
using Pipeline.Core.Options;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline convert INPUT OUTPUT</c>: any reader to any writer, streaming.</summary>
internal static class ConvertCommand
{
    public static Command Create(CommonOptions common)
    {
        var input = new Argument<string>("input") { Description = "Input file, folder, glob, or - for standard input." };
        var output = new Argument<string>("output") { Description = "Output file, or - for standard output (Arrow IPC stream unless --format says otherwise)." };
        var format = new Option<string?>("--format") { Description = "Output format: csv, parquet, arrow, arrows. Default: from the extension." };
        var rowGroup = new Option<int?>("--row-group-size") { Description = "Parquet rows per row group (default 1048576)." };
        var compression = new Option<string?>("--compression") { Description = "Parquet codec: snappy (default), zstd, gzip, none." };
        var rejects = new Option<string?>("--rejects") { Description = "Write rejected rows (with file, line and reason) to this Parquet file." };
        var failOnRejects = new Option<bool>("--fail-on-rejects") { Description = "Exit with code 1 when any row was rejected." };

        var command = new Command("convert", "Convert between CSV, JSON lines, Parquet and Arrow IPC.") { input, output, format, rowGroup, compression, rejects, failOnRejects };
        common.AddSourceOptions(command);
        common.AddEngineOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            var sink = new SinkOptions();
            if (parse.GetValue(format) is { } f) sink = sink with { Format = FileFormats.ByName(f).Name };
            if (parse.GetValue(rowGroup) is { } rg) sink = sink with { ParquetRowGroupSize = rg };
            if (parse.GetValue(compression) is { } c) sink = sink with { ParquetCompression = c };
            var spec = new PipelineSpec(
                Hosting.Connectors.Addresses.Source(parse.GetValue(input)!, common.Source(parse)),
                [Hosting.Connectors.Addresses.Sink(parse.GetValue(output)!, sink)],
                common.Engine(parse, new PipelineOptions().WithEnvironment()));

            await using var progress = ProgressDisplay.Start("convert");
            var job = await SpecRunner.RunAsync(new SpecRunRequest
            {
                Spec = spec, Command = "convert", RejectsPath = parse.GetValue(rejects), Progress = progress,
            }, ct);
            if (job.Error is { } error) { ErrorOutput.Error(error); return ExitCodes.For(error); }

            var rows = job.Results.Rows;
            if (rows.Quarantined > 0)
            {
                ErrorOutput.Info($"pipeline: warning: {rows.Quarantined} of {rows.Read} rows rejected" +
                                 (job.Results.Quarantine.File is { } file ? $" (written to {file})" : " (use --rejects FILE to keep them)"));
                foreach (var example in job.Results.Quarantine.Examples.Take(5)) ErrorOutput.Info("  " + example);
            }
            foreach (var restart in job.Results.Restarts) ErrorOutput.Info("pipeline: note: " + restart);
            return rows.Quarantined > 0 && parse.GetValue(failOnRejects) ? ExitCodes.ChecksFailed : ExitCodes.Ok;
        });
        return command;
    }
}
