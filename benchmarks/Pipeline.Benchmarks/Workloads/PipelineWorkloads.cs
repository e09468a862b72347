using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;
using Pipeline.Hosting.Building;

namespace Pipeline.Benchmarks.Workloads;

/// <summary>
/// What Pipeline does in each benchmark, through its public entry points only (<see cref="FileFormats"/> and
/// <see cref="BatchRunner"/>), so the numbers are what a user of the library gets.
/// </summary>
public static class PipelineWorkloads
{
    /// <summary>Null when Pipeline has a format registered under <paramref name="format"/>; otherwise why the
    /// workload cannot run. Lets the harness report "not available" in builds where a format is not merged yet
    /// instead of failing. (Whether a registered format can also write is only known by creating a sink; a
    /// failure there is reported as a failed run.)</summary>
    public static string? Unavailable(string format)
        => FileFormats.All.Any(f => string.Equals(f.Name, format, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"format '{format}' is not registered in this build";

    /// <summary>Reads every batch of a file (full read: all columns materialised as Arrow) and counts the rows.</summary>
    public static async Task<long> ReadAllAsync(string path, CancellationToken cancellationToken = default)
    {
        using var context = new PipelineContext(cancellationToken: cancellationToken);
        var source = FileFormats.OpenSource(path);
        using IArrowArrayStream stream = source.Open(context);
        long rows = 0;
        while (await stream.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            rows += batch.Length;
            batch.Dispose();
        }
        return rows;
    }

    /// <summary>Converts a file to another format (chosen by the output's extension) through the runner and a sink,
    /// exactly as <c>pipeline run</c> would without transforms, and returns the rows written.</summary>
    public static async Task<long> ConvertAsync(string input, string output, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var context = new PipelineContext(cancellationToken: cancellationToken);
        var plan = new BatchPlan(FileFormats.OpenSource(input), [], [], [FileFormats.CreateSink(output)]);
        var outcome = await BatchRunner.RunAsync(plan, context).ConfigureAwait(false);
        return outcome.RowsWritten;
    }

    /// <summary>The full column profile (one pass, all statistics, correlations, duplicates), as <c>pipeline profile</c>
    /// computes it; returns the rows profiled.</summary>
    public static async Task<long> ProfileAsync(string path, CancellationToken cancellationToken = default)
    {
        var report = await FileProfiler.ProfileAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        return report.RowCount;
    }
}
