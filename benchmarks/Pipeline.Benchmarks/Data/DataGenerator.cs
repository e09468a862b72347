using System.Diagnostics;

namespace Pipeline.Benchmarks.Data;

/// <summary>
/// Generates the benchmark data set: the same rows as CSV and as Parquet, from one fixed-seed random stream, so
/// every run on every machine compares engines on identical bytes.
/// </summary>
public static class DataGenerator
{
    /// <summary>The seed of the random stream. Changing it changes every generated file.</summary>
    public const ulong Seed = 42;

    /// <summary>Rows generated and written per step; bounds memory and matches a typical reader batch.</summary>
    public const int ChunkRows = 65_536;

    /// <summary>Makes sure the data set exists, generating it when a file is missing.</summary>
    /// <param name="dataset">Which files to produce.</param>
    /// <param name="log">Progress messages (one line per step).</param>
    /// <param name="force">Regenerate even if both files exist.</param>
    /// <returns>True when files were generated, false when existing ones were kept.</returns>
    public static bool Ensure(BenchDataset dataset, TextWriter log, bool force = false)
    {
        if (dataset.Exists && !force)
        {
            log.WriteLine($"data: reusing {dataset.CsvPath} and {dataset.ParquetPath}");
            return false;
        }
        Generate(dataset, log);
        return true;
    }

    /// <summary>Writes both files. Each is written to a temporary name and renamed at the end, so an interrupted
    /// run never leaves a truncated file that a later run would reuse.</summary>
    public static void Generate(BenchDataset dataset, TextWriter log)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataset.Rows);
        Directory.CreateDirectory(dataset.Folder);
        string csvTemp = dataset.CsvPath + ".tmp", parquetTemp = dataset.ParquetPath + ".tmp";
        var watch = Stopwatch.StartNew();
        try
        {
            var rng = new XorShift64Star(Seed);
            long clock = RowChunk.FirstTimestampMicros;
            var chunk = new RowChunk(ChunkRows);
            using (var csv = new CsvDataWriter(csvTemp))
            using (var parquet = new ParquetDataWriter(parquetTemp))
            {
                for (long done = 0; done < dataset.Rows;)
                {
                    int rows = (int)Math.Min(ChunkRows, dataset.Rows - done);
                    chunk.Fill(rows, done + 1, ref rng, ref clock);
                    csv.Write(chunk);
                    parquet.Write(chunk);
                    done += rows;
                }
                parquet.Close();
            }
            File.Move(csvTemp, dataset.CsvPath, overwrite: true);
            File.Move(parquetTemp, dataset.ParquetPath, overwrite: true);
        }
        finally
        {
            File.Delete(csvTemp);
            File.Delete(parquetTemp);
        }
        log.WriteLine($"data: generated {dataset.Rows:N0} rows in {watch.Elapsed.TotalSeconds:F1} s: " +
                      $"{dataset.CsvPath} ({new FileInfo(dataset.CsvPath).Length:N0} B), " +
                      $"{dataset.ParquetPath} ({new FileInfo(dataset.ParquetPath).Length:N0} B)");
    }
}
