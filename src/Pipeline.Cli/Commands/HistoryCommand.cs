using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Cli.Terminal;
using Pipeline.Core.Errors;
using Pipeline.Core.History;
using Pipeline.Databases.History;
using Pipeline.Engine.Learn.History;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running.History;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline history</c>: lists recorded runs; <c>show</c>, <c>diff</c> and <c>prune</c> below it
/// (docs/history.md). Data (tables, JSON) goes to stdout.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var path = new Option<string?>("--history") { Description = "History file (default: $PIPELINE_HISTORY, else .pipeline/history.duckdb in the current folder).", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table.", Recursive = true };
        var dataset = new Option<string?>("--dataset") { Description = "Only runs of this dataset." };
        var limit = new Option<int>("--limit") { Description = "Most runs listed (default 50).", DefaultValueFactory = _ => 50 };
        var command = new Command("history", "List the runs recorded in the run history, newest first.") { path, json, dataset, limit };
        command.SetAction(parse =>
        {
            var runs = Store(parse, path).List(parse.GetValue(dataset), Math.Max(1, parse.GetValue(limit)));
            if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(runs.Select(Summary), ResultsJson.Options));
            else PrintRuns(runs);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(Show(path, json));
        command.Subcommands.Add(Diff(path, json));
        command.Subcommands.Add(Prune(path));
        return command;
    }

    private static Command Show(Option<string?> path, Option<bool> json)
    {
        var id = new Argument<string>("run-id") { Description = "A run id (or an unambiguous start of one)." };
        var command = new Command("show", "Show one recorded run: inputs, counts and per-column metrics.") { id };
        command.SetAction(parse =>
        {
            var run = Find(Store(parse, path), parse.GetValue(id)!);
            if (parse.GetValue(json)) { Console.Out.WriteLine(JsonSerializer.Serialize(run, ResultsJson.Options)); return ExitCodes.Ok; }
            PrintRuns([run]);
            foreach (var input in run.Inputs) Console.Out.WriteLine($"input  {input.Path}  {input.Bytes} bytes  " +
                    (input.Sha256 is { } sha ? $"sha256 {sha}" : input.Fingerprint is { } f ? $"fingerprint {f}" : "not hashed"));
            foreach (var c in run.Columns)
                Console.Out.WriteLine(
                    FormattableString.Invariant($"column {c.Name} ({c.Type}): nulls {c.NullFraction:0.####}, distinct {c.DistinctEstimate}, min {c.Min}, max {c.Max}") +
                    (c.Mean is { } m ? FormattableString.Invariant($", mean {m:0.####}, stddev {c.Stddev:0.####}") : "") +
                    (c.TopValues.Count > 0 ? $", top {string.Join(", ", c.TopValues.Take(3).Select(t => $"{t.Value} ({t.Count})"))}" : ""));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Diff(Option<string?> path, Option<bool> json)
    {
        var a = new Argument<string>("run-a") { Description = "The earlier run." };
        var b = new Argument<string>("run-b") { Description = "The later run." };
        var command = new Command("diff", "Print per column what changed between two recorded runs.") { a, b };
        command.SetAction(parse =>
        {
            var store = Store(parse, path);
            var changes = RunDiff.Compare(Find(store, parse.GetValue(a)!), Find(store, parse.GetValue(b)!));
            if (parse.GetValue(json)) { Console.Out.WriteLine(JsonSerializer.Serialize(changes, ResultsJson.Options)); return ExitCodes.Ok; }
            if (changes.Count == 0) Console.Out.WriteLine("no column changed");
            foreach (var c in changes)
                Console.Out.WriteLine(c.Before is null && c.Metric is "psi" or "js_distance"
                    ? $"{c.Column}: {c.Metric} {c.After}"
                    : $"{c.Column}: {c.Metric} {c.Before ?? "-"} -> {c.After ?? "-"}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Prune(Option<string?> path)
    {
        var keep = new Option<int?>("--keep") { Description = "Keep the newest N runs of each dataset." };
        var olderThan = new Option<string?>("--older-than") { Description = "Delete runs started longer ago than this: 90d, 12h, 2w." };
        var command = new Command("prune", "Delete old runs from the run history.") { keep, olderThan };
        command.SetAction(parse =>
        {
            int? k = parse.GetValue(keep);
            var age = parse.GetValue(olderThan);
            if (k is null && age is null) throw new PipelineException(PipelineErrorKind.InvalidInput, "history prune needs --keep N or --older-than AGE (e.g. 90d)");
            if (k < 0) throw new PipelineException(PipelineErrorKind.InvalidInput, "--keep must be 0 or more");
            DateTimeOffset? before = age is null ? null : DateTimeOffset.UtcNow - ParseAge(age);
            int deleted = Store(parse, path).Prune(k, before);
            ErrorOutput.Info($"pipeline: {deleted} run(s) deleted from the history");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static DuckDbRunHistory Store(ParseResult parse, Option<string?> path)
        => HistoryLocation.Resolve(noHistory: false, parse.GetValue(path)) is { } file
            ? new DuckDbRunHistory(file)
            : throw new PipelineException(PipelineErrorKind.InvalidInput, $"history is off ({HistoryLocation.EnvironmentVariable}); name the file with --history PATH");

    private static RunRecord Find(DuckDbRunHistory store, string id)
        => store.Find(id) ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"history {store.FilePath}: no run '{id}'");

    private static object Summary(RunRecord r) => new
    {
        r.RunId, r.Dataset, r.Command, r.Status, r.StartedAt, r.FinishedAt, Seconds = r.DurationSeconds,
        r.RowsRead, r.RowsWritten, r.RowsQuarantined,
    };

    private static void PrintRuns(IReadOnlyList<RunRecord> runs)
    {
        if (runs.Count == 0) { ErrorOutput.Info("pipeline: no runs recorded"); return; }
        Console.Out.WriteLine($"{"RUN ID",-32}  {"DATASET",-20}  {"STARTED (UTC)",-19}  {"STATUS",-13}  {"ROWS",12}  {"SECONDS",8}");
        foreach (var r in runs)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.RunId,-32}  {r.Dataset,-20}  {r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {r.Status,-13}  {r.RowsRead,12}  {r.DurationSeconds,8:0.###}"));
    }

    private static TimeSpan ParseAge(string text)
    {
        var t = text.Trim();
        if (t.Length >= 2 && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            switch (char.ToLowerInvariant(t[^1]))
            {
                case 'd': return TimeSpan.FromDays(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'w': return TimeSpan.FromDays(7 * n);
                case 'm': return TimeSpan.FromMinutes(n);
            }
        }
        throw new PipelineException(PipelineErrorKind.InvalidInput, $"--older-than: '{text}' must be a number with d, h, w or m (e.g. 90d)");
    }
}
