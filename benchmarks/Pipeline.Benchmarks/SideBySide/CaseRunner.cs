using System.Diagnostics;
using Pipeline.Core.Errors;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>Times a case: one warm-up run (JIT, page cache, native library loading), then N timed runs.</summary>
public static class CaseRunner
{
    /// <summary>Runs the case and never throws for the case's own failures: they become the result's problem,
    /// so one broken engine does not hide the others' numbers.</summary>
    /// <param name="benchCase">What to run.</param>
    /// <param name="runs">Timed runs after the warm-up.</param>
    /// <param name="expectedRows">Rows every run must report; anything else marks the result wrong.</param>
    /// <param name="log">Receives one line per run.</param>
    public static async Task<CaseResult> RunAsync(BenchCase benchCase, int runs, long expectedRows, TextWriter log)
    {
        var label = $"{benchCase.Group} / {benchCase.Engine}: {benchCase.How}";
        if (benchCase.Unavailable?.Invoke() is { } why)
        {
            log.WriteLine($"{label}: not available ({why})");
            return new CaseResult(benchCase, [], $"not available: {why}");
        }

        var seconds = new List<double>();
        try
        {
            for (int run = 0; run <= runs; run++)
            {
                // Collect garbage left by the previous run outside the timed region, so one engine's garbage is
                // not billed to the next.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                long start = Stopwatch.GetTimestamp();
                long rows = await benchCase.Run(CancellationToken.None).ConfigureAwait(false);
                double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                bool warmUp = run == 0;
                log.WriteLine($"{label}: {(warmUp ? "warm-up" : $"run {run}")} {elapsed:F3} s, {rows:N0} rows");
                if (rows != expectedRows)
                    return new CaseResult(benchCase, seconds, $"wrong row count: {rows:N0}, expected {expectedRows:N0}");
                if (!warmUp) seconds.Add(elapsed);
            }
            return new CaseResult(benchCase, seconds, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var message = ex is PipelineException pe ? $"{pe.Kind}: {pe.Message}" : $"{ex.GetType().Name}: {ex.Message}";
            log.WriteLine($"{label}: failed: {message}");
            return new CaseResult(benchCase, seconds, $"failed: {message}");
        }
    }
}
