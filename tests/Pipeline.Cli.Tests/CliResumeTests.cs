using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>
/// <c>pipeline run --resume</c> after a crash: a multi-step spec over generated orders is killed with SIGKILL at
/// random moments and resumed, and every completed resume must give the uninterrupted run's outputs (row by row),
/// <c>results.json</c> (timings, step status and paths aside) and exit code. A changed input or step recomputes what
/// depends on it and reuses the rest.
/// </summary>
public class CliResumeTests
{
    // Rules on the first step (some rows quarantined, so the run ends checks_failed and the reused steps must carry
    // that), a left join with stores that have no region row, an aggregate with a quantile, and two sinks, the lines
    // sorted by order_id so that row order is part of the comparison.
    private const string Spec = """
        name: orders_resume
        sources:
          orders: ../data/orders.csv
          stores: {path: ../data/stores.csv}
        steps:
          - name: lines
            from: orders
            derive:
              unit_price: "case when quantity > 0 then amount / quantity else null end"
              week: "date_trunc('week', ordered_at)"
            filter: "amount > 0 and status != 'cancelled'"
            rules: [{name: amount_sane, column: amount, less_or_equal: 550}]
          - name: with_region
            from: lines
            join: {with: stores, on: {store_id: id}, how: left}
          - name: by_region
            from: with_region
            aggregate:
              by: [region, status]
              measures: {orders: "count(*)", revenue: "sum(amount)", avg_unit: "avg(unit_price)", p90_qty: "quantile(quantity, 0.9)"}
            sort: [region, status]
            sinks: [by_region.csv]
          - name: all_lines
            from: with_region
            select: [order_id, store_id, region, city, amount, quantity, unit_price, week, status]
            sort: [order_id]
            sinks: [lines.csv]
        """;

    private static readonly string[] Sinks = ["by_region.csv", "lines.csv"];

    [Fact]
    public async Task A_run_killed_at_20_random_moments_resumes_to_the_uninterrupted_runs_outputs_and_results()
    {
        using var dir = new TempDirectory();
        WriteData(dir.Path, orders: 100_000, seed: 20240607);
        var a = WriteSpec(dir.Path, "a", Spec);
        var b = WriteSpec(dir.Path, "b", Spec);

        var clock = Stopwatch.StartNew();
        var expected = await Run(a);
        var wall = clock.Elapsed;
        Assert.True(expected.ExitCode == 1, $"the rule quarantines rows, so the run ends checks_failed: exit {expected.ExitCode}: {expected.Stderr}");
        var expectedResults = Normalised(a);

        var random = new Random(4242);
        int reused = 0, killed = 0;
        for (int i = 0; i < 20; i++)
        {
            // Each iteration starts from an empty folder, so every kill lands in a run with work left to do.
            Wipe(b);
            var delay = wall * random.NextDouble();
            // The very first start is a plain run; the others use --resume, which on an empty folder must run everything.
            if (await CliProcess.RunAndKillAsync(RunArgs(b, resume: i > 0), delay)) killed++;
            if (random.Next(4) == 0)
            {
                // A resume killed in turn: what it had reused or half-written must not spoil the next one.
                if (await CliProcess.RunAndKillAsync(RunArgs(b, resume: true), wall * random.NextDouble())) killed++;
            }
            var resumed = await Run(b, resume: true);
            string context = $"iteration {i} (killed after {delay.TotalMilliseconds:0} ms)";
            Assert.True(resumed.ExitCode == expected.ExitCode, $"{context}: exit {resumed.ExitCode}, expected {expected.ExitCode}: {resumed.Stderr}");
            foreach (var sink in Sinks) AssertSameRows(Path.Combine(a, sink), Path.Combine(b, sink), context);
            Assert.Equal(expectedResults, Normalised(b));
            var statuses = StepStatuses(b);
            Assert.All(statuses, s => Assert.Contains(s, new[] { "done", "reused" }));
            if (statuses.Contains("reused")) reused++;
            AssertNoLeftovers(b, context);
        }
        // Without a reused step the test would pass by recomputing everything; without a kill it would test nothing.
        Assert.True(reused > 0, "no resume reused a step");
        Assert.True(killed >= 10, $"only {killed} starts were killed before they ended");
    }

    [Fact]
    public async Task A_changed_input_or_step_recomputes_what_depends_on_it_and_reuses_the_rest()
    {
        using var dir = new TempDirectory();
        WriteData(dir.Path, orders: 3_000, seed: 7);
        var b = WriteSpec(dir.Path, "b", Spec);
        var fresh = WriteSpec(dir.Path, "fresh", Spec);
        Assert.Equal(1, (await Run(b)).ExitCode);

        // Nothing changed: everything is reused.
        Assert.Equal(1, (await Run(b, resume: true)).ExitCode);
        Assert.Equal(["reused", "reused", "reused", "reused"], StepStatuses(b));

        // A store more: the first step reads only the orders and is reused; the join and all after it recompute.
        File.AppendAllText(Path.Combine(dir.Path, "data", "stores.csv"), "16,west,city16\n");
        await AssertResumeMatchesFreshRun(b, fresh, ["reused", "done", "done", "done"]);
        Assert.Contains("its input 'stores' changed", Notes(b)["with_region"]);
        Assert.Contains("its input 'with_region' changed", Notes(b)["by_region"]);

        // An order more: everything reads the orders.
        File.AppendAllText(Path.Combine(dir.Path, "data", "orders.csv"), "999999,16,12.5,2,shipped,2024-03-01 10:00:00\n");
        await AssertResumeMatchesFreshRun(b, fresh, ["done", "done", "done", "done"]);
        Assert.Contains("its input 'orders' changed", Notes(b)["lines"]);

        // What a run killed while writing results.json or a manifest leaves: temporaries of a process that is gone.
        // The writes of the same files by the resume remove them.
        int dead = DeadProcessId();
        string[] stale =
        [
            Path.Combine(b, "run", $".results.json.{dead}.{Guid.NewGuid():N}.tmp"),
            Path.Combine(b, "run", "steps", "by_region", $".manifest.json.{dead}.{Guid.NewGuid():N}.tmp"),
            Path.Combine(b, "run", "steps", "by_region", $".results.json.{dead}.{Guid.NewGuid():N}.tmp"),
        ];
        foreach (var path in stale) File.WriteAllText(path, "{\"half\":");

        // One later step edited: it recomputes; the steps before it and the one beside it (which does not read it) are reused.
        var edited = Spec.Replace("p90_qty: \"quantile(quantity, 0.9)\"", "p50_qty: \"quantile(quantity, 0.5)\"", StringComparison.Ordinal);
        Assert.NotEqual(Spec, edited);
        WriteSpec(dir.Path, "b", edited);
        WriteSpec(dir.Path, "fresh", edited);
        await AssertResumeMatchesFreshRun(b, fresh, ["reused", "reused", "done", "reused"]);
        Assert.Equal("recomputed: the step's definition changed", Notes(b)["by_region"]);
        Assert.Contains("p50_qty", File.ReadLines(Path.Combine(b, "by_region.csv")).First());
        AssertNoLeftovers(b, "after the edited step");

        // Editing the step the others read recomputes it and both steps after it.
        var joinEdited = edited.Replace("how: left}", "how: inner}", StringComparison.Ordinal);
        Assert.NotEqual(edited, joinEdited);
        WriteSpec(dir.Path, "b", joinEdited);
        WriteSpec(dir.Path, "fresh", joinEdited);
        await AssertResumeMatchesFreshRun(b, fresh, ["reused", "done", "done", "done"]);
    }

    /// <summary>Resumes in <paramref name="b"/>, runs the same spec afresh in <paramref name="fresh"/>, and checks
    /// the step statuses of the resume and that both runs agree.</summary>
    private static async Task AssertResumeMatchesFreshRun(string b, string fresh, string[] statuses)
    {
        var resumed = await Run(b, resume: true);
        Wipe(fresh);
        var expected = await Run(fresh);
        Assert.True(resumed.ExitCode == expected.ExitCode, $"exit {resumed.ExitCode}, expected {expected.ExitCode}: {resumed.Stderr}");
        Assert.Equal(statuses, StepStatuses(b));
        Assert.Equal(["done", "done", "done", "done"], StepStatuses(fresh));
        foreach (var sink in Sinks) AssertSameRows(Path.Combine(fresh, sink), Path.Combine(b, sink), string.Join(",", statuses));
        Assert.Equal(Normalised(fresh), Normalised(b));
    }

    /// <summary>The id of a process that has ended (a killed run's, as far as its temporaries can tell).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static string[] RunArgs(string folder, bool resume)
        => resume ? ["run", Path.Combine(folder, "spec.yaml"), "--out", Path.Combine(folder, "run"), "--resume"]
            : ["run", Path.Combine(folder, "spec.yaml"), "--out", Path.Combine(folder, "run")];

    private static Task<CliProcess.Result> Run(string folder, bool resume = false) => CliProcess.RunAsync(RunArgs(folder, resume));

    /// <summary>Removes a spec folder's run folder and sinks (the spec stays).</summary>
    private static void Wipe(string folder)
    {
        if (Directory.Exists(Path.Combine(folder, "run"))) Directory.Delete(Path.Combine(folder, "run"), recursive: true);
        foreach (var file in Directory.GetFiles(folder).Where(f => Path.GetFileName(f) != "spec.yaml")) File.Delete(file);
    }

    /// <summary>A spec in its own folder (sinks are written beside the spec), reading the shared data folder.</summary>
    private static string WriteSpec(string root, string name, string spec)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "spec.yaml"), spec);
        return folder;
    }

    private static void WriteData(string root, int orders, int seed)
    {
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        var random = new Random(seed);
        string[] statuses = ["shipped", "cancelled", "pending", "returned"];
        using (var writer = new StreamWriter(Path.Combine(data, "orders.csv"), false, new UTF8Encoding(false)))
        {
            writer.Write("order_id,store_id,amount,quantity,status,ordered_at\n");
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            for (int i = 1; i <= orders; i++)
            {
                var ordered = start.AddMinutes(random.Next(0, 500_000));
                // Whole cents, some negative (filtered out) and some above the rule's limit (quarantined); store ids
                // 13 to 15 have no stores row (the left join keeps them without a region).
                var amount = (random.Next(-500, 60_000) / 100.0).ToString(CultureInfo.InvariantCulture);
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{i},{random.Next(1, 16)},{amount},{random.Next(0, 6)},{statuses[random.Next(statuses.Length)]},{ordered:yyyy-MM-dd HH:mm:ss}\n"));
            }
        }
        string[] regions = ["north", "south", "east"];
        var stores = new StringBuilder("id,region,city\n");
        for (int i = 1; i <= 12; i++) stores.Append(CultureInfo.InvariantCulture, $"{i},{regions[i % 3]},city{i}\n");
        File.WriteAllText(Path.Combine(data, "stores.csv"), stores.ToString());
    }

    private static void AssertSameRows(string expected, string actual, string context)
    {
        Assert.True(File.Exists(actual), $"{context}: {actual} is missing");
        var want = File.ReadAllLines(expected);
        var got = File.ReadAllLines(actual);
        for (int r = 0; r < Math.Min(want.Length, got.Length); r++)
            if (want[r] != got[r]) Assert.Fail($"{context}: {Path.GetFileName(actual)} line {r + 1}: '{got[r]}', expected '{want[r]}'");
        Assert.True(want.Length == got.Length, $"{context}: {Path.GetFileName(actual)} has {got.Length} lines, expected {want.Length}");
        Assert.True(want.Length > 1, $"{expected} holds no rows: the comparison would prove nothing");
    }

    /// <summary>No temporary file, half-written intermediate or lock is left once a resume completed.</summary>
    private static void AssertNoLeftovers(string folder, string context)
    {
        var left = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || Path.GetFileName(f) is "validated.arrow" or ".pipeline.lock")
            .ToList();
        Assert.True(left.Count == 0, $"{context}: left behind: {string.Join(", ", left)}");
    }

    private static JsonObject Results(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "run", "results.json")))!.AsObject();

    private static string[] StepStatuses(string folder)
        => [.. Results(folder)["steps"]!.AsArray().Select(s => (string)s!["status"]!)];

    private static Dictionary<string, string> Notes(string folder)
        => Results(folder)["steps"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => (string?)s!["note"] ?? "");

    /// <summary>
    /// <c>results.json</c> as text without what may differ between two correct runs: when they ran and how long
    /// they took, whether a step was computed or reused (and the note saying why), and the run's own folder (paths
    /// under it are kept, relative to it, so a path to the wrong folder still shows).
    /// </summary>
    private static string Normalised(string folder)
    {
        var results = Results(folder);
        Strip(results, ["started_at", "finished_at", "duration_seconds", "seconds", "note"]);
        foreach (var step in results["steps"]!.AsArray()) step!.AsObject().Remove("status");
        return results.ToJsonString().Replace(JsonValue.Create(folder + "/").ToJsonString().Trim('"'), "<folder>/", StringComparison.Ordinal);
    }

    private static void Strip(JsonNode? node, string[] keys)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in keys) o.Remove(key);
                foreach (var (_, value) in o) Strip(value, keys);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item, keys);
                break;
        }
    }
}
