using BenchmarkDotNet.Running;
using Pipeline.Benchmarks.Data;
using Pipeline.Benchmarks.SideBySide;

namespace Pipeline.Benchmarks;

/// <summary>
/// Entry point. <c>compare</c> runs the side-by-side comparison, <c>generate</c> only writes the data,
/// <c>verify</c> generates if needed and checks the files with DuckDB, <c>databases</c> times the PostgreSQL source and
/// the DuckDB sink, <c>gpu</c> times the ILGPU kernels, <c>validate-compare PARQUET [RUNS]</c> checks 20
/// rules with Pipeline and DuckDB side by side (<see cref="ValidationCompare"/>), <c>validate-rules FILE</c> writes those
/// rules as YAML (to time <c>pipeline validate</c>), <c>validate-pipeline PARQUET [RUNS] [RULES]</c> runs only Pipeline's
/// side, with those rules or another rules file (for a profiler), <c>duckdb-query SQL</c> runs one DuckDB statement as its own
/// process, <c>profile-speed PARQUET CSV [ROUNDS]</c> times <c>pipeline profile --level ...</c> against DuckDB's SUMMARIZE
/// as whole processes, <c>validate-speed PARQUET [SETS] [ROUNDS]</c> times <c>pipeline validate</c> on generated rule sets
/// against DuckDB as whole processes, <c>read-time FILE</c> times reading a file into batches (issue 21); anything
/// else goes to BenchmarkDotNet (e.g. <c>--filter *CsvReadBench*</c>, <c>--list flat</c>, <c>--job short</c>).
/// </summary>
public static class Program
{
    /// <summary>Dispatches on the first argument.</summary>
    public static async Task<int> Main(string[] args)
    {
        string command = args.Length > 0 ? args[0] : "";
        // NAB anomaly-detection scores of the registered detectors (issue 18): `nab NAB_ROOT [DETECTOR ...]`.
        if (command == "nab" && args.Length > 1) return Detect.NabBenchmark.Run(args[1], args[2..], Console.Out);
        // pipeline serve under load: GET /runs/{id} requests/s and Flight DoGet against a local read (issue 16).
        if (command == "serve-load" && args.Length > 2)
            return await Serve.ServeLoad.RunAsync(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10, Console.Out).ConfigureAwait(false);
        // Whole processes against DuckDB (issue 21): DuckDB's side as its own process, and the profile levels vs SUMMARIZE.
        if (command == "duckdb-query" && args.Length == 2) return WholeProcess.DuckDbQuery.Run(args[1], Console.Out);
        if (command == "profile-speed" && args.Length >= 3)
            return WholeProcess.ProfileSpeed.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3, Console.Out);
        if (command == "validate-speed" && args.Length >= 2)
            return WholeProcess.ValidateSpeed.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4,
                args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3, Console.Out);
        if (command == "read-time" && args.Length >= 2) return await WholeProcess.ReadTime.RunAsync(args[1], args[2..], Console.Out).ConfigureAwait(false);
        if (command == "gpu") return await RunGpuAsync(args[1..]).ConfigureAwait(false);
        if (command == "databases")
        {
            try { return await Databases.DatabaseBenchCommand.RunAsync(Databases.DatabaseBenchOptions.Parse(args[1..]), Console.Out).ConfigureAwait(false); }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        }
        // MySQL 1M rows -> Arrow against `mysql --batch`, and the Redis stream read rate (issue 20).
        if (command == "connectors" && args.Length > 2)
            return await Connectors.ConnectorBench.RunAsync(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3, Console.Out).ConfigureAwait(false);
        if (command == "validate-compare" && args.Length > 1)
            return await ValidationCompare.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2, Console.Out).ConfigureAwait(false);
        // Pipeline alone on the same rules, run after run, for a profiler to attach to.
        if (command == "validate-pipeline" && args.Length > 1)
            return await ValidationCompare.RunPipelineOnlyAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5,
                args.Length > 3 ? await File.ReadAllTextAsync(args[3]).ConfigureAwait(false) : null, Console.Out).ConfigureAwait(false);
        // The same 20 rules as a file, to time `pipeline validate` on the command line.
        if (command == "validate-rules" && args.Length == 2)
        {
            await File.WriteAllTextAsync(args[1], ValidationCompare.RulesYaml()).ConfigureAwait(false);
            return 0;
        }
        // Steps against DuckDB's SQL: derive + filter + aggregate, and a join with a 1M-row dimension (issue 14).
        if (command == "steps-compare" && args.Length > 1)
            return await Steps.StepsCompare.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3,
                args.Length > 3 ? args[3] : null, Console.Out, args.Length > 4 ? args[4] : null).ConfigureAwait(false);
        // What validating untrusted Arrow IPC costs against reading it (issue 23).
        if (command == "ipc-validation" && args.Length > 1)
            return await Hardening.IpcValidationCost.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5, Console.Out).ConfigureAwait(false);
        // Out-of-core runs: `generate-large PATH MIN_BYTES` and `duckdb-distinct CSV MEMORY_LIMIT THREADS TEMP_DIR`.
        if (command == "generate-large" && args.Length == 3)
        {
            OutOfCore.LargeCsvGenerator.Generate(args[1], Core.Options.ByteSize.Parse(args[2]), Console.Out);
            return 0;
        }
        if (command == "duckdb-distinct" && args.Length == 5)
            return OutOfCore.DuckDbDistinct.Run(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), args[4], Console.Out);
        if (command is not ("compare" or "generate" or "verify"))
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }

        CompareOptions options;
        try { options = CompareOptions.Parse(args[1..]); }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        if (command is "generate" or "verify")
        {
            DataGenerator.Ensure(options.Dataset, Console.Out, options.Force);
            return command == "generate" || DataVerifier.Verify(options.Dataset, Console.Out) ? 0 : 1;
        }
        return await CompareCommand.RunAsync(options, Console.Out).ConfigureAwait(false);
    }

    /// <summary><c>gpu [--rows N] [--runs N]</c>: ILGPU kernels and the profile with the GPU off and on (in memory, no files).</summary>
    private static Task<int> RunGpuAsync(string[] args)
    {
        long rows = 10_000_000;
        int runs = 3;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--rows") rows = CompareOptions.ParseCount(args[i + 1], "--rows");
            else if (args[i] == "--runs") runs = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return Gpu.GpuCompare.RunAsync(rows, runs, Console.Out);
    }
}
