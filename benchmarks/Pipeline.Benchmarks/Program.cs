using BenchmarkDotNet.Running;
using Pipeline.Benchmarks.Data;
using Pipeline.Benchmarks.SideBySide;

namespace Pipeline.Benchmarks;

/// <summary>
/// Entry point. <c>compare</c> runs the side-by-side comparison, <c>generate</c> only writes the data,
/// <c>verify</c> generates if needed and checks the files with DuckDB; anything
/// else goes to BenchmarkDotNet (e.g. <c>--filter *CsvReadBench*</c>, <c>--list flat</c>, <c>--job short</c>).
/// </summary>
public static class Program
{
    /// <summary>Dispatches on the first argument.</summary>
    public static async Task<int> Main(string[] args)
    {
        string command = args.Length > 0 ? args[0] : "";
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
}
