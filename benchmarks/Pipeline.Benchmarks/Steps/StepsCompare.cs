using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;

namespace Pipeline.Benchmarks.Steps;

/// <summary>
/// <c>steps-compare PARQUET [RUNS] [MEMORY_LIMIT]</c> (issue 14): two step pipelines against DuckDB's equivalent SQL on the
/// benchmark Parquet file, alternating run by run in one process. (1) derive + filter + aggregate: revenue = amount *
/// quantity, rows of active customers above 100, grouped by category with count, sum, avg, min and max. (2) a join of
/// every row with a 1,000,000-row customer dimension (written once next to the data with DuckDB), grouped by the
/// dimension's segment. Both engines get the same memory limit (default: Pipeline's default; pass e.g. 256MiB) and
/// all cores; results are compared group by group. An optional fifth argument sets Pipeline's <c>input_hash</c>
/// (default: the engine's default, <c>auto</c>), e.g. <c>sha256</c> to time the full audit hash of the input.
/// </summary>
public static class StepsCompare
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs both cases and prints a Markdown section for RESULTS.md.</summary>
    public static async Task<int> RunAsync(string parquet, int runs, string? memoryLimit, TextWriter output, string? inputHash = null)
    {
        var hash = inputHash is null ? (Core.Options.InputHashPolicy?)null
            : Core.Options.InputHashPolicyNames.Parse(inputHash) ?? throw new ArgumentException($"input hash '{inputHash}': one of {string.Join(", ", Core.Options.InputHashPolicyNames.All)}");
        parquet = Path.GetFullPath(parquet);
        var folder = Path.GetDirectoryName(parquet)!;
        var dimension = Path.Combine(folder, "customers_1000000.parquet");
        if (!File.Exists(dimension)) WriteDimension(dimension);
        var work = Directory.CreateTempSubdirectory("steps-compare-").FullName;
        try
        {
            output.WriteLine($"## Steps vs DuckDB: derive + filter + aggregate, and a join with a 1M-row dimension ({DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", Inv)} UTC)");
            output.WriteLine();
            output.WriteLine($"- Data: {Path.GetFileName(parquet)} ({new FileInfo(parquet).Length:N0} B), {Path.GetFileName(dimension)}; machine: {Environment.ProcessorCount} cores (load average {File.ReadAllText("/proc/loadavg").Trim()})");
            output.WriteLine($"- Memory limit: {memoryLimit ?? "Pipeline's default / DuckDB's default"}; DuckDB threads = {Environment.ProcessorCount}. Pipeline: `SpecRunner.RunAsync` on a spec with steps (what `pipeline run` does, run folder and results.json included), input_hash {inputHash ?? "auto (default)"}. Timing: wall clock, 1 warm-up + {runs} runs each, alternating.");
            output.WriteLine();
            output.WriteLine("| case | engine | runs (s) | best (s) | median ratio DuckDB / Pipeline |");
            output.WriteLine("|---|---|---|---|---|");
            int failures = 0;
            failures += await CaseAsync("derive + filter + aggregate", AggregateSpec(parquet), AggregateSql(parquet), runs, memoryLimit, hash, work, output).ConfigureAwait(false);
            failures += await CaseAsync("join 10M × 1M + aggregate", JoinSpec(parquet, dimension), JoinSql(parquet, dimension), runs, memoryLimit, hash, work, output).ConfigureAwait(false);
            output.WriteLine();
            output.WriteLine($"Process peak working set after both: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB.");
            return failures;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string AggregateSpec(string parquet) => $$"""
        sources: {bench: "{{parquet}}"}
        steps:
          - name: by_category
            derive: {revenue: "amount * quantity"}
            filter: "active and amount > 100"
            aggregate:
              by: [category]
              measures: {orders: "count(*)", revenue: "sum(revenue)", avg_amount: "avg(amount)", low: "min(amount)", high: "max(amount)"}
            sort: [category]
            sinks: [out.parquet]
        """;

    private static string AggregateSql(string parquet) => $"""
        SELECT category, count(*), sum(amount * quantity), avg(amount), min(amount), max(amount)
        FROM read_parquet('{parquet}') WHERE active AND amount > 100 GROUP BY category ORDER BY category
        """;

    private static string JoinSpec(string parquet, string dimension) => $$"""
        sources: {bench: "{{parquet}}", customers: "{{dimension}}"}
        steps:
          - name: by_segment
            from: bench
            join: {with: customers, on: customer, how: inner}
            aggregate:
              by: [segment]
              measures: {orders: "count(*)", revenue: "sum(amount)"}
            sort: [segment]
            sinks: [out.parquet]
        """;

    private static string JoinSql(string parquet, string dimension) => $"""
        SELECT c.segment, count(*), sum(b.amount)
        FROM read_parquet('{parquet}') b JOIN read_parquet('{dimension}') c ON b.customer = c.customer
        GROUP BY c.segment ORDER BY c.segment
        """;

    private static async Task<int> CaseAsync(string name, string spec, string sql, int runs, string? memoryLimit, Core.Options.InputHashPolicy? hash, string work, TextWriter output)
    {
        var specPath = Path.Combine(work, "spec.yaml");
        await File.WriteAllTextAsync(specPath, spec).ConfigureAwait(false);
        var pipelineTimes = new List<double>();
        var duckTimes = new List<double>();
        List<string> ours = [], theirs = [];
        string? failure = null;
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            Execute(connection, $"SET threads = {Environment.ProcessorCount}");
            if (memoryLimit is not null) Execute(connection, $"SET memory_limit = '{Core.Options.ByteSize.Parse(memoryLimit) / (1 << 20)}MB'");
            for (int i = 0; i <= runs; i++)
            {
                var parsed = SpecReader.ReadFile(specPath);
                if (memoryLimit is not null) parsed = parsed with { Options = parsed.Options with { MemoryLimit = Core.Options.ByteSize.Parse(memoryLimit) } };
                if (hash is { } h) parsed = parsed with { Options = parsed.Options with { InputHash = h } };
                var run = Path.Combine(work, $"run{i}");
                var sw = Stopwatch.StartNew();
                var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = parsed, RunFolder = run }).ConfigureAwait(false);
                if (i > 0) pipelineTimes.Add(sw.Elapsed.TotalSeconds);
                if (job.Error is { } error) failure = $"Pipeline failed: {error.Message}";
                // Read back through DuckDB, so both results are printed the same way.
                else ours = Query(connection, $"SELECT * FROM read_parquet('{Path.Combine(work, "out.parquet")}')");

                sw.Restart();
                try { theirs = Query(connection, sql); }
                catch (DuckDBException ex) { failure ??= $"DuckDB failed: {ex.Message.Split('\n')[0]}"; }
                if (i > 0) duckTimes.Add(sw.Elapsed.TotalSeconds);
            }
        }
        var ratios = duckTimes.Zip(pipelineTimes, (d, p) => d / p).Order().ToList();
        double median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
        output.WriteLine($"| {name} | Pipeline | {string.Join(" / ", pipelineTimes.Select(t => t.ToString("F3", Inv)))} | {pipelineTimes.Min().ToString("F3", Inv)} | {median.ToString("F2", Inv)} |");
        output.WriteLine($"| | DuckDB | {string.Join(" / ", duckTimes.Select(t => t.ToString("F3", Inv)))} | {duckTimes.Min().ToString("F3", Inv)} | |");
        var mismatch = failure ?? Compare(ours, theirs);
        if (mismatch is not null) output.WriteLine($"| | **{mismatch}** | | | |");
        return mismatch is null ? 0 : 1;
    }

    /// <summary>Rows equal, numbers to 1e-9 relative (sums of doubles differ in the last bits with the order of addition).</summary>
    private static string? Compare(List<string> ours, List<string> theirs)
    {
        if (ours.Count != theirs.Count) return $"results differ: {ours.Count} groups vs {theirs.Count}";
        for (int r = 0; r < ours.Count; r++)
        {
            var a = ours[r].Split(',');
            var b = theirs[r].Split(',');
            for (int c = 0; c < a.Length; c++)
            {
                if (a[c] == b[c]) continue;
                if (double.TryParse(a[c], NumberStyles.Float, Inv, out var x) && double.TryParse(b[c], NumberStyles.Float, Inv, out var y)
                    && Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y))) continue;
                return $"results differ at group {r}: {ours[r]} vs {theirs[r]}";
            }
        }
        return null;
    }

    private static List<string> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(c => reader.IsDBNull(c) ? "" : Convert.ToString(reader.GetValue(c), Inv))));
        return rows;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The customer dimension: every customer id the data can hold, with a segment and a region.</summary>
    private static void WriteDimension(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var temp = path + ".tmp";
        Execute(connection, $"""
            COPY (SELECT printf('C%07d', i) AS customer, ['retail', 'wholesale', 'online', 'partner', 'staff'][1 + (i * 7) % 5] AS segment,
                         'region' || (i % 40) AS region
                  FROM range(1000000) t(i)) TO '{temp}' (FORMAT parquet)
            """);
        File.Move(temp, path, overwrite: true);
    }
}
