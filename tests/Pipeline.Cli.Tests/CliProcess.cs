using System.Diagnostics;

namespace Pipeline.Cli.Tests;

/// <summary>Runs the real <c>pipeline</c> executable (built beside the tests) as a child process.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
    }

    public static async Task<Result> RunAsync(string[] args, byte[]? stdin = null, string? workingDirectory = null, int timeoutSeconds = 120,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = StartInfo(args, workingDirectory);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.BaseStream.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pipeline {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }
        await copyOut;
        return new Result(process.ExitCode, stdout.ToArray(), await readErr);
    }

    /// <summary>Starts the CLI and, unless it ends first, kills it with SIGKILL (the whole process tree) after
    /// <paramref name="delay"/>: the crash a resumed run must recover from. True when it was killed.</summary>
    public static async Task<bool> RunAndKillAsync(string[] args, TimeSpan delay, string? workingDirectory = null)
    {
        using var process = Process.Start(StartInfo(args, workingDirectory))!;
        process.StandardInput.Close();
        // Drained so that a full pipe never stalls the child before the kill.
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var readErr = process.StandardError.ReadToEndAsync();
        bool killed = false;
        using (var cts = new CancellationTokenSource(delay))
        {
            try { await process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); killed = true; }
                catch (InvalidOperationException) { /* it ended just before the kill */ }
            }
        }
        await process.WaitForExitAsync();
        await copyOut;
        await readErr;
        return killed;
    }

    private static ProcessStartInfo StartInfo(string[] args, string? workingDirectory)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pipeline.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        // Tests that do not test the run history record nothing: the default file would land in the working folder.
        start.Environment["PIPELINE_HISTORY"] = "off";
        return start;
    }
}
