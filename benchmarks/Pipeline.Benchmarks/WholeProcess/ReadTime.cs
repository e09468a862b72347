using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;

namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>
/// <c>read-time FILE [COLUMN ...]</c>: how long reading a file into Arrow batches takes in this process (the floor
/// under every profile level), three times, with every text column asked for as a dictionary as the summary level
/// does, and only the named columns when some are given. One line per read: seconds, rows.
/// </summary>
public static class ReadTime
{
    /// <summary>Reads the file three times and prints the times.</summary>
    public static async Task<int> RunAsync(string path, IReadOnlyList<string> columns, TextWriter output)
    {
        for (int i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            using var context = new PipelineContext();
            var source = FileFormats.OpenSource(path, new SourceOptions
            {
                Columns = columns.Count > 0 ? columns : null,
                DictionaryColumns = [SourceOptions.AllTextColumns],
            });
            using var stream = source.Open(context);
            long rows = 0;
            while (await stream.ReadNextRecordBatchAsync().ConfigureAwait(false) is { } batch)
            {
                rows += batch.Length;
                batch.Dispose();
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {watch.Elapsed.TotalSeconds:F3} s, {rows} rows"));
        }
        return 0;
    }
}
