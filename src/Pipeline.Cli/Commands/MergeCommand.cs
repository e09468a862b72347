using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Terminal;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Partitioned;
using Pipeline.Engine.Results;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline merge STATE...</c>: combines the mergeable states of partitions (run states written with
/// <c>--state FILE</c>, <c>profile.state</c> files, or the profile.json folders holding them) into the results.json and
/// profile.json one run over their union would have written, and the merged state (<c>merged.state</c>) for further
/// merges. Any order and any grouping of merges gives the same result (docs/distributed.md).</summary>
internal static class MergeCommand
{
    /// <summary>The merged state's file name in the output folder.</summary>
    public const string StateFileName = "merged.state";

    public static Command Create()
    {
        var inputs = new Argument<string[]>("states") { Description = "Run states (--state FILE), profile.state files, or profile.json files or folders written with `pipeline profile --state`.", Arity = ArgumentArity.OneOrMore };
        var outOption = new Option<string?>("--out") { Description = "Folder for merged.state, results.json (run states) and profile.json (default: runs/merge-<UTC time>)." };
        var stateOnly = new Option<bool>("--state-only") { Description = "Write only merged.state (an inner node of a merge tree): no results.json or profile.json." };
        var command = new Command("merge", "Merge the states of partitions (written with --state) into the results and profile of their union.") { inputs, outOption, stateOnly };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(inputs)!.Select(StatePath).ToList();
            var folder = parse.GetValue(outOption) ?? Path.Combine("runs", $"merge-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            var merged = RunStateFile.Read(paths[0], 0);
            for (int i = 1; i < paths.Count; i++) merged = RunState.Merge(merged, RunStateFile.Read(paths[i], i), paths[0], paths[i]);
            Directory.CreateDirectory(folder);
            RunStateFile.Write(merged, Path.Combine(folder, StateFileName));
            if (parse.GetValue(stateOnly))
            {
                ErrorOutput.Info($"pipeline: merged {merged.Partitions.Count} partitions into {Path.GetFullPath(Path.Combine(folder, StateFileName))}");
                return ExitCodes.Ok;
            }
            var run = MergedRun.Finish(merged, string.Join(", ", paths));
            if (run.Profile is { } profile)
            {
                Profiler.Write(profile, Path.Combine(folder, Profiler.FileName));
                ProfileSummary.Print(profile, Console.Out);
            }
            if (run.Results is { } results)
            {
                if (run.Profile is not null) results = results with { Profile = Path.GetFullPath(Path.Combine(folder, Profiler.FileName)) };
                ResultsJson.Write(results, Path.Combine(folder, "results.json"));
                if (results.Rules.Count > 0) RulesTable.Print(results.Rules);
                ErrorOutput.Info($"pipeline: {results.Status}: {results.Rows.Read} rows read = {results.Rows.Passed} passed + {results.Rows.Quarantined} quarantined + {results.Rows.Dropped} dropped");
            }
            ErrorOutput.Info($"pipeline: merged {merged.Partitions.Count} partitions ({merged.Rows:N0} rows) into {Path.GetFullPath(folder)}");
            return run.Results?.Status == "checks_failed" ? ExitCodes.ChecksFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static string StatePath(string argument)
    {
        if (Directory.Exists(argument))
            return File.Exists(Path.Combine(argument, StateFileName)) ? Path.Combine(argument, StateFileName) : Path.Combine(argument, ProfileStateFile.FileName);
        if (argument.EndsWith(".json", StringComparison.Ordinal))
            return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(argument))!, ProfileStateFile.FileName);
        return argument;
    }
}
