using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>
/// Arrow IPC whose buffers disagree with its metadata (hostile or damaged producers): the string offsets of a
/// 3-row stream written by <c>pipeline convert</c> are patched to point past the data, or the field node's length
/// is inflated. Every door that reads Arrow must refuse it as bad input (exit 2, naming the column), write no output
/// and never copy bytes from beyond the buffer.
/// </summary>
public class CliHostileArrowTests
{
    private static readonly byte[] Offsets = [0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0];

    private static async Task<byte[]> ThreeRowStreamAsync(TempDirectory dir)
    {
        var csv = dir.WriteText("in.csv", "s\na\nbb\nccc\n");
        var r = await CliProcess.RunAsync(["convert", csv, "-"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout;
    }

    private static byte[] PatchLastOffset(byte[] stream, int value)
    {
        var bytes = (byte[])stream.Clone();
        int at = bytes.AsSpan().IndexOf(Offsets);
        Assert.True(at >= 0, "the offsets [0,1,3,6] were not found in the stream");
        BitConverter.TryWriteBytes(bytes.AsSpan(at + 12, 4), value);
        return bytes;
    }

    /// <summary>Sets every field node and batch length of 3 (int64 3 followed by an int64 null count 0) to 1000.</summary>
    private static byte[] InflateLengths(byte[] stream)
    {
        var bytes = (byte[])stream.Clone();
        byte[] node = [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        int patched = 0;
        for (int at = bytes.AsSpan().IndexOf(node); at >= 0; at = bytes.AsSpan(at + 1).IndexOf(node) is int next and >= 0 ? at + 1 + next : -1)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(at, 8), 1000L);
            patched++;
        }
        Assert.True(patched > 0, "no field node of length 3 found");
        return bytes;
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1_000_000)]
    public async Task ConvertRefusesAStringOffsetPastTheData(int last)
    {
        using var dir = new TempDirectory();
        var hostile = dir.WriteBytes("bad.arrows", PatchLastOffset(await ThreeRowStreamAsync(dir), last));
        foreach (var output in new[] { "out.parquet", "out.csv", "out.arrows" })
        {
            var r = await CliProcess.RunAsync(["convert", hostile, dir.File(output), "--input-format", "arrows"]);
            Assert.True(r.ExitCode == 2, $"{output}: exit {r.ExitCode}: {r.Stderr}");
            Assert.Contains("column 's'", r.Stderr);
            Assert.Contains($"offset {last}", r.Stderr);
            Assert.False(File.Exists(dir.File(output)), $"{output} was written");
        }
    }

    [Fact]
    public async Task IpcRefusesAStringOffsetPastTheDataAndWritesNothingFromBeyondIt()
    {
        using var dir = new TempDirectory();
        var spec = dir.WriteText("spec.yaml", "sinks: [out.parquet]\nprofile: true\n");
        var hostile = PatchLastOffset(await ThreeRowStreamAsync(dir), 1000);
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec, "--results", dir.File("results.json")], hostile);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("column 's'", r.Stderr);
        Assert.False(File.Exists(dir.File("out.parquet")));
        // Nothing but at most the schema may reach stdout: no record batch (which would carry the stray bytes).
        Assert.True(r.Stdout.Length < 400, $"{r.Stdout.Length} bytes written to stdout");
    }

    [Fact]
    public async Task InflatedFieldNodeLengthsAreBadInputNotACrash()
    {
        using var dir = new TempDirectory();
        var hostile = dir.WriteBytes("long.arrows", InflateLengths(await ThreeRowStreamAsync(dir)));
        var r = await CliProcess.RunAsync(["convert", hostile, dir.File("out.parquet"), "--input-format", "arrows"]);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("not a valid Arrow IPC input", r.Stderr);
        Assert.False(File.Exists(dir.File("out.parquet")));
    }
}
