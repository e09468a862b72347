using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline merge A/profile.json B/profile.json ...</c>: combines partition profiles through their
/// <c>profile.state</c> files into one <c>profile.json</c>.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("profiles") { Description = "profile.json files (or their folders) written with `pipeline profile --state`.", Arity = ArgumentArity.OneOrMore };
        var outOption = new Option<string?>("--out") { Description = "Folder for the merged profile.json and profile.state (default: runs/merge-<UTC time>)." };
        var command = new Command("merge", "Merge profiles of partitions (written with --state) into the profile of their union.") { inputs, outOption };
        command.SetAction(parse =>
        {
            var states = parse.GetValue(inputs)!.Select(StatePath).ToList();
            var folder = parse.GetValue(outOption) ?? Path.Combine("runs", $"merge-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            var report = Profiler.Merge(states);
            Directory.CreateDirectory(folder);
            Profiler.Write(report, Path.Combine(folder, Profiler.FileName));
            ProfileSummary.Print(report, Console.Out);
            ErrorOutput.Info($"pipeline: merged {states.Count} profiles into {Path.GetFullPath(Path.Combine(folder, Profiler.FileName))}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string StatePath(string argument)
    {
        if (Directory.Exists(argument)) return Path.Combine(argument, ProfileStateFile.FileName);
        if (argument.EndsWith(".state", StringComparison.Ordinal)) return argument;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(argument))!, ProfileStateFile.FileName);
    }
}
