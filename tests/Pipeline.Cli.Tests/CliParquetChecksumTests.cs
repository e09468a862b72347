using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>Parquet written by Pipeline carries page checksums, so a flipped bit in it is caught on read instead of
/// decoding into a wrong value.</summary>
public class CliParquetChecksumTests
{
    [Fact]
    public async Task AFlippedBitInOurOwnParquetIsDetected()
    {
        using var dir = new TempDirectory();
        // A value whose little-endian bytes are easy to find in an uncompressed, plain-encoded page.
        var input = dir.WriteText("in.csv", "v\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{0x0123456789ABCDEFL + i}\n")));
        var parquet = dir.File("out.parquet");
        var r = await CliProcess.RunAsync(["convert", input, parquet, "--compression", "none"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var bytes = File.ReadAllBytes(parquet);
        int at = bytes.AsSpan().IndexOf(BitConverter.GetBytes(0x0123456789ABCDEFL + 7));
        Assert.True(at > 0, "value not found in the page");
        bytes[at] ^= 0x01;
        File.WriteAllBytes(parquet, bytes);

        var read = await CliProcess.RunAsync(["convert", parquet, dir.File("back.csv")]);
        Assert.True(read.ExitCode == 2, $"exit {read.ExitCode}: {read.Stderr}");
        Assert.Contains("checksum", read.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(dir.File("back.csv")));
    }
}
