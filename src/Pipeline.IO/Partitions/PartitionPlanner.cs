using Pipeline.Core.Errors;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Parquet;

namespace Pipeline.IO.Partitions;

/// <summary>
/// Cuts inputs into about N balanced partitions (<c>pipeline plan</c>): files share the N by size; a Parquet file is
/// split into runs of whole row groups with about equal rows (from the footer); a CSV or JSON lines file into equal
/// byte ranges (each reads the records that start in it, so the ranges tile the file); other files stay whole.
/// </summary>
public static class PartitionPlanner
{
    private const int SampleBytes = 1 << 20;

    /// <summary>The partitions of <paramref name="path"/> (a file, folder or glob), in file order.</summary>
    /// <exception cref="PipelineException">The path matches nothing, or <paramref name="partitions"/> is below 1.</exception>
    public static IReadOnlyList<PartitionDescriptor> Plan(string path, int partitions, SourceOptions? options = null)
    {
        if (partitions < 1) throw new PipelineException(PipelineErrorKind.InvalidInput, $"--partitions must be at least 1 (got {partitions})");
        var files = InputPaths.Expand(path);
        if (files.Contains("-")) throw new PipelineException(PipelineErrorKind.InvalidInput, "plan: standard input cannot be partitioned; write it to a file first");
        var sizes = files.Select(f => new FileInfo(f).Length).ToArray();
        long total = Math.Max(1, sizes.Sum());
        var result = new List<PartitionDescriptor>();
        for (int i = 0; i < files.Count; i++)
        {
            int share = (int)Math.Max(1, Math.Round((double)partitions * sizes[i] / total));
            var format = options?.Format is { } name ? FileFormats.ByName(name) : FileFormats.Detect(files[i], forWriting: false);
            result.AddRange(format.Name switch
            {
                "parquet" => RowGroups(files[i], share),
                "csv" or "jsonl" => ByteRanges(files[i], format.Name, sizes[i], share),
                _ => [new PartitionDescriptor(files[i], format.Name, null, 0, sizes[i])],
            });
        }
        return result;
    }

    private static List<PartitionDescriptor> RowGroups(string file, int share)
    {
        using var parquet = ParquetRowGroupFile.Open(file, 1024, decodeColumnsInParallel: false);
        int count = parquet.RowGroupCount;
        if (count == 0) return [new PartitionDescriptor(file, "parquet", new InputPartition(PartitionUnit.RowGroups, 0, 0), 0, 0)];
        var sizes = Enumerable.Range(0, count).Select(parquet.Sizes).ToArray();
        long rows = sizes.Sum(s => s.Rows);
        int k = Math.Min(share, count);
        var result = new List<PartitionDescriptor>(k);
        int start = 0;
        long cumulative = 0;
        for (int j = 1; j <= k; j++)
        {
            // End this partition at the first row group that brings it to j/k of the rows, leaving one row group
            // for each partition still to come.
            int end = start;
            long target = rows * j / k;
            while (end < count - (k - j) && (end == start || cumulative + sizes[end].Rows <= target || j == k))
                cumulative += sizes[end++].Rows;
            var range = sizes[start..end];
            result.Add(new PartitionDescriptor(file, "parquet", new InputPartition(PartitionUnit.RowGroups, start, end),
                range.Sum(s => s.Rows), range.Sum(s => s.CompressedBytes)));
            start = end;
        }
        return result;
    }

    private static List<PartitionDescriptor> ByteRanges(string file, string format, long size, int share)
    {
        double bytesPerRow = BytesPerLine(file);
        int k = (int)Math.Max(1, Math.Min(share, size / 4096 + 1));
        var result = new List<PartitionDescriptor>(k);
        for (int j = 0; j < k; j++)
        {
            long start = size * j / k, end = size * (j + 1) / k;
            result.Add(new PartitionDescriptor(file, format, new InputPartition(PartitionUnit.Bytes, start, end),
                bytesPerRow > 0 ? (long)Math.Round((end - start) / bytesPerRow) : 0, end - start));
        }
        return result;
    }

    /// <summary>Average bytes per line over the file's first MiB (0 for an empty file).</summary>
    private static double BytesPerLine(string file)
    {
        using var stream = File.OpenRead(file);
        var buffer = new byte[SampleBytes];
        int n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (n == 0) return 0;
        int lines = buffer.AsSpan(0, n).Count((byte)'\n');
        return lines == 0 ? n : (double)n / lines;
    }
}
