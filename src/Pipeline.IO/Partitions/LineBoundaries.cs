using Pipeline.Core.Errors;

namespace Pipeline.IO.Partitions;

/// <summary>
/// Record boundaries of line-delimited files (JSON lines: a raw line break never occurs inside a JSON value, so
/// every line break ends a record): a byte range reads the lines that start in it.
/// </summary>
internal static class LineBoundaries
{
    /// <summary>The first line start at or after <paramref name="offset"/> (the file's length when none).</summary>
    public static long FirstStartAtOrAfter(Stream file, long offset)
    {
        long length = file.Length;
        if (offset <= 0) return 0;
        if (offset >= length) return length;
        file.Position = offset - 1;
        var buffer = new byte[1 << 16];
        long at = offset - 1;
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            int i = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (i >= 0) return at + i + 1;
            at += read;
        }
        return length;
    }

    /// <summary>The lines of <paramref name="file"/> (a seekable stream, now owned by the result) that start in the
    /// partition's byte range.</summary>
    /// <exception cref="PipelineException">Not a byte range, or the input cannot seek.</exception>
    public static Stream Range(Stream file, InputPartition partition, string path)
    {
        if (partition.Unit != PartitionUnit.Bytes)
            throw PipelineException.InvalidInput(path, $"a JSON lines file is partitioned by bytes (--byte-range START:END), not by {partition.OptionName}");
        if (!file.CanSeek) throw PipelineException.InvalidInput(path, "--byte-range needs a file (standard input cannot seek)");
        long start = FirstStartAtOrAfter(file, partition.Start);
        long end = FirstStartAtOrAfter(file, partition.End);
        return new FileRangeStream(file, start, end);
    }
}
