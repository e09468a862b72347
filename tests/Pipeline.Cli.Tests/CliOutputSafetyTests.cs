using System.Diagnostics;
using Pipeline.IO.Sinks;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>Outputs that would destroy inputs or mislead: refused before reading, written into devices and pipes
/// without replacing them, temporary files cleaned, closed standard output reported, run folders claimed.</summary>
public class CliOutputSafetyTests
{
    private const string Csv = "id,name\n1,a\n2,b\n3,c\n";

    [Fact]
    public async Task AnOutputReachingAnInputIsRefusedBeforeAnythingIsRead()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", Csv);
        File.CreateSymbolicLink(dir.File("link.csv"), input);
        File.Copy(input, dir.File("other.csv"));
        foreach (var output in new[] { dir.File("link.csv"), Path.Combine(dir.Path, "sub", "..", "in.csv"), input })
        {
            Directory.CreateDirectory(dir.File("sub"));
            var r = await CliProcess.RunAsync(["convert", input, output]);
            Assert.True(r.ExitCode == 2, $"{output}: exit {r.ExitCode}: {r.Stderr}");
            Assert.Contains("is the same file as input", r.Stderr);
            Assert.Equal(Csv, File.ReadAllText(input));
        }
    }

    [Fact]
    public async Task SinksMayNotCollideWithEachOtherOrWithTheRunFolder()
    {
        using var dir = new TempDirectory();
        dir.WriteText("in.csv", Csv);
        var twice = dir.WriteText("twice.yaml", "source: in.csv\nsinks: [out/a.csv, out/../out/a.csv]\n");
        var r = await CliProcess.RunAsync(["run", twice, "--out", dir.File("run1")]);
        Assert.True(r.ExitCode == 2, r.Stderr);
        Assert.Contains("is the same file as output", r.Stderr);
        var record = dir.WriteText("record.yaml", "source: in.csv\nsinks: [run2/quarantine.parquet]\n");
        r = await CliProcess.RunAsync(["run", record, "--out", dir.File("run2")]);
        Assert.True(r.ExitCode == 2, r.Stderr);
        Assert.Contains("the run folder's quarantine.parquet", r.Stderr);
    }

    [Fact]
    public async Task ADeviceOrPipeIsWrittenIntoNotReplaced()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", Csv);
        var r = await CliProcess.RunAsync(["convert", input, "/dev/null", "--format", "csv"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(OutputFileKind.CharacterDevice, OutputFiles.KindOf("/dev/null"));

        var fifo = dir.File("pipe");
        using (var mk = Process.Start("mkfifo", fifo)) await mk.WaitForExitAsync();
        var reader = Task.Run(() => File.ReadAllText(fifo));
        r = await CliProcess.RunAsync(["convert", input, fifo, "--format", "csv"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Csv, (await reader).Replace("\r\n", "\n"));
        Assert.Equal(OutputFileKind.Fifo, OutputFiles.KindOf(fifo));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public async Task ATemporaryFileLeftByAKilledRunIsRemovedByTheNextRunOfTheSameOutput()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", Csv);
        // A process id that is not running (the kernel's pid_max is far below int.MaxValue - 1).
        var stale = dir.WriteText($".out.csv.{int.MaxValue - 1}.0123456789abcdef0123456789abcdef.tmp", "half-written");
        var live = dir.WriteText($".out.csv.{Environment.ProcessId}.fedcba9876543210fedcba9876543210.tmp", "someone else's");
        var r = await CliProcess.RunAsync(["convert", input, dir.File("out.csv")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live), "a temporary file of a live process was removed");
    }

    [Fact]
    public async Task AClosedStandardOutputIsAnErrorNotASuccess()
    {
        using var dir = new TempDirectory();
        var rows = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i},name-{i}\n"));
        var input = dir.WriteText("big.csv", "id,name\n" + rows);
        var dll = Path.Combine(AppContext.BaseDirectory, "pipeline.dll");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"dotnet exec '{dll}' convert '{input}' - --format csv 2>'{dir.File("err.txt")}' | head -c 100 >/dev/null; echo ${{PIPESTATUS[0]}}");
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var status = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        Assert.Equal("3", status);
        Assert.Contains("output closed", File.ReadAllText(dir.File("err.txt")));
    }

    [Fact]
    public async Task ARunFolderInUseIsRefusedAndLeftAlone()
    {
        using var dir = new TempDirectory();
        dir.WriteText("in.csv", Csv);
        var spec = dir.WriteText("spec.yaml", "source: in.csv\n");
        Directory.CreateDirectory(dir.File("run"));
        // Another run holds the folder: its exclusive lock on the lock file.
        using (var held = new FileStream(dir.File("run/.pipeline.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var r = await CliProcess.RunAsync(["run", spec, "--out", dir.File("run")]);
            Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.Stderr}");
            Assert.Contains("is in use by another run", r.Stderr);
            Assert.False(File.Exists(dir.File("run/results.json")));
        }
        var again = await CliProcess.RunAsync(["run", spec, "--out", dir.File("run")]);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.True(File.Exists(dir.File("run/results.json")));
        Assert.False(File.Exists(dir.File("run/.pipeline.lock")));
    }
}
