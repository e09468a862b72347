using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Cli.Tests;

/// <summary>The run history through the real CLI: daily loads recorded and listed, show, diff, prune, concurrent runs,
/// an unwritable history, drift in results.json, and the default file under the current folder.</summary>
public class CliHistoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipeline-cli-history-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string History => Path.Combine(_dir, "state", "history.duckdb");

    /// <summary>A daily file: id, amount ~ N(mean, 10), region.</summary>
    private string Daily(string day, double mean = 100, int rows = 2000)
    {
        var random = new Random(day.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var csv = new StringBuilder("id,amount,region\n");
        for (int i = 0; i < rows; i++)
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            csv.Append(i).Append(',').Append((mean + 10 * z).ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
               .Append(random.Next(3) switch { 0 => "north", 1 => "south", _ => "east" }).Append('\n');
        }
        var path = Path.Combine(_dir, $"sales_{day}.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private async Task<(CliProcess.Result Result, JsonObject Results)> Run(string day, params string[] extra)
    {
        var folder = Path.Combine(_dir, "runs", day + extra.Length);
        var result = await CliProcess.RunAsync(["run", Daily(day), "--out", folder, .. extra]);
        return (result, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!.AsObject());
    }

    private async Task<JsonArray> List(params string[] extra)
    {
        var result = await CliProcess.RunAsync(["history", "--history", History, "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonNode.Parse(result.StdoutText)!.AsArray();
    }

    [Fact]
    public async Task Daily_runs_are_listed_newest_first_and_show_diff_and_prune_work()
    {
        var ids = new List<string>();
        foreach (var day in new[] { "2024-03-01", "2024-03-02", "2024-03-03" })
        {
            var (result, results) = await Run(day, "--dataset", "sales", "--history", History);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal("sales", (string?)results["dataset"]);
            ids.Add((string)results["run_id"]!);
        }
        // Another dataset in the same file is not listed under sales.
        await CliProcess.RunAsync(["run", Daily("other"), "--out", Path.Combine(_dir, "runs", "other"), "--dataset", "other", "--history", History]);

        var runs = await List("--dataset", "sales");
        Assert.Equal(Enumerable.Reverse(ids), runs.Select(r => (string)r!["run_id"]!));
        Assert.All(runs, r => Assert.Equal(2000, (long)r!["rows_read"]!));
        Assert.Equal(4, (await List()).Count);

        var show = await CliProcess.RunAsync(["history", "show", ids[0], "--history", History, "--json"]);
        var shown = JsonNode.Parse(show.StdoutText)!.AsObject();
        Assert.Equal(["id", "amount", "region"], shown["columns"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(64, ((string)shown["inputs"]![0]!["sha256"]!).Length);
        Assert.Null(shown["inputs"]![0]!["fingerprint"]);

        var diff = await CliProcess.RunAsync(["history", "diff", ids[0], ids[2], "--history", History]);
        Assert.True(diff.ExitCode == 0, diff.Stderr);
        Assert.Contains("amount: mean ", diff.StdoutText);
        Assert.Contains("region: top_values ", diff.StdoutText);

        var prune = await CliProcess.RunAsync(["history", "prune", "--keep", "1", "--history", History]);
        Assert.True(prune.ExitCode == 0, prune.Stderr);
        Assert.Equal([ids[2]], (await List("--dataset", "sales")).Select(r => (string)r!["run_id"]!));
        var missing = await CliProcess.RunAsync(["history", "show", ids[0], "--history", History]);
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public async Task A_fingerprinted_input_is_recorded_as_a_fingerprint_not_a_sha256()
    {
        var (result, results) = await Run("2024-04-01", "--dataset", "sales", "--history", History, "--input-hash", "fingerprint");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var fingerprint = (string)results["inputs"]![0]!["fingerprint"]!;
        Assert.Null(results["inputs"]![0]!["sha256"]);
        var show = await CliProcess.RunAsync(["history", "show", (string)results["run_id"]!, "--history", History]);
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains($"fingerprint {fingerprint}", show.StdoutText);
        Assert.DoesNotContain("sha256", show.StdoutText);

        var bad = await CliProcess.RunAsync(["run", Daily("2024-04-02"), "--out", Path.Combine(_dir, "bad"), "--no-history", "--input-hash", "md5"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--input-hash: 'md5' must be one of auto, sha256, fingerprint, none", bad.Stderr);
    }

    [Fact]
    public async Task A_mean_shift_is_drift_in_results_json_and_the_dataset_comes_from_the_file_name()
    {
        var (_, first) = await Run("2024-03-01", "--history", History);
        Assert.Equal("sales", (string?)first["dataset"]);
        Assert.Empty(first["drift"]!.AsArray());
        var folder = Path.Combine(_dir, "runs", "shifted");
        var shifted = await CliProcess.RunAsync(["run", Daily("2024-03-02", mean: 110), "--out", folder, "--history", History]);
        Assert.True(shifted.ExitCode == 0, shifted.Stderr);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!.AsObject();
        var drift = results["drift"]!.AsArray();
        Assert.Equal(["amount psi", "amount ks"], drift.Select(d => $"{d!["column"]} {d["metric"]}"));
        Assert.All(drift, d => Assert.Equal((string)first["run_id"]!, (string)d!["baseline_run"]!));
        Assert.Equal("previous", (string?)results["baseline"]!["kind"]);
        Assert.Contains("drift: amount psi", shifted.Stderr);
    }

    [Fact]
    public async Task A_small_load_after_normal_ones_leads_the_insights_and_the_report_compares_with_earlier_runs()
    {
        foreach (var day in new[] { "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05", "2024-03-06" })
        {
            var (normal, normalResults) = await Run(day, "--history", History);
            Assert.True(normal.ExitCode == 0, normal.Stderr);
            Assert.Empty(normalResults["anomalies"]!.AsArray());
        }
        var folder = Path.Combine(_dir, "runs", "small");
        var small = await CliProcess.RunAsync(["run", Daily("2024-03-07", rows: 150), "--out", folder, "--history", History]);
        Assert.True(small.ExitCode == 0, small.Stderr);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!.AsObject();
        var anomaly = Assert.Single(results["anomalies"]!.AsArray())!;
        Assert.Equal(("row_count", 150.0), ((string)anomaly["metric"]!, (double)anomaly["value"]!));
        Assert.True((double)anomaly["expected_lower"]! > 1900);
        Assert.Contains("pipeline: anomaly: row_count 150 outside", small.Stderr);
        var first = results["insights"]![0]!;
        Assert.Equal(("anomaly", "high"), ((string)first["kind"]!, (string)first["severity"]!));
        Assert.StartsWith("This load has 150 rows", (string)first["title"]!);
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("<section id=\"history\"", html);
        Assert.Contains("Compared with earlier runs", html);
        Assert.Contains("compared with 6 earlier runs", html);
        Assert.Contains("<title>rows read over the last 7 runs</title>", html);
    }

    [Fact]
    public async Task Runs_killed_at_random_moments_leave_a_readable_history_of_whole_runs()
    {
        var input = Daily("2024-03-01", rows: 500);
        // How long a whole run takes here, so the kills land all over it, the history's append at its end included.
        var wall = TimeSpan.MaxValue;
        for (int i = 0; i < 2; i++)
        {
            // The faster of two whole runs: the first may pay for a cold cache.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var whole = await CliProcess.RunAsync(["run", input, "--out", Path.Combine(_dir, "runs", $"whole{i}"), "--history", History, "--dataset", "sales"]);
            Assert.True(whole.ExitCode == 0, whole.Stderr);
            if (clock.Elapsed < wall) wall = clock.Elapsed;
        }
        var random = new Random(15);
        int killed = 0;
        for (int i = 0; i < 12; i++)
        {
            // Mostly the last fifth of the run, where the history is written.
            var delay = wall * (i % 3 == 0 ? random.NextDouble() : 0.8 + 0.3 * random.NextDouble());
            if (await CliProcess.RunAndKillAsync(["run", input, "--out", Path.Combine(_dir, "runs", $"k{i}"), "--history", History, "--dataset", "sales"], delay)) killed++;
        }
        Assert.True(killed > 0, "no run was killed");
        var runs = await List("--dataset", "sales", "--limit", "100");
        Assert.InRange(runs.Count, 2, 14);
        foreach (var run in runs)
        {
            var show = await CliProcess.RunAsync(["history", "show", (string)run!["run_id"]!, "--history", History, "--json"]);
            Assert.True(show.ExitCode == 0, show.Stderr);
            // A run is there whole or not at all: every column of a recorded run came with it.
            Assert.Equal(3, JsonNode.Parse(show.StdoutText)!["columns"]!.AsArray().Count);
        }
        // And the file still takes runs.
        var after = await CliProcess.RunAsync(["run", input, "--out", Path.Combine(_dir, "runs", "after"), "--history", History, "--dataset", "sales"]);
        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Equal(runs.Count + 1, (await List("--dataset", "sales", "--limit", "100")).Count);
    }

    [Fact]
    public async Task Suggest_learns_ranges_and_sets_from_the_recorded_runs_of_the_dataset()
    {
        foreach (var day in new[] { "2024-03-01", "2024-03-02", "2024-03-03" })
            Assert.Equal(0, (await Run(day, "--history", History)).Result.ExitCode);
        // Today's file alone: a narrow range and two of the three regions.
        var today = Path.Combine(_dir, "sales_2024-03-04.csv");
        File.WriteAllText(today, "id,amount,region\n" + string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"{i},{(99.5 + i % 3 * 0.5).ToString(CultureInfo.InvariantCulture)},{(i % 2 == 0 ? "north" : "south")}\n")));
        var alone = await CliProcess.RunAsync(["suggest", today, "--no-history"]);
        Assert.Contains("in_set: ['north', 'south']", alone.StdoutText);
        var learned = await CliProcess.RunAsync(["suggest", today, "--history", History]);
        Assert.True(learned.ExitCode == 0, learned.Stderr);
        Assert.Contains("in_set: ['east', 'north', 'south']", learned.StdoutText);
        Assert.Contains("over this file and the last 3 runs", learned.StdoutText);
        Assert.Contains("and 3 recorded runs of sales", learned.Stderr);
        // The recorded days' amounts are N(100, 10) over 2,000 rows: the range reaches well past today's 99.5 to 100.5.
        var between = learned.StdoutText.Split('\n').First(l => l.Contains("amount_between", StringComparison.Ordinal));
        var bounds = between[(between.IndexOf("between: [", StringComparison.Ordinal) + 10)..between.IndexOf(']', StringComparison.Ordinal)].Split(',');
        Assert.True(double.Parse(bounds[0], CultureInfo.InvariantCulture) < 75 && double.Parse(bounds[1], CultureInfo.InvariantCulture) > 125, between);
    }

    [Fact]
    public async Task Two_concurrent_runs_on_one_history_are_both_recorded()
    {
        var a = CliProcess.RunAsync(["run", Daily("2024-03-01"), "--out", Path.Combine(_dir, "a"), "--history", History]);
        var b = CliProcess.RunAsync(["run", Daily("2024-03-02"), "--out", Path.Combine(_dir, "b"), "--history", History]);
        var results = await Task.WhenAll(a, b);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.Equal(2, (await List("--dataset", "sales")).Count);
    }

    [Fact]
    public async Task An_unwritable_history_is_a_warning_and_the_run_keeps_its_outcome()
    {
        // /proc refuses new folders even to root.
        var (result, results) = await Run("2024-03-01", "--history", "/proc/pipeline-history/history.duckdb");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ok", (string?)results["status"]);
        Assert.Contains(results["warnings"]!.AsArray(), w => ((string)w!).StartsWith("history: the run was not recorded", StringComparison.Ordinal));
        Assert.Contains("warning: history:", result.Stderr);
    }

    [Fact]
    public async Task No_history_records_nothing_and_the_default_file_is_under_the_current_folder()
    {
        var (_, off) = await Run("2024-03-01", "--no-history", "--history", History);
        Assert.Null(off["run_id"]);
        Assert.False(File.Exists(History));

        var work = Directory.CreateDirectory(Path.Combine(_dir, "work")).FullName;
        var result = await CliProcess.RunAsync(["run", Daily("2024-03-02"), "--out", Path.Combine(_dir, "runs", "default")],
            workingDirectory: work, environment: new Dictionary<string, string?> { ["PIPELINE_HISTORY"] = null });
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(File.Exists(Path.Combine(work, ".pipeline", "history.duckdb")));
    }
}
