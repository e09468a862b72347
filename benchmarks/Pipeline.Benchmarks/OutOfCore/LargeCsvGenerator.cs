using System.Diagnostics;
using Pipeline.Benchmarks.Data;

namespace Pipeline.Benchmarks.OutOfCore;

/// <summary>
/// Writes a CSV of at least a given size for the out-of-core runs: the benchmark's rows (same columns and seed as
/// <see cref="DataGenerator"/>), with every tenth chunk written twice so about 9% of the rows are exact duplicates
/// and a dedup has something to remove. Streams chunk by chunk (memory stays flat whatever the size).
/// </summary>
public static class LargeCsvGenerator
{
    /// <summary>Writes <paramref name="path"/> until it holds at least <paramref name="minBytes"/> bytes; returns (rows, bytes).</summary>
    public static (long Rows, long Bytes) Generate(string path, long minBytes, TextWriter log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minBytes, 1);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var watch = Stopwatch.StartNew();
        var rng = new XorShift64Star(DataGenerator.Seed);
        long clock = RowChunk.FirstTimestampMicros;
        var chunk = new RowChunk(DataGenerator.ChunkRows);
        long rows = 0, nextId = 1, chunks = 0;
        string temp = path + ".tmp";
        using (var csv = new CsvDataWriter(temp))
        {
            while (csv.BytesWritten < minBytes)
            {
                chunk.Fill(chunk.Capacity, nextId, ref rng, ref clock);
                nextId += chunk.Length;
                int copies = ++chunks % 10 == 0 ? 2 : 1;
                for (int c = 0; c < copies; c++) csv.Write(chunk);
                rows += (long)chunk.Length * copies;
                if (chunks % 1000 == 0) log.WriteLine($"generate: {rows:N0} rows, {csv.BytesWritten / (1 << 20):N0} MiB, {watch.Elapsed.TotalSeconds:F0} s");
            }
        }
        File.Move(temp, path, overwrite: true);
        long bytes = new FileInfo(path).Length;
        log.WriteLine($"generate: wrote {path}: {rows:N0} rows, {bytes:N0} bytes in {watch.Elapsed.TotalSeconds:F1} s");
        return (rows, bytes);
    }
}
