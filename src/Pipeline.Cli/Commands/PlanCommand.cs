using System.CommandLine;
using System.Text.Json;
using Pipeline.Cli.Terminal;
using Pipeline.IO.Partitions;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline plan INPUT --partitions N [--json]</c>: balanced partition descriptors (file, range, estimated
/// rows and bytes) for a partitioned run on a cluster (docs/distributed.md).</summary>
internal static class PlanCommand
{
    public static Command Create(CommonOptions common)
    {
        var input = new Argument<string>("input") { Description = "Input file, folder or glob." };
        var partitions = new Option<int>("--partitions") { Description = "How many partitions to aim for (default 4); files share them by size.", DefaultValueFactory = _ => 4 };
        var json = new Option<bool>("--json") { Description = "Print the descriptors as a JSON array (for a driver program) instead of a table." };
        var command = new Command("plan", "Split an input into balanced partitions (--row-groups for Parquet, --byte-range for CSV and JSON lines) for a distributed run.") { input, partitions, json };
        command.Options.Add(common.InputFormat);
        command.SetAction(parse =>
        {
            var format = parse.GetValue(common.InputFormat);
            var plan = PartitionPlanner.Plan(parse.GetValue(input)!, parse.GetValue(partitions), new IO.Formats.SourceOptions { Format = format });
            if (parse.GetValue(json))
            {
                var rows = plan.Select(p => new
                {
                    file = Path.GetFullPath(p.File), format = p.Format,
                    unit = p.Partition is null ? "whole" : p.Partition.Unit == PartitionUnit.RowGroups ? "row_groups" : "bytes",
                    start = p.Partition?.Start ?? 0, end = p.Partition?.End,
                    args = p.Arguments, estimated_rows = p.EstimatedRows, estimated_bytes = p.EstimatedBytes,
                });
                Console.Out.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"{"file",-50} {"range",-28} {"rows (est.)",14} {"bytes (est.)",16}");
            foreach (var p in plan)
                Console.Out.WriteLine($"{p.File,-50} {(p.Partition?.ToString() ?? "(whole file)"),-28} {p.EstimatedRows,14:N0} {p.EstimatedBytes,16:N0}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
