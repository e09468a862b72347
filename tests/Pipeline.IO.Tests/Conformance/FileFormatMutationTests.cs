using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Tests.Fixtures;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>
/// The hardened readers' guarantee for the formats added with compressed inputs (Excel, Avro, JSON documents, bzip2,
/// zip, zstd): a damaged file (bytes flipped, cut short) is read or refused with a <see cref="PipelineException"/>
/// naming it, in bounded time; nothing else escapes. A fixed seed keeps the run the same every time.
/// </summary>
public class FileFormatMutationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Files() => new(
        FixtureFiles.Path("sales.xlsx"), FixtureFiles.Path("sales.xls"), FixtureFiles.Path("users.avro"),
        FixtureFiles.Path("tips.csv.bz2"), FixtureFiles.Path("tips.zip"),
        Corpus.Path("duckdb-csv", "data", "csv", "zstd", "lineitem1k.tbl.zst"),
        Corpus.Path("csv-spectrum", "json", "quotes_and_newlines.json"));

    [Theory]
    [MemberData(nameof(Files))]
    public void Damaged_copies_are_read_or_refused_clearly(string original)
    {
        var bytes = File.ReadAllBytes(original);
        var random = new Random(20261207 ^ Path.GetFileName(original).Length);
        using var dir = new TempDirectory();
        for (int n = 0; n < 40; n++)
        {
            var damaged = (byte[])bytes.Clone();
            if (n % 4 == 3) damaged = damaged[..random.Next(1, damaged.Length)];
            else
                for (int k = 0, flips = 1 + random.Next(8); k < flips; k++)
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            var path = Path.Combine(dir.Path, $"m{n}-{Path.GetFileName(original)}");
            File.WriteAllBytes(path, damaged);
            var run = Task.Run(() => ReadOrRefuse(path));
            Assert.True(run.Wait(Bound), $"{path}: still reading after {Bound.TotalSeconds} s");
        }
    }

    private static void ReadOrRefuse(string path)
    {
        try
        {
            var options = new SourceOptions { Decompression = new() { MaxRatio = 200, FloorBytes = 1 << 20, MaxBytes = 64L << 20 } };
            using var context = new PipelineContext(new PipelineOptions { BatchSize = 7, MaxDegreeOfParallelism = 1 });
            var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path, options), context);
            foreach (var b in batches)
            {
                Pipeline.Kernels.Arrays.ArrayValidation.Validate(b);
                b.Dispose();
            }
        }
        catch (PipelineException ex)
        {
            Assert.Contains(Path.GetFileName(path), ex.Message);
        }
        catch (RestartRequiredException)
        {
            // A widening restart is a normal outcome for a damaged text file.
        }
    }
}
