using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.Kernels.Arrays;

namespace Pipeline.Benchmarks.Hardening;

/// <summary>
/// <c>ipc-validation FILE [RUNS]</c>: what validating untrusted Arrow costs against reading it. Each run reads the
/// IPC file through Pipeline's reader (which validates every batch) and, in the same pass, validates each batch a
/// second time under a stopwatch: that second validation's time over the read time is the share validation adds.
/// Prints one line per run and the median share.
/// </summary>
internal static class IpcValidationCost
{
    public static async Task<int> RunAsync(string file, int runs, TextWriter output)
    {
        var shares = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            using var context = new PipelineContext(new PipelineOptions().WithEnvironment());
            long validateTicks = 0, rows = 0;
            var total = Stopwatch.StartNew();
            using (var stream = FileFormats.OpenSource(file).Open(context))
            {
                while (await stream.ReadNextRecordBatchAsync().ConfigureAwait(false) is { } batch)
                {
                    using (batch)
                    {
                        long t = Stopwatch.GetTimestamp();
                        ArrayValidation.Validate(batch);
                        validateTicks += Stopwatch.GetTimestamp() - t;
                        rows += batch.Length;
                    }
                }
            }
            total.Stop();
            double validate = validateTicks / (double)Stopwatch.Frequency;
            // The read time without validation: the pass minus the measured second validation, minus the first one
            // (the reader's own, which costs the same).
            double read = total.Elapsed.TotalSeconds - 2 * validate;
            double share = validate / read;
            shares.Add(share);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: {rows:N0} rows, read {read:0.000} s, validation {validate:0.000} s = {share:P2} of the read")).ConfigureAwait(false);
        }
        shares.Sort();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"median: validation adds {shares[shares.Count / 2]:P2} to reading {Path.GetFileName(file)}")).ConfigureAwait(false);
        return 0;
    }
}
